// The public JSON of a verification report (GET/POST /api/v1/verify…), shared by the API and the page's data.
#pragma once
#include <nlohmann/json.hpp>

#include "services/esign/issued_documents.h"

namespace motcua::routes {

nlohmann::json verify_json(const services::VerifyReport& v);

}  // namespace motcua::routes
