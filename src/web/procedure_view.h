// Turns procedure documents into template data (labels, formatted money and dates, e-form fields).
#pragma once
#include <nlohmann/json.hpp>

#include "services/catalog/catalog_service.h"

namespace motcua::web {

// Everything the detail page shows for version `v` of `e`.
nlohmann::json procedure_view(const services::CatalogService& svc, const services::ProcEntry& e,
                              const services::ProcVersion& v, int64_t now);
// One list row.
nlohmann::json procedure_row(const services::ProcEntry& e, const services::ProcVersion& v);
// E-form fields with values and errors: [{name,label,help,required,is_<type>,value,choices:[{value,label,selected}],error}]
nlohmann::json form_fields(const nlohmann::json& schema, const nlohmann::json& values, const nlohmann::json& errors);
std::string processing_time_text(const nlohmann::json& t);

}  // namespace motcua::web
