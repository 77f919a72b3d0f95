#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string_view>


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

std::string hashed_name(const std::string& rel, const std::string& hash) {
  std::string h = hash.substr(0, 12);
  auto slash = rel.rfind('/');
  size_t base = slash == std::string::npos ? 0 : slash + 1;
  auto dot = rel.rfind('.');
  if (dot == std::string::npos || dot <= base) return rel + "." + h;
  return rel.substr(0, dot) + "." + h + rel.substr(dot);
}

namespace {
bool hex12(std::string_view s) { return s.size() == 12 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos; }
// "css/app.<12 hex>.css" → "css/app.css", "LICENSE.<12 hex>" → "LICENSE"; nullopt when rel has no such part.
std::optional<std::string> unhashed(const std::string& rel) {
  auto slash = rel.rfind('/');
  size_t base = slash == std::string::npos ? 0 : slash + 1;
  auto dot = rel.rfind('.');
  if (dot == std::string::npos || dot <= base) return std::nullopt;
  if (hex12(std::string_view(rel).substr(dot + 1))) return rel.substr(0, dot);
  auto prev = rel.rfind('.', dot - 1);
  if (prev == std::string::npos || prev <= base || !hex12(std::string_view(rel).substr(prev + 1, dot - prev - 1))) return std::nullopt;
  return rel.substr(0, prev) + rel.substr(dot);
}
}  // namespace

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
    EncodedBody f = encode_body(ss.str(), content_type_for(rel), {.gzip = true, .gzip_level = 9, .brotli_quality = 11, .min_size = 512});
    hashed_[hashed_name(rel, f.hash)] = rel;
    files_.emplace(rel, std::move(f));
  }
}

std::optional<Response> StaticFiles::serve(const Request& req, const std::string& rel) const {
  if (rel.find("..") != std::string::npos || rel.find('\\') != std::string::npos) return std::nullopt;
  std::string cache = "public, max-age=3600";
  auto it = files_.find(rel);
  if (it != files_.end()) {
    if (rel.rfind("vendor/", 0) == 0 || req.query_param("v")) cache = "public, max-age=31536000, immutable";
  } else if (auto h = hashed_.find(rel); h != hashed_.end()) {
    it = files_.find(h->second);
    cache = "public, max-age=31536000, immutable";
  } else {
    // The hashed name of an older content (a page from before a deploy): the current file, revalidated every time.
    auto plain = unhashed(rel);
    if (!plain) return std::nullopt;
    it = files_.find(*plain);
    cache = "no-cache";
  }
  if (it == files_.end()) return std::nullopt;
  Response r = respond(req, it->second);
  r.set("Cache-Control", cache);
  return r;
}

std::string StaticFiles::url(const std::string& rel) const {
  auto it = files_.find(rel);
  if (it == files_.end()) return "/static/" + rel;
  return "/static/" + hashed_name(rel, it->second.hash);
}

}  // namespace motcua::http
