// The project's own HTTP request/response types. Handlers never see Beast: the server converts at the
// edge (src/http/server.cpp). Header names are compared case-insensitively.
#pragma once
#include <any>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace motcua::http {

struct CaseLess {
  bool operator()(const std::string& a, const std::string& b) const;
};

struct Request {
  std::string method;  // "GET", "POST", …
  std::string target;  // raw request target: path + '?' + query
  std::string path;    // percent-decoded path
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::map<std::string, std::string, CaseLess> headers;
  std::string body;
  std::string remote;      // client IP
  std::string request_id;  // generated per request (or X-Request-Id from a trusted proxy)
  std::map<std::string, std::string> params;  // path parameters from the router
  int64_t started_us = 0;
  std::any user;
  mutable std::string csrf;  // CSRF token chosen for this request (memo of web::csrf_token)  // set by the application's authorizer (the signed-in principal), read by handlers

  std::optional<std::string> header(const std::string& name) const;
  std::optional<std::string> query_param(const std::string& name) const;
  std::optional<std::string> cookie(const std::string& name) const;
  bool wants_html() const;  // Accept prefers text/html (browsers)
  bool is_htmx() const;     // HX-Request: true
};

// A server-sent event stream (text/event-stream): a handler returns a Response whose `events` is set. The server
// sends the status and headers (no Content-Length, Cache-Control no-store, X-Accel-Buffering no; the connection
// closes when the stream ends), then calls poll() on a worker thread every poll_ms: a non-empty result is written
// as is (complete SSE events: "event: …\ndata: …\n\n"); "" means nothing new; nullopt ends the stream. After 15 s
// without data a comment line (": \n\n") is sent so that proxies keep the connection and a gone client is noticed.
// The stream also ends after max_seconds (the browser's EventSource reconnects) and when the server stops.
// poll() runs on one thread at a time for a stream and must not throw (an exception ends the stream).
struct EventStream {
  virtual ~EventStream() = default;
  virtual std::optional<std::string> poll() = 0;
  int poll_ms = 500;
  int max_seconds = 300;
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool close = false;  // close the connection after sending
  std::shared_ptr<EventStream> events;  // set: an event stream (see EventStream); body and close are ignored

  Response& set(std::string name, std::string value);
  static Response text(int status, std::string body);
  static Response html(int status, std::string body);
  static Response json(int status, std::string body);
  static Response redirect(const std::string& location, int status = 303);
};

// application/x-www-form-urlencoded and query strings
std::vector<std::pair<std::string, std::string>> parse_urlencoded(std::string_view s);
std::string percent_decode(std::string_view s, bool plus_as_space);
std::string percent_encode(std::string_view s);
std::string_view reason_phrase(int status);

// The request target as the server accepts it (pure, fuzzed: fuzz/fuzz_request.cpp). Origin-form only:
// starts with '/', at most max_size bytes, no space or control bytes (raw bytes ≥ 0x80 are judged after
// decoding, as some clients send UTF-8 unencoded). The decoded path must be
// valid UTF-8 without control characters (%00, %0A, …); decoded query names and values must be valid
// UTF-8 without NUL. Anything else → nullopt (the server answers 400 and keeps serving).
struct Target {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
};
std::optional<Target> parse_target(std::string_view target, size_t max_size = 8192);

// A header field value as the server accepts it: no control characters except HTAB (a bare CR, LF or
// NUL is refused: RFC 9110 §5.5). Bytes ≥ 0x80 (obs-text) are allowed; consumers sanitize what they keep.
bool valid_header_value(std::string_view v);

// s as a JSON string literal (with quotes) that is always valid: invalid UTF-8 is replaced by U+FFFD.
// Every client-supplied string in a log line goes through this; it never throws.
std::string json_quote(std::string_view s);

// A media type (RFC 9110 §8.3.1): type "/" subtype *( OWS ";" OWS name "=" ( token / quoted-string ) ).
// type, subtype and parameter names lower-cased; malformed → nullopt.
struct MediaType {
  std::string type, subtype;
  std::vector<std::pair<std::string, std::string>> params;
};
std::optional<MediaType> parse_media_type(std::string_view s);

}  // namespace motcua::http
