// Signed e-results and public verification (services/esign) — contract in docs/api/openapi.yaml:
//   GET  /api/v1/verify/{id}               public: is the document with this verification id authentic?
//   POST /api/v1/verify                    public, multipart (one PDF): did motcua issue exactly this file?
//   POST /api/v1/verify/{id}/revoke        a leader/admin of the issuing agency: {"reason"} → the new state
//   GET  /api/v1/dossiers/{id}/result.pdf  the (signed) result, for those who may read it
// The public answers carry only issuer, document type, issue date, the masked holder, signer and revocation time.
#include "api/api_util.h"
#include "api/routes.h"
#include "domain/errors.h"
#include "domain/format.h"
#include "http/multipart.h"
#include "routes/auth.h"
#include "routes/shared.h"
#include "routes/verify_json.h"

namespace motcua::api {

using namespace routes;
using nlohmann::json;

namespace {

std::string_view single_pdf(const std::vector<http::MultipartPart>& parts) {
  const http::MultipartPart* file = nullptr;
  for (const auto& p : parts) {
    if (!p.is_file()) continue;
    if (file) throw DomainError(ErrorKind::bad_input, "too_many_files", "Mỗi lần chỉ kiểm tra một tệp.");
    file = &p;
  }
  if (!file || file->body.empty())
    throw DomainError(ErrorKind::bad_input, "missing_file", "Chưa có tệp nào được gửi: chọn tệp PDF cần kiểm tra (trường \"file\").");
  return file->body;
}

}  // namespace

void register_verify_api(http::Router& r, Context& ctx) {
  r.add("GET", "/api/v1/verify/{id}", "public", [&ctx](http::Request& req) { return ok(verify_json(ctx.issued.verify(req.params.at("id")))); },
        {.summary = "Public verification of an issued (signed) document by the id in its QR code"});
  r.add("POST", "/api/v1/verify", "public",
        [&ctx](http::Request& req) {
          auto parts = http::parse_multipart(req, 4);
          return ok(verify_json(ctx.issued.check(single_pdf(parts))));
        },
        {.body_limit = 11 * 1024 * 1024, .summary = "Public check of an uploaded PDF: was exactly this file issued here?"});
  r.add("POST", "/api/v1/verify/{id}/revoke", "staff",
        [&ctx](http::Request& req) {
          json b = json_body(req);
          std::string reason = b.contains("reason") && b["reason"].is_string() ? b["reason"].get<std::string>() : "";
          return ok(verify_json(ctx.issued.revoke(req.params.at("id"), principal(req), reason, req.remote, fmt::now_ms())));
        },
        {.summary = "Revoke an issued document (leader or administrator of the issuing agency), with a reason"});
  r.add("GET", "/api/v1/dossiers/{id}/result.pdf", "signed_in",
        [&ctx](http::Request& req) {
          const auto& who = principal(req);
          const std::string id = req.params.at("id");
          auto v = ctx.dossiers.view(id, who);  // 404 for those who may not read the dossier
          if (v.result_file.empty())
            throw DomainError(ErrorKind::not_found, "no_result", "Hồ sơ chưa có kết quả để tải về (hoặc kết quả chưa được trả trực tuyến).");
          return file_response(ctx.dossiers.document(id, v.result_file, who));
        },
        {.summary = "The dossier's result (the signed PDF when it was signed), for those who may read it"});
}

}  // namespace motcua::api
