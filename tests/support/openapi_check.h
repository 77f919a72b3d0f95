// Test support: every JSON response the API tests receive from /api/v1/… is checked against the OpenAPI
// description (docs/api/openapi.yaml, read once with services/yaml_json.h).
//
// Contract
// - check_response(method, target, status, content_type, body) → problems (empty = conforms):
//   * the operation: the spec path whose template matches (most literal segments win) with this method; an
//     unknown route answered 404/405 is not a problem (robustness tests ask for such routes on purpose);
//   * the status: a 1xx–3xx status must be listed in the operation's responses; an error status not listed
//     must carry the Error envelope (the spec's rule: every error is {"error": {code, message, details?}});
//   * the body: when the response is JSON and the listed response gives an application/json schema, the
//     body must validate against it — the JSON Schema 2020-12 subset OpenAPI 3.1 uses here: type (incl. type
//     arrays with "null"), properties, required, additionalProperties (false or a schema), items, enum, const,
//     allOf, anyOf, oneOf, $ref (local), minimum, maximum, minLength, maxLength, minItems, format date and
//     date-time (shape only).
// - http_request() (support/http_client.cpp) calls it for every /api/v1/ response and reports problems with
//   ADD_FAILURE, so a test that gets an undescribed response fails.
// - validate(schema, doc) is exposed for the spec's own tests.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace motcua::testing {

const nlohmann::json& openapi_spec();
std::vector<std::string> check_response(const std::string& method, const std::string& target, int status, const std::string& content_type,
                                        const std::string& body);
std::vector<std::string> validate(const nlohmann::json& schema, const nlohmann::json& doc);

}  // namespace motcua::testing
