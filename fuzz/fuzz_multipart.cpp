// Fuzz target: the multipart/form-data parser (src/http/multipart.cpp) used by every upload.
// Input: the first line is the Content-Type header value, the rest is the request body.
//
// Contract (any input bytes):
//  - multipart_boundary / parse_multipart / parse_disposition either succeed or throw DomainError
//    (bad_input 400, unsupported_media 415); no other exception, no crash, no read outside the body;
//  - every returned part has a non-empty field name that is valid UTF-8, a body that is a view inside
//    the request body, and a filename (when present) that is valid UTF-8 without control characters or
//    path separators.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/errors.h"
#include "domain/text.h"
#include "http/multipart.h"

using namespace motcua;

namespace {
void check(bool ok) {
  if (!ok) std::abort();
}
void allowed(const DomainError& e) { check(e.kind() == ErrorKind::bad_input || e.kind() == ErrorKind::unsupported_media); }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  std::string_view ct = in.substr(0, nl);
  std::string body = nl == std::string_view::npos ? "" : std::string(in.substr(nl + 1));
  try {
    (void)http::parse_disposition(ct);
  } catch (const DomainError& e) {
    allowed(e);
  }
  try {
    std::string boundary = http::multipart_boundary(ct);
    check(!boundary.empty() && boundary.size() <= 70);
    auto parts = http::parse_multipart(body, boundary, 16);
    check(!parts.empty() && parts.size() <= 16);
    for (const auto& p : parts) {
      check(!p.name.empty() && text::valid_utf8(p.name));
      check(p.body.data() >= body.data() && p.body.data() + p.body.size() <= body.data() + body.size());
      if (p.filename) {
        check(text::valid_utf8(*p.filename));
        for (unsigned char c : *p.filename) check(c >= 0x20 && c != 0x7f && c != '/' && c != '\\');
      }
    }
  } catch (const DomainError& e) {
    allowed(e);
  }
  return 0;
}
