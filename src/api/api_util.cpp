#include "api/api_util.h"

#include <strings.h>

#include <cmath>

#include "domain/errors.h"
#include "domain/text.h"

namespace motcua::api {

using nlohmann::json;

json json_body(const http::Request& req) {
  // Exactly application/json (case-insensitive), parameters allowed; only charset=utf-8 when a charset
  // is given. "application/jsonx", "text/plain; x=application/json" and malformed values are refused.
  auto ct = req.header("Content-Type");
  auto mt = ct ? http::parse_media_type(*ct) : std::nullopt;
  bool ok_type = mt && mt->type == "application" && mt->subtype == "json";
  if (ok_type)
    for (const auto& [name, value] : mt->params)
      if (name == "charset" && strcasecmp(value.c_str(), "utf-8") != 0) ok_type = false;
  if (!ok_type)
    throw DomainError(ErrorKind::unsupported_media, "unsupported_media_type", "Dữ liệu gửi lên phải ở dạng JSON (Content-Type: application/json).");
  if (!text::valid_utf8(req.body))
    throw DomainError(ErrorKind::bad_input, "bad_encoding", "Dữ liệu gửi lên có ký tự không đúng mã UTF-8.");
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded()) throw DomainError(ErrorKind::bad_input, "bad_json", "Dữ liệu JSON gửi lên không đúng cú pháp.");
  return j;
}

http::Response ok(const json& j, int status) { return http::Response::json(status, j.dump()); }

json round2(std::optional<double> v) {
  if (!v) return nullptr;
  return std::round(*v * 100.0) / 100.0;
}

}  // namespace motcua::api
