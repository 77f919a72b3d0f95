// motcua::web — the pages' route registration, one function per area (each in its own file); App
// (src/app) calls them.
#pragma once
#include "http/router.h"
#include "routes/context.h"
#include "services/oidc/oidc_client.h"
#include "web/views.h"

namespace motcua::web {

void register_catalog_pages(http::Router& r, routes::Context& ctx);
void register_catalog_admin_pages(http::Router& r, routes::Context& ctx);
void register_account_pages(http::Router& r, routes::Context& ctx);
void register_admin_users(http::Router& r, routes::Context& ctx);
// Scheduled jobs for a province administrator's browser: /quan-tri/tac-vu.
void register_jobs_pages(http::Router& r, routes::Context& ctx);
// Notifications for a province administrator: the outbox by status with resend (/quan-tri/thu-gui) and the
// demo mailbox (/quan-tri/hop-thu-demo, when demo_maildir is configured).
void register_notify_pages(http::Router& r, routes::Context& ctx);
// /tai-khoan/thong-bao (a person's notification choices, the Zalo link) and /quan-tri/mau-thong-bao (templates).
void register_notify_settings_pages(http::Router& r, routes::Context& ctx);
// /danh-gia: rating a dossier without signing in (desk kiosk, QR on the receipt) and /ho-so-cua-toi/{id}/danh-gia.
void register_rating_pages(http::Router& r, routes::Context& ctx);
// /cong-khai (the agencies) and /cong-khai/{code}: public KPIs with SVG charts and tables, no sign-in.
void register_public_kpi_pages(http::Router& r, routes::Context& ctx);
// /giam-sat/bang-dieu-khien: the live dashboard (policy report.read) and its server-sent events.
void register_dashboard_pages(http::Router& r, routes::Context& ctx);
// Applicant pages of the dossier lifecycle: online submission (/thu-tuc/{code}/nop-truc-tuyen) and "Hồ sơ của tôi".
void register_dossier_pages(http::Router& r, routes::Context& ctx);
// Officers' workspace (/can-bo): inboxes, one dossier with its action forms, desk intake, the ledger page.
void register_work_pages(http::Router& r, routes::Context& ctx);
// /bao-cao: the periodic handling report (policy report.read).
void register_report_pages(http::Router& r, routes::Context& ctx);
// /bao-cao/chi-so: the QĐ 766 index, the 9-indicator evaluation, the officers and the demand forecast.
void register_report_index_pages(http::Router& r, routes::Context& ctx);
void register_sync_pages(http::Router& r, routes::Context& ctx);
void register_webhook_pages(http::Router& r, routes::Context& ctx);
// Fees and payments (payment_pages.cpp): online payment and its return page, receipts, the desk's forms,
// the reconciliation page.
void register_payment_pages(http::Router& r, routes::Context& ctx);
// /can-bo/buu-chinh: postal shipments of the reader's agencies; the post officer moves them (services/post).
void register_post_pages(http::Router& r, routes::Context& ctx);
void register_verify_pages(http::Router& r, routes::Context& ctx);
void register_docstore_pages(http::Router& r, routes::Context& ctx);
// Sign-in with the national identity provider (absent client: the routes answer that SSO is off).
void register_oidc_routes(http::Router& r, routes::Context& ctx, oidc::OidcClient* client);

}  // namespace motcua::web
