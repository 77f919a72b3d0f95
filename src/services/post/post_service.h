// The public postal service (dịch vụ bưu chính công ích, BCCI; issue 11): shipments of results to applicants and
// their states, moved by the agency's post officers or by the post operator's signed webhook.
//
// Contract
// - request_delivery(c, dossier, now): in the approve transaction of a dossier whose result goes by post, a
//   "delivery" shipment is created (state requested, the applicant's name, address and phone, an S10 tracking
//   number from the row id). A dossier never gets two open delivery shipments.
// - Orders to the operator (BCCI / VNPost; when its order API is configured: operator_name non-empty): every shipment
//   created by request_delivery or request_pickup writes, in the SAME transaction, one outbox row (channel "post",
//   event "post.order", recipient the operator's name, key the tracking number — so one order per shipment, ever)
//   whose body is the order JSON {tracking_no, kind delivery|pickup, sender {agency_code, name} (the agency),
//   receiver {name, address, phone} (the applicant: where the result goes, or where the papers are collected),
//   time_window (pickups, when given), dossier_code (when known), cod 0, created_at (ISO, +07:00)}. The channel
//   post_channel.h sends it; the operator then reports progress through webhook() below. Not configured → no row.
// - list(who, agency, state, limit, offset): shipments of agencies within the reader's grants (post, desk,
//   supervisor, leader), newest first, filtered by agency subtree and state; paginated (limit ≤ 200).
// - move(tracking, state, reason, who, ip): a post officer AT the shipment's agency (Role::post; 403 for anyone
//   else who may see it, 404 for anyone who may not); the move must be allowed (domain/post/shipment.h: 409
//   illegal_shipment_move, 422 reason_required). Effects, in one transaction with the move and its event row:
//     delivered (a delivery) → the dossier, if still at 9, is returned by the system (return-result, 9 → 10)
//       with the delivery time and tracking number in its history;
//     failed → the applicant is told the reason (outbox) — the post may try again or return it;
//     returned → the dossier's result is to be collected at the desk (delivery becomes "desk"), the applicant is
//       told.
//   Audited (post.move).
// - webhook(timestamp, signature, body, ip): the operator's call. Refused (401 bad_signature) unless a secret is
//   configured and signature = hex HMAC-SHA256(secret, "<timestamp>.<body>") (constant time, any case) and the
//   timestamp is fresh (±300 s; 401 stale_webhook); body {event_id, tracking_no, state, reason?} (422 otherwise);
//   an event_id seen before → 409 replayed_webhook, nothing changes; then the same move as above, by "bcci".
//   Refusals are audited with the caller's IP; the secret is never logged.
// - request_pickup(in, who, ip): an applicant (citizen or organisation account) asks the post to collect the papers
//   of a dossier: {procedure_code (a published procedure done at that agency's level), agency_code, address, phone,
//   time_window?, note?} (422 with the fields otherwise; staff → 403). A "pickup" shipment, state requested, no
//   dossier yet; the agency's post officers see it and move it like any shipment. mine(who): the applicant's own.
// - link_pickup(c, tracking, agency, dossier, who, now): in the intake transaction of a channel-3 dossier
//   (intake body "pickup": tracking): the shipment must be a pickup for that agency, picked up or on its way or
//   arrived, and not yet linked (409/404 otherwise); it is linked to the new dossier and marked delivered (arrived
//   at the desk) with the dossier's code in its events.
// - summary(who, agency, from, to): the agency must be within the reader's grants (403); counts per state of the
//   subtree's shipments, and of the dossiers submitted in the period how many use the postal service.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/accounts/principal.h"
#include "services/agencies/agency_service.h"
#include "services/audit/audit_log.h"
#include "services/catalog/catalog_service.h"
#include "services/notify/outbox.h"
#include "store/db.h"

namespace motcua::services {

class DossierService;

struct ShipmentView {
  int64_t id = 0, created_at = 0, updated_at = 0;
  std::string tracking_no, kind, state, state_label, agency_code, recipient_name, address, phone, reason;
  std::string procedure_code, time_window;  // pickups
  std::string dossier_id, dossier_code, procedure_name;
  struct Event {
    std::string state, state_label, actor, note;
    int64_t at = 0;
  };
  std::vector<Event> events;
};

class PostService {
 public:
  // operator_name: the recipient of the order rows ("bcci") when the operator's order API is configured, "" = none.
  PostService(store::Db& db, AgencyService& agencies, CatalogService& catalog, AuditLog& audit, const notify::Outbox& outbox,
              std::string webhook_secret, std::string operator_name = "")
      : db_(db), agencies_(agencies), catalog_(catalog), audit_(audit), outbox_(outbox), secret_(std::move(webhook_secret)),
        operator_(std::move(operator_name)) {}
  void set_dossiers(DossierService* d) { dossiers_ = d; }

  void request_delivery(store::Conn& c, int64_t dossier_id, int64_t now) const;
  ShipmentView request_pickup(const nlohmann::json& in, const accounts::Principal& who, const std::string& ip) const;
  std::vector<ShipmentView> mine(const accounts::Principal& who) const;
  void link_pickup(store::Conn& c, const std::string& tracking, const std::string& agency, int64_t dossier_id, const std::string& dossier_code,
                   const accounts::Principal& who, int64_t now) const;
  std::vector<ShipmentView> list(const accounts::Principal& who, const std::string& agency, const std::string& state, int limit, int offset) const;
  ShipmentView get(const std::string& tracking, const accounts::Principal& who) const;
  ShipmentView move(const std::string& tracking, const std::string& state, const std::string& reason, const accounts::Principal& who,
                    const std::string& ip) const;
  // For the reports: shipments by state, and dossiers submitted in [from, to) (epoch ms) that use the postal service
  // (result by post, or received by post: channel 3) against all, in the agency subtree (within the reader's grants).
  struct Summary {
    std::map<std::string, int64_t> by_state;
    int64_t dossiers = 0, by_post_delivery = 0, by_post_intake = 0, using_post = 0;
  };
  Summary summary(const accounts::Principal& who, const std::string& agency, int64_t from, int64_t to) const;
  ShipmentView webhook(const std::string& timestamp, const std::string& signature, const std::string& body, const std::string& ip) const;

 private:
  struct Row {
    int64_t id = 0, dossier_id = 0;
    std::string tracking_no, kind, state, agency_code;
  };
  bool may_read(const accounts::Principal& who, const std::string& agency) const;
  ShipmentView view(store::Conn& c, int64_t id) const;
  // The operator's order for a new shipment, in the outbox (channel "post"), when the operator's API is configured.
  void order(store::Conn& c, const std::string& tracking, const std::string& kind, const std::string& agency, const std::string& name,
             const std::string& address, const std::string& phone, const std::string& time_window, int64_t dossier_id, const std::string& dossier_code,
             int64_t now) const;
  // Validates and applies one move with its effects; event_id "" for a person.
  void apply(store::Conn& c, const Row& s, const std::string& to, const std::string& reason, const std::string& actor, const std::string& event_id,
             const std::string& ip, int64_t now) const;

  store::Db& db_;
  AgencyService& agencies_;
  CatalogService& catalog_;
  AuditLog& audit_;
  const notify::Outbox& outbox_;
  std::string secret_;
  std::string operator_;
  DossierService* dossiers_ = nullptr;
};

}  // namespace motcua::services
