// Everything a handler may use, owned by App. Handlers get a reference; nothing here is global. Handlers
// get services, never the database.
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
#include "services/oidc/oidc_client.h"
#include "services/catalog/catalog_service.h"
#include "web/views.h"

namespace motcua::app {

struct Context {
  Config& cfg;
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
  services::AuditReader& audit_reader;
  oidc::FlowStore& oidc_flows;
  // Username of the signed-in principal (for history rows).
  std::string actor(const http::Request& req) const;
};

}  // namespace motcua::app
