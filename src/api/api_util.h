// Helpers shared by JSON handlers: body parsing with Vietnamese errors (415 wrong content type, 400
// malformed JSON / invalid UTF-8), strict integer query parameters (400 on garbage), JSON responses.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "http/message.h"
#include "http/params.h"

namespace motcua::api {

nlohmann::json json_body(const http::Request& req);
// Query parameters (http/params.h), under their old names for the JSON handlers.
using http::int_param;
using http::str_param;
http::Response ok(const nlohmann::json& j, int status = 200);
// A rate or figure for JSON: rounded to 2 decimals; null when there is none (N/A, never 0).
nlohmann::json round2(std::optional<double> v);

}  // namespace motcua::api
