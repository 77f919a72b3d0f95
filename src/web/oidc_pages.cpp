// Single sign-on with the national identity provider (OpenID Connect, R44): /dang-nhap/vneid starts
// the authorization-code flow with PKCE; /oidc/callback verifies the result and links the account by
// the identification number in the ID token (AccountService::link_national_identity).
#include "web/pages.h"
#include "routes/auth.h"
#include "domain/format.h"
#include "services/oidc/oidc_client.h"

namespace motcua::web {

using namespace routes;

void register_oidc_routes(http::Router& r, Context& ctx, oidc::OidcClient* client) {
  r.add("GET", "/dang-nhap/vneid", "public",
        [&ctx, client](http::Request& req) {
          if (!client) return ctx.views.error_page(req, 404, "Đăng nhập bằng định danh điện tử chưa được cấu hình trên hệ thống này.");
          auto a = client->begin();
          ctx.oidc_flows.save(a, safe_next(req.query_param("next").value_or("/")), fmt::now_ms());
          return http::Response::redirect(a.authorization_url, 302);
        },
        {.summary = "Start sign-in with the national identity provider (OIDC + PKCE)"});
  r.add("GET", "/oidc/callback", "public",
        [&ctx, client](http::Request& req) {
          if (!client) return ctx.views.error_page(req, 404, "Đăng nhập bằng định danh điện tử chưa được cấu hình trên hệ thống này.");
          if (auto err = req.query_param("error")) {
            // Consume the flow so the state cannot be replayed.
            if (auto st = req.query_param("state")) try { ctx.oidc_flows.take(*st, fmt::now_ms()); } catch (...) {}
            return ctx.views.error_page(req, 401, "Bạn đã hủy hoặc hệ thống định danh từ chối đăng nhập.");
          }
          auto code = req.query_param("code"), state = req.query_param("state");
          if (!code || !state) return ctx.views.error_page(req, 400, "Thiếu mã xác thực từ hệ thống định danh.");
          auto flow = ctx.oidc_flows.take(*state, fmt::now_ms());
          auto id = client->finish(*code, flow);
          auto res = ctx.accounts.link_national_identity(id.sub, id.id_number, id.name, client_of(req));
          http::Response out = http::Response::redirect(safe_next(flow.return_to));
          set_session_cookie(out, res.token, ctx.site.secure_cookies);
          web::rotate_csrf(req, out);
          return out;
        },
        {.summary = "OIDC redirect target: verify the ID token, link the account, sign in"});
}

}  // namespace motcua::web
