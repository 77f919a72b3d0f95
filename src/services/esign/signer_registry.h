// Registered signing keys (chứng thư số) of the leaders who sign e-results (R22): one PKCS#12 file per key
// under <data>/keys/signers/, protected by the signer's PIN, which the server never stores.
//
// Contract
//  - add(username, p12_bytes, pin, now): the user must be an active staff account; the PKCS#12 must open with
//    `pin` and hold a key matching its certificate (else DomainError invalid, field "pin" / "p12"). The file is
//    copied to keys/signers/<user public id>-<first 16 hex of the certificate SHA-256>.p12 (0600, crash-safe)
//    and a row records what the certificate says (CN, title, O, issuer, serial, validity). A newer key
//    replaces the older one for signing (current() is the latest row).
//  - add_token(username, module, uri, pin, now): a key on a PKCS#11 token or HSM (documents/pkcs11_key.h): the
//    module must be an absolute path to an existing library; the PIN must open the key (else DomainError invalid
//    "wrong_pin"); the certificate is read from the token and recorded like add's. Nothing is copied: the key
//    stays on the token.
//  - current(c, user_id): the user's latest registered key, revoked or not (the domain decides: esign::
//    decide_signing), or nullopt.
//  - open(key, pin): the documents::Signer of a key. A wrong PIN → DomainError invalid "wrong_pin" (field pin);
//    a missing file → std::runtime_error (500: the data directory lost a key); a token that cannot be reached
//    (module missing, token not plugged in, certificate gone) → DomainError unavailable "token_unavailable" (503).
//  - sign(key, pin, pdf, t, reason, location, qr_url, signer_name): the PDF with a PAdES signature by that key
//    (documents::sign_pdf), whatever holds it: a PKCS#12 key is opened here (open()); a token key signs in the
//    helper process (documents/pkcs11_key.h, set_token_helper: the `motcua` binary), so every signature checks
//    its PIN. Empty PIN → 422 pin_required; wrong PIN → 422 wrong_pin; token unreachable or helper failing →
//    503 token_unavailable; a PDF that cannot be signed → std::runtime_error (Vietnamese reason). *signer_name
//    is the certificate's CN.
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
  std::string kind = "pkcs12";  // pkcs12 | pkcs11
  std::string pkcs11_module, pkcs11_uri;
  std::string username, p12_path, cert_sha256, subject_cn, title, org, issuer_cn, serial;
  int64_t not_before = 0, not_after = 0, revoked_at = 0, created_at = 0;
  std::string revoke_reason;
};

class SignerRegistry {
 public:
  SignerRegistry(store::Db& db, std::string data_dir) : db_(db), data_dir_(std::move(data_dir)) {}

  SignerKey add(const std::string& username, const std::string& p12_bytes, const std::string& pin, int64_t now_ms);
  SignerKey add_token(const std::string& username, const std::string& module, const std::string& uri, const std::string& pin, int64_t now_ms);
  std::optional<SignerKey> current(store::Conn& c, int64_t user_id) const;
  documents::Signer open(const SignerKey& key, const std::string& pin) const;
  std::string sign(const SignerKey& key, const std::string& pin, const std::string& pdf, int64_t signing_time_ms, const std::string& reason,
                   const std::string& location, const std::string& qr_url, std::string* signer_name) const;
  void set_token_helper(std::string exe) { token_helper_ = std::move(exe); }
  int revoke(const std::string& username, const std::string& reason, int64_t now_ms);
  std::vector<SignerKey> list() const;

 private:
  store::Db& db_;
  std::string data_dir_;
  std::string token_helper_;  // the `motcua` binary (pkcs11-sign)
  static documents::Signer open_token(const std::string& module, const std::string& uri, const std::string& pin);
  int64_t active_staff(const std::string& username, std::string* public_id) const;
  SignerKey record(int64_t user_id, const std::string& p12_rel, const std::string& kind, const std::string& module, const std::string& uri,
                   X509* cert, int64_t now_ms);
};

}  // namespace motcua::services
