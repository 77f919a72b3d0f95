// Signed e-results and their public verification (R22, R25; xác minh văn bản): the registry of every document the
// system signed and issued.
//
// Contract
//  - sign_result(c, result, leader, pin, now), called by the approve action inside its transaction: asks
//    esign::decide_signing with the leader's current key (SignerRegistry) and the configured policy.
//      · unsigned_result → nullopt (nothing signed, the result stays as attached);
//      · a refusal → DomainError conflict (409) with the domain's message; a result that is not a PDF → 409;
//      · sign → the PIN opens the key (wrong/missing PIN → 422, field "pin"); the attached result PDF gets a
//        PAdES signature with a visible block and the QR code of verify_url(verify_id); the signed PDF is stored
//        (FileStore::save_in, owner the leader) and an issued_documents row records the verify id (20 random hex),
//        its SHA-256, the document type, issuer agency, the holder's masked name and the signer; an audit entry
//        "result.signed". Returns {verify_id, file_id of the signed PDF}. A PDF the signer cannot process
//        (encrypted, cross-reference streams, malformed) → 409 with the reason.
//  - sign_slip(c, slip, leader, pin, now): a slip that carries a signature (esign::signable_slip), rendered by
//    the caller: esign::slip_decision (a key is required, whatever the result policy), the PIN opens it, the
//    PDF gets the same PAdES signature and QR code, is stored and recorded as kind 'slip-signed' with the slip
//    key and the time of the event it records; audit "slip.signed". A signed copy of that event that is not
//    revoked already exists → 409 "already_signed".
//  - issue_slip(c, slip, verify_id, reader, now): a slip given to the applicant, kept exactly as first printed
//    (kind 'slip', unsigned; the caller printed the QR code of verify_url(verify_id) on it), so that every
//    later print is the same file and /xac-minh/{id} can tell it is authentic by its bytes. The blob row is
//    owned by the reader who printed it first (it is read through the dossier's access rule).
//  - issued_slip(c, dossier_id, slip, event_at): the file id of the copy of that slip's event to hand out — the
//    signed one when it exists, else the printed one — or "" (none issued). signed_slip(…): the signed one only.
//    signed_slips(dossier public id): slip key → verification id of its latest signed copy not revoked (page).
//    new_verify_id(): a fresh verification id (20 hex).
//  - verify(verify_id): public. Unknown or malformed id → Verdict unknown (never an error, never an oracle of
//    anything but that id). Otherwise the stored bytes are re-hashed and the signature verified (against the
//    trusted CAs when configured, else integrity only) → esign::verdict. The report carries only what the
//    public may see: issuer, document type, issue date, masked holder, signer, revocation time.
//  - check(bytes): public upload check — found by the SHA-256 of exactly these bytes, else esign::upload_verdict.
//    Bytes that are not a PDF → DomainError unsupported_media (415) "not_pdf".
//  - revoke(verify_id, who, reason, ip, now): esign::may_revoke at the issuer agency (else 403), reason required
//    (422), already revoked → 409; records who/when/why and an audit entry "document.revoked".
//  - for_dossier(c, dossier_id): the issued documents of a dossier (officer page), newest first.
//  - Thread-safe; the trust store is loaded once (from SigningConfig::trust_file, else <data>/keys/ca/ca.crt).
#pragma once
#include <openssl/x509.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/accounts/principal.h"
#include "domain/esign/signing_rules.h"
#include "services/audit/audit_log.h"
#include "services/esign/signer_registry.h"
#include "services/files/file_store.h"
#include "store/db.h"

