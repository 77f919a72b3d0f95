#include "http/encoded_body.h"

#include <brotli/encode.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

#include "http/middleware.h"

namespace motcua::http {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y)); });
}

// Calls f(element) for each comma-separated element of a header value.
template <class F>
void each_element(std::string_view v, F f) {
  while (!v.empty()) {
    auto comma = v.find(',');
    std::string_view item = trim(v.substr(0, comma));
    if (!item.empty()) f(item);
    if (comma == std::string_view::npos) break;
    v.remove_prefix(comma + 1);
  }
}

}  // namespace

std::string content_hash(std::string_view s) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  static const char* hex = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<size_t>(i)] = hex[h & 15];
  return out;
}

std::string brotli(std::string_view s, int quality) {
  size_t size = BrotliEncoderMaxCompressedSize(s.size());
  if (size == 0) size = s.size() + 1024;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(std::clamp(quality, 0, 11), BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, s.size(),
                             reinterpret_cast<const uint8_t*>(s.data()), &size, reinterpret_cast<uint8_t*>(out.data())))
    throw std::runtime_error("brotli");
  out.resize(size);
  return out;
}

bool compressible_type(std::string_view ct) {
  for (std::string_view p : {"text/", "application/json", "application/javascript", "image/svg", "application/yaml"})
    if (ct.substr(0, p.size()) == p) return true;
  return false;
}

double accepts_coding(const Request& req, std::string_view coding) {
  auto ae = req.header("Accept-Encoding");
  if (!ae) return 0;
  double named = -1, star = -1;
  each_element(*ae, [&](std::string_view item) {
    auto semi = item.find(';');
    std::string_view name = trim(item.substr(0, semi));
    double q = 1;
    if (semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      while (!params.empty()) {
        auto next = params.find(';');
        std::string_view p = trim(params.substr(0, next));
        if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') q = std::strtod(std::string(p.substr(2)).c_str(), nullptr);
        if (next == std::string_view::npos) break;
        params.remove_prefix(next + 1);
      }
    }
    if (iequal(name, coding) || (coding == "gzip" && iequal(name, "x-gzip"))) named = std::max(named, q);
    else if (name == "*") star = q;
  });
  if (named >= 0) return named;
  return star >= 0 ? star : 0;
}

bool none_match(const Request& req, const std::string& etag) {
  auto inm = req.header("If-None-Match");
  if (!inm) return false;
  bool hit = false;
  std::string_view want = etag;
  if (want.substr(0, 2) == "W/") want.remove_prefix(2);
  each_element(*inm, [&](std::string_view t) {
    if (t == "*") hit = true;
    if (t.substr(0, 2) == "W/") t.remove_prefix(2);
    if (t == want) hit = true;
  });
  return hit;
}

std::string EncodedBody::etag(Coding c) const {
  switch (c) {
    case Coding::gzip: return "\"" + hash + "-gz\"";
    case Coding::br: return "\"" + hash + "-br\"";
    case Coding::identity: break;
  }
  return "\"" + hash + "\"";
}

const std::string& EncodedBody::bytes_for(Coding c) const {
  if (c == Coding::br && !br.empty()) return br;
  if (c == Coding::gzip && !gzip.empty()) return gzip;
  return identity;
}

namespace {
void make_form(EncodedBody& b, Coding c, const EncodeOptions& opt) {
  if (!lacks(b, c)) return;
  if (c == Coding::gzip) b.gzip = gzip(b.identity, opt.gzip_level);
  else b.br = brotli(b.identity, opt.brotli_quality > 0 ? opt.brotli_quality : 5);
}
}  // namespace

EncodedBody encode_body(std::string body, std::string content_type, const EncodeOptions& opt) {
  EncodedBody b;
  b.hash = content_hash(body);
  b.negotiated = body.size() >= opt.min_size && compressible_type(content_type);
  b.identity = std::move(body);
  b.content_type = std::move(content_type);
  if (opt.gzip) make_form(b, Coding::gzip, opt);
  if (opt.brotli_quality > 0) make_form(b, Coding::br, opt);
  return b;
}

bool lacks(const EncodedBody& b, Coding c) {
  return b.negotiated && ((c == Coding::gzip && b.gzip.empty()) || (c == Coding::br && b.br.empty()));
}

EncodedBody add_coding(const EncodedBody& b, Coding c, const EncodeOptions& opt) {
  EncodedBody out = b;
  make_form(out, c, opt);
  return out;
}

Coding preferred_coding(const Request& req) {
  double br = accepts_coding(req, "br"), gz = accepts_coding(req, "gzip");
  if (br > 0 && br >= gz) return Coding::br;
  if (gz > 0) return Coding::gzip;
  return Coding::identity;
}

Coding choose_coding(const Request& req, const EncodedBody& b) {
  if (b.gzip.empty() && b.br.empty()) return Coding::identity;
  double br = b.br.empty() ? 0 : accepts_coding(req, "br");
  double gz = b.gzip.empty() ? 0 : accepts_coding(req, "gzip");
  if (br > 0 && br >= gz) return Coding::br;
  if (gz > 0) return Coding::gzip;
  return Coding::identity;
}

Response respond(const Request& req, const EncodedBody& b) {
  Coding c = choose_coding(req, b);
  Response r;
  r.status = b.status;
  r.content_type = b.content_type;
  std::string tag = b.etag(c);
  r.set("ETag", tag);
  std::string vary = b.negotiated || !b.gzip.empty() || !b.br.empty() ? "Accept-Encoding" : "";
  for (const auto& [k, v] : b.headers) {
    if (iequal(k, "Vary")) {
      if (!v.empty()) vary += (vary.empty() ? "" : ", ") + v;
    }
    else r.set(k, v);
  }
  if (!vary.empty()) r.set("Vary", vary);
  if (b.status == 200 && none_match(req, tag)) {
    r.status = 304;
    return r;
  }
  if (c != Coding::identity) r.set("Content-Encoding", c == Coding::br ? "br" : "gzip");
  r.body = b.bytes_for(c);
  return r;
}

}  // namespace motcua::http
