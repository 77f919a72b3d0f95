// motcua::routes — what every request handler (src/api JSON handlers, src/web pages) may use: the
// services and the site settings, owned by App (src/app). Handlers get a reference; nothing here is global.
// Handlers get services, never the database, and never the whole configuration (only SiteSettings).
#pragma once
#include <map>
#include <string>

#include "http/body_cache.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/rate_limit.h"
#include "http/static_files.h"
#include "services/accounts/account_service.h"
#include "services/agencies/agency_service.h"
#include "services/audit/audit_log.h"
#include "services/calendar/calendar_service.h"
#include "services/catalog/catalog_service.h"
#include "services/documents/forms_pdf.h"
#include "services/dossiers/dossier_service.h"
#include "services/docstore/personal_store.h"
#include "services/esign/issued_documents.h"
#include "services/esign/signer_registry.h"
#include "services/files/file_store.h"
#include "services/jobs/job_runner.h"
#include "services/notify/outbox.h"
#include "services/notify/preferences.h"
#include "services/notify/templates_service.h"
#include "services/ratings/rating_service.h"
#include "services/oidc/oidc_client.h"
#include "services/payments/payment_service.h"
#include "services/post/post_service.h"
#include "services/reports/dashboard.h"
#include "services/reports/public_kpis.h"
#include "services/reports/report_service.h"
#include "services/handover/handover_service.h"
#include "services/natdb/national_data.h"
#include "services/sync/national_sync.h"
#include "services/webhooks/webhook_service.h"

namespace motcua::web {
class Views;  // src/web/views.h — pages include it; routes/ does not depend on web/
}

namespace motcua::routes {

// The part of the configuration (src/app/config.h) that handlers read.
struct SiteSettings {
  std::string site_name;       // page titles
  std::string public_url;      // base of links printed on slips ("" = from the Host header)
  std::string web_root;        // folder with templates/, static/, docs/
  bool secure_cookies = false;  // session cookies carry Secure (behind TLS)
  bool test_clock = false;      // POST /test/clock exists (tests only)
  bool sso = false;             // an OpenID Connect identity provider is configured
  documents::FormsEra forms_era = documents::FormsEra::tt03_2025;  // numbering of the slips
  std::string demo_maildir;     // the SMTP stand-in's Maildir shown to admins ("" = no demo mailbox)
  std::string demo_gateway_log;  // the SMS / Zalo stand-in's request log shown beside it ("" = none)
  std::map<std::string, std::string> notify_channels;  // channel → where it goes, without secrets ("*" = the log fallback)
  std::string ops_feed_token;   // the operations centre's bearer token for /api/v1/ops/dashboard ("" = feed off)
};

struct Context {
  const SiteSettings& site;
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
  services::notify::Outbox& outbox;
  services::ReportService& reports;
  services::NationalSync& sync;
  services::WebhookService& webhooks;
  services::PaymentService& payments;
  services::IssuedDocuments& issued;   // signed e-results, public verification (services/esign)
  services::SignerRegistry& signers;   // leaders' signing keys
  services::PersonalStore& store;      // the personal data store (kho dữ liệu, services/docstore)
  services::PostService& post;         // postal shipments (BCCI, services/post)
  services::notify::TemplatesService& templates;  // administrators' message templates (services/notify)
  services::notify::Preferences& notify_prefs;    // notification preferences and Zalo links (services/notify)
  services::RatingService& ratings;               // satisfaction ratings (services/ratings)
  services::PublicKpiService& kpis;              // public KPIs per agency (services/reports/public_kpis.h)
  services::DashboardService& dashboard;         // the live dashboard (services/reports/dashboard.h)
  services::NationalData& natdb;                 // national population / business registration lookups (services/natdb)
  services::HandoverService& handover;           // hand-over between deployments (services/handover)
  http::BodyCache& page_cache;                    // rendered public pages (web/page_cache)
  // Username of the signed-in principal (for history rows).
  std::string actor(const http::Request& req) const;
};

// The site's base URL: site.public_url, else http://<Host header>.
std::string public_base(const Context& ctx, const http::Request& req);

}  // namespace motcua::routes
