// Catalog administration pages (policy catalog.admin). Filled in by the admin pages work.
#include "app/app.h"

namespace motcua::app {

void register_catalog_admin_pages(http::Router& r, Context& ctx) {
  (void)r;
  (void)ctx;
}

}  // namespace motcua::app
