#include "http/middleware.h"

#include "http/encoded_body.h"

#include <zlib.h>

#include <stdexcept>

namespace motcua::http {

std::string gzip(std::string_view s, int level) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflateInit2");
  std::string out;
  out.resize(deflateBound(&zs, s.size()) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
  zs.avail_in = static_cast<uInt>(s.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(zs.total_out);
  return out;
}

bool accepts_gzip(const Request& req) { return accepts_coding(req, "gzip") > 0; }

namespace {
bool has_header(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
      return true;
  return false;
}
bool varies_on_encoding(const Response& r) {
  for (const auto& [k, v] : r.headers) {
    if (k.size() != 4 || std::tolower(k[0]) != 'v' || std::tolower(k[1]) != 'a' || std::tolower(k[2]) != 'r' || std::tolower(k[3]) != 'y') continue;
    std::string low = v;
    for (auto& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (low.find("accept-encoding") != std::string::npos) return true;
  }
  return false;
}
}  // namespace

void finalize(const Request& req, Response& res) {
  if (!req.request_id.empty()) res.set("X-Request-Id", req.request_id);
  res.set("Content-Security-Policy",
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
          "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "strict-origin-when-cross-origin");
  res.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  res.set("Cross-Origin-Opener-Policy", "same-origin");
  if (!has_header(res, "Cache-Control")) res.set("Cache-Control", "no-store");
  if (res.body.size() >= 1024 && !has_header(res, "Content-Encoding") && compressible_type(res.content_type) && req.method != "HEAD") {
    if (!varies_on_encoding(res)) res.set("Vary", "Accept-Encoding");
    if (accepts_gzip(req)) {
      res.body = gzip(res.body);
      res.set("Content-Encoding", "gzip");
    }
  }
}

}  // namespace motcua::http
