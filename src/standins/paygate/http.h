// motcua-paygate, HTTP both ways: reading forms, writing JSON answers and redirects, and the small outgoing
// client that delivers notifications to the merchant (VNPAY's IPN as a GET, PayGov's notify as a POST of JSON).
// Incoming requests themselves are read by standins/listen.h (one request per connection).
//
// Contract
// - parse_form(s): application/x-www-form-urlencoded (also a query string), lenient: '+' is a space, a malformed
//   escape is kept as is, a repeated name keeps its first value.
// - respond_json(c, status, j): the JSON (invalid UTF-8 replaced) with Content-Type application/json; charset=utf-8.
// - redirect(c, location): 302 Found, Location, Cache-Control: no-store, empty body.
// - http_get(url) / http_post_json(url, body): one request over plain HTTP/1.1 (http://host[:port]/path?query only;
//   any other scheme is an error), Connection: close, `timeout_s` per socket operation (connect, send, receive),
//   answers up to 1 MiB read; chunked or Content-Length bodies decoded. Outgoing.error is set (and status 0) when
//   no HTTP answer came back (cannot resolve/connect, no answer, not HTTP).
#pragma once
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "standins/listen.h"

namespace motcua::standins::paygate {

std::map<std::string, std::string> parse_form(const std::string& body);
void respond_json(Conn& c, int status, const nlohmann::json& body);
void redirect(Conn& c, const std::string& location);

struct Outgoing {
  int status = 0;
  std::string body, error;  // error: transport problem (no HTTP answer)
};

Outgoing http_get(const std::string& url, int timeout_s = 10);
Outgoing http_post_json(const std::string& url, const std::string& json_body, int timeout_s = 10);

}  // namespace motcua::standins::paygate
