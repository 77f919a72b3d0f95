// Fuzz target: the request head as the server reads it — Beast's header parser (same header limit as
// http::Server) followed by motcua's own checks (http::parse_target, http::valid_header_value), the
// Request helpers handlers use (cookie, wants_html) and the JSON quoting of log lines.
//
// Contract (any input bytes):
//  - nothing throws out of the checks and nothing crashes (ASan/UBSan clean);
//  - a target parse_target accepts starts with '/', its path is valid UTF-8 without control
//    characters and its query names/values are valid UTF-8 without NUL;
//  - json_quote of any string (path, method, header values) is one valid JSON string.
#include <boost/asio/buffer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "domain/text.h"
#include "http/message.h"

namespace bhttp = boost::beast::http;
using namespace motcua;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void check_quote(std::string_view s) {
  auto j = nlohmann::json::parse(http::json_quote(s), nullptr, false);
  check(j.is_string());
}

void check_target(std::string_view target) {
  auto t = http::parse_target(target);
  if (!t) return;
  check(!target.empty() && target.front() == '/');
  check(text::valid_utf8(t->path));
  for (unsigned char c : t->path) check(c >= 0x20 && c != 0x7f);
  for (const auto& [k, v] : t->query) {
    check(text::valid_utf8(k) && text::valid_utf8(v));
    check(k.find('\0') == std::string::npos && v.find('\0') == std::string::npos);
  }
  check_quote(t->path);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  // The pure functions on the raw bytes, whatever Beast thinks of them.
  check_target(in.substr(0, 8192));
  check_quote(in);
  (void)http::valid_header_value(in);
  (void)http::parse_urlencoded(in);

  bhttp::request_parser<bhttp::string_body> p;
  p.header_limit(16 * 1024);
  p.body_limit(64 * 1024);
  p.eager(false);
  boost::beast::error_code ec;
  size_t used = 0;
  while (used < in.size() && !p.is_header_done()) {
    size_t n = p.put(boost::asio::buffer(in.data() + used, in.size() - used), ec);
    if (ec || n == 0) break;
    used += n;
  }
  if (!p.is_header_done() || (ec && ec != bhttp::error::need_more)) return 0;
  const auto& h = p.get();
  check_target(h.target());
  http::Request req;
  req.method = std::string(h.method_string());
  req.target = std::string(h.target());
  bool headers_ok = true;
  for (const auto& f : h) {
    headers_ok = headers_ok && http::valid_header_value(f.value());
    req.headers.emplace(std::string(f.name_string()), std::string(f.value()));
    check_quote(f.value());
  }
  check_quote(req.method);
  if (headers_ok) {
    (void)req.cookie("motcua_session");
    (void)req.wants_html();
    (void)req.is_htmx();
  }
  return 0;
}
