// Dossier API (issue "Dossier lifecycle"): submission and desk/post intake, reading with access checks
// (ETag = row version), the transitions, documents, slips as PDF, inboxes, the desk ledger (Mẫu 05) and
// the public lookup by dossier code (R30). Rules live in services/dossiers and domain/dossier.
#include "api/api_util.h"
#include "api/dossier_json.h"
#include "api/routes.h"
#include "services/esign/issued_documents.h"
#include "routes/auth.h"
#include "routes/shared.h"

namespace motcua::api {

using namespace routes;

using nlohmann::json;

namespace {

http::Response dossier_response(const services::DossierView& v, int status = 200) {
  std::string etag = "\"v" + std::to_string(v.row_version) + "\"";
  auto res = api::ok(to_json(v), status);
  res.set("ETag", etag);
  res.set("Cache-Control", "private, no-store");
  return res;
}

}  // namespace

void register_dossiers_api(http::Router& r, Context& ctx) {
  r.add("POST", "/api/v1/dossiers", "dossier.submit",
        [&ctx](http::Request& req) { return dossier_response(ctx.dossiers.submit(api::json_body(req), principal(req), req.remote), 201); },
        {.body_limit = 256 * 1024,
         .summary = "Submit a dossier online (status 1) or save a draft (submit:false); desk/post officers record walk-in/postal dossiers (accept:true → status 2)"});
  r.add("GET", "/api/v1/dossiers", "signed_in",
        [&ctx](http::Request& req) { return api::ok(to_json(ctx.dossiers.list(principal(req), list_filter(req)))); },
        {.summary = "My dossiers (citizens) or inboxes (staff: agency, unit, assignee=me, overdue, due_soon, open, q): queues online first then by due date, archive newest first"});
  r.add("GET", "/api/v1/dossiers/{id}", "signed_in",
        [&ctx](http::Request& req) { return dossier_response(ctx.dossiers.view(req.params.at("id"), principal(req))); },
        {.summary = "One dossier with documents, requests, history, the actions the caller may take and the slips the caller may print (404 for anyone who may not see it)"});
  r.add("POST", "/api/v1/dossiers/{id}/actions/{action}", "signed_in",
        [&ctx](http::Request& req) {
          json b = req.body.empty() ? json::object() : api::json_body(req);
          if (auto m = req.header("If-Match"); m && b.is_object()) {
            std::string v = *m;
            if (v.size() > 3 && v.rfind("\"v", 0) == 0 && v.back() == '"') {
              try {
                b["row_version"] = std::stoll(v.substr(2, v.size() - 3));
              } catch (const std::exception&) {
                throw DomainError(ErrorKind::bad_input, "bad_if_match", "Tiêu đề If-Match không hợp lệ.");
              }
            } else {
              throw DomainError(ErrorKind::bad_input, "bad_if_match", "Tiêu đề If-Match không hợp lệ (dạng \"v3\").");
            }
          }
          return dossier_response(ctx.dossiers.act(req.params.at("id"), req.params.at("action"), b, principal(req), req.remote));
        },
        {.body_limit = 16 * 1024, .summary = "A transition (accept, request-completion, refuse, transfer, assign, consult, reply, send-back, "
                                             "submit-for-approval, approve, request-supplement, supply, accept-supplement, request-payment, "
                                             "record-payment, stop, withdraw, confirm-withdrawal, apologize, attach-result, return-result); If-Match supported"});
  r.add("POST", "/api/v1/dossiers/{id}/documents", "signed_in",
        [&ctx](http::Request& req) {
          json b = api::json_body(req);
          return dossier_response(ctx.dossiers.add_documents(req.params.at("id"), b.is_object() && b.contains("documents") ? b["documents"] : json(nullptr),
                                                             principal(req), req.remote));
        },
        {.body_limit = 32 * 1024, .summary = "Attach uploaded files to components (status 1 or 5; applicant or desk)"});
  r.add("GET", "/api/v1/dossiers/{id}/documents/{file}", "signed_in",
        [&ctx](http::Request& req) { return file_response(ctx.dossiers.document(req.params.at("id"), req.params.at("file"), principal(req))); },
        {.summary = "Download a file attached to a dossier the caller may read"});
  r.add("GET", "/api/v1/dossiers/{id}/forms/{file}", "signed_in",
        [&ctx](http::Request& req) {
          std::string file = req.params.at("file");
          if (file.size() < 5 || file.substr(file.size() - 4) != ".pdf")
            throw DomainError(ErrorKind::not_found, "form_not_found", "Không có mẫu \"" + file + "\" (ví dụ 01.pdf).");
          std::string form = file.substr(0, file.size() - 4);
          return routes::pdf_response(ctx.dossiers.form_pdf(req.params.at("id"), form, principal(req), public_base(ctx, req)), "mau-" + file);
        },
        {.summary = "Slips of a dossier as PDF: 01–06.pdf and stop.pdf (409 while a slip does not exist yet)"});
  r.add("POST", "/api/v1/dossiers/{id}/forms/{file}/sign", "signed_in",
        [&ctx](http::Request& req) {
          std::string file = req.params.at("file");
          if (file.size() < 5 || file.substr(file.size() - 4) != ".pdf")
            throw DomainError(ErrorKind::not_found, "form_not_found", "Không có mẫu \"" + file + "\" (ví dụ 04.pdf).");
          json b = api::json_body(req);
          std::string pin = b.is_object() && b.contains("pin") && b["pin"].is_string() ? b["pin"].get<std::string>() : "";
          auto ref = ctx.dossiers.sign_form(req.params.at("id"), file.substr(0, file.size() - 4), pin, principal(req), public_base(ctx, req));
          return api::ok(json{{"verify_id", ref.verify_id}, {"verify_url", "/xac-minh/" + ref.verify_id},
                              {"download", "/api/v1/dossiers/" + req.params.at("id") + "/forms/" + file}});
        },
        {.body_limit = 4 * 1024, .summary = "A leader of the solving agency signs Mẫu 04 or the stop notice (body {pin}); the signed copy is served from then on"});
  r.add("GET", "/api/v1/ledger", "ledger.read",
        [&ctx](http::Request& req) {
          std::string agency = api::str_param(req, "agency", 64, "Cơ quan"), from = api::str_param(req, "from", 10, "Từ ngày"),
                      to = api::str_param(req, "to", 10, "Đến ngày");
          if (api::str_param(req, "format", 8, "Định dạng") == "pdf")
            return routes::pdf_response(ctx.dossiers.ledger_pdf(agency, from, to, principal(req)), "so-theo-doi-" + from + "-" + to + ".pdf");
          return api::ok(to_json(ctx.dossiers.ledger(agency, from, to, principal(req))));
        },
        {.summary = "Sổ theo dõi hồ sơ (Mẫu 05) of a receiving agency for a date range; format=pdf for the printable book"});
  r.add("GET", "/api/v1/lookup/{code}", "public",
        [&ctx](http::Request& req) { return api::ok(to_json(ctx.dossiers.lookup(req.params.at("code")))); },
        {.summary = "Public status lookup by dossier code (applicant name masked)"});
}

}  // namespace motcua::api
