// multipart/form-data (RFC 7578 on top of RFC 2046 §5.1) parser for uploads.
//
// Contract:
//  - multipart_boundary(content_type): the boundary parameter of a "multipart/form-data" Content-Type
//    (quoted or token, 1–70 characters of the RFC 2046 bchars set, not ending in a space). Anything else
//    → DomainError(unsupported_media) for a different media type, DomainError(bad_input) for a missing
//    or malformed boundary.
//  - parse_multipart(body, boundary): strict. A preamble before the first delimiter and an epilogue after
//    the close delimiter are ignored; every delimiter line must be "--boundary" + optional spaces/tabs
//    + CRLF (or "--boundary--" for the last one). Header lines end with CRLF, no folding, at most 8 KiB
//    of headers per part. Every part needs `Content-Disposition: form-data; name="…"`; `filename` (and
//    `filename*=UTF-8''…`, RFC 5987, which wins) mark a file part. Part Content-Type defaults to
//    "text/plain". Bodies are string_views into `body` (keep it alive). No parts, a missing close
//    delimiter, too many parts or any malformed line → DomainError(bad_input, "bad_multipart") with a
//    Vietnamese message.
//  - Field names must be valid UTF-8 (else bad_multipart).
//  - Filenames are returned as sent (decoded from filename*), reduced to their last path component,
//    control characters removed, invalid UTF-8 replaced (NFC).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace motcua::http {

struct MultipartPart {
  std::string name;                     // form field name
  std::optional<std::string> filename;  // present for file parts (may be "" when the client sent filename="")
  std::string content_type = "text/plain";
  std::map<std::string, std::string, CaseLess> headers;
  std::string_view body;
  bool is_file() const { return filename.has_value(); }
};

std::string multipart_boundary(std::string_view content_type);
std::vector<MultipartPart> parse_multipart(std::string_view body, std::string_view boundary, size_t max_parts = 64);
// Content-Type of req → boundary → parts (views into req.body).
std::vector<MultipartPart> parse_multipart(const Request& req, size_t max_parts = 64);

// Parses a Content-Disposition value: type (lower-cased) and parameters (names lower-cased, values
// unquoted; "filename*" decoded into "filename*"). Throws DomainError(bad_input) when malformed.
struct Disposition {
  std::string type;
  std::map<std::string, std::string> params;
};
Disposition parse_disposition(std::string_view value);

}  // namespace motcua::http
