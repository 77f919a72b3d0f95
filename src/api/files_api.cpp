// File uploads (attachments of dossier components) — contract in docs/api/openapi.yaml:
//   POST /api/v1/files (multipart/form-data, exactly one file part) → 201 {"id","sha256","size","content_type"}
//   GET  /api/v1/files/{id} → the bytes (owner only; others get 404), as an attachment.
#include "api/api_util.h"
#include "app/app.h"
#include "app/auth.h"
#include "domain/format.h"
#include "domain/text.h"
#include "http/multipart.h"
#include "services/files/file_store.h"

namespace motcua::app {

using nlohmann::json;

namespace {

std::string extension_for(const std::string& content_type) {
  if (content_type == "application/pdf") return ".pdf";
  if (content_type == "image/jpeg") return ".jpg";
  if (content_type == "image/png") return ".png";
  return ".bin";
}

bool ends_with_ci(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

// Download name: the original name with an extension that matches the sniffed content, so that a saved
// file never opens as something else (e.g. "x.html" holding a PDF downloads as "x.html.pdf").
std::string download_name(const services::StoredFile& f) {
  std::string ext = extension_for(f.content_type);
  std::string name = f.original_name.empty() ? "tep-dinh-kem" : f.original_name;
  bool ok = ends_with_ci(name, ext) || (ext == ".jpg" && ends_with_ci(name, ".jpeg"));
  if (!ok) name += ext;
  return name;
}

// `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded UTF-8>` (RFC 6266).
std::string content_disposition(const std::string& name, const std::string& ext) {
  std::string stem = name.size() > ext.size() ? name.substr(0, name.size() - ext.size()) : name;
  std::string ascii = text::fold(stem);  // no diacritics, [a-z0-9 ] only
  for (auto& c : ascii)
    if (c == ' ') c = '-';
  if (ascii.empty()) ascii = "tep-dinh-kem";
  if (ascii.size() > 100) ascii.resize(100);
  std::string real_ext = ends_with_ci(name, ".jpeg") ? ".jpeg" : ext;
  return "attachment; filename=\"" + ascii + real_ext + "\"; filename*=UTF-8''" + http::percent_encode(name);
}

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

}  // namespace

http::Response file_response(services::FileBlob blob) {
  http::Response res;
  res.status = 200;
  res.content_type = blob.meta.content_type;
  std::string name = download_name(blob.meta);
  res.set("Content-Disposition", content_disposition(name, extension_for(blob.meta.content_type)));
  res.set("ETag", "\"" + blob.meta.sha256 + "\"");
  res.set("Cache-Control", "private, no-store");
  res.body = std::move(blob.data);
  return res;
}

namespace {

http::Response download(Context& ctx, http::Request& req) { return file_response(ctx.files.get(req.params.at("id"), principal(req))); }

}  // namespace

void register_files_api(http::Router& r, Context& ctx) {
  r.add("POST", "/api/v1/files", "signed_in", [&ctx](http::Request& req) { return upload(ctx, req); },
        {.body_limit = 11 * 1024 * 1024, .summary = "Upload one attachment (PDF/JPEG/PNG checked by content, 10 MB)"});
  r.add("GET", "/api/v1/files/{id}", "signed_in", [&ctx](http::Request& req) { return download(ctx, req); },
        {.summary = "Download an attachment (owner only)"});
}

}  // namespace motcua::app
