// JSON API of accounts: sign-in (bearer tokens), registration, verification, password reset, the
// current user and their sessions, staff administration and the audit log.
#include "api/api_util.h"
#include "api/routes.h"
#include "routes/auth.h"
#include "domain/format.h"

namespace motcua::api {

using namespace routes;

using nlohmann::json;

namespace {

std::string field(const json& b, const char* k) {
  return b.is_object() && b.contains(k) && b[k].is_string() ? b[k].get<std::string>() : "";
}

json principal_json(const accounts::Principal& p) {
  json roles = json::array();
  for (const auto& g : p.grants) roles.push_back({{"role", accounts::to_string(g.role)}, {"agency", g.agency}, {"unit", g.unit}});
  json names = json::array();
  for (const auto& g : p.grants) names.push_back(accounts::to_string(g.role));
  if (p.kind == accounts::Kind::citizen || p.kind == accounts::Kind::organisation) names.push_back(accounts::to_string(p.kind));
  return {{"id", p.public_id},
          {"username", p.username},
          {"full_name", p.full_name},
          {"kind", accounts::to_string(p.kind)},
          {"roles", names},
          {"grants", roles},
          {"national_id_verified", p.national_id_verified}};
}

std::vector<accounts::Grant> grants_from(const json& arr) {
  std::vector<accounts::Grant> g;
  if (!arr.is_array()) throw DomainError(ErrorKind::bad_input, "bad_grants", "Danh sách vai trò phải là một mảng.");
  for (const auto& x : arr) {
    auto role = accounts::parse_role(field(x, "role"));
    if (!role) throw DomainError(ErrorKind::invalid, "bad_role", "Vai trò \"" + field(x, "role") + "\" không hợp lệ.");
    g.push_back({*role, field(x, "agency"), field(x, "unit")});
  }
  return g;
}

// Admin scope: the agencies where the principal is admin; a user is visible when one of their roles is
// inside that scope.
void require_user_in_scope(Context& ctx, const http::Request& req, const json& user) {
  const auto& me = principal(req);
  auto ag = ctx.agencies.snapshot();
  for (const auto& r : user["roles"])
    for (const auto& a : me.agencies_with(accounts::Role::admin))
      if (ag->within(r["agency"].get<std::string>(), a)) return;
  throw DomainError(ErrorKind::not_found, "user_not_found", "Không tìm thấy cán bộ trong phạm vi quản trị của bạn.");
}

}  // namespace

void register_auth_api(http::Router& r, Context& ctx) {
  r.add("POST", "/api/v1/auth/login", "public",
        [&ctx](http::Request& req) {
          json b = api::json_body(req);
          auto res = ctx.accounts.login(field(b, "username"), field(b, "password"), field(b, "otp"), "api", client_of(req));
          json out = {{"token", res.token}, {"user", principal_json(res.principal)}};
          if (res.needs_totp_enrollment) out["needs_totp_enrollment"] = true;
          return api::ok(out);
        },
        {.body_limit = 16 * 1024, .summary = "Sign in; returns a bearer token"});
  r.add("POST", "/api/v1/auth/logout", "signed_in",
        [&ctx](http::Request& req) {
          ctx.accounts.logout(presented_token(req), client_of(req));
          return http::Response::json(200, R"({"status":"ok"})");
        },
        {.summary = "Revoke the presented token"});
  r.add("POST", "/api/v1/auth/register", "public",
        [&ctx](http::Request& req) {
          json b = api::json_body(req);
          std::string id = b.contains("tax_code") ? ctx.accounts.register_organisation(b, client_of(req))
                                                  : ctx.accounts.register_citizen(b, client_of(req));
          return api::ok({{"id", id}, {"status", "pending"},
                          {"message", "Đã gửi mã xác thực. Nhập mã để kích hoạt tài khoản."}}, 201);
        },
        {.body_limit = 16 * 1024, .summary = "Register a citizen (id_number…) or organisation (tax_code…)"});
  r.add("POST", "/api/v1/auth/verify", "public",
        [&ctx](http::Request& req) {
          json b = api::json_body(req);
          std::string purpose = field(b, "purpose").empty() ? "verify_phone" : field(b, "purpose");
          ctx.accounts.verify_code(field(b, "username"), purpose, field(b, "code"), client_of(req));
          return http::Response::json(200, R"({"status":"active"})");
        },
        {.body_limit = 4096, .summary = "Verify phone/e-mail with the one-time code"});
  r.add("POST", "/api/v1/auth/password-reset", "public",
        [&ctx](http::Request& req) {
          json b = api::json_body(req);
          if (b.contains("code")) {
            ctx.accounts.reset_password(field(b, "username"), field(b, "code"), field(b, "password"), client_of(req));
            return http::Response::json(200, R"({"status":"password_changed"})");
          }
          ctx.accounts.request_password_reset(field(b, "username"), client_of(req));
          return api::ok({{"status", "sent"}, {"message", "Nếu tài khoản tồn tại, mã đặt lại mật khẩu đã được gửi tới số điện thoại hoặc thư điện tử đã xác thực."}});
        },
        {.body_limit = 4096, .summary = "Request a reset code, or set a new password with the code"});
  r.add("GET", "/api/v1/me", "signed_in",
        [](http::Request& req) { return api::ok(principal_json(principal(req))); }, {.summary = "The signed-in user"});
  r.add("GET", "/api/v1/me/sessions", "signed_in",
        [&ctx](http::Request& req) {
          json items = json::array();
          for (const auto& s : ctx.accounts.sessions(principal(req).user_id, presented_token(req)))
            items.push_back({{"id", s.id}, {"kind", s.kind}, {"ip", s.ip}, {"user_agent", s.user_agent}, {"created_at", fmt::iso_datetime(s.created_at)},
                             {"last_seen_at", fmt::iso_datetime(s.last_seen_at)}, {"current", s.current}});
          return api::ok({{"items", items}});
        },
        {.summary = "My active sessions"});
  r.add("POST", "/api/v1/me/sessions/{id}/revoke", "signed_in",
        [&ctx](http::Request& req) {
          ctx.accounts.revoke_session(principal(req).user_id, req.params.at("id"), client_of(req));
          return http::Response::json(200, R"({"status":"revoked"})");
        },
        {.summary = "Revoke one of my sessions"});
  r.add("POST", "/api/v1/me/logout-all", "signed_in",
        [&ctx](http::Request& req) {
          ctx.accounts.logout_everywhere(principal(req).user_id, client_of(req));
          return http::Response::json(200, R"({"status":"ok"})");
        },
        {.summary = "Sign out everywhere"});

  // --- staff administration (policy users.admin: admin of an agency subtree) ---
  r.add("GET", "/api/v1/admin/users", "users.admin",
        [&ctx](http::Request& req) {
          int page = api::int_param(req, "page", 1, 1, 100000, "Số trang");
          int per = api::int_param(req, "per_page", 20, 1, 100, "Số kết quả mỗi trang");
          std::string q = api::str_param(req, "q", 100, "Từ khóa");
          const auto& me = principal(req);
          json items = json::array();
          int total = 0;
          for (const auto& scope : me.agencies_with(accounts::Role::admin)) {
            int t = 0;
            auto part = ctx.accounts.list_users(scope, q, page, per, &t);
            for (auto& x : part) items.push_back(std::move(x));
            total += t;
          }
          return api::ok({{"items", items}, {"total", total}, {"page", page}, {"per_page", per}});
        },
        {.summary = "Staff of my agency subtree"});
  r.add("POST", "/api/v1/admin/users", "users.admin",
        [&ctx](http::Request& req) {
          std::string id = ctx.accounts.create_staff(api::json_body(req), principal(req), client_of(req));
          return api::ok(ctx.accounts.user_json(id), 201);
        },
        {.body_limit = 16 * 1024, .summary = "Create a staff account with roles"});
  r.add("GET", "/api/v1/admin/users/{id}", "users.admin",
        [&ctx](http::Request& req) {
          json u = ctx.accounts.user_json(req.params.at("id"));
          if (u["kind"] != "staff") throw DomainError(ErrorKind::not_found, "user_not_found", "Không tìm thấy cán bộ.");
          require_user_in_scope(ctx, req, u);
          return api::ok(u);
        },
        {.summary = "One staff account"});
  r.add("PUT", "/api/v1/admin/users/{id}/roles", "users.admin",
        [&ctx](http::Request& req) {
          json b = api::json_body(req);
          json u = ctx.accounts.user_json(req.params.at("id"));
          if (u["kind"] != "staff") throw DomainError(ErrorKind::not_found, "user_not_found", "Không tìm thấy cán bộ.");
          if (!u["roles"].empty()) require_user_in_scope(ctx, req, u);
          ctx.accounts.set_roles(req.params.at("id"), grants_from(b.value("grants", json::array())), principal(req), client_of(req));
          return api::ok(ctx.accounts.user_json(req.params.at("id")));
        },
        {.body_limit = 16 * 1024, .summary = "Replace the roles granted inside my scope"});
  r.add("POST", "/api/v1/admin/users/{id}/status", "users.admin",
        [&ctx](http::Request& req) {
          json b = api::json_body(req);
          json u = ctx.accounts.user_json(req.params.at("id"));
          require_user_in_scope(ctx, req, u);
          ctx.accounts.set_status(req.params.at("id"), field(b, "status"), principal(req), client_of(req));
          return api::ok(ctx.accounts.user_json(req.params.at("id")));
        },
        {.body_limit = 4096, .summary = "Enable or disable an account"});

  // --- desk: account for a walk-in citizen (R12) ---
  r.add("POST", "/api/v1/desk/citizens", "staff",
        [&ctx](http::Request& req) {
          if (!principal(req).has_role(accounts::Role::desk))
            throw DomainError(ErrorKind::forbidden, "forbidden", "Chỉ cán bộ Bộ phận Một cửa được tạo tài khoản cho công dân.");
          std::string code = ctx.accounts.create_citizen_at_desk(api::json_body(req), principal(req), client_of(req));
          return api::ok({{"activation_code", code},
                          {"message", "Trao mã kích hoạt cho công dân; công dân dùng mã này để đặt mật khẩu tại trang Kích hoạt tài khoản (hiệu lực 7 ngày)."}},
                         201);
        },
        {.body_limit = 8192, .summary = "Desk creates an account for a walk-in citizen; returns the activation code"});

  r.add("POST", "/api/v1/desk/citizens/{id_number}/recovery", "staff",
        [&ctx](http::Request& req) {
          if (!principal(req).has_role(accounts::Role::desk))
            throw DomainError(ErrorKind::forbidden, "forbidden", "Chỉ cán bộ Bộ phận Một cửa được khôi phục tài khoản cho công dân.");
          json b = req.body.empty() ? json::object() : api::json_body(req);
          std::string code = ctx.accounts.recover_at_desk(req.params.at("id_number"), field(b, "phone"), principal(req), client_of(req));
          return api::ok({{"activation_code", code},
                          {"message", "Đã đăng xuất mọi phiên của tài khoản. Trao mã cho công dân để đặt mật khẩu mới tại trang Kích hoạt tài khoản."}});
        },
        {.body_limit = 4096, .summary = "Desk recovers a citizen's account after checking the CCCD in person"});

  // --- audit log (policy audit.read: supervisor or admin, scoped to their subtree) ---
  r.add("GET", "/api/v1/audit", "audit.read",
        [&ctx](http::Request& req) {
          int page = api::int_param(req, "page", 1, 1, 100000, "Số trang");
          int per = api::int_param(req, "per_page", 50, 1, 200, "Số kết quả mỗi trang");
          const auto& me = principal(req);
          auto ag = ctx.agencies.snapshot();
          std::vector<std::string> scope;
          bool province_wide = false;
          for (auto role : {accounts::Role::supervisor, accounts::Role::admin})
            for (const auto& a : me.agencies_with(role)) {
              const auto* x = ag->find(a);
              if (x && x->parent_code.empty()) province_wide = true;
              for (const auto& y : ag->agencies)
                if (ag->within(y.code, a)) scope.push_back(y.code);
            }
          if (province_wide) scope.clear();  // a province-level supervisor sees everything, incl. sign-ins
          int total = 0;
          auto items = ctx.audit_reader.list(scope, api::str_param(req, "action", 64, "Hành động"),
                                                api::str_param(req, "actor", 64, "Người thực hiện"), page, per, &total);
          return api::ok({{"items", items}, {"total", total}, {"page", page}, {"per_page", per}});
        },
        {.summary = "Audit log (newest first)"});
}

}  // namespace motcua::api
