// Everything a handler may use, owned by App. Handlers get a reference; nothing here is global.
#pragma once
#include "app/config.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/static_files.h"
#include "services/agencies/agency_service.h"
#include "services/catalog/catalog_service.h"
#include "store/db.h"
#include "web/views.h"

namespace motcua::app {

struct Context {
  Config& cfg;
  store::Db& db;
  services::AgencyService& agencies;
  services::CatalogService& catalog;
  http::StaticFiles& statics;
  web::Views& views;
  http::Metrics& metrics;
  // Until accounts exist (issue: Accounts), the acting user of administrative actions.
  std::string actor(const http::Request& req) const;
};

}  // namespace motcua::app
