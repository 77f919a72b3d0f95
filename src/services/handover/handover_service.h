// Hand-over of dossiers between motcua deployments (liên thông giữa các tỉnh; issue 13). Rules in
// domain/handover/handover.h; keys in peer_keys.h.
//
// Contract
// - send(): an officer with the desk or leader role at the dossier's competent agency hands a dossier at status
//   2 or 4 to a configured peer's agency. In one transaction: a link row (handover_links, direction "out"), an
//   outbox row (channel "handover", event handover.package, the package without file bytes) and the audit row.
//   The channel later reads the files, signs the request and POSTs it to <peer url>/api/v1/handover/packages;
//   the peer's answer (its dossier id, code, status) is stored on the link. Refusals by the peer (4xx) are dead
//   letters on the outbox page; outages are retried with backoff.
// - authenticate(): the peer id of a signed request (X-Motcua-Peer / -Timestamp / -Signature, Ed25519 with the
//   peer's pinned key, at most 5 minutes old); anything else is 401 and nothing is read further.
// - receive_package(): a valid package creates a dossier at the target agency through the normal desk intake
//   (status 1, waiting for the receiving desk to accept; channel 1; files checked against their SHA-256 and
//   stored; the e-form kept when it is valid for the local version of the procedure), with its "in" link written
//   in the intake's transaction. The same handover id again returns the same dossier (a replay is harmless). A
//   package that returns an earlier hand-over of ours (return_of) creates no dossier: it is linked to the
//   original one, with its documents stored and listed on the link.
// - changed() (every dossier change, in its transaction): for each link of the dossier, a status report
//   {handover_id, status, code, id, seq} to that peer; receive_status() applies reports in sequence order, so
//   both sides show the other's status.
// - links(): what a reader of the dossier sees about its hand-overs.
#pragma once
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "domain/accounts/principal.h"
#include "services/audit/audit_log.h"
#include "services/handover/peer_keys.h"
#include "store/db.h"

namespace motcua::services {

class DossierService;
class FileStore;
class AgencyService;
namespace notify {
class Outbox;
class Channel;
}  // namespace notify

struct HandoverConfig {
  std::string self_id = "motcua";  // MOTCUA_PEER_ID: how peers know this deployment
  std::string key_file;            // Ed25519 secret key (created when missing)
  std::string peers_file;          // MOTCUA_PEERS: pinned peers; "" = hand-over off
};

class HandoverService {
 public:
  HandoverService(store::Db& db, AgencyService& agencies, DossierService& dossiers, FileStore& files, AuditLog& audit, const notify::Outbox& outbox,
                  HandoverConfig cfg);
  bool enabled() const { return !peers_.empty(); }
  const std::map<std::string, Peer>& peers() const { return peers_; }
  const std::string& self_id() const { return cfg_.self_id; }
  std::string public_key() const { return key_.public_key_b64(); }

  nlohmann::json send(const std::string& dossier, const std::string& peer, const std::string& agency, const std::string& note,
                      const accounts::Principal& who, const std::string& ip);
  std::string authenticate(const std::string& peer, const std::string& timestamp, const std::string& signature, const std::string& method,
                           const std::string& path, const std::string& body, int64_t now) const;
  nlohmann::json receive_package(const std::string& peer, const nlohmann::json& pkg, const std::string& ip);
  nlohmann::json receive_status(const std::string& peer, const nlohmann::json& st);
  nlohmann::json links(const std::string& dossier, const accounts::Principal& who);

  void changed(store::Conn& c, int64_t dossier_id, int64_t now) const;
  void created(store::Conn& c, int64_t dossier_id, const nlohmann::json& in, int64_t now) const;

  std::unique_ptr<notify::Channel> channel();
  // A signed POST to a peer (the channel's transport): the reply status and body.
  std::pair<long, std::string> post(const Peer& p, const std::string& path, const std::string& body) const;
  // The channel stores the peer's answer to a package.
  void delivered(const std::string& handover_id, const nlohmann::json& answer);
  // The package with the files' bytes (base64) and hashes, ready to send.
  nlohmann::json with_files(nlohmann::json pkg) const;

 private:
  store::Db& db_;
  AgencyService& agencies_;
  DossierService& dossiers_;
  FileStore& files_;
  AuditLog& audit_;
  const notify::Outbox& outbox_;
  HandoverConfig cfg_;
  PeerKey key_;
  std::map<std::string, Peer> peers_;
};

}  // namespace motcua::services
