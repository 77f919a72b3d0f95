// Sign-in, sign-out, registration (citizen / organisation), verification code, password reset and
// desk activation, the account page (profile, my dossiers, sessions, password) and TOTP enrollment.
// Every POST checks the CSRF token; errors re-render the form with the values typed (never passwords).
#include "http/params.h"
#include "web/pages.h"
#include "routes/auth.h"
#include "domain/accounts/policy.h"
#include "domain/format.h"
#include "domain/text.h"

namespace motcua::web {

using namespace routes;

using nlohmann::json;
using Form = std::vector<std::pair<std::string, std::string>>;

namespace {

const char* const kCsrf = "Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ. Vui lòng tải lại trang và gửi lại.";

std::string get(const Form& f, const std::string& k) {
  for (const auto& [a, b] : f)
    if (a == k) return text::trim(text::nfc(b));
  return "";
}
std::string raw(const Form& f, const std::string& k) {
  for (const auto& [a, b] : f)
    if (a == k) return b;
  return "";
}

json errors_json(const DomainError& e) {
  json m = json::object();
  for (const auto& f : e.fields()) m[f.field] = f.message;
  return m;
}

int status_of(const DomainError& e) { return http_status(e.kind()); }

http::Response page(Context& ctx, const http::Request& req, int status, const std::string& tpl, json d) {
  return ctx.views.page(req, status, tpl, std::move(d), "account");
}

http::Response login_page(Context& ctx, http::Request& req) {
  json d = {{"title", "Đăng nhập"}, {"next", safe_next(req.query_param("next").value_or("/"))}, {"sso", ctx.site.sso}};
  std::string ok = req.query_param("ok").value_or("");
  if (ok == "verified") d["notice"] = "Tài khoản đã được kích hoạt. Mời bạn đăng nhập.";
  if (ok == "reset") d["notice"] = "Đã đặt mật khẩu mới. Mời bạn đăng nhập.";
  if (ok == "logout") d["notice"] = "Bạn đã đăng xuất.";
  if (req.method == "GET") return page(ctx, req, 200, "login", d);
  Form f = http::parse_urlencoded(req.body);
  if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
  d["username"] = get(f, "username");
  d["next"] = safe_next(get(f, "next"));
  try {
    auto res = ctx.accounts.login(get(f, "username"), raw(f, "password"), get(f, "otp"), "web", client_of(req));
    // No page asked for: officers land on their work, not on the public home page.
    std::string next = d["next"].get<std::string>();
    if (next == "/") next = std::string(accounts::landing_page(res.principal));
    http::Response out = http::Response::redirect(res.needs_totp_enrollment ? "/tai-khoan/otp" : next);
    set_session_cookie(out, res.token, ctx.site.secure_cookies);
    web::rotate_csrf(req, out);
    return out;
  } catch (const DomainError& e) {
    d["error"] = e.what();
    d["ask_otp"] = e.code() == "otp_required" || e.code() == "otp_invalid";
    return page(ctx, req, status_of(e), "login", d);
  }
}

http::Response register_page(Context& ctx, http::Request& req) {
  bool org = req.query_param("loai").value_or("") == "to-chuc";
  json d = {{"title", org ? "Đăng ký tài khoản tổ chức, doanh nghiệp" : "Đăng ký tài khoản công dân"}, {"org", org}, {"citizen", !org},
            {"v", json::object()}, {"e", json::object()}};
  // Where the new account goes once verified and signed in (e.g. back to the e-form it started from, whose
  // typed values the page keeps in this tab): carried through verification to the sign-in page.
  std::string next = safe_next(req.query_param("next").value_or("/"));
  d["next"] = next == "/" ? json(false) : json(next);
  if (req.method == "GET") return page(ctx, req, 200, "register", d);
  Form f = http::parse_urlencoded(req.body);
  if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
  next = safe_next(get(f, "next"));
  d["next"] = next == "/" ? json(false) : json(next);
  const std::string then = next == "/" ? "" : "&next=" + http::percent_encode(next);
  json in = json::object();
  for (const char* k : {"id_number", "full_name", "date_of_birth", "phone", "email", "tax_code", "name", "representative"}) {
    std::string v = get(f, k);
    if (!v.empty()) in[k] = v;
    d["v"][k] = v;
  }
  in["password"] = raw(f, "password");
  if (raw(f, "password") != raw(f, "password2")) {
    d["e"]["password2"] = "Mật khẩu nhập lại không khớp.";
    d["error"] = "Mật khẩu nhập lại không khớp.";
    return page(ctx, req, 422, "register", d);
  }
  if (org && !in.contains("tax_code")) in["tax_code"] = "";
  if (!org) in.erase("tax_code");
  try {
    if (org) ctx.accounts.register_organisation(in, client_of(req));
    else ctx.accounts.register_citizen(in, client_of(req));
    std::string username = org ? get(f, "tax_code") : get(f, "id_number");
    return http::Response::redirect("/xac-thuc?u=" + http::percent_encode(username) + (org ? "&kenh=email" : "") + then);
  } catch (const DomainError& e) {
    d["error"] = e.what();
    d["e"] = errors_json(e);
    return page(ctx, req, status_of(e), "register", d);
  }
}

http::Response verify_page(Context& ctx, http::Request& req) {
  bool email = req.query_param("kenh").value_or("") == "email";
  json d = {{"title", "Xác thực tài khoản"}, {"username", req.query_param("u").value_or("")}, {"email", email}};
  std::string next = safe_next(req.query_param("next").value_or("/"));
  d["next"] = next == "/" ? json(false) : json(next);
  if (req.method == "GET") return page(ctx, req, 200, "verify", d);
  Form f = http::parse_urlencoded(req.body);
  if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
  next = safe_next(get(f, "next"));
  d["next"] = next == "/" ? json(false) : json(next);
  d["username"] = get(f, "username");
  d["email"] = get(f, "purpose") == "verify_email";
  std::string purpose = get(f, "purpose") == "verify_email" ? "verify_email" : "verify_phone";
  try {
    if (!get(f, "resend").empty()) {
      ctx.accounts.resend_code(get(f, "username"), purpose, client_of(req));
      d["notice"] = "Đã gửi lại mã xác thực.";
      return page(ctx, req, 200, "verify", d);
    }
    ctx.accounts.verify_code(get(f, "username"), purpose, get(f, "code"), client_of(req));
    return http::Response::redirect("/dang-nhap?ok=verified" + (next == "/" ? std::string() : "&next=" + http::percent_encode(next)));
  } catch (const DomainError& e) {
    d["error"] = e.what();
    return page(ctx, req, status_of(e), "verify", d);
  }
}

http::Response forgot_page(Context& ctx, http::Request& req) {
  json d = {{"title", "Quên mật khẩu"}};
  if (req.method == "GET") return page(ctx, req, 200, "forgot", d);
  Form f = http::parse_urlencoded(req.body);
  if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
  ctx.accounts.request_password_reset(get(f, "username"), client_of(req));
  return http::Response::redirect("/dat-lai-mat-khau?u=" + http::percent_encode(get(f, "username")));
}

http::Response reset_page(Context& ctx, http::Request& req, bool activation) {
  json d = {{"title", activation ? "Kích hoạt tài khoản" : "Đặt lại mật khẩu"}, {"activation", activation},
            {"action", activation ? "/kich-hoat" : "/dat-lai-mat-khau"}, {"username", req.query_param("u").value_or("")}};
  if (req.method == "GET") return page(ctx, req, 200, "reset", d);
  Form f = http::parse_urlencoded(req.body);
  if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
  d["username"] = get(f, "username");
  if (raw(f, "password") != raw(f, "password2")) {
    d["error"] = "Mật khẩu nhập lại không khớp.";
    return page(ctx, req, 422, "reset", d);
  }
  try {
    ctx.accounts.reset_password(get(f, "username"), get(f, "code"), raw(f, "password"), client_of(req));
    return http::Response::redirect("/dang-nhap?ok=reset");
  } catch (const DomainError& e) {
    d["error"] = e.what();
    return page(ctx, req, status_of(e), "reset", d);
  }
}

http::Response account_page(Context& ctx, http::Request& req, int status = 200, json extra = json::object()) {
  const auto& me = principal(req);
  json u = ctx.accounts.user_json(me.public_id);
  json sessions = json::array();
  for (const auto& s : ctx.accounts.sessions(me.user_id, presented_token(req)))
    sessions.push_back({{"id", s.id}, {"kind", s.kind == "api" ? "Ứng dụng (API)" : "Trình duyệt"}, {"ip", s.ip}, {"agent", text::display_text(s.user_agent, 80)},
                        {"since", fmt::datetime(s.created_at)}, {"seen", fmt::datetime(s.last_seen_at)}, {"current", s.current}});
  json d = {{"title", "Tài khoản của tôi"}, {"u", u}, {"sessions", sessions}, {"staff", me.kind == accounts::Kind::staff},
            {"citizen", me.kind != accounts::Kind::staff}, {"totp", u["totp_enabled"]}};
  if (me.kind != accounts::Kind::staff) {
    const auto list = ctx.dossiers.list(me, services::DossierService::ListFilter{});
    json rows = json::array();
    for (const auto& x : list.items)
      rows.push_back({{"code", x.code.empty() ? "(chưa có mã)" : x.code}, {"procedure", x.procedure_name},
                      {"status", services::status_label_vi(x.status)}, {"submitted", x.submitted_at ? fmt::date(x.submitted_at) : ""}});
    d["dossiers"] = rows;
    d["has_dossiers"] = !rows.empty();
    d["dossier_total"] = list.total;
  }
  std::string ok = req.query_param("ok").value_or("");
  if (ok == "password") d["notice"] = "Đã đổi mật khẩu.";
  if (ok == "revoked") d["notice"] = "Đã đăng xuất phiên đó.";
  if (ok == "otp") d["notice"] = "Đã bật xác thực hai lớp (OTP).";
  for (auto it = extra.begin(); it != extra.end(); ++it) d[it.key()] = it.value();
  return page(ctx, req, status, "account", d);
}

http::Response otp_page(Context& ctx, http::Request& req) {
  const auto& me = principal(req);
  json d = {{"title", "Xác thực hai lớp (OTP)"}, {"required", accounts::needs_second_factor(me)}};
  Form f;
  std::string secret;
  if (req.method == "POST") {
    f = http::parse_urlencoded(req.body);
    if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
    secret = get(f, "secret");
    try {
      ctx.accounts.confirm_totp(me.user_id, secret, get(f, "code"), client_of(req), presented_token(req));
      return http::Response::redirect("/tai-khoan?ok=otp");
    } catch (const DomainError& e) {
      d["error"] = e.what();
    }
  }
  std::string uri;
  if (secret.empty()) std::tie(secret, uri) = ctx.accounts.begin_totp(me.user_id);
  else uri = "otpauth://totp/motcua:" + me.username + "?secret=" + secret + "&issuer=motcua&digits=6&period=30";
  d["secret"] = secret;
  d["uri"] = uri;
  return page(ctx, req, d.contains("error") ? 422 : 200, "otp", d);
}

}  // namespace

void register_account_pages(http::Router& r, Context& ctx) {
  for (const char* m : {"GET", "POST"}) {
    r.add(m, "/dang-nhap", "public", [&ctx](http::Request& req) { return login_page(ctx, req); }, {.body_limit = 16 * 1024, .summary = "Sign-in page"});
    r.add(m, "/dang-ky", "public", [&ctx](http::Request& req) { return register_page(ctx, req); }, {.body_limit = 16 * 1024, .summary = "Registration page"});
    r.add(m, "/xac-thuc", "public", [&ctx](http::Request& req) { return verify_page(ctx, req); }, {.body_limit = 8192, .summary = "Enter the verification code"});
    r.add(m, "/quen-mat-khau", "public", [&ctx](http::Request& req) { return forgot_page(ctx, req); }, {.body_limit = 8192, .summary = "Forgotten password"});
    r.add(m, "/dat-lai-mat-khau", "public", [&ctx](http::Request& req) { return reset_page(ctx, req, false); }, {.body_limit = 8192, .summary = "Set a new password with the code"});
    r.add(m, "/kich-hoat", "public", [&ctx](http::Request& req) { return reset_page(ctx, req, true); }, {.body_limit = 8192, .summary = "Activate a desk-created account"});
    r.add(m, "/tai-khoan/otp", "enroll", [&ctx](http::Request& req) { return otp_page(ctx, req); }, {.body_limit = 8192, .summary = "TOTP enrollment"});
  }
  r.add("POST", "/dang-xuat", "public",
        [&ctx](http::Request& req) {
          Form f = http::parse_urlencoded(req.body);
          if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
          std::string t = presented_token(req);
          if (!t.empty()) ctx.accounts.logout(t, client_of(req));
          http::Response out = http::Response::redirect("/dang-nhap?ok=logout");
          clear_session_cookie(out, ctx.site.secure_cookies);
          web::rotate_csrf(req, out);
          return out;
        },
        {.body_limit = 4096, .summary = "Sign out"});
  r.add("GET", "/tai-khoan", "signed_in", [&ctx](http::Request& req) { return account_page(ctx, req); }, {.summary = "My account"});
  r.add("POST", "/tai-khoan/mat-khau", "signed_in",
        [&ctx](http::Request& req) {
          Form f = http::parse_urlencoded(req.body);
          if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
          try {
            if (raw(f, "password") != raw(f, "password2"))
              throw DomainError(ErrorKind::invalid, "mismatch", "Mật khẩu nhập lại không khớp.");
            ctx.accounts.change_password(principal(req).user_id, raw(f, "old_password"), raw(f, "password"), client_of(req));
            return http::Response::redirect("/tai-khoan?ok=password");
          } catch (const DomainError& e) {
            return account_page(ctx, req, status_of(e), {{"pw_error", e.what()}});
          }
        },
        {.body_limit = 8192, .summary = "Change my password"});
  r.add("POST", "/tai-khoan/phien/{id}/thu-hoi", "signed_in",
        [&ctx](http::Request& req) {
          if (!web::csrf_ok(req, http::parse_urlencoded(req.body))) return ctx.views.error_page(req, 403, kCsrf);
          ctx.accounts.revoke_session(principal(req).user_id, req.params.at("id"), client_of(req));
          return http::Response::redirect("/tai-khoan?ok=revoked");
        },
        {.body_limit = 4096, .summary = "Sign out one of my sessions"});
  r.add("POST", "/tai-khoan/dang-xuat-tat-ca", "signed_in",
        [&ctx](http::Request& req) {
          if (!web::csrf_ok(req, http::parse_urlencoded(req.body))) return ctx.views.error_page(req, 403, kCsrf);
          ctx.accounts.logout_everywhere(principal(req).user_id, client_of(req));
          http::Response out = http::Response::redirect("/dang-nhap?ok=logout");
          clear_session_cookie(out, ctx.site.secure_cookies);
          return out;
        },
        {.body_limit = 4096, .summary = "Sign out everywhere"});
}

}  // namespace motcua::web
