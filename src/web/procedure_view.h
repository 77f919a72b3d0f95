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
// The e-form's fields for the template. `national` (field → value taken from a national database, named by
// `national_label`) marks a field "Lấy từ <national_label>" instead of the account's mark. `prefilled` (field → value taken from the account, domain/catalog/prefill.h):
// a field whose value is still that value is marked "Lấy từ tài khoản" (and "đã xác thực qua VNeID" when verified).
nlohmann::json form_fields(const nlohmann::json& schema, const nlohmann::json& values, const nlohmann::json& errors,
                           const nlohmann::json& prefilled = nlohmann::json::object(), bool verified = false,
                           const nlohmann::json& national = nlohmann::json::object(), const std::string& national_label = "");
std::string processing_time_text(const nlohmann::json& t);

}  // namespace motcua::web
