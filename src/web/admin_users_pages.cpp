// Staff administration pages (policy users.admin), the desk's account creation for a walk-in citizen
// (policy staff + role desk) and the audit log viewer (policy audit.read). Plain HTML forms without
// JavaScript: POST → CSRF check → 303 → GET with ?ok=…; a DomainError re-renders the form with the
// values typed (never passwords) and the field errors.
//
// Admin scope (same rule as /api/v1/admin/users): an admin sees and manages only staff having a role
// inside one of the agencies where the admin holds `admin`; any other account is a 404 (no IDOR).
#include <algorithm>
#include <map>

#include "http/params.h"
#include "web/pages.h"
#include "routes/auth.h"
#include "domain/format.h"
#include "domain/text.h"

namespace motcua::web {

using namespace routes;

using nlohmann::json;
using Form = std::vector<std::pair<std::string, std::string>>;
using accounts::Role;

namespace {

const std::string kBase = "/quan-tri/nguoi-dung";
const char* const kCsrf = "Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ. Vui lòng tải lại trang và gửi lại.";
constexpr int kNewRows = 3;  // grant rows on the create form
constexpr int kAddRows = 2;  // "add a role" rows on the detail page

std::string get(const Form& f, const std::string& k) {
  for (const auto& [a, b] : f)
    if (a == k) return text::trim(text::nfc(b));
  return "";
}
std::vector<std::string> all(const Form& f, const std::string& k) {
  std::vector<std::string> out;
  for (const auto& [a, b] : f)
    if (a == k) out.push_back(b);
  return out;
}
json opt(const std::string& s) { return s.empty() ? json(false) : json(s); }

int status_of(const DomainError& e) { return http_status(e.kind()); }

// ---------- scope ----------

struct Scope {
  std::shared_ptr<const services::AgencySnapshot> ag;
  std::vector<std::string> roots;  // admin agencies, none nested in another
  bool contains(const std::string& code) const {
    for (const auto& r : roots)
      if (ag->within(code, r)) return true;
    return false;
  }
  std::string name(const std::string& code) const {
    const auto* a = ag->find(code);
    return a ? a->name : code;
  }
  std::string unit_name(const std::string& agency, const std::string& unit) const {
    if (const auto* a = ag->find(agency))
      for (const auto& u : a->units)
        if (u.code == unit) return u.name;
    return unit;
  }
};

Scope admin_scope(Context& ctx, const http::Request& req) {
  Scope s{ctx.agencies.snapshot(), {}};
  auto mine = principal(req).agencies_with(Role::admin);
  for (const auto& a : mine) {
    bool nested = false;
    for (const auto& b : mine) nested |= b != a && s.ag->within(a, b);
    if (!nested && std::find(s.roots.begin(), s.roots.end(), a) == s.roots.end()) s.roots.push_back(a);
  }
  return s;
}

// The staff account `id` if one of its roles lies inside my scope; a 404 otherwise (also for citizens).
json user_in_scope(Context& ctx, const Scope& s, const std::string& id) {
  json u;
  try {
    u = ctx.accounts.user_json(id);
  } catch (const DomainError&) {
    u = nullptr;
  }
  bool visible = u.is_object() && u["kind"] == "staff";
  if (visible) {
    visible = false;
    for (const auto& r : u["roles"]) visible |= s.contains(r["agency"].get<std::string>());
  }
  if (!visible) throw DomainError(ErrorKind::not_found, "user_not_found", "Không tìm thấy cán bộ trong phạm vi quản trị của bạn.");
  return u;
}

// ---------- role / agency / unit selects ----------

struct Row {
  std::string role, agency, unit, error;
};

json role_options(const std::string& selected) {
  json out = json::array();
  for (Role r : accounts::all_roles()) {
    std::string v(accounts::to_string(r));
    out.push_back({{"value", v}, {"label", std::string(accounts::label_vi(r))}, {"selected", v == selected}});
  }
  return out;
}

json agency_options(const Scope& s, const std::string& selected) {
  json out = json::array();
  for (const auto& a : s.ag->agencies) {
    if (!s.contains(a.code)) continue;
    std::string indent;
    for (const auto* p = &a; p && !p->parent_code.empty() && std::find(s.roots.begin(), s.roots.end(), p->code) == s.roots.end();
         p = s.ag->find(p->parent_code))
      indent += "— ";
    out.push_back({{"value", a.code}, {"label", indent + a.name + " (" + a.code + ")"}, {"selected", a.code == selected}});
  }
  return out;
}

// Distinct unit codes of my subtree ("MC – Bộ phận Một cửa"); the server checks the chosen agency has it.
json unit_options(const Scope& s, const std::string& selected) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::string>> names;
  for (const auto& a : s.ag->agencies) {
    if (!s.contains(a.code)) continue;
    for (const auto& u : a.units) {
      auto& n = names[u.code];
      if (n.empty()) order.push_back(u.code);
      if (std::find(n.begin(), n.end(), u.name) == n.end() && n.size() < 2) n.push_back(u.name);
    }
  }
  json out = json::array();
  for (const auto& c : order) {
    std::string label = c + " – " + names[c][0] + (names[c].size() > 1 ? " / " + names[c][1] : "");
    out.push_back({{"value", c}, {"label", label}, {"selected", c == selected}});
  }
  return out;
}

json row_json(const Scope& s, int n, const Row& r) {
  return {{"n", n},          {"roles", role_options(r.role)}, {"agencies", agency_options(s, r.agency)},
          {"units", unit_options(s, r.unit)}, {"error", opt(r.error)}, {"first", n == 1}};
}

// Reads rows role_N/agency_N/unit_N; checks each non-empty row. `grants` gets the valid ones and
// `row_of[i]` the row number of grants[i]. Returns false when a row has an error.
bool read_rows(const Form& f, int count, const Scope& s, std::vector<Row>& rows, std::vector<accounts::Grant>& grants,
               std::vector<int>& row_of) {
  bool ok = true;
  rows.clear();
  for (int n = 1; n <= count; ++n) {
    std::string k = std::to_string(n);
    Row r{get(f, "role_" + k), get(f, "agency_" + k), get(f, "unit_" + k), ""};
    auto role = accounts::parse_role(r.role);
    const auto* a = s.ag->find(r.agency);
    if (r.role.empty() && r.agency.empty() && r.unit.empty()) {
    } else if (!role) {
      r.error = "Vui lòng chọn vai trò.";
    } else if (!a || !s.contains(r.agency)) {
      r.error = "Vui lòng chọn cơ quan trong phạm vi bạn quản trị.";
    } else if (!r.unit.empty() && std::none_of(a->units.begin(), a->units.end(), [&](const auto& u) { return u.code == r.unit; })) {
      r.error = a->name + " không có bộ phận mã " + r.unit + ".";
    } else {
      bool dup = false;
      for (const auto& g : grants) dup |= g.role == *role && g.agency == r.agency && g.unit == r.unit;
      if (!dup) {
        grants.push_back({*role, r.agency, r.unit});
        row_of.push_back(n);
      }
    }
    ok = ok && r.error.empty();
    rows.push_back(r);
  }
  return ok;
}

json rows_json(const Scope& s, const std::vector<Row>& rows) {
  json out = json::array();
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(row_json(s, static_cast<int>(i) + 1, rows[i]));
  return out;
}

json status_view(const std::string& st) {
  if (st == "active") return {{"code", st}, {"label", "Đang hoạt động"}, {"cls", "tag-full"}};
  if (st == "disabled") return {{"code", st}, {"label", "Đã khóa"}, {"cls", "tag-bad"}};
  return {{"code", st}, {"label", "Chờ kích hoạt"}, {"cls", "tag-warn"}};
}

// ---------- list ----------

http::Response list_page(Context& ctx, http::Request& req) {
  Scope s = admin_scope(ctx, req);
  std::string q = http::str_param(req, "q", 100, "Từ khóa");
  int page = http::int_param(req, "page", 1, 1, 100000, "Số trang");
  const int per = 20;
  json items = json::array();
  int total = 0;
  if (s.roots.size() == 1) {
    items = ctx.accounts.list_users(s.roots[0], q, page, per, &total);
  } else {  // disjoint subtrees: merge their first page*per users, sorted by username
    std::map<std::string, json> merged;
    for (const auto& root : s.roots) {
      int t = 0;
      for (auto& u : ctx.accounts.list_users(root, q, 1, page * per, &t)) merged.emplace(u["username"].get<std::string>(), u);
      total += t;
    }
    int i = 0;
    for (auto& [name, u] : merged)
      if (i++ >= (page - 1) * per && static_cast<int>(items.size()) < per) items.push_back(u);
  }
  json rows = json::array();
  for (auto& u : items) {
    json roles = json::array();
    for (const auto& r : u["roles"])
      roles.push_back({{"label", r["role_label"]}, {"agency", r["agency_name"]}, {"unit", opt(r["unit"])},
                       {"unit_name", s.unit_name(r["agency"], r["unit"])}});
    rows.push_back({{"id", u["id"]}, {"url", kBase + "/" + u["id"].get<std::string>()}, {"username", u["username"]},
                    {"full_name", u["full_name"]}, {"status", status_view(u["status"])}, {"totp", u["totp_enabled"]}, {"roles", roles}});
  }
  json scope_names = json::array();
  for (const auto& r : s.roots) scope_names.push_back(s.name(r));
  json d = {{"title", "Quản trị người dùng"}, {"q", q}, {"rows", rows}, {"total", total}, {"none", rows.empty()},
            {"scope", scope_names}, {"pagination", web::pagination(kBase, {{"q", q}}, page, per, total)}};
  return ctx.views.page(req, 200, "admin_users", d, "users");
}

// ---------- create ----------

http::Response new_page(Context& ctx, http::Request& req) {
  Scope s = admin_scope(ctx, req);
  json d = {{"title", "Thêm cán bộ"}, {"v", json::object()}, {"e", json::object()}};
  std::vector<Row> rows(kNewRows);
  if (req.method == "GET") {
    if (!s.roots.empty()) rows[0].agency = s.roots[0];
    d["rows"] = rows_json(s, rows);
    return ctx.views.page(req, 200, "admin_users_new", d, "users");
  }
  Form f = http::parse_urlencoded(req.body);
  if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
  json in = json::object();
  for (const char* k : {"username", "full_name", "phone", "email"}) {
    in[k] = get(f, k);
    d["v"][k] = in[k];
  }
  auto pw = all(f, "password");
  in["password"] = pw.empty() ? "" : pw[0];
  std::vector<accounts::Grant> grants;
  std::vector<int> row_of;
  bool ok = read_rows(f, kNewRows, s, rows, grants, row_of);
  if (ok && grants.empty()) {
    rows[0].error = "Cán bộ phải có ít nhất một vai trò.";
    ok = false;
  }
  int status = 422;
  if (ok) {
    json g = json::array();
    for (const auto& x : grants) g.push_back({{"role", accounts::to_string(x.role)}, {"agency", x.agency}, {"unit", x.unit}});
    in["grants"] = g;
    try {
      std::string id = ctx.accounts.create_staff(in, principal(req), client_of(req));
      return http::Response::redirect(kBase + "/" + id + "?ok=created");
    } catch (const DomainError& e) {
      status = status_of(e);
      for (const auto& fe : e.fields()) {
        size_t i = 0;
        if (fe.field.rfind("grants[", 0) == 0 && (i = std::stoul(fe.field.substr(7))) < row_of.size())
          rows[row_of[i] - 1].error = fe.message;
        else d["e"][fe.field] = fe.message;
      }
      d["error"] = e.what();
    }
  }
  if (!d.contains("error")) d["error"] = "Thông tin cán bộ chưa hợp lệ. Vui lòng kiểm tra các ô được đánh dấu.";
  d["rows"] = rows_json(s, rows);
  return ctx.views.page(req, status, "admin_users_new", d, "users");
}

// ---------- detail: roles editor, status ----------

http::Response detail_page(Context& ctx, const http::Request& req, const std::string& id, int status = 200, json extra = json::object()) {
  Scope s = admin_scope(ctx, req);
  json u = user_in_scope(ctx, s, id);
  json roles = json::array();
  for (const auto& r : u["roles"]) {
    std::string agency = r["agency"], unit = r["unit"];
    roles.push_back({{"label", r["role_label"]}, {"role", r["role"]}, {"agency", agency}, {"agency_name", s.name(agency)},
                     {"unit", opt(unit)}, {"unit_name", s.unit_name(agency, unit)}, {"in_scope", s.contains(agency)},
                     {"key", r["role"].get<std::string>() + "|" + agency + "|" + unit}});
  }
  static const std::map<std::string, std::string> flash = {
      {"created", "Đã tạo tài khoản cán bộ. Hãy trao tên đăng nhập và mật khẩu ban đầu cho cán bộ và đề nghị đổi mật khẩu khi đăng nhập lần đầu."},
      {"roles", "Đã cập nhật vai trò."},
      {"disabled", "Đã khóa tài khoản; mọi phiên đăng nhập của cán bộ này đã bị thu hồi."},
      {"enabled", "Đã mở khóa tài khoản."}};
  std::string ok = req.query_param("ok").value_or("");
  bool self = u["id"] == principal(req).public_id;
  json d = {{"title", "Cán bộ: " + u["full_name"].get<std::string>()}, {"u", u}, {"roles", roles}, {"base", kBase + "/" + id},
            {"status", status_view(u["status"])}, {"active", u["status"] == "active"}, {"self", self},
            {"flash", opt(flash.count(ok) ? flash.at(ok) : "")}, {"add_rows", rows_json(s, std::vector<Row>(kAddRows))}};
  for (auto it = extra.begin(); it != extra.end(); ++it) d[it.key()] = it.value();
  return ctx.views.page(req, status, "admin_users_detail", d, "users");
}

http::Response roles_post(Context& ctx, http::Request& req) {
  const std::string id = req.params.at("id");
  Scope s = admin_scope(ctx, req);
  json u = user_in_scope(ctx, s, id);
  Form f = http::parse_urlencoded(req.body);
  if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
  std::vector<accounts::Grant> grants;
  for (const auto& k : all(f, "keep")) {
    auto p1 = k.find('|'), p2 = k.find('|', p1 == std::string::npos ? 0 : p1 + 1);
    auto role = p2 == std::string::npos ? std::nullopt : accounts::parse_role(k.substr(0, p1));
    accounts::Grant g{role.value_or(Role::desk), role ? k.substr(p1 + 1, p2 - p1 - 1) : "", role ? k.substr(p2 + 1) : ""};
    bool dup = false;
    for (const auto& x : grants) dup |= x.role == g.role && x.agency == g.agency && x.unit == g.unit;
    if (role && !dup) grants.push_back(g);
  }
  std::vector<Row> rows;
  std::vector<int> row_of;
  bool ok = read_rows(f, kAddRows, s, rows, grants, row_of);
  bool outside = false;
  for (const auto& r : u["roles"]) outside |= !s.contains(r["agency"].get<std::string>());
  std::string error = ok ? "" : "Vai trò thêm mới chưa hợp lệ.";
  if (ok && grants.empty() && !outside)
    error = "Cán bộ phải có ít nhất một vai trò. Để ngừng sử dụng tài khoản, hãy khóa tài khoản.";
  int status = 422;
  if (error.empty()) {
    try {
      ctx.accounts.set_roles(id, grants, principal(req), client_of(req));
      return http::Response::redirect(kBase + "/" + id + "?ok=roles");
    } catch (const DomainError& e) {
      if (e.kind() == ErrorKind::not_found) throw;
      error = e.what();
      status = status_of(e);
    }
  }
  return detail_page(ctx, req, id, status, {{"roles_error", error}, {"add_rows", rows_json(s, rows)}});
}

http::Response status_post(Context& ctx, http::Request& req) {
  const std::string id = req.params.at("id");
  Scope s = admin_scope(ctx, req);
  user_in_scope(ctx, s, id);
  Form f = http::parse_urlencoded(req.body);
  if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
  std::string st = get(f, "status");
  try {
    ctx.accounts.set_status(id, st, principal(req), client_of(req));
    return http::Response::redirect(kBase + "/" + id + "?ok=" + (st == "disabled" ? "disabled" : "enabled"));
  } catch (const DomainError& e) {
    if (e.kind() == ErrorKind::not_found) throw;
    return detail_page(ctx, req, id, status_of(e), {{"status_error", e.what()}});
  }
}

// ---------- desk: account for a walk-in citizen ----------

http::Response desk_page(Context& ctx, http::Request& req) {
  const auto& me = principal(req);
  if (!me.has_role(Role::desk))
    return ctx.views.error_page(req, 403, "Chỉ cán bộ Bộ phận Một cửa được tạo tài khoản cho công dân.");
  auto ag = ctx.agencies.snapshot();
  auto desks = me.agencies_with(Role::desk);
  const auto* a = ag->find(desks.front());
  json d = {{"title", "Tạo tài khoản cho công dân"}, {"agency", a ? a->name : desks.front()}, {"v", json::object()}, {"e", json::object()}};
  if (req.method == "GET") return ctx.views.page(req, 200, "admin_users_desk", d);
  Form f = http::parse_urlencoded(req.body);
  if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
  if (get(f, "mode") == "recover") {
    // Lost phone: the officer has checked the CCCD card in person.
    d["rv"] = {{"id_number", get(f, "id_number")}, {"phone", get(f, "phone")}};
    try {
      std::string code = ctx.accounts.recover_at_desk(get(f, "id_number"), get(f, "phone"), me, client_of(req));
      d["done"] = {{"code", code}, {"username", get(f, "id_number")}, {"recovered", true},
                   {"activate_url", "/kich-hoat?u=" + http::percent_encode(get(f, "id_number"))}};
      return ctx.views.page(req, 200, "admin_users_desk", d);
    } catch (const DomainError& e) {
      d["recover_error"] = e.what();
      return ctx.views.page(req, status_of(e), "admin_users_desk", d);
    }
  }
  json in = json::object();
  for (const char* k : {"id_number", "full_name", "date_of_birth", "phone"}) {
    in[k] = get(f, k);
    d["v"][k] = in[k];
  }
  try {
    std::string code = ctx.accounts.create_citizen_at_desk(in, me, client_of(req));
    d["done"] = {{"code", code}, {"username", in["id_number"]}, {"full_name", in["full_name"]},
                 {"activate_url", "/kich-hoat?u=" + http::percent_encode(in["id_number"].get<std::string>())}};
    d["v"] = json::object();
    return ctx.views.page(req, 200, "admin_users_desk", d);
  } catch (const DomainError& e) {
    d["error"] = e.what();
    for (const auto& fe : e.fields()) d["e"][fe.field] = fe.message;
    if (e.code() == "already_registered") {
      d["e"]["id_number"] = e.what();
      d["rv"] = {{"id_number", in["id_number"]}};  // offer the recovery form, prefilled
    }
    return ctx.views.page(req, status_of(e), "admin_users_desk", d);
  }
}

// ---------- audit log viewer ----------

const std::vector<std::pair<std::string, std::string>>& action_labels() {
  static const std::vector<std::pair<std::string, std::string>> l = {
      {"login", "Đăng nhập"}, {"login_failed", "Đăng nhập thất bại"}, {"login_refused_locked", "Từ chối đăng nhập (tạm khóa)"},
      {"login_national_id", "Đăng nhập bằng định danh quốc gia"}, {"logout", "Đăng xuất"}, {"logout_everywhere", "Đăng xuất mọi thiết bị"},
      {"session_revoked", "Thu hồi phiên đăng nhập"}, {"register", "Đăng ký tài khoản"}, {"register_national_id", "Đăng ký qua định danh quốc gia"},
      {"verified", "Xác thực tài khoản"}, {"code_failed", "Nhập sai mã xác thực"}, {"code_resent", "Gửi lại mã xác thực"},
      {"account_activated", "Kích hoạt tài khoản"}, {"password_changed", "Đổi mật khẩu"}, {"password_reset_requested", "Yêu cầu đặt lại mật khẩu"},
      {"password_reset", "Đặt lại mật khẩu"}, {"totp_enrolled", "Bật xác thực hai lớp"}, {"staff_created", "Tạo tài khoản cán bộ"},
      {"role_granted", "Cấp vai trò"}, {"role_revoked", "Thu hồi vai trò"}, {"account_disabled", "Khóa tài khoản"},
      {"account_enabled", "Mở khóa tài khoản"}, {"citizen_created_at_desk", "Một cửa tạo tài khoản công dân"},
      {"demo_accounts_created", "Tạo tài khoản mẫu"}};
  return l;
}

std::string detail_text(const json& d) {
  if (!d.is_object()) return d.is_null() ? "" : d.dump();
  std::string out;
  for (auto it = d.begin(); it != d.end(); ++it) {
    out += (out.empty() ? "" : "; ") + it.key() + ": " + (it->is_string() ? it->get<std::string>() : it->dump());
    if (out.size() > 300) return out.substr(0, 300) + "…";
  }
  return out;
}

http::Response audit_page(Context& ctx, http::Request& req) {
  int page = http::int_param(req, "page", 1, 1, 100000, "Số trang");
  const int per = 50;
  std::string action = http::str_param(req, "action", 64, "Hành động"), actor = http::str_param(req, "actor", 64, "Người thực hiện");
  // Scope: exactly as GET /api/v1/audit.
  const auto& me = principal(req);
  auto ag = ctx.agencies.snapshot();
  std::vector<std::string> scope;
  bool province_wide = false;
  json scope_names = json::array();
  for (auto role : {Role::supervisor, Role::admin})
    for (const auto& a : me.agencies_with(role)) {
      const auto* x = ag->find(a);
      if (x && x->parent_code.empty()) province_wide = true;
      scope_names.push_back(x ? x->name : a);
      for (const auto& y : ag->agencies)
        if (ag->within(y.code, a)) scope.push_back(y.code);
    }
  if (province_wide) scope.clear();  // a province-level supervisor sees everything, incl. sign-ins
  // The check first: it seals what is pending, so the list below shows every entry in its place in the chain.
  auto v = ctx.audit_reader.verify();
  int total = 0;
  auto items = ctx.audit_reader.list(scope, action, actor, page, per, &total);
  std::map<std::string, std::string> labels(action_labels().begin(), action_labels().end());
  json rows = json::array();
  for (const auto& it : items) {
    std::string act = it["action"], agency = it["agency"];
    const auto* a = ag->find(agency);
    rows.push_back({{"seq", it["seq"]}, {"pending", it["pending"]}, {"at", it["at"]}, {"at_display", it["at_display"]}, {"actor", it["actor"]}, {"action", act},
                    {"action_label", labels.count(act) ? labels[act] : act}, {"target", opt(it["target"])},
                    {"agency", opt(agency)}, {"agency_name", a ? a->name : agency}, {"ip", opt(it["ip"])},
                    {"detail", opt(detail_text(it["detail"]))}});
  }
  json actions = json::array();
  bool known = action.empty();
  for (const auto& [code, label] : action_labels()) {
    actions.push_back({{"value", code}, {"label", label}, {"selected", code == action}});
    known |= code == action;
  }
  if (!known) actions.push_back({{"value", action}, {"label", action}, {"selected", true}});
  json integrity = {{"ok", v.ok}, {"rows", v.rows}, {"bad_seq", v.first_bad_seq}, {"problem", v.problem}};
  json d = {{"title", "Nhật ký hệ thống"}, {"rows", rows}, {"total", total}, {"none", rows.empty()}, {"actions", actions},
            {"actor", actor}, {"province_wide", province_wide}, {"scope", scope_names}, {"integrity", integrity},
            {"pagination", web::pagination("/giam-sat/nhat-ky", {{"action", action}, {"actor", actor}}, page, per, total)}};
  return ctx.views.page(req, 200, "audit", d, "audit");
}

}  // namespace

