// Fuzz target: api::json_body, the gate of every JSON endpoint, and http::parse_media_type.
// Input: the first line is the Content-Type header value, the rest is the request body.
//
// Contract (any input bytes):
//  - json_body either returns a JSON value — the Content-Type was exactly application/json (with an
//    optional charset=utf-8) and the body valid UTF-8 JSON — or throws DomainError with kind
//    unsupported_media (415) or bad_input (400); no other exception, no crash;
//  - the returned value can be serialized again (dump() never throws).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/api_util.h"
#include "domain/errors.h"
#include "domain/text.h"
#include "http/message.h"

using namespace motcua;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  std::string_view ct = in.substr(0, nl);
  http::Request req;
  req.method = "POST";
  req.headers.emplace("Content-Type", std::string(ct));
  req.body = nl == std::string_view::npos ? "" : std::string(in.substr(nl + 1));
  auto mt = http::parse_media_type(ct);
  try {
    auto j = api::json_body(req);
    if (!mt || mt->type != "application" || mt->subtype != "json") std::abort();
    if (!text::valid_utf8(req.body)) std::abort();
    (void)j.dump();
  } catch (const DomainError& e) {
    if (e.kind() != ErrorKind::unsupported_media && e.kind() != ErrorKind::bad_input) std::abort();
  }
  return 0;
}
