#include "routes/shared.h"

#include <cctype>

#include "domain/text.h"
#include "http/params.h"
#include "routes/auth.h"

namespace motcua::routes {

namespace {

bool flag(const http::Request& req, const std::string& name) {
  auto v = http::str_param(req, name, 8, name);
  return v == "1" || v == "true";
}

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

}  // namespace

services::DossierService::ListFilter list_filter(const http::Request& req) {
  services::DossierService::ListFilter f;
  f.status = http::int_param(req, "status", -1, 0, 10, "Trạng thái");
  f.page = http::int_param(req, "page", 1, 1, 100000, "Số trang");
  f.per_page = http::int_param(req, "per_page", 20, 1, 100, "Số kết quả mỗi trang");
  f.agency = http::str_param(req, "agency", 64, "Cơ quan");
  f.unit = http::str_param(req, "unit", 32, "Đơn vị");
  f.assignee = http::str_param(req, "assignee", 64, "Cán bộ");
  if (f.assignee == "me") f.assignee = principal(req).username;
  f.overdue = flag(req, "overdue");
  f.due_soon = flag(req, "due_soon");
  f.open_only = flag(req, "open");
  f.q = http::str_param(req, "q", 100, "Từ khóa");
  return f;
}

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

http::Response pdf_response(std::string body, const std::string& name) {
  http::Response res;
  res.content_type = "application/pdf";
  res.body = std::move(body);
  res.set("Content-Disposition", "inline; filename=\"" + name + "\"");
  res.set("Cache-Control", "private, no-store");
  return res;
}

}  // namespace motcua::routes