void register_admin_users(http::Router& r, Context& ctx) {
  r.add("GET", kBase, "users.admin", [&ctx](http::Request& req) { return list_page(ctx, req); },
        {.summary = "Staff of my agency subtree (search, pagination)"});
  for (const char* m : {"GET", "POST"})
    r.add(m, kBase + "/moi", "users.admin", [&ctx](http::Request& req) { return new_page(ctx, req); },
          {.body_limit = 16 * 1024, .summary = "Create a staff account with roles"});
  r.add("GET", kBase + "/{id}", "users.admin", [&ctx](http::Request& req) { return detail_page(ctx, req, req.params.at("id")); },
        {.summary = "One staff account: roles editor and status"});
  r.add("POST", kBase + "/{id}/vai-tro", "users.admin", [&ctx](http::Request& req) { return roles_post(ctx, req); },
        {.body_limit = 16 * 1024, .summary = "Replace the roles granted inside my scope"});
  r.add("POST", kBase + "/{id}/trang-thai", "users.admin", [&ctx](http::Request& req) { return status_post(ctx, req); },
        {.body_limit = 4096, .summary = "Enable or disable a staff account"});
  for (const char* m : {"GET", "POST"})
    r.add(m, "/mot-cua/tao-tai-khoan", "staff", [&ctx](http::Request& req) { return desk_page(ctx, req); },
          {.body_limit = 8192, .summary = "Desk creates an account for a walk-in citizen and hands over the activation code"});
  r.add("GET", "/giam-sat/nhat-ky", "audit.read", [&ctx](http::Request& req) { return audit_page(ctx, req); },
        {.summary = "Audit log viewer with the integrity check"});
}

}  // namespace motcua::web
