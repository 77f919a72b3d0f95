// Signed e-results and public verification (see issued_documents.h).
#include "services/esign/issued_documents.h"

#include <openssl/err.h>

#include <filesystem>
#include <stdexcept>

#include "domain/errors.h"
#include "domain/format.h"
#include "domain/text.h"
#include "services/documents/pades.h"
#include "services/ids.h"

namespace motcua::services {

namespace {

constexpr const char* kCols =
    "verify_id, doc_type, issuer_name, issuer_agency_code, holder_masked, signer_name, issued_at, revoked_at, file_public_id, sha256, kind";

DomainError conflict(const std::string& code, const std::string& msg) { return DomainError(ErrorKind::conflict, code, msg); }

}  // namespace

IssuedDocuments::IssuedDocuments(store::Db& db, FileStore& files, SignerRegistry& signers, AuditLog& audit, SigningConfig cfg, std::string data_dir)
    : db_(db), files_(files), signers_(signers), audit_(audit), cfg_(std::move(cfg)), data_dir_(std::move(data_dir)) {}

IssuedDocuments::~IssuedDocuments() { X509_STORE_free(trust_); }

X509_STORE* IssuedDocuments::trust() const {
  std::call_once(trust_once_, [this] {
    std::string file = cfg_.trust_file;
    if (file.empty()) {
      auto demo = std::filesystem::path(data_dir_) / "keys" / "ca" / "ca.crt";
      std::error_code ec;
      if (std::filesystem::exists(demo, ec)) file = demo.string();
    }
    if (file.empty()) return;  // integrity only
    X509_STORE* s = X509_STORE_new();
    if (s && X509_STORE_load_file(s, file.c_str()) == 1) {
      trust_ = s;
    } else {
      X509_STORE_free(s);
      ERR_clear_error();
      throw std::runtime_error("cannot load the trusted CA file " + file);
    }
  });
  return trust_;
}

std::string IssuedDocuments::verify_url(const std::string& verify_id) const {
  std::string base = cfg_.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/xac-minh/" + verify_id;
}

bool IssuedDocuments::has_key(int64_t user_id) const {
  bool yes = false;
  db_.read([&](store::Conn& c) { yes = signers_.current(c, user_id).has_value(); });
  return yes;
}

std::optional<IssuedRef> IssuedDocuments::sign_result(store::Conn& c, const ResultToSign& r, const accounts::Principal& leader,
                                                      const std::string& pin, int64_t now_ms) const {
  auto key = signers_.current(c, leader.user_id);
  std::optional<esign::KeyState> ks;
  if (key) ks = esign::KeyState{key->not_before, key->not_after, key->revoked_at != 0};
  const esign::SignDecision d = esign::decide_signing(cfg_.policy, ks, now_ms);
  if (d == esign::SignDecision::unsigned_result) return std::nullopt;
  if (d != esign::SignDecision::sign) throw conflict("cannot_sign", esign::message(d));
  FileBlob src = files_.read_authorized(r.result_file);
  if (!esign::signable_result(src.meta.content_type))
    throw conflict("result_not_pdf", "Kết quả phải là tệp PDF để ký số. Chuyên viên cần đính kèm lại kết quả dạng PDF trước khi trình ký.");
  std::string name = src.meta.original_name;
  if (name.size() > 4 && name.substr(name.size() - 4) == ".pdf") name.resize(name.size() - 4);
  SlipToSign doc{r.dossier_id, 0, r.dossier_ref, "", std::move(src.data), (name.empty() ? "ket-qua" : name) + "-da-ky-so.pdf",
                 r.doc_type, r.holder_name, r.issuer_agency_code, r.issuer_name};
  return issue(c, Issue{doc, "result", r.result_file, "Phê duyệt kết quả giải quyết thủ tục hành chính", "result.signed"}, *key, leader, pin, now_ms);
}

IssuedRef IssuedDocuments::sign_slip(store::Conn& c, const SlipToSign& s, const accounts::Principal& leader, const std::string& pin,
                                     int64_t now_ms) const {
  auto key = signers_.current(c, leader.user_id);
  std::optional<esign::KeyState> ks;
  if (key) ks = esign::KeyState{key->not_before, key->not_after, key->revoked_at != 0};
  const esign::SignDecision d = esign::slip_decision(ks, now_ms);
  if (d != esign::SignDecision::sign) throw conflict("cannot_sign", esign::message(d));
  if (!signed_slip(c, s.dossier_id, s.slip, s.event_at).empty()) throw conflict("already_signed", "Phiếu này đã được ký số.");
  return issue(c, Issue{s, "slip-signed", "", "Ký ban hành " + s.doc_type, "slip.signed"}, *key, leader, pin, now_ms);
}

std::string IssuedDocuments::signed_slip(store::Conn& c, int64_t dossier_id, const std::string& slip, int64_t event_at) const {
  auto r = c.exec("SELECT file_public_id FROM issued_documents WHERE dossier_id = $1 AND kind = 'slip-signed' AND slip = $2 AND event_at = $3 "
                  "AND revoked_at IS NULL ORDER BY id DESC LIMIT 1",
                  {dossier_id, slip, event_at});
  return r.empty() ? std::string() : r.rows[0].str(0);
}

std::string IssuedDocuments::issued_slip(store::Conn& c, int64_t dossier_id, const std::string& slip, int64_t event_at) const {
  auto r = c.exec("SELECT file_public_id FROM issued_documents WHERE dossier_id = $1 AND kind IN ('slip', 'slip-signed') AND slip = $2 "
                  "AND event_at = $3 AND revoked_at IS NULL ORDER BY CASE WHEN kind = 'slip-signed' THEN 0 ELSE 1 END, id DESC LIMIT 1",
                  {dossier_id, slip, event_at});
  return r.empty() ? std::string() : r.rows[0].str(0);
}

std::string IssuedDocuments::new_verify_id() { return random_token(10); }

std::string IssuedDocuments::issue_slip(store::Conn& c, const SlipToSign& s, const std::string& verify_id, const accounts::Principal& reader,
                                        int64_t now_ms) const {
  StoredFile f = files_.save_in(c, s.pdf, s.file_name, reader.user_id, now_ms);
  c.exec("INSERT INTO issued_documents (verify_id, dossier_id, kind, file_public_id, source_file_public_id, sha256, doc_type, issuer_agency_code, "
         "issuer_name, holder_masked, signer_name, issued_at, slip, event_at) VALUES ($1, $2, 'slip', $3, '', $4, $5, $6, $7, $8, '', $9, $10, $11)",
         {verify_id, s.dossier_id, f.id, f.sha256, s.doc_type, s.issuer_agency_code, s.issuer_name, text::mask_name(s.holder_name), now_ms, s.slip,
          s.event_at});
  return f.id;
}

std::map<std::string, std::string> IssuedDocuments::signed_slips(const std::string& dossier_public_id) const {
  std::map<std::string, std::string> out;
  auto r = db_.query("SELECT i.slip, i.verify_id FROM issued_documents i JOIN dossiers d ON d.id = i.dossier_id WHERE d.public_id = $1 "
                     "AND i.kind = 'slip-signed' AND i.revoked_at IS NULL ORDER BY i.id LIMIT 50",
                     {dossier_public_id});
  for (const auto& x : r.rows) out[x.str(0)] = x.str(1);
  return out;
}

IssuedRef IssuedDocuments::issue(store::Conn& c, const Issue& w, const SignerKey& key, const accounts::Principal& leader, const std::string& pin,
                                 int64_t now_ms) const {
  IssuedRef out;
  out.verify_id = random_token(10);
  std::string signed_pdf, signer_name;
  try {
    signed_pdf = signers_.sign(key, pin, w.pdf, now_ms, w.reason, w.issuer_name, verify_url(out.verify_id), &signer_name);
  } catch (const DomainError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw conflict("result_not_signable", std::string("Không ký số được tệp: ") + e.what() + ". Hãy xuất lại tệp PDF (không mật khẩu) rồi đính kèm lại.");
  }
  if (signed_pdf.size() > files_.max_bytes())
    throw conflict("result_too_large", "Tệp sau khi ký vượt quá dung lượng cho phép; hãy giảm dung lượng tệp.");
  StoredFile f = files_.save_in(c, signed_pdf, w.file_name, leader.user_id, now_ms);
  out.file_id = f.id;
  if (signer_name.empty()) signer_name = leader.full_name;
  c.exec("INSERT INTO issued_documents (verify_id, dossier_id, kind, file_public_id, source_file_public_id, sha256, doc_type, issuer_agency_code, "
         "issuer_name, holder_masked, signer_key_id, signer_name, issued_at, slip, event_at) "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
         {out.verify_id, w.dossier_id, w.kind, f.id, w.source_file, f.sha256, w.doc_type, w.issuer_agency_code, w.issuer_name,
          text::mask_name(w.holder_name), key.id, signer_name, now_ms, w.slip.empty() ? store::Value() : store::Value(w.slip),
          w.slip.empty() ? store::Value() : store::Value(w.event_at)});
  audit_.append(c, {leader.user_id, leader.username, w.audit_action, w.dossier_ref, w.issuer_agency_code, "",
                    {{"verify_id", out.verify_id}, {"sha256", f.sha256}, {"certificate", key.cert_sha256}}},
                now_ms);
  return out;
}

VerifyReport IssuedDocuments::report_of(const store::Row& row) const {
  VerifyReport v;
  v.verify_id = row.str(0);
  v.doc_type = row.str(1);
  v.issuer_name = row.str(2);
  v.issuer_agency_code = row.str(3);
  v.holder_masked = row.str(4);
  v.signer_name = row.str(5);
  v.issued_at = row.i64(6);
  v.revoked_at = row.is_null(7) ? 0 : row.i64(7);
  return v;
}

VerifyReport IssuedDocuments::verify(const std::string& verify_id) const {
  VerifyReport v;
  if (!esign::valid_verify_id(verify_id)) return v;
  auto r = db_.query(std::string("SELECT ") + kCols + " FROM issued_documents WHERE verify_id = $1", {verify_id});
  if (r.empty()) return v;
  v = report_of(r.rows[0]);
  esign::VerifyFacts facts;
  facts.found = true;
  facts.revoked = v.revoked_at != 0;
  facts.signed_doc = r.rows[0].str(10) != "slip";
  try {
    FileBlob b = files_.read_authorized(r.rows[0].str(8));  // re-hashes the blob against its row
    facts.hash_matches = b.meta.sha256 == r.rows[0].str(9);
    if (facts.signed_doc) {
      auto chk = documents::verify_pdf(b.data, trust());
      facts.signature_valid = chk.valid;
      v.problem = chk.problem;
    }
  } catch (const std::exception& e) {
    v.problem = "Bản lưu của văn bản không còn nguyên vẹn";  // the stored copy was altered or lost
  }
  v.signature_valid = facts.signature_valid;
  v.signed_doc = facts.signed_doc;
  v.verdict = esign::verdict(facts);
  return v;
}

VerifyReport IssuedDocuments::check(std::string_view pdf) const {
  if (pdf.substr(0, 5) != "%PDF-")
    throw DomainError(ErrorKind::unsupported_media, "not_pdf", "Chỉ kiểm tra được tệp PDF do hệ thống cấp (có chữ ký số).");
  const std::string bytes(pdf);
  auto chk = documents::verify_pdf(bytes, trust());
  auto r = db_.query(std::string("SELECT ") + kCols + " FROM issued_documents WHERE sha256 = $1 ORDER BY id DESC LIMIT 1", {sha256_hex(bytes)});
  VerifyReport v;
  esign::VerifyFacts facts;
  if (!r.empty()) {
    v = report_of(r.rows[0]);
    facts.found = true;
    facts.hash_matches = true;
    facts.signature_valid = chk.valid;
    facts.revoked = v.revoked_at != 0;
    facts.signed_doc = r.rows[0].str(10) != "slip";
  }
  v.signature_valid = chk.valid;
  v.problem = facts.found && !facts.signed_doc ? "" : chk.problem;
  v.signed_doc = !facts.found || facts.signed_doc;
  v.verdict = esign::upload_verdict(facts, chk.has_signature, chk.valid);
  return v;
}

VerifyReport IssuedDocuments::revoke(const std::string& verify_id, const accounts::Principal& who, const std::string& reason_in,
                                     const std::string& ip, int64_t now_ms) {
  const std::string reason = text::trim(text::nfc(reason_in));
  auto not_found = [] { return DomainError(ErrorKind::not_found, "document_not_found", "Không tìm thấy văn bản đã ban hành."); };
  if (!esign::valid_verify_id(verify_id)) throw not_found();
  db_.write([&](store::Conn& c) {
    auto r = c.exec("SELECT issuer_agency_code, revoked_at, dossier_id FROM issued_documents WHERE verify_id = $1", {verify_id});
    if (r.empty()) throw not_found();
    if (!esign::may_revoke(who, r.rows[0].str(0)))
      throw DomainError(ErrorKind::forbidden, "not_allowed", "Chỉ lãnh đạo hoặc quản trị của cơ quan ban hành mới được thu hồi văn bản.");
    if (reason.empty() || text::length(reason) > 1000) {
      const char* m = "Nhập lý do thu hồi (tối đa 1000 ký tự).";
      throw DomainError(ErrorKind::invalid, "reason_required", m, {{"reason", m}});
    }
    if (!r.rows[0].is_null(1)) throw conflict("already_revoked", "Văn bản đã bị thu hồi trước đó.");
    c.exec("UPDATE issued_documents SET revoked_at = $2, revoked_by = $3, revoke_reason = $4 WHERE verify_id = $1 AND revoked_at IS NULL",
           {verify_id, now_ms, who.username, reason});
    audit_.append(c, {who.user_id, who.username, "document.revoked", verify_id, r.rows[0].str(0), ip, {{"reason", reason}}}, now_ms);
  });
  return verify(verify_id);
}

std::vector<IssuedRow> IssuedDocuments::for_dossier(store::Conn& c, int64_t dossier_id) const {
  std::vector<IssuedRow> out;
  auto r = c.exec("SELECT verify_id, kind, file_public_id, doc_type, signer_name, revoked_by, revoke_reason, issued_at, revoked_at FROM issued_documents "
                  "WHERE dossier_id = $1 ORDER BY id DESC LIMIT 50",
                  {dossier_id});
  for (const auto& x : r.rows)
    out.push_back({x.str(0), x.str(1), x.str(2), x.str(3), x.str(4), x.str(5), x.str(6), x.i64(7), x.is_null(8) ? 0 : x.i64(8)});
  return out;
}

}  // namespace motcua::services
