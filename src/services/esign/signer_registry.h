// Registered signing keys (chứng thư số) of the leaders who sign e-results (R22): one PKCS#12 file per key
// under <data>/keys/signers/, protected by the signer's PIN, which the server never stores.
//
// Contract
//  - add(username, p12_bytes, pin, now): the user must be an active staff account; the PKCS#12 must open with
//    `pin` and hold a key matching its certificate (else DomainError invalid, field "pin" / "p12"). The file is
//    copied to keys/signers/<user public id>-<first 16 hex of the certificate SHA-256>.p12 (0600, crash-safe)
//    and a row records what the certificate says (CN, title, O, issuer, serial, validity). A newer key
//    replaces the older one for signing (current() is the latest row).
//  - current(c, user_id): the user's latest registered key, revoked or not (the domain decides: esign::
//    decide_signing), or nullopt.
//  - open(key, pin): the documents::Signer of a key. A wrong PIN → DomainError invalid "wrong_pin" (field pin);
//    a missing file → std::runtime_error (500: the data directory lost a key).
//  - revoke(username, reason, now): every key of that user is marked revoked (cannot sign any more).
//  - list(): every key with its user, newest first.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/documents/pades.h"
#include "store/db.h"

namespace motcua::services {

struct SignerKey {
  int64_t id = 0, user_id = 0;
  std::string username, p12_path, cert_sha256, subject_cn, title, org, issuer_cn, serial;
  int64_t not_before = 0, not_after = 0, revoked_at = 0, created_at = 0;
  std::string revoke_reason;
};

class SignerRegistry {
 public:
  SignerRegistry(store::Db& db, std::string data_dir) : db_(db), data_dir_(std::move(data_dir)) {}

  SignerKey add(const std::string& username, const std::string& p12_bytes, const std::string& pin, int64_t now_ms);
  std::optional<SignerKey> current(store::Conn& c, int64_t user_id) const;
  documents::Signer open(const SignerKey& key, const std::string& pin) const;
  int revoke(const std::string& username, const std::string& reason, int64_t now_ms);
  std::vector<SignerKey> list() const;

 private:
  store::Db& db_;
  std::string data_dir_;
};

}  // namespace motcua::services
