// App: opens the database, runs migrations, builds services, the router with every route, and the
// HTTP server. Used by `motcua serve` and by in-process tests.
#pragma once
#include <memory>

#include "app/config.h"
#include "routes/context.h"
#include "web/views.h"
#include "http/server.h"
#include "services/notify/delivery.h"
#include "services/notify/outbox.h"
#include "services/sync/national_sync.h"
#include "services/archive/archive_service.h"
#include "services/docstore/personal_store.h"
#include "services/esign/issued_documents.h"
#include "services/esign/signer_registry.h"
#include "services/payments/payment_service.h"
#include "services/webhooks/webhook_service.h"
#include "services/oidc/oidc_client.h"

namespace motcua::app {

class App {
 public:
  explicit App(Config cfg);
  ~App();
  // Loads data/agencies/demo.json and data/catalog/*.json when the catalog is empty. Returns true if loaded.
  bool load_demo_if_empty();
  const http::Router& router() const { return router_; }
  routes::Context& ctx() { return *ctx_; }
  services::ArchiveService& archive() { return *archive_; }
  store::Db& db() { return *db_; }
  Config& config() { return cfg_; }
  void serve();  // blocks until SIGINT/SIGTERM

 private:
  void register_routes();
  services::gateway::Merchants merchants() const;
  void define_jobs();
  void configure_channels();
  Config cfg_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<services::AgencyService> agencies_;
  std::unique_ptr<services::CatalogService> catalog_;
  std::unique_ptr<services::notify::Outbox> outbox_;
  services::notify::Channels channels_;
  std::unique_ptr<services::notify::Delivery> delivery_;
  std::unique_ptr<services::NationalSync> sync_;
  std::unique_ptr<services::WebhookService> webhooks_;          // third parties' subscriptions (services/webhooks)                 // national portal payloads (services/sync)
  std::unique_ptr<services::PaymentService> payments_;          // fees, online payment, receipts, refunds (services/payments)
  std::unique_ptr<services::notify::Delivery> sync_delivery_;   // their delivery: channel "national", in order per dossier
  services::AuditLog audit_;
  std::unique_ptr<services::AccountService> accounts_;
  std::unique_ptr<services::CalendarService> calendar_;
  std::unique_ptr<services::DossierService> dossiers_;
  std::unique_ptr<services::FileStore> files_;
  std::unique_ptr<services::SignerRegistry> signers_;    // leaders' signing keys (services/esign)
  std::unique_ptr<services::IssuedDocuments> issued_;    // signed e-results, public verification (services/esign)
  std::unique_ptr<services::PersonalStore> store_;       // the personal data store (services/docstore)
  std::unique_ptr<services::PostService> post_;          // postal shipments (services/post)
  std::unique_ptr<services::NationalData> natdb_;        // national database lookups (services/natdb)
  std::unique_ptr<services::HandoverService> handover_;  // hand-over between deployments (services/handover)
  std::unique_ptr<services::notify::TemplatesService> templates_;  // administrators' message templates
  std::unique_ptr<services::notify::Preferences> notify_prefs_;    // people's notification choices, Zalo links
  std::unique_ptr<services::RatingService> ratings_;               // satisfaction ratings (services/ratings)
  std::unique_ptr<services::PublicKpiService> kpis_;               // public KPIs per agency
  std::unique_ptr<services::DashboardService> dashboard_;          // the live dashboard
  std::unique_ptr<services::ArchiveService> archive_;    // the e-archive: seals, packages (services/archive)
  std::unique_ptr<oidc::OidcClient> oidc_;  // null when no identity provider is configured
  std::unique_ptr<http::StaticFiles> statics_;
  std::unique_ptr<http::BodyCache> page_cache_;  // rendered public pages (web/page_cache), bounded by --page-cache-mb
  std::unique_ptr<web::Views> views_;
  http::Metrics metrics_;
  std::unique_ptr<http::RateLimiter> limiter_;
  std::unique_ptr<services::JobRunner> jobs_;
  std::unique_ptr<services::AuditReader> audit_reader_;
  std::unique_ptr<oidc::FlowStore> oidc_flows_;
  std::unique_ptr<services::ReportService> reports_;
  http::Router router_;
  routes::SiteSettings site_;
  std::unique_ptr<routes::Context> ctx_;
};

// The access gate of every route: resolves the session (cookie or bearer token) into Request::user, then
// asks accounts::decide (src/domain/accounts/policy.h) with the route's policy. "ops" is additionally
// limited to loopback clients. Refusals: 401 JSON / redirect to the sign-in page (need_login), redirect
// to TOTP enrollment (need_second_factor), 403 (forbidden, unknown policy — fail closed).
std::optional<http::Response> authorize(const Config& cfg, const routes::Context& ctx, http::Request& req, const http::Route& route);

}  // namespace motcua::app
