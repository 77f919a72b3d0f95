// Registered signing keys (see signer_registry.h).
#include "services/esign/signer_registry.h"

#include <filesystem>
#include <fstream>
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "domain/errors.h"
#include "services/documents/cert_info.h"
#include "services/documents/pkcs11_key.h"
#include "services/documents/signing_keys.h"
#include "services/process/child_process.h"

namespace motcua::services {

namespace {

constexpr const char* kCols =
    "k.id, k.user_id, u.username, k.p12_path, k.cert_sha256, k.subject_cn, k.title, k.org, k.issuer_cn, k.serial, k.not_before, k.not_after, "
    "k.revoked_at, k.created_at, k.revoke_reason, k.kind, k.pkcs11_module, k.pkcs11_uri";

SignerKey from_row(const store::Row& r) {
  SignerKey k;
  k.id = r.i64(0);
  k.user_id = r.i64(1);
  k.username = r.str(2);
  k.p12_path = r.str(3);
  k.cert_sha256 = r.str(4);
  k.subject_cn = r.str(5);
  k.title = r.str(6);
  k.org = r.str(7);
  k.issuer_cn = r.str(8);
  k.serial = r.str(9);
  k.not_before = r.i64(10);
  k.not_after = r.i64(11);
  k.revoked_at = r.is_null(12) ? 0 : r.i64(12);
  k.created_at = r.i64(13);
  k.revoke_reason = r.str(14);
  k.kind = r.str(15);
  k.pkcs11_module = r.str(16);
  k.pkcs11_uri = r.str(17);
  return k;
}

DomainError wrong_pin() {
  const char* m = "Mã PIN của chứng thư số không đúng.";
  return DomainError(ErrorKind::invalid, "wrong_pin", m, {{"pin", m}});
}

}  // namespace

int64_t SignerRegistry::active_staff(const std::string& username, std::string* public_id) const {
  auto u = db_.query("SELECT id, public_id FROM users WHERE username = $1 AND kind = 'staff' AND status = 'active'", {username});
  if (u.empty())
    throw DomainError(ErrorKind::invalid, "unknown_user", "Không tìm thấy tài khoản cán bộ đang hoạt động \"" + username + "\".",
                      {{"username", "Không tìm thấy tài khoản."}});
  if (public_id) *public_id = u.rows[0].str(1);
  return u.rows[0].i64(0);
}

SignerKey SignerRegistry::record(int64_t user_id, const std::string& p12_rel, const std::string& kind, const std::string& module,
                                 const std::string& uri, X509* cert, int64_t now_ms) {
  const documents::CertInfo ci = documents::describe(cert);
  SignerKey k;
  db_.write([&](store::Conn& c) {
    c.exec("INSERT INTO signer_keys (user_id, p12_path, cert_sha256, subject_cn, title, org, issuer_cn, serial, not_before, not_after, created_at, "
           "kind, pkcs11_module, pkcs11_uri) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
           {user_id, p12_rel, ci.sha256, ci.subject_cn, ci.title, ci.org, ci.issuer_cn, ci.serial, ci.not_before_ms, ci.not_after_ms, now_ms, kind,
            module.empty() ? store::Value() : store::Value(module), uri.empty() ? store::Value() : store::Value(uri)});
    k = *current(c, user_id);
  });
  return k;
}

SignerKey SignerRegistry::add(const std::string& username, const std::string& p12_bytes, const std::string& pin, int64_t now_ms) {
  std::string public_id;
  const int64_t user_id = active_staff(username, &public_id);
  documents::Signer s;
  try {
    s = documents::load_pkcs12_data(p12_bytes, pin);
  } catch (const std::exception& e) {
    throw DomainError(ErrorKind::invalid, "bad_p12", std::string("Không mở được tệp chứng thư số: ") + e.what() + ".", {{"p12", e.what()}});
  }
  const std::string rel = "keys/signers/" + public_id + "-" + documents::describe(s.cert()).sha256.substr(0, 16) + ".p12";
  documents::write_private_file((std::filesystem::path(data_dir_) / rel).string(), p12_bytes);
  return record(user_id, rel, "pkcs12", "", "", s.cert(), now_ms);
}

SignerKey SignerRegistry::add_token(const std::string& username, const std::string& module, const std::string& uri, const std::string& pin,
                                    int64_t now_ms) {
  const int64_t user_id = active_staff(username, nullptr);
  std::error_code ec;
  if (module.empty() || module[0] != '/' || !std::filesystem::is_regular_file(module, ec))
    throw DomainError(ErrorKind::invalid, "bad_module", "Thư viện PKCS#11 phải là đường dẫn tuyệt đối tới một tệp có thật: " + module + ".",
                      {{"module", "Không tìm thấy thư viện PKCS#11."}});
  if (uri.rfind("pkcs11:", 0) != 0)
    throw DomainError(ErrorKind::invalid, "bad_uri", "Địa chỉ khóa phải là một PKCS#11 URI (pkcs11:token=…;object=…).", {{"uri", "URI không hợp lệ."}});
  documents::Signer s = open_token(module, uri, pin);
  return record(user_id, "", "pkcs11", module, uri, s.cert(), now_ms);
}

std::optional<SignerKey> SignerRegistry::current(store::Conn& c, int64_t user_id) const {
  auto r = c.exec(std::string("SELECT ") + kCols + " FROM signer_keys k JOIN users u ON u.id = k.user_id WHERE k.user_id = $1 ORDER BY k.id DESC LIMIT 1",
                  {user_id});
  if (r.empty()) return std::nullopt;
  return from_row(r.rows[0]);
}

documents::Signer SignerRegistry::open_token(const std::string& module, const std::string& uri, const std::string& pin) {
  try {
    return documents::load_pkcs11(module, uri, pin);
  } catch (const documents::Pkcs11WrongPin&) {
    throw wrong_pin();
  } catch (const std::runtime_error& e) {
    throw DomainError(ErrorKind::unavailable, "token_unavailable",
                      std::string("Không dùng được thiết bị ký số: ") + e.what() + ". Kiểm tra thiết bị (token) đã được cắm và cấu hình đúng.");
  }
}

documents::Signer SignerRegistry::open(const SignerKey& key, const std::string& pin) const {
  if (pin.empty()) {
    const char* m = "Nhập mã PIN của chứng thư số để ký kết quả.";
    throw DomainError(ErrorKind::invalid, "pin_required", m, {{"pin", m}});
  }
  if (key.kind == "pkcs11") return open_token(key.pkcs11_module, key.pkcs11_uri, pin);
  const std::string path = (std::filesystem::path(data_dir_) / key.p12_path).string();
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("signing key file missing: " + path);
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  try {
    return documents::load_pkcs12_data(bytes, pin);
  } catch (const std::runtime_error&) {
    throw wrong_pin();  // the file was read: what fails is the PIN
  }
}

std::string SignerRegistry::sign(const SignerKey& key, const std::string& pin, const std::string& pdf, int64_t signing_time_ms,
                                 const std::string& reason, const std::string& location, const std::string& qr_url, std::string* signer_name) const {
  if (key.kind != "pkcs11") {
    documents::Signer s = open(key, pin);
    if (signer_name) *signer_name = s.name;
    return documents::sign_pdf(pdf, s, signing_time_ms, reason, location, qr_url);
  }
  if (pin.empty()) {
    const char* m = "Nhập mã PIN của chứng thư số để ký kết quả.";
    throw DomainError(ErrorKind::invalid, "pin_required", m, {{"pin", m}});
  }
  if (signer_name) *signer_name = key.subject_cn;
  const std::string request =
      documents::token_sign_request(key.pkcs11_module, key.pkcs11_uri, pin, pdf, signing_time_ms, reason, location, qr_url);
  const ChildRun r = run_child({token_helper_, "pkcs11-sign"}, request, std::chrono::seconds(60), /*capture_stdout=*/true);
  if (r.exited && r.exit_code == 0 && r.out.rfind("%PDF-", 0) == 0) return r.out;
  if (r.exited && r.exit_code == documents::kTokenWrongPin) throw wrong_pin();
  if (r.exited && r.exit_code == documents::kTokenBadPdf) throw std::runtime_error(r.out);
  spdlog::warn("pkcs11-sign helper {} failed: started={} exited={} exit_code={} timed_out={}", token_helper_, r.started, r.exited, r.exit_code,
               r.timed_out);
  throw DomainError(ErrorKind::unavailable, "token_unavailable",
                    "Không dùng được thiết bị ký số" + (r.exited && !r.out.empty() ? ": " + r.out.substr(0, 300) : std::string()) +
                        ". Kiểm tra thiết bị (token) đã được cắm và cấu hình đúng.");
}

int SignerRegistry::revoke(const std::string& username, const std::string& reason, int64_t now_ms) {
  int n = 0;
  db_.write([&](store::Conn& c) {
    auto r = c.exec("UPDATE signer_keys SET revoked_at = $2, revoke_reason = $3 WHERE revoked_at IS NULL AND user_id = (SELECT id FROM users WHERE username = $1)",
                    {username, now_ms, reason});
    n = static_cast<int>(r.affected);
  });
  return n;
}

std::vector<SignerKey> SignerRegistry::list() const {
  std::vector<SignerKey> out;
  auto r = db_.query(std::string("SELECT ") + kCols + " FROM signer_keys k JOIN users u ON u.id = k.user_id ORDER BY k.id DESC LIMIT 1000");
  for (const auto& row : r.rows) out.push_back(from_row(row));
  return out;
}

}  // namespace motcua::services
