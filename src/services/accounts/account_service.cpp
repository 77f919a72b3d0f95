// Accounts: registration, one-time codes, sign-in with lockout, sessions, password reset, TOTP.
#include <sodium.h>

#include <fstream>
#include <mutex>
#include <regex>

#include "domain/accounts/policy.h"
#include "domain/identity.h"
#include "domain/text.h"
#include "services/accounts/account_impl.h"

namespace motcua::services {

using nlohmann::json;
using accounts::Kind;
using accounts::Principal;

namespace {
constexpr int64_t kMinute = 60 * 1000;
constexpr int64_t kFailureWindow = 15 * kMinute;
constexpr int kMaxAccountFailures = 5;
constexpr int kMaxIpFailures = 20;
constexpr int kMaxCodeAttempts = 5;

DomainError invalid(std::vector<FieldError> f) {
  std::string msg = f.size() == 1 ? f[0].message : "Thông tin đăng ký chưa hợp lệ (" + std::to_string(f.size()) + " lỗi).";
  return DomainError(ErrorKind::invalid, "registration_invalid", msg, std::move(f));
}

std::string str(const json& in, const char* k) {
  if (!in.is_object() || !in.contains(k) || !in[k].is_string()) return "";
  return text::trim(text::nfc(in[k].get<std::string>()));
}

int current_year() { return std::stoi(fmt::iso_date(fmt::now_ms()).substr(0, 4)); }
}  // namespace

// ---------- helpers ----------
bool totp_valid(const std::string& secret, const std::string& code, int64_t now_ms) {
  static std::once_flag once;
  std::call_once(once, [] { oath_init(); });
  char* raw = nullptr;
  size_t len = 0;
  if (oath_base32_decode(secret.c_str(), secret.size(), &raw, &len) != OATH_OK) return false;
  int rc = oath_totp_validate(raw, len, static_cast<time_t>(now_ms / 1000), OATH_TOTP_DEFAULT_TIME_STEP_SIZE, 0, 1, code.c_str());
  free(raw);
  return rc >= 0;
}

AccountService::Impl::UserRow AccountService::Impl::user_from(const store::Row& r) {
  UserRow u;
  u.id = r.i64(0);
  u.public_id = r.str(1);
  u.kind = r.str(2);
  u.username = r.str(3);
  u.full_name = r.str(4);
  u.phone = r.str(5);
  u.email = r.str(6);
  u.password_hash = r.str(7);
  u.totp_secret = r.str(8);
  u.status = r.str(9);
  u.id_number = r.str(10);
  u.national_id_verified = r.i64(11) != 0;
  return u;
}

std::optional<AccountService::Impl::UserRow> AccountService::Impl::find_user(store::Conn& c, const std::string& column,
                                                                             const std::string& value) {
  auto r = c.exec(std::string("SELECT ") + kUserCols + " FROM users WHERE " + column + " = $1", {value});
  if (r.rows.empty()) return std::nullopt;
  return user_from(r.rows[0]);
}

std::vector<accounts::Grant> AccountService::Impl::grants_of(store::Conn& c, int64_t user_id) {
  std::vector<accounts::Grant> g;
  auto r = c.exec("SELECT r.role, a.code, r.unit_code FROM user_roles r JOIN agencies a ON a.id = r.agency_id WHERE r.user_id = $1 ORDER BY r.id",
                  {user_id});
  for (const auto& row : r.rows)
    if (auto role = accounts::parse_role(row.str(0))) g.push_back({*role, row.str(1), row.str(2)});
  return g;
}

Principal AccountService::Impl::principal_of(store::Conn& c, const UserRow& u, bool second_factor) {
  Principal p;
  p.kind = accounts::parse_kind(u.kind).value_or(Kind::citizen);
  p.user_id = u.id;
  p.public_id = u.public_id;
  p.username = u.username;
  p.full_name = u.full_name;
  p.national_id_verified = u.national_id_verified;
  p.second_factor = second_factor;
  if (p.kind == Kind::staff) p.grants = grants_of(c, u.id);
  return p;
}

void AccountService::Impl::audit_entry(store::Conn& c, const UserRow* u, const std::string& action, const std::string& target,
                                       const ClientInfo& client, json detail, int64_t now) {
  AuditEntry e;
  e.actor_id = u ? u->id : 0;
  e.actor = u ? u->username : "anonymous";
  e.action = action;
  e.target = target;
  e.ip = client.ip;
  e.detail = std::move(detail);
  audit.append(c, e, now);
}

std::string AccountService::Impl::issue_code(store::Conn& c, int64_t user_id, const std::string& purpose, int64_t now) {
  std::string code = purpose == "activation" ? random_digits(8) : random_digits(6);
  int64_t ttl = purpose == "activation" ? 7 * 24 * 60 * kMinute : 10 * kMinute;
  c.exec("UPDATE one_time_codes SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL", {user_id, purpose, now});
  c.exec("INSERT INTO one_time_codes (user_id, purpose, code_hash, created_at, expires_at) VALUES ($1,$2,$3,$4,$5)",
         {user_id, purpose, sha256_hex(purpose + ":" + code), now, now + ttl});
  return code;
}

void AccountService::Impl::send_code(store::Conn& c, const UserRow& u, const std::string& purpose, const std::string& code, int64_t now) {
  std::string what = purpose == "reset_password" ? "đặt lại mật khẩu" : "xác thực tài khoản";
  bool by_email = purpose == "verify_email" || (u.phone.empty() && !u.email.empty());
  notify::Message m;
  m.event = "account.code";
  m.vars = {{"ma", code}, {"muc_dich", what}};
  m.key = purpose + "#" + std::to_string(u.id) + "#" + random_token(8);  // every code is a new message
  m.sensitive = true;
  outbox.enqueue_for(c, by_email ? notify::Contact{u.email, ""} : notify::Contact{"", u.phone}, std::move(m), now);
}

void AccountService::Impl::check_code(const std::string& username, const std::string& purpose, const std::string& code,
                                      const ClientInfo& client, const std::function<void(store::Conn&, const UserRow&)>& on_success) {
  int64_t now = fmt::now_ms();
  std::optional<DomainError> fail;
  db.write([&](store::Conn& c) {
    // Per-IP limit shared with sign-in failures: guessing codes across accounts is throttled too.
    if (recent_failures(c, "ip:" + client.ip, now) >= kMaxIpFailures) {
      fail = DomainError(ErrorKind::rate_limited, "too_many_attempts", "Thử sai quá nhiều lần từ địa chỉ này. Vui lòng thử lại sau 15 phút.");
      return;
    }
    auto u = find_user(c, "username", username);
    if (!u) {
      fail = DomainError(ErrorKind::invalid, "code_invalid", "Mã xác thực không đúng hoặc đã hết hạn.");
      return;
    }
    auto r = c.exec("SELECT id, code_hash, attempts, expires_at FROM one_time_codes WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL "
                    "ORDER BY id DESC LIMIT 1",
                    {u->id, purpose});
    if (r.rows.empty() || r.rows[0].i64(3) < now) {
      fail = DomainError(ErrorKind::invalid, "code_invalid", "Mã xác thực không đúng hoặc đã hết hạn. Vui lòng yêu cầu mã mới.");
      return;
    }
    if (r.rows[0].i64(2) >= kMaxCodeAttempts) {
      fail = DomainError(ErrorKind::rate_limited, "code_locked", "Đã nhập sai mã quá nhiều lần. Vui lòng yêu cầu mã mới.");
      return;
    }
    if (sha256_hex(purpose + ":" + code) != r.rows[0].str(1)) {
      c.exec("UPDATE one_time_codes SET attempts = attempts + 1 WHERE id = $1", {r.rows[0].i64(0)});
      c.exec("INSERT INTO auth_failures (scope, at) VALUES ($1, $2)", {"ip:" + client.ip, now});
      audit_entry(c, &*u, "code_failed", u->public_id, client, {{"purpose", purpose}}, now);
      fail = DomainError(ErrorKind::invalid, "code_invalid", "Mã xác thực không đúng.");
      return;
    }
    c.exec("UPDATE one_time_codes SET used_at = $2 WHERE id = $1", {r.rows[0].i64(0), now});
    on_success(c, *u);
  });
  if (fail) throw *fail;
}

std::string AccountService::Impl::create_session(store::Conn& c, int64_t user_id, const std::string& kind, bool second_factor,
                                                 const ClientInfo& client, int64_t now) {
  std::string token = random_token(32);
  int64_t ttl = kind == "api" ? cfg.api_token_timeout_ms : cfg.absolute_timeout_ms;
  c.exec("INSERT INTO sessions (token_hash, user_id, kind, second_factor, created_at, last_seen_at, expires_at, ip, user_agent) "
         "VALUES ($1,$2,$3,$4,$5,$5,$6,$7,$8)",
         {sha256_hex(token), user_id, kind, int64_t{second_factor ? 1 : 0}, now, now + ttl, text::display_text(client.ip, 64), text::display_text(client.user_agent, 300)});
  return token;
}

int64_t AccountService::Impl::recent_failures(store::Conn& c, const std::string& scope, int64_t now) {
  return c.exec("SELECT COUNT(*) FROM auth_failures WHERE scope = $1 AND at > $2", {scope, now - kFailureWindow}).rows.at(0).i64(0);
}

// ---------- AccountService ----------
AccountService::AccountService(store::Db& db, AgencyService& agencies, const notify::Outbox& n, AuditLog& audit, AccountsConfig cfg)
    : impl_(std::make_shared<Impl>(db, agencies, n, audit, cfg)) {}

namespace {
std::vector<FieldError> check_person(const json& in, bool need_password, const std::string& username_for_pw) {
  std::vector<FieldError> e;
  if (!in.is_object()) return {{"", "Dữ liệu đăng ký phải là một đối tượng JSON."}};
  std::string id = str(in, "id_number"), name = str(in, "full_name"), dob = str(in, "date_of_birth"), phone = str(in, "phone"),
              email = str(in, "email");
  if (auto m = identity::check_cccd(id, current_year())) e.push_back({"id_number", *m});
  if (name.empty()) e.push_back({"full_name", "Vui lòng nhập họ, chữ đệm và tên."});
  else if (text::length(name) > 100) e.push_back({"full_name", "Họ tên tối đa 100 ký tự."});
  auto d = fmt::parse_iso_date(dob);
  if (!d) e.push_back({"date_of_birth", "Ngày sinh không hợp lệ (định dạng năm-tháng-ngày)."});
  else if (*d > fmt::now_ms()) e.push_back({"date_of_birth", "Ngày sinh không thể ở tương lai."});
  else if (!identity::check_cccd(id, current_year()) && std::stoi(dob.substr(0, 4)) != identity::cccd_birth_year(id))
    e.push_back({"id_number", "Số định danh cho năm sinh " + std::to_string(identity::cccd_birth_year(id)) +
                                  " (chữ số thứ 4–6), không khớp với ngày sinh " + fmt::date(*d) + "."});
  if (!std::regex_match(phone, std::regex(R"((0|\+84)[0-9]{9,10})")))
    e.push_back({"phone", "Số điện thoại không hợp lệ (ví dụ 0912345678)."});
  if (!email.empty() && !std::regex_match(email, std::regex(R"([^@\s]+@[^@\s]+\.[A-Za-z]{2,})")))
    e.push_back({"email", "Địa chỉ thư điện tử không hợp lệ."});
  if (need_password) {
    if (!in.contains("password") || !in["password"].is_string()) e.push_back({"password", "Vui lòng nhập mật khẩu."});
    else if (auto m = check_password(in["password"].get<std::string>(), username_for_pw)) e.push_back({"password", *m});
  }
  return e;
}
}  // namespace

// Self-registration, shared by citizens and organisations: one transaction (duplicate check, insert,
// verification code, audit); the code is sent after the commit.
struct NewAccount {
  std::string kind, username, id_number, tax_code, full_name, date_of_birth, representative, phone, email, password, purpose;
  std::string duplicate_message;
};

static std::string self_register(AccountService::Impl& im, const NewAccount& n, const ClientInfo& client) {
  std::string hash = im.hasher.hash(n.password);
  std::string public_id = random_token(12);
  int64_t now = fmt::now_ms();
  std::string code;
  AccountService::Impl::UserRow u;
  auto opt = [](const std::string& v) { return v.empty() ? store::Value(nullptr) : store::Value(v); };
  try {
    im.db.write([&](store::Conn& c) {
      if (im.find_user(c, "username", n.username)) throw DomainError(ErrorKind::conflict, "already_registered", n.duplicate_message);
      u.id = c.exec("INSERT INTO users (public_id, kind, username, id_number, tax_code, full_name, date_of_birth, representative, phone, email, "
                    "password_hash, status, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'pending','self',$12,$12) "
                    "RETURNING id",
                    {public_id, n.kind, n.username, opt(n.id_number), opt(n.tax_code), n.full_name, n.date_of_birth, n.representative, n.phone,
                     n.email, hash, now})
                 .rows.at(0)
                 .i64(0);
      u.public_id = public_id;
      u.username = n.username;
      u.phone = n.phone;
      u.email = n.email;
      code = im.issue_code(c, u.id, n.purpose, now);
      im.send_code(c, u, n.purpose, code, now);
      im.audit_entry(c, &u, "register", public_id, client, {{"kind", n.kind}}, now);
    });
  } catch (const store::UniqueViolation&) {
    throw DomainError(ErrorKind::conflict, "already_registered", n.duplicate_message);
  }
  return public_id;
}

std::string AccountService::register_citizen(const json& in, const ClientInfo& client) {
  auto errs = check_person(in, true, str(in, "id_number"));
  if (!errs.empty()) throw invalid(errs);
  std::string id = str(in, "id_number");
  return self_register(*impl_,
                       {"citizen", id, id, "", str(in, "full_name"), str(in, "date_of_birth"), "", str(in, "phone"), str(in, "email"),
                        in["password"].get<std::string>(), "verify_phone",
                        "Số định danh này đã có tài khoản. Hãy đăng nhập, hoặc dùng chức năng quên mật khẩu."},
                       client);
}

std::string AccountService::register_organisation(const json& in, const ClientInfo& client) {
  std::vector<FieldError> errs;
  std::string tax = str(in, "tax_code"), name = str(in, "name"), rep = str(in, "representative"), phone = str(in, "phone"),
              email = str(in, "email");
  if (auto m = identity::check_tax_code(tax)) errs.push_back({"tax_code", *m});
  if (name.empty() || text::length(name) > 300) errs.push_back({"name", "Vui lòng nhập tên tổ chức, doanh nghiệp (tối đa 300 ký tự)."});
  if (rep.empty() || text::length(rep) > 100) errs.push_back({"representative", "Vui lòng nhập họ tên người đại diện."});
  if (!std::regex_match(phone, std::regex(R"((0|\+84)[0-9]{9,10})"))) errs.push_back({"phone", "Số điện thoại không hợp lệ (ví dụ 0912345678)."});
  if (!std::regex_match(email, std::regex(R"([^@\s]+@[^@\s]+\.[A-Za-z]{2,})"))) errs.push_back({"email", "Địa chỉ thư điện tử không hợp lệ."});
  if (!in.contains("password") || !in["password"].is_string()) errs.push_back({"password", "Vui lòng nhập mật khẩu."});
  else if (auto m = check_password(in["password"].get<std::string>(), tax)) errs.push_back({"password", *m});
  if (!errs.empty()) throw invalid(errs);
  return self_register(*impl_,
                       {"organisation", tax, "", tax, name, "", rep, phone, email, in["password"].get<std::string>(), "verify_email",
                        "Mã số thuế này đã có tài khoản."},
                       client);
}

void AccountService::verify_code(const std::string& username, const std::string& purpose, const std::string& code, const ClientInfo& client) {
  if (purpose != "verify_phone" && purpose != "verify_email")
    throw DomainError(ErrorKind::bad_input, "bad_purpose", "Loại mã xác thực không hợp lệ.");
  int64_t now = fmt::now_ms();
  impl_->check_code(username, purpose, code, client, [&](store::Conn& c, const Impl::UserRow& u) {
    c.exec(std::string("UPDATE users SET ") + (purpose == "verify_phone" ? "phone_verified" : "email_verified") +
               " = 1, status = CASE WHEN status = 'pending' THEN 'active' ELSE status END, updated_at = $2 WHERE id = $1",
           {u.id, now});
    impl_->audit_entry(c, &u, "verified", u.public_id, client, {{"purpose", purpose}}, now);
  });
}

void AccountService::resend_code(const std::string& username, const std::string& purpose, const ClientInfo& client) {
  if (purpose != "verify_phone" && purpose != "verify_email")
    throw DomainError(ErrorKind::bad_input, "bad_purpose", "Loại mã xác thực không hợp lệ.");
  auto& im = *impl_;
  int64_t now = fmt::now_ms();
  std::string code;
  std::optional<Impl::UserRow> user;
  im.db.write([&](store::Conn& c) {
    user = im.find_user(c, "username", username);
    if (!user || user->status != "pending") return;  // say nothing about other accounts
    auto recent = c.exec("SELECT COUNT(*) FROM one_time_codes WHERE user_id = $1 AND created_at > $2", {user->id, now - kFailureWindow});
    if (recent.rows.at(0).i64(0) >= 5)
      throw DomainError(ErrorKind::rate_limited, "too_many_codes", "Đã gửi quá nhiều mã trong 15 phút. Vui lòng thử lại sau.");
    code = im.issue_code(c, user->id, purpose, now);
    im.send_code(c, *user, purpose, code, now);
    im.audit_entry(c, &*user, "code_resent", user->public_id, client, {{"purpose", purpose}}, now);
  });
}

LoginResult AccountService::login(const std::string& username_in, const std::string& password, const std::string& otp,
                                  const std::string& kind, const ClientInfo& client) {
  auto& im = *impl_;
  std::string username = text::trim(username_in);
  for (auto& ch : username)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  int64_t now = fmt::now_ms();
  const DomainError bad(ErrorKind::unauthorized, "bad_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.");
  // 1. Lockout check: no hash is computed for a locked account or IP.
  std::optional<Impl::UserRow> u;
  bool locked = false;
  im.db.write([&](store::Conn& c) {
    u = im.find_user(c, "username", username);
    locked = im.recent_failures(c, "acct:" + username, now) >= kMaxAccountFailures ||
             im.recent_failures(c, "ip:" + client.ip, now) >= kMaxIpFailures;
    if (locked) im.audit_entry(c, u ? &*u : nullptr, "login_refused_locked", username, client, {{"kind", kind}}, now);
  });
  if (locked)
    throw DomainError(ErrorKind::rate_limited, "login_locked",
                      "Đăng nhập sai quá nhiều lần. Tài khoản tạm khóa 15 phút; nếu quên mật khẩu, hãy dùng chức năng quên mật khẩu.");
  // 2. Password (outside any transaction: hashing is slow).
  bool ok = false;
  if (u && !u->password_hash.empty()) ok = im.hasher.verify(u->password_hash, password);
  else im.hasher.dummy_verify(password);
  auto record_failure = [&](const std::string& why) {
    im.db.write([&](store::Conn& c) {
      c.exec("INSERT INTO auth_failures (scope, at) VALUES ($1, $2)", {"acct:" + username, now});
      c.exec("INSERT INTO auth_failures (scope, at) VALUES ($1, $2)", {"ip:" + client.ip, now});
      im.audit_entry(c, u ? &*u : nullptr, "login_failed", username, client, {{"reason", why}}, now);
    });
  };
  if (!ok) {
    record_failure("password");
    throw bad;
  }
  if (u->status == "disabled") {
    record_failure("disabled");
    throw DomainError(ErrorKind::forbidden, "account_disabled", "Tài khoản đã bị khóa. Vui lòng liên hệ quản trị hoặc Bộ phận Một cửa.");
  }
  if (u->status == "pending")
    throw DomainError(ErrorKind::forbidden, "account_pending",
                      "Tài khoản chưa được kích hoạt. Vui lòng nhập mã xác thực đã gửi tới số điện thoại hoặc thư điện tử.");
  // 3. Second factor.
  bool second = false;
  LoginResult res;
  if (!u->totp_secret.empty()) {
    if (otp.empty()) throw DomainError(ErrorKind::unauthorized, "otp_required", "Vui lòng nhập mã xác thực 6 số từ ứng dụng xác thực.");
    if (!totp_valid(u->totp_secret, otp, now)) {
      record_failure("otp");
      throw DomainError(ErrorKind::unauthorized, "otp_invalid", "Mã xác thực (OTP) không đúng.");
    }
    second = true;
  }
  im.db.write([&](store::Conn& c) {
    c.exec("DELETE FROM auth_failures WHERE scope = $1", {"acct:" + username});
    res.token = im.create_session(c, u->id, kind, second, client, now);
    res.principal = im.principal_of(c, *u, second);
    im.audit_entry(c, &*u, "login", u->public_id, client, {{"kind", kind}, {"second_factor", second}}, now);
  });
  res.needs_totp_enrollment = res.principal.kind == Kind::staff && accounts::needs_second_factor(res.principal) &&
                              u->totp_secret.empty() && !im.cfg.demo_mode;
  return res;
}

std::optional<Principal> AccountService::authenticate(const std::string& token, std::string* session_id) {
  if (token.size() != 64) return std::nullopt;
  auto& im = *impl_;
  int64_t now = fmt::now_ms();
  std::string h = sha256_hex(token);
  std::optional<Principal> out;
  bool touch = false;
  im.db.read([&](store::Conn& c) {
    auto r = c.exec(std::string("SELECT s.kind, s.second_factor, s.last_seen_at, s.expires_at, s.revoked_at, u.") +
                        "id, u.public_id, u.kind, u.username, u.full_name, u.phone, u.email, u.password_hash, u.totp_secret, u.status, "
                        "u.id_number, u.national_id_verified FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
                    {h});
    if (r.rows.empty()) return;
    const auto& row = r.rows[0];
    if (!row.is_null(4) || row.i64(3) <= now) return;
    if (row.str(0) == "web" && now - row.i64(2) > im.cfg.idle_timeout_ms) return;
    store::Row ur;
    ur.v.assign(row.v.begin() + 5, row.v.end());
    auto u = Impl::user_from(ur);
    if (u.status != "active") return;
    out = im.principal_of(c, u, row.i64(1) != 0);
    touch = now - row.i64(2) > kMinute;
  });
  if (out && touch) im.db.write([&](store::Conn& c) { c.exec("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1", {h, now}); });
  if (out && session_id) *session_id = h.substr(0, 16);
  return out;
}

void AccountService::logout(const std::string& token, const ClientInfo& client) {
  auto& im = *impl_;
  int64_t now = fmt::now_ms();
  im.db.write([&](store::Conn& c) {
    auto r = c.exec("UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL RETURNING user_id", {sha256_hex(token), now});
    if (r.rows.empty()) return;
    auto u = im.find_user(c, "id", std::to_string(r.rows[0].i64(0)));
    im.audit_entry(c, u ? &*u : nullptr, "logout", u ? u->public_id : "", client, json::object(), now);
  });
}

void AccountService::logout_everywhere(int64_t user_id, const ClientInfo& client) {
  auto& im = *impl_;
  int64_t now = fmt::now_ms();
  im.db.write([&](store::Conn& c) {
    auto r = c.exec("UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL", {user_id, now});
    auto u = im.find_user(c, "id", std::to_string(user_id));
    im.audit_entry(c, u ? &*u : nullptr, "logout_everywhere", u ? u->public_id : "", client, {{"sessions", r.affected}}, now);
  });
}

std::vector<SessionInfo> AccountService::sessions(int64_t user_id, const std::string& current_token) {
  std::vector<SessionInfo> out;
  int64_t now = fmt::now_ms();
  std::string cur = current_token.empty() ? "" : sha256_hex(current_token);
  auto r = impl_->db.query("SELECT token_hash, kind, ip, user_agent, created_at, last_seen_at, expires_at FROM sessions WHERE user_id = $1 "
                           "AND revoked_at IS NULL AND expires_at > $2 ORDER BY last_seen_at DESC LIMIT 50",
                           {user_id, now});
  for (const auto& row : r.rows) {
    if (row.str(1) == "web" && now - row.i64(5) > impl_->cfg.idle_timeout_ms) continue;
    // Rows written before client info was sanitized at the edge are cleaned on the way out.
    out.push_back({row.str(0).substr(0, 16), row.str(1), text::display_text(row.str(2), 64), text::display_text(row.str(3), 300), row.i64(4), row.i64(5), row.i64(6), row.str(0) == cur});
  }
  return out;
}

void AccountService::revoke_session(int64_t user_id, const std::string& session_id, const ClientInfo& client) {
  auto& im = *impl_;
  int64_t now = fmt::now_ms();
  if (session_id.size() != 16) throw DomainError(ErrorKind::not_found, "session_not_found", "Không tìm thấy phiên đăng nhập.");
  im.db.write([&](store::Conn& c) {
    // Only the owner's sessions match: user_id is part of the condition (no IDOR).
    auto r = c.exec("SELECT token_hash FROM sessions WHERE user_id = $1 AND revoked_at IS NULL", {user_id});
    std::string full;
    for (const auto& row : r.rows)
      if (row.str(0).substr(0, 16) == session_id) full = row.str(0);
    if (full.empty()) throw DomainError(ErrorKind::not_found, "session_not_found", "Không tìm thấy phiên đăng nhập.");
    c.exec("UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1", {full, now});
    auto u = im.find_user(c, "id", std::to_string(user_id));
    im.audit_entry(c, u ? &*u : nullptr, "session_revoked", session_id, client, json::object(), now);
  });
}

void AccountService::request_password_reset(const std::string& username, const ClientInfo& client) {
  auto& im = *impl_;
  int64_t now = fmt::now_ms();
  std::string code;
  std::optional<Impl::UserRow> u;
  im.db.write([&](store::Conn& c) {
    u = im.find_user(c, "username", text::trim(username));
    if (!u || u->status != "active") return;  // same answer whether or not the account exists
    auto recent = c.exec("SELECT COUNT(*) FROM one_time_codes WHERE user_id = $1 AND purpose = 'reset_password' AND created_at > $2",
                         {u->id, now - kFailureWindow});
    if (recent.rows.at(0).i64(0) >= 3) return;
    code = im.issue_code(c, u->id, "reset_password", now);
    im.send_code(c, *u, "reset_password", code, now);
    im.audit_entry(c, &*u, "password_reset_requested", u->public_id, client, json::object(), now);
  });
}

void AccountService::reset_password(const std::string& username, const std::string& code, const std::string& new_password,
                                    const ClientInfo& client) {
  if (auto m = check_password(new_password, username)) throw DomainError(ErrorKind::invalid, "weak_password", *m, {{"password", *m}});
  auto& im = *impl_;
  std::string hash = im.hasher.hash(new_password);
  int64_t now = fmt::now_ms();
  // Desk activation codes and reset codes both lead here.
  std::string purpose = code.size() == 8 ? "activation" : "reset_password";
  im.check_code(text::trim(username), purpose, code, client, [&](store::Conn& c, const Impl::UserRow& u) {
    c.exec("UPDATE users SET password_hash = $2, status = CASE WHEN status = 'pending' THEN 'active' ELSE status END, updated_at = $3 "
           "WHERE id = $1",
           {u.id, hash, now});
    c.exec("UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL", {u.id, now});
    c.exec("DELETE FROM auth_failures WHERE scope = $1", {"acct:" + u.username});
    im.audit_entry(c, &u, purpose == "activation" ? "account_activated" : "password_reset", u.public_id, client, json::object(), now);
  });
}

void AccountService::change_password(int64_t user_id, const std::string& old_password, const std::string& new_password,
                                     const ClientInfo& client) {
  auto& im = *impl_;
  std::optional<Impl::UserRow> u;
  im.db.read([&](store::Conn& c) { u = im.find_user(c, "id", std::to_string(user_id)); });
  if (!u) throw DomainError(ErrorKind::not_found, "user_not_found", "Không tìm thấy tài khoản.");
  if (!u->password_hash.empty() && !im.hasher.verify(u->password_hash, old_password))
    throw DomainError(ErrorKind::invalid, "bad_password", "Mật khẩu hiện tại không đúng.", {{"old_password", "Mật khẩu hiện tại không đúng."}});
  if (auto m = check_password(new_password, u->username)) throw DomainError(ErrorKind::invalid, "weak_password", *m, {{"password", *m}});
  std::string hash = im.hasher.hash(new_password);
  int64_t now = fmt::now_ms();
  im.db.write([&](store::Conn& c) {
    c.exec("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1", {user_id, hash, now});
    im.audit_entry(c, &*u, "password_changed", u->public_id, client, json::object(), now);
  });
}

std::pair<std::string, std::string> AccountService::begin_totp(int64_t user_id) {
  std::string raw(20, '\0');
  randombytes_buf(raw.data(), raw.size());
  char* b32 = nullptr;
  size_t len = 0;
  oath_init();
  oath_base32_encode(raw.data(), raw.size(), &b32, &len);
  std::string secret(b32, len);
  free(b32);
  std::optional<Impl::UserRow> u;
  impl_->db.read([&](store::Conn& c) { u = impl_->find_user(c, "id", std::to_string(user_id)); });
  std::string label = u ? u->username : "user";
  std::string uri = "otpauth://totp/motcua:" + label + "?secret=" + secret + "&issuer=motcua&digits=6&period=30";
  return {secret, uri};
}

void AccountService::confirm_totp(int64_t user_id, const std::string& secret, const std::string& code, const ClientInfo& client,
                                  const std::string& current_token) {
  int64_t now = fmt::now_ms();
  if (secret.size() < 16 || !totp_valid(secret, code, now))
    throw DomainError(ErrorKind::invalid, "otp_invalid", "Mã xác thực không đúng. Hãy kiểm tra giờ trên điện thoại và thử lại.",
                      {{"code", "Mã xác thực không đúng."}});
  auto& im = *impl_;
  im.db.write([&](store::Conn& c) {
    c.exec("UPDATE users SET totp_secret = $2, updated_at = $3 WHERE id = $1", {user_id, secret, now});
    if (!current_token.empty())
      c.exec("UPDATE sessions SET second_factor = 1 WHERE user_id = $1 AND token_hash = $2 AND revoked_at IS NULL",
             {user_id, sha256_hex(current_token)});
    auto u = im.find_user(c, "id", std::to_string(user_id));
    im.audit_entry(c, u ? &*u : nullptr, "totp_enrolled", u ? u->public_id : "", client, json::object(), now);
  });
}

}  // namespace motcua::services
