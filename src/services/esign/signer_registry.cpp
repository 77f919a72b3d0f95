// Registered signing keys (see signer_registry.h).
#include "services/esign/signer_registry.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "domain/errors.h"
#include "services/documents/cert_info.h"
#include "services/documents/signing_keys.h"

namespace motcua::services {

namespace {

constexpr const char* kCols =
    "k.id, k.user_id, u.username, k.p12_path, k.cert_sha256, k.subject_cn, k.title, k.org, k.issuer_cn, k.serial, k.not_before, k.not_after, "
    "k.revoked_at, k.created_at, k.revoke_reason";

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
  return k;
}

DomainError wrong_pin() {
  const char* m = "Mã PIN của chứng thư số không đúng.";
  return DomainError(ErrorKind::invalid, "wrong_pin", m, {{"pin", m}});
}

}  // namespace

SignerKey SignerRegistry::add(const std::string& username, const std::string& p12_bytes, const std::string& pin, int64_t now_ms) {
  auto u = db_.query("SELECT id, public_id FROM users WHERE username = $1 AND kind = 'staff' AND status = 'active'", {username});
  if (u.empty())
    throw DomainError(ErrorKind::invalid, "unknown_user", "Không tìm thấy tài khoản cán bộ đang hoạt động \"" + username + "\".",
                      {{"username", "Không tìm thấy tài khoản."}});
  documents::Signer s;
  try {
    s = documents::load_pkcs12_data(p12_bytes, pin);
  } catch (const std::exception& e) {
    throw DomainError(ErrorKind::invalid, "bad_p12", std::string("Không mở được tệp chứng thư số: ") + e.what() + ".", {{"p12", e.what()}});
  }
  const documents::CertInfo ci = documents::describe(s.cert());
  const std::string rel = "keys/signers/" + u.rows[0].str(1) + "-" + ci.sha256.substr(0, 16) + ".p12";
  documents::write_private_file((std::filesystem::path(data_dir_) / rel).string(), p12_bytes);
  SignerKey k;
  db_.write([&](store::Conn& c) {
    c.exec("INSERT INTO signer_keys (user_id, p12_path, cert_sha256, subject_cn, title, org, issuer_cn, serial, not_before, not_after, created_at) "
           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
           {u.rows[0].i64(0), rel, ci.sha256, ci.subject_cn, ci.title, ci.org, ci.issuer_cn, ci.serial, ci.not_before_ms, ci.not_after_ms, now_ms});
    k = *current(c, u.rows[0].i64(0));
  });
  return k;
}

std::optional<SignerKey> SignerRegistry::current(store::Conn& c, int64_t user_id) const {
  auto r = c.exec(std::string("SELECT ") + kCols + " FROM signer_keys k JOIN users u ON u.id = k.user_id WHERE k.user_id = $1 ORDER BY k.id DESC LIMIT 1",
                  {user_id});
  if (r.empty()) return std::nullopt;
  return from_row(r.rows[0]);
}

documents::Signer SignerRegistry::open(const SignerKey& key, const std::string& pin) const {
  const std::string path = (std::filesystem::path(data_dir_) / key.p12_path).string();
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("signing key file missing: " + path);
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (pin.empty()) {
    const char* m = "Nhập mã PIN của chứng thư số để ký kết quả.";
    throw DomainError(ErrorKind::invalid, "pin_required", m, {{"pin", m}});
  }
  try {
    return documents::load_pkcs12_data(bytes, pin);
  } catch (const std::runtime_error&) {
    throw wrong_pin();  // the file was read: what fails is the PIN
  }
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
