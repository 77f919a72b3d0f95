// Dossier API, first slice: online submission, the desk's accept / refuse decisions, reading with
// access checks, and the public lookup by dossier code (R30).
#include "api/api_util.h"
#include "app/app.h"
#include "app/auth.h"

namespace motcua::app {

using nlohmann::json;

void register_dossiers_api(http::Router& r, Context& ctx) {
  r.add("POST", "/api/v1/dossiers", "citizen",
        [&ctx](http::Request& req) { return api::ok(ctx.dossiers.submit(api::json_body(req), principal(req), req.remote), 201); },
        {.body_limit = 256 * 1024, .summary = "Submit a dossier online (status 1), or save a draft with submit:false"});
  r.add("GET", "/api/v1/dossiers", "signed_in",
        [&ctx](http::Request& req) {
          int status = api::int_param(req, "status", -1, 0, 10, "Trạng thái");
          int page = api::int_param(req, "page", 1, 1, 100000, "Số trang");
          int per = api::int_param(req, "per_page", 20, 1, 100, "Số kết quả mỗi trang");
          return api::ok(ctx.dossiers.list(principal(req), status, api::str_param(req, "agency", 64, "Cơ quan"), page, per));
        },
        {.summary = "My dossiers (citizens) or my agencies' dossiers (staff): online first, then by due date"});
  r.add("GET", "/api/v1/dossiers/{id}", "signed_in",
        [&ctx](http::Request& req) { return api::ok(ctx.dossiers.get(req.params.at("id"), principal(req))); },
        {.summary = "One dossier with its history (404 for anyone who may not see it)"});
  r.add("POST", "/api/v1/dossiers/{id}/actions/{action}", "signed_in",
        [&ctx](http::Request& req) {
          const std::string& a = req.params.at("action");
          json b = req.body.empty() ? json::object() : api::json_body(req);
          if (a == "accept") return api::ok(ctx.dossiers.accept(req.params.at("id"), principal(req), req.remote));
          if (a == "refuse") return api::ok(ctx.dossiers.refuse(req.params.at("id"), b.value("reason", std::string()), principal(req), req.remote));
          return api::ok(ctx.dossiers.act(req.params.at("id"), a, b, principal(req), req.remote));
        },
        {.body_limit = 16 * 1024,
         .summary = "Transitions: accept, refuse, transfer, submit-for-approval, attach-result, approve, return-result, stop, withdraw, confirm-withdrawal"});
  r.add("GET", "/api/v1/dossiers/{id}/forms/{file}", "signed_in",
        [&ctx](http::Request& req) {
          std::string file = req.params.at("file");
          if (file.size() != 6 || file.substr(2) != ".pdf")
            throw DomainError(ErrorKind::not_found, "form_not_found", "Không có mẫu \"" + file + "\" (ví dụ 01.pdf).");
          std::string base = ctx.cfg.public_url.empty() ? "http://" + req.header("Host").value_or("127.0.0.1") : ctx.cfg.public_url;
          http::Response res;
          res.content_type = "application/pdf";
          res.body = ctx.dossiers.form_pdf(req.params.at("id"), file.substr(0, 2), principal(req), base);
          res.set("Content-Disposition", "inline; filename=\"mau-" + file + "\"");
          return res;
        },
        {.summary = "Slips of a dossier as PDF: 01.pdf (receipt with QR), 03.pdf (refusal)"});
  r.add("GET", "/api/v1/lookup/{code}", "public",
        [&ctx](http::Request& req) { return api::ok(ctx.dossiers.lookup(req.params.at("code"))); },
        {.summary = "Public status lookup by dossier code (applicant name masked)"});
}

}  // namespace motcua::app
