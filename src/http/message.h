// The project's own HTTP request/response types. Handlers never see Beast: the server converts at the
// edge (src/http/server.cpp). Header names are compared case-insensitively.
#pragma once
#include <any>
#include <cstdint>
#include <map>
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

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool close = false;  // close the connection after sending

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

}  // namespace motcua::http
