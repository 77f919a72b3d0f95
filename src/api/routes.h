// motcua::api — the JSON API's route registration, one function per capability (each in its own file);
// App (src/app) calls them. Contract of every route: docs/api/openapi.yaml.
#pragma once
#include "http/router.h"
#include "routes/context.h"

namespace motcua::api {

// /healthz, /metrics, /api/v1/openapi.yaml, the test clock (tests only).
void register_system_routes(http::Router& r, routes::Context& ctx);
void register_catalog_api(http::Router& r, routes::Context& ctx);
void register_auth_api(http::Router& r, routes::Context& ctx);
void register_calendar_api(http::Router& r, routes::Context& ctx);
void register_dossiers_api(http::Router& r, routes::Context& ctx);
void register_files_api(http::Router& r, routes::Context& ctx);
// Scheduled jobs for admins: GET /api/v1/jobs, POST /api/v1/jobs/{id}/retry.
void register_jobs_api(http::Router& r, routes::Context& ctx);
// The periodic handling report: GET /api/v1/reports/handling (JSON, or XLSX with format=xlsx).
void register_reports_api(http::Router& r, routes::Context& ctx);
void register_sync_api(http::Router& r, routes::Context& ctx);
void register_webhooks_api(http::Router& r, routes::Context& ctx);
void register_natdb_api(http::Router& r, routes::Context& ctx);  // national database lookups (services/natdb)
void register_handover_api(http::Router& r, routes::Context& ctx);  // hand-over between deployments (services/handover)
// Fees, online payment (VNPAY IPN), receipts, refunds, reconciliation (services/payments).
void register_payments_api(http::Router& r, routes::Context& ctx);
// Postal shipments (BCCI): list, one, move by the post officer, the post operator's signed webhook.
void register_post_api(http::Router& r, routes::Context& ctx);
void register_verify_api(http::Router& r, routes::Context& ctx);
void register_docstore_api(http::Router& r, routes::Context& ctx);
// Notification preferences, the Zalo link and its webhook, administrators' message templates (services/notify).
void register_notify_api(http::Router& r, routes::Context& ctx);
// Satisfaction ratings of dossiers: the applicant's, and by dossier code + rating code without signing in.
void register_ratings_api(http::Router& r, routes::Context& ctx);
// Public KPIs of an agency (no sign-in): GET /api/v1/public/agencies/{code}/kpis (JSON, or CSV with format=csv).
void register_public_kpis_api(http::Router& r, routes::Context& ctx);
// The live dashboard's numbers as JSON for the operations centre: GET /api/v1/ops/dashboard (token or report.read).
void register_dashboard_api(http::Router& r, routes::Context& ctx);
// Per-officer figures and the QĐ 766 index: GET /api/v1/reports/officers, GET /api/v1/reports/index766.
void register_report_index_api(http::Router& r, routes::Context& ctx);

}  // namespace motcua::api
