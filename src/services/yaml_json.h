// YAML → JSON with libyaml (the reference C parser): the OpenAPI description is written in YAML
// (docs/api/openapi.yaml) and served and checked as JSON (/api/v1/openapi.json, tests).
//
// Contract
// - One document; mappings → objects (keys as strings, a duplicate key is an error), sequences → arrays,
//   anchors and aliases resolved (an alias copies the anchored node).
// - Scalars: quoted ones ('…', "…") and block scalars (|, >) are strings; plain ones resolve as the YAML 1.2
//   core schema does: null / Null / NULL / ~ / empty → null, true/false (any case of those words) → boolean,
//   decimal integers → integer, decimals and exponents → number, anything else → string. So '200' stays a string
//   and 200 becomes an integer (OpenAPI's response codes are quoted for that reason).
// - Malformed YAML throws std::runtime_error naming the line.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace motcua::services {

nlohmann::json yaml_to_json(const std::string& text);

}  // namespace motcua::services
