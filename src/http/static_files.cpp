#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "http/middleware.h"

namespace motcua::http {

std::string content_type_for(const std::string& p) {
  auto ext = std::filesystem::path(p).extension().string();
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js") return "application/javascript; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".pdf") return "application/pdf";
  if (ext == ".docx") return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (ext == ".doc") return "application/msword";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".yaml" || ext == ".yml") return "application/yaml; charset=utf-8";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

StaticFiles::StaticFiles(const std::string& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return;
  for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); ++it) {
    if (!it->is_regular_file()) continue;
    std::string rel = fs::relative(it->path(), root).generic_string();
    if (rel.empty() || rel[0] == '.' || rel.find("/.") != std::string::npos) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    File f;
    f.body = ss.str();
    f.type = content_type_for(rel);
    f.etag = "\"" + std::to_string(std::hash<std::string>{}(f.body)) + "\"";
    if (f.body.size() > 512 && (f.type.rfind("text/", 0) == 0 || f.type.rfind("application/javascript", 0) == 0 ||
                                f.type.rfind("image/svg", 0) == 0 || f.type.rfind("application/json", 0) == 0))
      f.gz = gzip(f.body);
    files_.emplace(rel, std::move(f));
  }
}

std::optional<Response> StaticFiles::serve(const Request& req, const std::string& rel) const {
  if (rel.find("..") != std::string::npos || rel.find('\\') != std::string::npos) return std::nullopt;
  auto it = files_.find(rel);
  if (it == files_.end()) return std::nullopt;
  const File& f = it->second;
  Response r;
  r.content_type = f.type;
  r.set("ETag", f.etag);
  r.set("Cache-Control", rel.rfind("vendor/", 0) == 0 || req.query_param("v") ? "public, max-age=31536000, immutable"
                                                                             : "public, max-age=3600");
  auto inm = req.header("If-None-Match");
  if (inm && *inm == f.etag) {
    r.status = 304;
    return r;
  }
  if (!f.gz.empty()) {
    r.set("Vary", "Accept-Encoding");
    if (accepts_gzip(req)) {
      r.body = f.gz;
      r.set("Content-Encoding", "gzip");
      return r;
    }
  }
  r.body = f.body;
  return r;
}

std::string StaticFiles::url(const std::string& rel) const {
  auto it = files_.find(rel);
  std::string v = it == files_.end() ? "0" : it->second.etag.substr(1, it->second.etag.size() - 2);
  return "/static/" + rel + "?v=" + v;
}

}  // namespace motcua::http
