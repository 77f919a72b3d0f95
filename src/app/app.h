// App: opens the database, runs migrations, builds services, the router with every route, and the
// HTTP server. Used by `motcua serve` and by in-process tests.
#pragma once
#include <memory>

#include "app/config.h"
#include "app/context.h"
#include "http/server.h"
#include "services/oidc/oidc_client.h"

namespace motcua::app {

class App {
 public:
  explicit App(Config cfg);
  ~App();
  // Loads data/agencies/demo.json and data/catalog/*.json when the catalog is empty. Returns true if loaded.
  bool load_demo_if_empty();
  const http::Router& router() const { return router_; }
  Context& ctx() { return *ctx_; }
  store::Db& db() { return *db_; }
  Config& config() { return cfg_; }
  void serve();  // blocks until SIGINT/SIGTERM

 private:
  void register_routes();
  void define_jobs();
  Config cfg_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<services::AgencyService> agencies_;
  std::unique_ptr<services::CatalogService> catalog_;
  std::unique_ptr<services::Notifier> notifier_;
  services::AuditLog audit_;
  std::unique_ptr<services::AccountService> accounts_;
  std::unique_ptr<services::CalendarService> calendar_;
  std::unique_ptr<services::DossierService> dossiers_;
  std::unique_ptr<services::FileStore> files_;
  std::unique_ptr<oidc::OidcClient> oidc_;  // null when no identity provider is configured
  std::unique_ptr<http::StaticFiles> statics_;
  std::unique_ptr<web::Views> views_;
  http::Metrics metrics_;
  std::unique_ptr<http::RateLimiter> limiter_;
  std::unique_ptr<services::JobRunner> jobs_;
  std::unique_ptr<services::AuditReader> audit_reader_;
  std::unique_ptr<oidc::FlowStore> oidc_flows_;
  http::Router router_;
  std::unique_ptr<Context> ctx_;
};

// Route registration per capability (each in its own file).
void register_system_routes(http::Router& r, Context& ctx);
void register_catalog_api(http::Router& r, Context& ctx);
void register_catalog_pages(http::Router& r, Context& ctx);
void register_catalog_admin_pages(http::Router& r, Context& ctx);
void register_auth_api(http::Router& r, Context& ctx);
void register_account_pages(http::Router& r, Context& ctx);
void register_admin_users(http::Router& r, Context& ctx);
void register_calendar_api(http::Router& r, Context& ctx);
void register_dossiers_api(http::Router& r, Context& ctx);
// Shared by the dossier API and pages: the site's base URL (config public_url, else the Host header) and
// the inbox filter from query parameters (status, agency, unit, assignee[=me], overdue, due_soon, open, q,
// page, per_page).
std::string public_base(const Context& ctx, const http::Request& req);
services::DossierService::ListFilter list_filter(const http::Request& req);
void register_files_api(http::Router& r, Context& ctx);
// Scheduled jobs for admins: GET /api/v1/jobs, POST /api/v1/jobs/{id}/retry.
void register_jobs_api(http::Router& r, Context& ctx);
// The same for a province administrator's browser: /quan-tri/tac-vu.
void register_jobs_pages(http::Router& r, Context& ctx);
// Applicant pages of the dossier lifecycle: online submission (/thu-tuc/{code}/nop-truc-tuyen) and "Hồ sơ của tôi".
void register_dossier_pages(http::Router& r, Context& ctx);
// An attachment as a download response (content type from the sniffed content, RFC 6266 file name).
http::Response file_response(services::FileBlob blob);
void register_oidc_routes(http::Router& r, Context& ctx, oidc::OidcClient* client);
// Officers' workspace (/can-bo): inboxes, one dossier with its action forms, desk intake, the ledger page.
void register_work_pages(http::Router& r, Context& ctx);

// The access gate of every route: resolves the session (cookie or bearer token) into Request::user, then
// asks accounts::decide (src/domain/accounts/policy.h) with the route's policy. "ops" is additionally
// limited to loopback clients. Refusals: 401 JSON / redirect to the sign-in page (need_login), redirect
// to TOTP enrollment (need_second_factor), 403 (forbidden, unknown policy — fail closed).
std::optional<http::Response> authorize(const Context& ctx, http::Request& req, const http::Route& route);

}  // namespace motcua::app
