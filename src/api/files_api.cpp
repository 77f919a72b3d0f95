// File uploads (attachments of dossier components) — contract in docs/api/openapi.yaml:
//   POST /api/v1/files (multipart/form-data, exactly one file part) → 201 {"id","sha256","size","content_type"}
//   GET  /api/v1/files/{id} → the bytes (owner only; others get 404), as an attachment.
#include "api/api_util.h"
#include "api/routes.h"
#include "routes/auth.h"
#include "routes/shared.h"
#include "domain/format.h"
#include "domain/text.h"
#include "http/multipart.h"
#include "services/files/file_store.h"

namespace motcua::api {

using namespace routes;

using nlohmann::json;

namespace {

http::Response upload(Context& ctx, http::Request& req) {
  const auto& who = principal(req);
  auto parts = http::parse_multipart(req, 16);
  const http::MultipartPart* file = nullptr;
  for (const auto& p : parts) {
    if (!p.is_file()) continue;
    if (file)
      throw DomainError(ErrorKind::bad_input, "too_many_files", "Mỗi lần chỉ tải lên một tệp. Vui lòng gửi từng tệp riêng.");
    file = &p;
  }
  if (!file)
    throw DomainError(ErrorKind::bad_input, "missing_file",
                      "Chưa có tệp nào được gửi: cần một phần multipart/form-data có tên trường \"file\" và tên tệp (filename).");
  auto f = ctx.files.save(file->body, *file->filename, who.user_id, fmt::now_ms());
  http::Response res = api::ok({{"id", f.id}, {"sha256", f.sha256}, {"size", f.size}, {"content_type", f.content_type}}, 201);
  res.set("Location", "/api/v1/files/" + f.id);
  return res;
}

http::Response download(Context& ctx, http::Request& req) { return file_response(ctx.files.get(req.params.at("id"), principal(req))); }

}  // namespace

void register_files_api(http::Router& r, Context& ctx) {
  r.add("POST", "/api/v1/files", "signed_in", [&ctx](http::Request& req) { return upload(ctx, req); },
        {.body_limit = 11 * 1024 * 1024, .summary = "Upload one attachment (PDF/JPEG/PNG checked by content, 10 MB)"});
  r.add("GET", "/api/v1/files/{id}", "signed_in", [&ctx](http::Request& req) { return download(ctx, req); },
        {.summary = "Download an attachment (owner only)"});
}

}  // namespace motcua::api
