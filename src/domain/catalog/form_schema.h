// E-form schema of a procedure (docs/catalog-format.md, FORM) and server-side validation of submitted
// values against it.
//  - check_schema(schema, path): errors in the schema itself (unknown type, bad name, bad regex, select
//    without choices, duplicate names, a "prefill" source that is not one of prefill.h's). Empty vector = valid.
//  - validate_values(schema, values, current_year): values is a JSON object name → value (strings, or
//    bool for checkbox). Returns one Vietnamese FieldError per offending field (field = field name);
//    unknown names are errors too. Never throws on any input.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/errors.h"

namespace motcua::catalog {

std::vector<FieldError> check_schema(const nlohmann::json& schema, const std::string& path = "form_schema");
std::vector<FieldError> validate_values(const nlohmann::json& schema, const nlohmann::json& values, int current_year);

}  // namespace motcua::catalog
