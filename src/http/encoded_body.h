// A response body kept ready to send: its identity bytes with their gzip and brotli forms, a content hash and
// strong validators. Static files (http/static_files) and the page cache (web/page_cache) serve them:
//  - the encoding follows Accept-Encoding (q-values honoured, q=0 refuses): br, else gzip, else identity;
//  - each representation has its own strong ETag ("<hash>", "<hash>-gz", "<hash>-br"), as RFC 9110 §8.8.3 asks
//    of different content codings; If-None-Match (weak comparison, "*", lists) → 304 without a body;
//  - Vary: Accept-Encoding whenever the body is compressible (its forms may be made one at a time, as clients ask).
// The hash is FNV-1a 64 of the identity bytes (16 hex digits): the same in every process and build.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.h"

namespace motcua::http {

enum class Coding { identity, gzip, br };

struct EncodedBody {
  int status = 200;
  std::string content_type;
  std::string identity, gzip, br;  // gzip / br empty: not worth compressing (small, binary) or not made yet
  std::string hash;                // content hash of identity
  bool negotiated = false;         // compressible and large enough: the representation follows Accept-Encoding
  std::vector<std::pair<std::string, std::string>> headers;  // sent with every response from it (Cache-Control, Vary…)
  std::string label;  // the owner's note kept with the body (the page cache keeps the page title here)

  std::string etag(Coding c) const;
  const std::string& bytes_for(Coding c) const;
  size_t size() const { return identity.size() + gzip.size() + br.size() + label.size() + 64; }
};

struct EncodeOptions {
  bool gzip = true;       // add the gzip form (when compressible and at least min_size bytes)
  int gzip_level = 6;
  // 0 = no brotli form. Costs on a 16 KB page: 5 → 0.4 ms, 9 → 10 ms (large window setup), 11 → 20 ms; 5 is already
  // smaller than gzip -9. 11 is for files compressed once at start.
  int brotli_quality = 5;
  size_t min_size = 512;
};

// Builds the representations of `body`.
EncodedBody encode_body(std::string body, std::string content_type, const EncodeOptions& opt = {});
// The coding the client prefers among identity, gzip and br (q-values; br before gzip on a tie).
Coding preferred_coding(const Request& req);
// The coding to send for this request: the best the client accepts among the forms `b` has.
Coding choose_coding(const Request& req, const EncodedBody& b);
// Whether `b` lacks the form `c` it should have (negotiated and not made yet): add_coding() makes a copy with it.
bool lacks(const EncodedBody& b, Coding c);
EncodedBody add_coding(const EncodedBody& b, Coding c, const EncodeOptions& opt = {});
// 200 (or b.status) with the chosen representation, its ETag, Content-Encoding and Vary; 304 when If-None-Match matches.
Response respond(const Request& req, const EncodedBody& b);

// Whether If-None-Match lists `etag` (weak comparison: W/ ignored) or is "*".
bool none_match(const Request& req, const std::string& etag);
// The q-value the client gives to a content coding in Accept-Encoding (0 = not acceptable; "*" counts).
double accepts_coding(const Request& req, std::string_view coding);
bool compressible_type(std::string_view content_type);
std::string content_hash(std::string_view s);
std::string brotli(std::string_view s, int quality);

}  // namespace motcua::http
