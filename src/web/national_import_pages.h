// "Nhập từ CSDL quốc gia" — the catalog administrators' page for importing the national procedure database's export
// (national_import_pages.cpp); registered by register_catalog_admin_pages.
#pragma once
#include "http/router.h"
#include "routes/context.h"

namespace motcua::web {

void register_national_import_pages(http::Router& r, routes::Context& ctx);

}  // namespace motcua::web
