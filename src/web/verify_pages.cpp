// Public verification of issued documents (xác minh văn bản, services/esign): the page the QR code of a signed
// result opens (/xac-minh/{id}), the form where anyone drops a PDF to learn whether the system issued exactly
// that file (/xac-minh), and — for a leader or administrator of the issuing agency, on the same page — the
// revocation form. Nothing but what esign allows the public to see is shown; every form carries the CSRF token.
#include "domain/esign/signing_rules.h"
#include "domain/format.h"
#include "routes/auth.h"
#include "routes/verify_json.h"
#include "web/pages.h"
#include "web/views.h"
#include "web/work_pages.h"

namespace motcua::web {

using namespace routes;
using namespace work;
using nlohmann::json;

namespace {

const char* kTitle = "Xác minh văn bản điện tử";

json report_data(const services::VerifyReport& v) {
  json r = verify_json(v);
  r["cls"] = v.verdict == esign::Verdict::authentic ? "notice-good" : "notice-bad";
  r["revoked_when"] = v.revoked_at ? json(fmt::datetime(v.revoked_at)) : json(false);
  r["found"] = !v.verify_id.empty();
  if (!v.verify_id.empty()) r["issued_when"] = fmt::datetime(v.issued_at);
  r["problem"] = v.verdict == esign::Verdict::invalid && !v.problem.empty() ? json(v.problem) : json(false);
  return r;
}

http::Response doc_page(Context& ctx, http::Request& req, const std::string& id, int status, const std::string& error,
                        const std::string& reason_typed) {
  const auto v = ctx.issued.verify(id);
  const auto& who = principal(req);
  json d = {{"title", kTitle}, {"r", report_data(v)}, {"error", opt(error)}};
  // The revocation form, only for those the domain lets revoke, and only while not revoked.
  if (!v.verify_id.empty() && v.revoked_at == 0 && esign::may_revoke(who, v.issuer_agency_code))
    d["revoke"] = {{"url", "/xac-minh/" + v.verify_id + "/thu-hoi"}, {"reason", reason_typed}};
  else
    d["revoke"] = false;
  return ctx.views.page(req, status == 200 && v.verify_id.empty() ? 404 : status, "verify_doc", d, "verify");
}

}  // namespace

void register_verify_pages(http::Router& r, Context& ctx) {
  r.add("GET", "/xac-minh", "public",
        [&ctx](http::Request& req) { return ctx.views.page(req, 200, "verify_doc", {{"title", kTitle}, {"r", false}, {"revoke", false}}, "verify"); },
        {.summary = "Verification form: drop a PDF to learn whether this system issued exactly that file"});
  r.add("POST", "/xac-minh", "public",
        [&ctx](http::Request& req) {
          Posted p = read_post(req);
          if (!csrf_ok(req, p.fields)) return ctx.views.error_page(req, 403, kCsrf);
          json d = {{"title", kTitle}, {"r", false}, {"revoke", false}, {"checked", true}};
          const Upload* f = nullptr;
          for (const auto& u : p.files)
            if (u.name == "file") f = &u;
          if (!f) {
            d["error"] = "Chọn tệp PDF cần kiểm tra.";
            return ctx.views.page(req, 400, "verify_doc", d, "verify");
          }
          try {
            d["r"] = report_data(ctx.issued.check(f->data));
          } catch (const DomainError& e) {  // not a PDF (the service decides)
            d["error"] = e.what();
            return ctx.views.page(req, status_of(e), "verify_doc", d, "verify");
          }
          return ctx.views.page(req, 200, "verify_doc", d, "verify");
        },
        {.body_limit = 11 * 1024 * 1024, .summary = "Check an uploaded PDF against the issued documents (form post)"});
  r.add("GET", "/xac-minh/{id}", "public",
        [&ctx](http::Request& req) { return doc_page(ctx, req, req.params.at("id"), 200, "", ""); },
        {.summary = "Public verification page of one issued document (QR target): authentic, invalid or revoked"});
  r.add("POST", "/xac-minh/{id}/thu-hoi", "staff",
        [&ctx](http::Request& req) {
          Posted p = read_post(req);
          if (!csrf_ok(req, p.fields)) return ctx.views.error_page(req, 403, kCsrf);
          const std::string id = req.params.at("id");
          try {
            ctx.issued.revoke(id, principal(req), get(p.fields, "reason"), req.remote, fmt::now_ms());
          } catch (const DomainError& e) {
            if (e.kind() == ErrorKind::not_found) throw;
            return doc_page(ctx, req, id, status_of(e), e.what(), get(p.fields, "reason"));
          }
          return http::Response::redirect("/xac-minh/" + id);
        },
        {.summary = "Revoke an issued document from its verification page (leader or administrator of the issuer)"});
}

}  // namespace motcua::web
