// E-form schema of a procedure (docs/catalog-format.md, FORM) and server-side validation of submitted
// values against it.
//  - check_schema(schema, path): errors in the schema itself (unknown type, bad name, bad regex, select
//    without choices, duplicate names, a "prefill" source that is not one of prefill.h's). Empty vector = valid.
//  - validate_values(schema, values, current_year): values is a JSON object name → value (strings, or
//    bool for checkbox). Returns one Vietnamese FieldError per offending field (field = field name);
//    unknown names are errors too. Messages do not repeat the field's label (the page shows them under it;
//    an error summary pairs them with the label) and fit the control: "Vui lòng chọn…" for selects and
//    radios, "Vui lòng nhập…" for text. Fields that do not apply (show_if) are not checked. Never throws.
//  - "show_if": {"field": F, "in": [v, …]} (or "equals": v): the field applies only when the earlier select,
//    radio or checkbox F has one of those values (a checkbox: true / false). field_applies() decides it;
//    applicable_values() drops the answers to questions that no longer apply (what is stored and sent).
//  - "choices_from": "dan_toc" | "quoc_tich": a select whose choices are a reference list
//    (domain/catalog/reference_lists.h); field_choices() gives either kind of choices.
//  - date "min"/"max": "YYYY-MM-DD", or relative to today: "today", "today-150y", "today+30d", "today-6m";
//    date_bound() resolves one to an ISO date for the page's min/max attributes and the check.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "domain/errors.h"

namespace motcua::catalog {

std::vector<FieldError> check_schema(const nlohmann::json& schema, const std::string& path = "form_schema");
std::vector<FieldError> validate_values(const nlohmann::json& schema, const nlohmann::json& values, int current_year);

bool field_applies(const nlohmann::json& field, const nlohmann::json& values);
nlohmann::json applicable_values(const nlohmann::json& schema, const nlohmann::json& values);
std::vector<std::pair<std::string, std::string>> field_choices(const nlohmann::json& field);  // (value, label)
// "" when the field has no such bound or it is malformed; `now_ms` is the moment "today" refers to.
std::string date_bound(const nlohmann::json& field, const char* key, int64_t now_ms);

}  // namespace motcua::catalog
