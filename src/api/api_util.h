// Helpers shared by JSON handlers: body parsing with Vietnamese errors (415 wrong content type, 400
// malformed JSON / invalid UTF-8), strict integer query parameters (400 on garbage), JSON responses.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "http/message.h"

namespace motcua::api {

nlohmann::json json_body(const http::Request& req);
// Integer query parameter in [min,max]; absent → def; malformed or out of range → DomainError(bad_input).
int int_param(const http::Request& req, const std::string& name, int def, int min, int max, const std::string& label);
// String query parameter: NFC, trimmed, at most max_len code points, valid UTF-8 (else 400).
std::string str_param(const http::Request& req, const std::string& name, size_t max_len, const std::string& label);
http::Response ok(const nlohmann::json& j, int status = 200);

}  // namespace motcua::api
