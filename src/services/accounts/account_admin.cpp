// Accounts administration: staff, roles, status, desk-created citizens, national identity linking,
// listings and the demo accounts.
#include <regex>

#include "domain/identity.h"
#include "domain/text.h"
#include "services/accounts/account_impl.h"

namespace motcua::services {

using accounts::Principal;
using nlohmann::json;

namespace {
std::string str(const json& in, const char* k) {
  if (!in.is_object() || !in.contains(k) || !in[k].is_string()) return "";
  return text::trim(text::nfc(in[k].get<std::string>()));
}
int current_year() { return std::stoi(fmt::iso_date(fmt::now_ms()).substr(0, 4)); }

AuditEntry by_entry(const Principal& by, const std::string& action, const std::string& target, const std::string& agency,
                    const ClientInfo& client, json detail) {
  AuditEntry e;
  e.actor_id = by.user_id;
  e.actor = by.username.empty() ? "system" : by.username;
  e.action = action;
  e.target = target;
  e.agency = agency;
  e.ip = client.ip;
  e.detail = std::move(detail);
  return e;
}

std::vector<accounts::Grant> parse_grants(const json& in, std::vector<FieldError>& errs) {
  std::vector<accounts::Grant> g;
  if (!in.is_array()) {
    errs.push_back({"grants", "Danh sách vai trò phải là một mảng."});
    return g;
  }
  for (size_t i = 0; i < in.size(); ++i) {
    auto role = accounts::parse_role(str(in[i], "role"));
    std::string agency = str(in[i], "agency");
    if (!role) errs.push_back({"grants[" + std::to_string(i) + "].role", "Vai trò không hợp lệ (desk, specialist, leader, catalog, admin, post, supervisor)."});
    if (agency.empty()) errs.push_back({"grants[" + std::to_string(i) + "].agency", "Vui lòng chọn cơ quan cho vai trò."});
    if (role) g.push_back({*role, agency, str(in[i], "unit")});
  }
  return g;
}
}  // namespace

std::string AccountService::create_staff(const json& in, const Principal& by, const ClientInfo& client) {
  auto& im = *impl_;
  std::vector<FieldError> errs;
  std::string username = str(in, "username"), name = str(in, "full_name"), phone = str(in, "phone"), email = str(in, "email");
  if (!std::regex_match(username, std::regex("[a-z0-9][a-z0-9._-]{2,39}")))
    errs.push_back({"username", "Tên đăng nhập gồm 3–40 ký tự a–z, 0–9, dấu chấm, gạch ngang hoặc gạch dưới."});
  if (name.empty() || text::length(name) > 100) errs.push_back({"full_name", "Vui lòng nhập họ tên cán bộ."});
  if (!phone.empty() && !std::regex_match(phone, std::regex(R"((0|\+84)[0-9]{9,10})"))) errs.push_back({"phone", "Số điện thoại không hợp lệ."});
  if (!email.empty() && !std::regex_match(email, std::regex(R"([^@\s]+@[^@\s]+\.[A-Za-z]{2,})"))) errs.push_back({"email", "Thư điện tử không hợp lệ."});
  std::string pw = in.is_object() && in.contains("password") && in["password"].is_string() ? in["password"].get<std::string>() : "";
  if (auto m = check_password(pw, username)) errs.push_back({"password", *m});
  auto grants = parse_grants(in.value("grants", json::array()), errs);
  auto ag = im.agencies.snapshot();
  for (size_t i = 0; i < grants.size(); ++i) {
    if (!ag->find(grants[i].agency)) errs.push_back({"grants[" + std::to_string(i) + "].agency", "Không có cơ quan mã " + grants[i].agency + "."});
    // An admin may only grant inside their own subtree.
    bool allowed = false;
    for (const auto& a : by.agencies_with(accounts::Role::admin)) allowed |= ag->within(grants[i].agency, a);
    if (!allowed) errs.push_back({"grants[" + std::to_string(i) + "].agency", "Bạn chỉ được phân quyền trong phạm vi cơ quan mình quản trị."});
  }
  if (!errs.empty()) throw DomainError(ErrorKind::invalid, "staff_invalid", "Thông tin cán bộ chưa hợp lệ.", errs);
  std::string hash = im.hasher.hash(pw);
  std::string public_id = random_token(12);
  int64_t now = fmt::now_ms();
  try {
    im.db.write([&](store::Conn& c) {
      int64_t id = c.exec("INSERT INTO users (public_id, kind, username, full_name, phone, email, password_hash, status, created_by, created_at, "
                          "updated_at) VALUES ($1,'staff',$2,$3,$4,$5,$6,'active',$7,$8,$8) RETURNING id",
                          {public_id, username, name, phone, email, hash, by.username, now})
                       .rows.at(0)
                       .i64(0);
      for (const auto& g : grants) {
        c.exec("INSERT INTO user_roles (user_id, role, agency_id, unit_code) SELECT $1, $2, id, $4 FROM agencies WHERE code = $3",
               {id, std::string(accounts::to_string(g.role)), g.agency, g.unit});
        im.audit.append(c, by_entry(by, "role_granted", public_id, g.agency, client, {{"role", accounts::to_string(g.role)}, {"user", username}}), now);
      }
      im.audit.append(c, by_entry(by, "staff_created", public_id, grants.empty() ? "" : grants[0].agency, client, {{"user", username}}), now);
    });
  } catch (const store::UniqueViolation&) {
    throw DomainError(ErrorKind::conflict, "username_taken", "Tên đăng nhập \"" + username + "\" đã được dùng.", {{"username", "Tên đăng nhập đã được dùng."}});
  }
  return public_id;
}

void AccountService::set_roles(const std::string& public_id, const std::vector<accounts::Grant>& grants, const Principal& by,
                               const ClientInfo& client) {
  auto& im = *impl_;
  auto ag = im.agencies.snapshot();
  auto in_scope = [&](const std::string& code) {
    for (const auto& a : by.agencies_with(accounts::Role::admin))
      if (ag->within(code, a)) return true;
    return false;
  };
  for (const auto& g : grants)
    if (!ag->find(g.agency) || !in_scope(g.agency))
      throw DomainError(ErrorKind::forbidden, "out_of_scope", "Bạn chỉ được phân quyền trong phạm vi cơ quan mình quản trị (" + g.agency + ").");
  int64_t now = fmt::now_ms();
  im.db.write([&](store::Conn& c) {
    auto u = im.find_user(c, "public_id", public_id);
    if (!u || u->kind != "staff") throw DomainError(ErrorKind::not_found, "user_not_found", "Không tìm thấy cán bộ.");
    auto current = im.grants_of(c, u->id);
    // Roles outside the admin's scope are kept untouched; roles inside are replaced by `grants`.
    for (const auto& g : current) {
      if (!in_scope(g.agency)) continue;
      bool keep = false;
      for (const auto& n : grants) keep |= n.role == g.role && n.agency == g.agency && n.unit == g.unit;
      if (keep) continue;
      c.exec("DELETE FROM user_roles WHERE user_id = $1 AND role = $2 AND unit_code = $4 AND agency_id = (SELECT id FROM agencies WHERE code = $3)",
             {u->id, std::string(accounts::to_string(g.role)), g.agency, g.unit});
      im.audit.append(c, by_entry(by, "role_revoked", public_id, g.agency, client, {{"role", accounts::to_string(g.role)}, {"user", u->username}}), now);
    }
    for (const auto& n : grants) {
      bool had = false;
      for (const auto& g : current) had |= n.role == g.role && n.agency == g.agency && n.unit == g.unit;
      if (had) continue;
      c.exec("INSERT INTO user_roles (user_id, role, agency_id, unit_code) SELECT $1, $2, id, $4 FROM agencies WHERE code = $3",
             {u->id, std::string(accounts::to_string(n.role)), n.agency, n.unit});
      im.audit.append(c, by_entry(by, "role_granted", public_id, n.agency, client, {{"role", accounts::to_string(n.role)}, {"user", u->username}}), now);
    }
  });
}

void AccountService::set_status(const std::string& public_id, const std::string& status, const Principal& by, const ClientInfo& client) {
  if (status != "active" && status != "disabled") throw DomainError(ErrorKind::bad_input, "bad_status", "Trạng thái chỉ nhận active hoặc disabled.");
  auto& im = *impl_;
  int64_t now = fmt::now_ms();
  im.db.write([&](store::Conn& c) {
    auto u = im.find_user(c, "public_id", public_id);
    if (!u) throw DomainError(ErrorKind::not_found, "user_not_found", "Không tìm thấy tài khoản.");
    if (u->id == by.user_id) throw DomainError(ErrorKind::conflict, "self_status", "Không thể tự khóa tài khoản của chính mình.");
    c.exec("UPDATE users SET status = $2, updated_at = $3 WHERE id = $1", {u->id, status, now});
    if (status == "disabled") c.exec("UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL", {u->id, now});
    auto g = im.grants_of(c, u->id);
    im.audit.append(c, by_entry(by, status == "disabled" ? "account_disabled" : "account_enabled", public_id, g.empty() ? "" : g[0].agency, client,
                                {{"user", u->username}}), now);
  });
}

std::string AccountService::create_citizen_at_desk(const json& in, const Principal& by, const ClientInfo& client) {
  auto& im = *impl_;
  std::vector<FieldError> errs;
  std::string id = str(in, "id_number"), name = str(in, "full_name"), dob = str(in, "date_of_birth"), phone = str(in, "phone");
  if (auto m = identity::check_cccd(id, current_year())) errs.push_back({"id_number", *m});
  if (name.empty()) errs.push_back({"full_name", "Vui lòng nhập họ tên công dân."});
  if (!fmt::parse_iso_date(dob)) errs.push_back({"date_of_birth", "Ngày sinh không hợp lệ."});
  if (!phone.empty() && !std::regex_match(phone, std::regex(R"((0|\+84)[0-9]{9,10})"))) errs.push_back({"phone", "Số điện thoại không hợp lệ."});
  if (!errs.empty()) throw DomainError(ErrorKind::invalid, "citizen_invalid", "Thông tin công dân chưa hợp lệ.", errs);
  std::string public_id = random_token(12), code;
  int64_t now = fmt::now_ms();
  std::string agency = by.agencies_with(accounts::Role::desk).empty() ? "" : by.agencies_with(accounts::Role::desk)[0];
  try {
    im.db.write([&](store::Conn& c) {
      if (im.find_user(c, "id_number", id))
        throw DomainError(ErrorKind::conflict, "already_registered", "Công dân này đã có tài khoản; hãy hướng dẫn khôi phục tài khoản.");
      int64_t uid = c.exec("INSERT INTO users (public_id, kind, username, id_number, full_name, date_of_birth, phone, status, created_by, created_at, "
                           "updated_at) VALUES ($1,'citizen',$2,$2,$3,$4,$5,'pending',$6,$7,$7) RETURNING id",
                           {public_id, id, name, dob, phone, by.username, now})
                        .rows.at(0)
                        .i64(0);
      code = im.issue_code(c, uid, "activation", now);
      im.audit.append(c, by_entry(by, "citizen_created_at_desk", public_id, agency, client, {{"id_number_last4", id.substr(8)}}), now);
    });
  } catch (const store::UniqueViolation&) {
    throw DomainError(ErrorKind::conflict, "already_registered", "Công dân này đã có tài khoản.");
  }
  return code;
}

std::string AccountService::recover_at_desk(const std::string& id_number, const std::string& new_phone, const Principal& by,
                                            const ClientInfo& client) {
  auto& im = *impl_;
  std::string phone = text::trim(new_phone);
  if (!phone.empty() && !std::regex_match(phone, std::regex(R"((0|\+84)[0-9]{9,10})")))
    throw DomainError(ErrorKind::invalid, "bad_phone", "Số điện thoại mới không hợp lệ.", {{"phone", "Số điện thoại không hợp lệ."}});
  int64_t now = fmt::now_ms();
  std::string code;
  std::string agency = by.agencies_with(accounts::Role::desk).empty() ? "" : by.agencies_with(accounts::Role::desk)[0];
  im.db.write([&](store::Conn& c) {
    auto u = im.find_user(c, "id_number", text::trim(id_number));
    if (!u || u->kind != "citizen")
      throw DomainError(ErrorKind::not_found, "user_not_found", "Không có tài khoản công dân với số định danh này; có thể tạo tài khoản mới.");
    if (u->status == "disabled") throw DomainError(ErrorKind::conflict, "account_disabled", "Tài khoản đã bị khóa; liên hệ quản trị.");
    if (!phone.empty()) c.exec("UPDATE users SET phone = $2, phone_verified = 1, updated_at = $3 WHERE id = $1", {u->id, phone, now});
    c.exec("UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL", {u->id, now});
    code = im.issue_code(c, u->id, "activation", now);
    im.audit.append(c, by_entry(by, "account_recovered_at_desk", u->public_id, agency, client, {{"phone_changed", !phone.empty()}}), now);
  });
  return code;
}

LoginResult AccountService::link_national_identity(const std::string& subject, const std::string& id_number, const std::string& full_name,
                                                   const ClientInfo& client) {
  auto& im = *impl_;
  if (identity::check_cccd(id_number, current_year()))
    throw DomainError(ErrorKind::unauthorized, "bad_identity", "Danh tính từ hệ thống định danh quốc gia không có số định danh hợp lệ.");
  int64_t now = fmt::now_ms();
  LoginResult res;
  im.db.write([&](store::Conn& c) {
    auto u = im.find_user(c, "id_number", id_number);
    if (u && !u->totp_secret.empty() && u->kind == "staff")
      throw DomainError(ErrorKind::forbidden, "staff_sso", "Tài khoản cán bộ đăng nhập bằng tên đăng nhập và mã OTP.");
    if (u) {
      auto other = c.exec("SELECT oidc_subject FROM users WHERE id = $1", {u->id});
      std::string sub = other.rows.at(0).str(0);
      if (!sub.empty() && sub != subject)
        throw DomainError(ErrorKind::conflict, "identity_mismatch", "Tài khoản này đã liên kết với một danh tính quốc gia khác.");
      if (u->status == "disabled") throw DomainError(ErrorKind::forbidden, "account_disabled", "Tài khoản đã bị khóa.");
      c.exec("UPDATE users SET oidc_subject = $2, national_id_verified = 1, status = 'active', updated_at = $3 WHERE id = $1", {u->id, subject, now});
    } else {
      c.exec("INSERT INTO users (public_id, kind, username, id_number, full_name, status, national_id_verified, oidc_subject, created_by, "
             "created_at, updated_at) VALUES ($1,'citizen',$2,$2,$3,'active',1,$4,'vneid',$5,$5)",
             {random_token(12), id_number, text::nfc(full_name), subject, now});
    }
    auto fresh = im.find_user(c, "id_number", id_number);
    res.token = im.create_session(c, fresh->id, "web", false, client, now);
    res.principal = im.principal_of(c, *fresh, false);
    im.audit_entry(c, &*fresh, u ? "login_national_id" : "register_national_id", fresh->public_id, client, json::object(), now);
  });
  return res;
}

json AccountService::user_json(const std::string& public_id) {
  auto& im = *impl_;
  json out;
  im.db.read([&](store::Conn& c) {
    auto r = c.exec("SELECT public_id, kind, username, full_name, phone, email, status, national_id_verified, totp_secret IS NOT NULL, "
                    "date_of_birth, id FROM users WHERE public_id = $1",
                    {public_id});
    if (r.rows.empty()) throw DomainError(ErrorKind::not_found, "user_not_found", "Không tìm thấy tài khoản.");
    const auto& row = r.rows[0];
    json roles = json::array();
    for (const auto& g : im.grants_of(c, row.i64(10)))
      roles.push_back({{"role", accounts::to_string(g.role)}, {"role_label", accounts::label_vi(g.role)}, {"agency", g.agency}, {"unit", g.unit}});
    out = {{"id", row.str(0)},          {"kind", row.str(1)},  {"username", row.str(2)},
           {"full_name", row.str(3)},   {"phone", row.str(4)}, {"email", row.str(5)},
           {"status", row.str(6)},      {"national_id_verified", row.i64(7) != 0},
           {"totp_enabled", row.i64(8) != 0}, {"date_of_birth", row.str(9)}, {"roles", roles}};
  });
  return out;
}

catalog::AccountFacts AccountService::account_facts(int64_t user_id) {
  catalog::AccountFacts f;
  auto r = impl_->db.query("SELECT full_name, COALESCE(id_number, ''), COALESCE(tax_code, ''), date_of_birth, phone, email, representative, "
                           "national_id_verified FROM users WHERE id = $1 AND kind <> 'staff'",
                           {user_id});
  if (r.rows.empty()) return f;
  const auto& x = r.rows[0];
  f.full_name = x.str(0);
  f.id_number = x.str(1);
  f.tax_code = x.str(2);
  f.date_of_birth = x.str(3);
  f.phone = x.str(4);
  f.email = x.str(5);
  f.representative = x.str(6);
  f.verified = x.i64(7) != 0;
  if (!f.tax_code.empty()) f.organisation_name = f.full_name;  // an organisation's account holds its own name
  return f;
}

json AccountService::list_users(const std::string& agency_scope, const std::string& q, int page, int per_page, int* total) {
  auto& im = *impl_;
  auto ag = im.agencies.snapshot();
  // Staff with at least one role inside the scope subtree.
  std::vector<std::string> codes;
  for (const auto& a : ag->agencies)
    if (agency_scope.empty() || ag->within(a.code, agency_scope)) codes.push_back(a.code);
  json items = json::array();
  if (codes.empty()) {
    *total = 0;
    return items;
  }
  std::vector<store::Value> p;
  std::string in;
  for (const auto& c : codes) {
    p.push_back(c);
    in += (in.empty() ? "$" : ",$") + std::to_string(p.size());
  }
  std::string where = "u.kind = 'staff' AND u.id IN (SELECT r.user_id FROM user_roles r JOIN agencies a ON a.id = r.agency_id WHERE a.code IN (" + in + "))";
  if (!q.empty()) {
    p.push_back("%" + q + "%");
    where += " AND (u.username LIKE $" + std::to_string(p.size()) + " OR u.full_name LIKE $" + std::to_string(p.size()) + ")";
  }
  im.db.read([&](store::Conn& c) {
    *total = static_cast<int>(c.exec("SELECT COUNT(*) FROM users u WHERE " + where, p).rows.at(0).i64(0));
    auto pp = p;
    pp.push_back(static_cast<int64_t>(per_page));
    pp.push_back(static_cast<int64_t>((page - 1) * per_page));
    auto r = c.exec("SELECT u.id, u.public_id, u.username, u.full_name, u.status, u.totp_secret IS NOT NULL FROM users u WHERE " + where +
                        " ORDER BY u.username LIMIT $" + std::to_string(pp.size() - 1) + " OFFSET $" + std::to_string(pp.size()),
                    pp);
    // Roles of the page's users in one query (no N+1).
    std::map<int64_t, json> roles;
    if (!r.rows.empty()) {
      std::vector<store::Value> ids;
      std::string idin;
      for (const auto& row : r.rows) {
        ids.push_back(row.i64(0));
        idin += (idin.empty() ? "$" : ",$") + std::to_string(ids.size());
      }
      auto rr = c.exec("SELECT r.user_id, r.role, a.code, a.name, r.unit_code FROM user_roles r JOIN agencies a ON a.id = r.agency_id WHERE r.user_id IN (" +
                           idin + ") ORDER BY r.id",
                       ids);
      for (const auto& row : rr.rows) {
        auto role = accounts::parse_role(row.str(1));
        roles[row.i64(0)].push_back({{"role", row.str(1)}, {"role_label", role ? accounts::label_vi(*role) : row.str(1)}, {"agency", row.str(2)},
                                     {"agency_name", row.str(3)}, {"unit", row.str(4)}});
      }
    }
    for (const auto& row : r.rows)
      items.push_back({{"id", row.str(1)}, {"username", row.str(2)}, {"full_name", row.str(3)}, {"status", row.str(4)},
                       {"totp_enabled", row.i64(5) != 0}, {"roles", roles.count(row.i64(0)) ? roles[row.i64(0)] : json::array()}});
  });
  return items;
}

std::optional<Principal> AccountService::principal_by_username(const std::string& username) {
  std::optional<Principal> p;
  impl_->db.read([&](store::Conn& c) {
    if (auto u = impl_->find_user(c, "username", username)) p = impl_->principal_of(c, *u, false);
  });
  return p;
}

void AccountService::create_demo_accounts() {
  auto& im = *impl_;
  int64_t now = fmt::now_ms();
  std::string hash = im.hasher.hash("demo1234");
  struct Demo {
    const char* username;
    const char* name;
    const char* kind;
    std::vector<std::tuple<const char*, const char*, const char*>> roles;  // role, agency, unit
  };
  const char* bensung = "000.01.25.H56";
  const char* thanhhoa = "000.00.00.H56";
  std::vector<Demo> demos = {
      {"001090000001", "Nguyễn Văn An", "citizen", {}},
      {"motcua.bensung", "Lê Thị Hoa", "staff", {{"desk", bensung, "MC"}}},
      {"tuphap.bensung", "Trần Văn Bình", "staff", {{"specialist", bensung, "TP"}}},
      {"lanhdao.bensung", "Phạm Văn Cường", "staff", {{"leader", bensung, "LD"}}},
      {"quantri", "Hoàng Minh Đức", "staff", {{"admin", thanhhoa, ""}, {"catalog", thanhhoa, "KSTT"}}},
      {"buudien.bensung", "Vũ Thị Lan", "staff", {{"post", bensung, ""}}},
      {"giamsat.thanhhoa", "Đỗ Quang Minh", "staff", {{"supervisor", thanhhoa, ""}}},
  };
  im.db.write([&](store::Conn& c) {
    for (const auto& d : demos) {
      if (im.find_user(c, "username", d.username)) continue;
      bool citizen = std::string(d.kind) == "citizen";
      int64_t id = c.exec("INSERT INTO users (public_id, kind, username, id_number, full_name, date_of_birth, phone, email, password_hash, status, "
                          "phone_verified, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'active',1,'demo',$10,$10) RETURNING id",
                          {random_token(12), std::string(d.kind), std::string(d.username),
                           citizen ? store::Value(std::string(d.username)) : store::Value(nullptr), std::string(d.name),
                           std::string(citizen ? "1990-05-12" : ""), std::string("0912345678"),
                           std::string(d.username) + "@demo.motcua.vn", hash, now})
                       .rows.at(0)
                       .i64(0);
      for (const auto& [role, agency, unit] : d.roles)
        c.exec("INSERT INTO user_roles (user_id, role, agency_id, unit_code) SELECT $1, $2, id, $4 FROM agencies WHERE code = $3",
               {id, std::string(role), std::string(agency), std::string(unit)});
    }
    AuditEntry e;
    e.actor = "system";
    e.action = "demo_accounts_created";
    im.audit.append(c, e, now);
  });
}

}  // namespace motcua::services
