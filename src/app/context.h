// Everything a handler may use, owned by App. Handlers get a reference; nothing here is global.
#pragma once
#include "app/config.h"
#include "http/metrics.h"
#include "http/rate_limit.h"
#include "http/router.h"
#include "http/static_files.h"
#include "services/accounts/account_service.h"
#include "services/agencies/agency_service.h"
#include "services/audit/audit_log.h"
#include "services/calendar/calendar_service.h"
#include "services/dossiers/dossier_service.h"
#include "services/files/file_store.h"
#include "services/jobs/job_runner.h"
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
  services::AccountService& accounts;
  services::AuditLog& audit;
  services::CalendarService& calendar;
  services::DossierService& dossiers;
  services::FileStore& files;
  http::RateLimiter& limiter;
  services::JobRunner& jobs;
  // Username of the signed-in principal (for history rows).
  std::string actor(const http::Request& req) const;
};

}  // namespace motcua::app