namespace motcua::services {

struct SigningConfig {
  esign::SignPolicy policy = esign::SignPolicy::optional;  // MOTCUA_SIGN_RESULTS
  std::string public_url;                                   // the site's address, printed in the QR code
  std::string trust_file;                                   // MOTCUA_SIGN_TRUST: PEM bundle of trusted CAs
};

struct ResultToSign {
  int64_t dossier_id = 0;
  std::string dossier_ref;  // code or public id (audit)
  std::string result_file;  // public id of the attached result
  std::string doc_type;     // e.g. "Kết quả giải quyết thủ tục: Đăng ký khai sinh"
  std::string holder_name;  // the applicant (masked before it is stored)
  std::string issuer_agency_code, issuer_name;
};

struct SlipToSign {
  int64_t dossier_id = 0, event_at = 0;
  std::string dossier_ref, slip;  // slip key: "04" | "stop"
  std::string pdf;                // the rendered slip
  std::string file_name, doc_type, holder_name, issuer_agency_code, issuer_name;
};

struct IssuedRef {
  std::string verify_id, file_id;
};

struct VerifyReport {
  esign::Verdict verdict = esign::Verdict::unknown;
  std::string verify_id, doc_type, issuer_name, issuer_agency_code, holder_masked, signer_name, problem;
  int64_t issued_at = 0, revoked_at = 0;
  bool signature_valid = false;
  bool signed_doc = true;  // false: an unsigned issued slip (judged by its bytes)
};

struct IssuedRow {
  std::string verify_id, kind, file_id, doc_type, signer_name, revoked_by, revoke_reason;
  int64_t issued_at = 0, revoked_at = 0;
};

class IssuedDocuments {
 public:
  IssuedDocuments(store::Db& db, FileStore& files, SignerRegistry& signers, AuditLog& audit, SigningConfig cfg, std::string data_dir);
  ~IssuedDocuments();
  IssuedDocuments(const IssuedDocuments&) = delete;
  IssuedDocuments& operator=(const IssuedDocuments&) = delete;

  std::optional<IssuedRef> sign_result(store::Conn& c, const ResultToSign& r, const accounts::Principal& leader, const std::string& pin,
                                       int64_t now_ms) const;
  IssuedRef sign_slip(store::Conn& c, const SlipToSign& s, const accounts::Principal& leader, const std::string& pin, int64_t now_ms) const;
  std::string signed_slip(store::Conn& c, int64_t dossier_id, const std::string& slip, int64_t event_at) const;
  std::string issued_slip(store::Conn& c, int64_t dossier_id, const std::string& slip, int64_t event_at) const;
  std::string issue_slip(store::Conn& c, const SlipToSign& s, const std::string& verify_id, const accounts::Principal& reader, int64_t now_ms) const;
  static std::string new_verify_id();
  std::map<std::string, std::string> signed_slips(const std::string& dossier_public_id) const;
  VerifyReport verify(const std::string& verify_id) const;
  VerifyReport check(std::string_view pdf) const;
  VerifyReport revoke(const std::string& verify_id, const accounts::Principal& who, const std::string& reason, const std::string& ip,
                      int64_t now_ms);
  std::vector<IssuedRow> for_dossier(store::Conn& c, int64_t dossier_id) const;
  std::string verify_url(const std::string& verify_id) const;
  esign::SignPolicy policy() const { return cfg_.policy; }
  // The site's address for the QR codes when none was configured (set once, before serving).
  void set_public_url(std::string url) { cfg_.public_url = std::move(url); }
  // Whether this leader would be asked for a PIN at approval (a key is registered).
  bool has_key(int64_t user_id) const;

 private:
  X509_STORE* trust() const;
  struct Issue : SlipToSign {  // what sign_result and sign_slip share: sign, store, record, audit
    std::string kind, source_file, reason, audit_action;
  };
  IssuedRef issue(store::Conn& c, const Issue& what, const SignerKey& key, const accounts::Principal& leader, const std::string& pin,
                  int64_t now_ms) const;
  VerifyReport report_of(const store::Row& row) const;
  store::Db& db_;
  FileStore& files_;
  SignerRegistry& signers_;
  AuditLog& audit_;
  SigningConfig cfg_;
  std::string data_dir_;
  mutable std::once_flag trust_once_;
  mutable X509_STORE* trust_ = nullptr;
};

}  // namespace motcua::services
