#include "app/app.h"

#include "services/audit/audit_log.h"

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "api/routes.h"
#include "routes/auth.h"
#include "web/pages.h"
#include "domain/accounts/policy.h"
#include "domain/format.h"
#include "services/dossiers/dossier_search.h"
#include "services/reports/report_ledger.h"
#include "services/accounts/passwords.h"
#include "services/files/virus_scan.h"
#include "services/notify/email.h"
#include "services/notify/gateways.h"
#include "services/sync/national_channel.h"
#include "services/post/post_channel.h"
#include "services/webhooks/webhook_channel.h"
#include "services/ids.h"
#include "store/migrations.h"

namespace motcua::app {

using routes::principal;
using routes::presented_token;

using nlohmann::json;

std::optional<http::Response> authorize(const Config& cfg, const routes::Context& ctx, http::Request& req, const http::Route& route) {
  const std::string& p = route.policy;
  if (p == "public" && route.options.inline_io) return std::nullopt;  // static files, health: no DB work on I/O threads
  // The client's address (behind a trusted reverse proxy: the forwarded one) — used by every later
  // per-IP rule (sign-in lockout, code throttling, this rate limit, audit rows).
  req.remote = http::client_ip(req.remote, req.header("X-Forwarded-For").value_or(""), cfg.trusted_proxies);
  bool loopback = req.remote == "127.0.0.1" || req.remote == "::1" || req.remote == "::ffff:127.0.0.1";
  if (!loopback && !ctx.limiter.allow(req.remote, fmt::now_ms())) {
    bool html = req.path.rfind("/api/", 0) != 0 && req.wants_html();
    std::string msg = "Bạn gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ít giây.";
    http::Response res = html ? ctx.views.error_page(req, 429, msg)
                              : http::Response::json(429, json{{"error", {{"code", "rate_limited"}, {"message", msg}}}}.dump());
    res.set("Retry-After", std::to_string(std::max(1, ctx.limiter.retry_after_seconds(req.remote, fmt::now_ms()))));
    return res;
  }
  std::string token = presented_token(req);
  if (!token.empty())
    if (auto who = ctx.accounts.authenticate(token)) req.user = std::move(*who);
  bool api = req.path.rfind("/api/", 0) == 0 || !req.wants_html();
  auto refuse = [&](int status, const std::string& code, const std::string& msg) -> std::optional<http::Response> {
    if (api) return http::Response::json(status, json{{"error", {{"code", code}, {"message", msg}}}}.dump(-1, ' ', false, json::error_handler_t::replace));
    return ctx.views.error_page(req, status, msg);
  };
  if (p == "ops" && !loopback)
    return refuse(403, "forbidden", "Chỉ truy cập được từ máy chủ nội bộ.");
  accounts::PolicyContext pc;
  auto ag = ctx.agencies.snapshot();
  pc.within = [ag](const std::string& code, const std::string& anc) { return ag->within(code, anc); };
  pc.top_level = [ag](const std::string& code) {
    const auto* a = ag->find(code);
    return a && a->parent_code.empty();
  };
  pc.require_second_factor = !cfg.demo_mode;
  switch (accounts::decide(p, principal(req), {}, pc)) {
    case accounts::Decision::allow:
      return std::nullopt;
    case accounts::Decision::need_login:
      if (!api && req.method == "GET") return http::Response::redirect("/dang-nhap?next=" + http::percent_encode(req.target));
      return refuse(401, "unauthenticated", "Vui lòng đăng nhập để thực hiện chức năng này.");
    case accounts::Decision::need_second_factor:
      if (!api && req.method == "GET") return http::Response::redirect("/tai-khoan/otp");
      return refuse(403, "second_factor_required", "Vai trò của bạn bắt buộc xác thực hai lớp (OTP). Vui lòng thiết lập OTP trong trang tài khoản.");
    case accounts::Decision::forbidden:
      return refuse(403, "forbidden", "Bạn không có quyền thực hiện chức năng này.");
    case accounts::Decision::unknown_policy:
      spdlog::error(R"("event":"unknown_policy","route":"{}","policy":"{}")", route.pattern, p);
      return refuse(403, "forbidden", "Bạn không có quyền thực hiện chức năng này.");
  }
  return refuse(403, "forbidden", "Bạn không có quyền thực hiện chức năng này.");
}

App::App(Config cfg) : cfg_(std::move(cfg)) {
  std::filesystem::create_directories(cfg_.data_dir);
  db_ = store::open(cfg_.database_url(), cfg_.db_pool);
  int applied = store::migrate(*db_);
  spdlog::info(R"("event":"migrate","dialect":"{}","applied":{},"schema_version":{})", db_->dialect(), applied,
               store::schema_version(*db_));
  services::report_ledger::ensure_built(*db_);  // once, after migration 25 on a database that already had dossiers
  services::dossier_search::ensure_indexed(*db_);  // once, after migration 28 on a database that already had dossiers
  agencies_ = std::make_unique<services::AgencyService>(*db_);
  catalog_ = std::make_unique<services::CatalogService>(*db_, *agencies_);
  catalog_->set_audit(&audit_);
  services::load_common_passwords((std::filesystem::path(cfg_.web_root) / "data" / "common-passwords.txt").string());
  outbox_ = std::make_unique<services::notify::Outbox>(*db_, services::notify::OutboxConfig{cfg_.public_url, cfg_.site_name});
  services::AccountsConfig ac;
  ac.demo_mode = cfg_.demo_mode;
  ac.fast_hashing = cfg_.fast_hash;
  ac.idle_timeout_ms = int64_t{cfg_.session_idle_minutes} * 60 * 1000;
  ac.absolute_timeout_ms = int64_t{cfg_.session_hours} * 3600 * 1000;
  accounts_ = std::make_unique<services::AccountService>(*db_, *agencies_, *outbox_, audit_, ac);
  calendar_ = std::make_unique<services::CalendarService>(*db_, *agencies_, audit_);
  files_ = std::make_unique<services::FileStore>(*db_, cfg_.data_dir);
  if (auto scanner = services::VirusScanner::from_setting(cfg_.virus_scan)) {
    spdlog::info(R"("event":"virus_scan_on","command":{})", nlohmann::json(scanner->describe()).dump());
    files_->set_virus_scanner(std::move(scanner));
  } else if (!cfg_.virus_scan.empty() && cfg_.virus_scan != "off") {
    spdlog::warn(R"("event":"virus_scan_off","reason":"clamscan not found on PATH")");
  }
  if (size_t swept = files_->sweep_temp_files(std::chrono::seconds(cfg_.upload_sweep_seconds)))
    spdlog::info(R"("event":"upload_temp_files_removed","count":{})", swept);
  dossiers_ = std::make_unique<services::DossierService>(*db_, *agencies_, *catalog_, *calendar_, audit_, *files_, *outbox_);
  sync_ = std::make_unique<services::NationalSync>(*db_, *agencies_, *catalog_, *outbox_, audit_,
                                                    services::NationalSyncConfig{!cfg_.national_url.empty(), cfg_.public_url});
  dossiers_->set_national_sync(sync_.get());
  webhooks_ = std::make_unique<services::WebhookService>(*db_, *agencies_, *outbox_, audit_);
  dossiers_->set_webhooks(webhooks_.get());
  payments_ = std::make_unique<services::PaymentService>(*db_, *agencies_, audit_, *outbox_, merchants(), cfg_.public_url);
  payments_->set_dossiers(dossiers_.get());
  dossiers_->set_payments(payments_.get());
  signers_ = std::make_unique<services::SignerRegistry>(*db_, cfg_.data_dir);
  {  // keys on PKCS#11 tokens sign in a `motcua pkcs11-sign` helper process: this very binary
    std::error_code ec;
    auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) signers_->set_token_helper(self.string());
  }
  issued_ = std::make_unique<services::IssuedDocuments>(
      *db_, *files_, *signers_, audit_,
      services::SigningConfig{esign::parse_policy(cfg_.sign_results).value_or(esign::SignPolicy::optional), cfg_.public_url, cfg_.sign_trust_file},
      cfg_.data_dir);
  dossiers_->set_signing(issued_.get());
  store_ = std::make_unique<services::PersonalStore>(*db_);
  post_ = std::make_unique<services::PostService>(*db_, *agencies_, *catalog_, audit_, *outbox_, cfg_.post_webhook_secret,
                                                  cfg_.post_api_url.empty() ? "" : "bcci");
  post_->set_dossiers(dossiers_.get());
  dossiers_->set_post(post_.get());
  natdb_ = std::make_unique<services::NationalData>(*db_, audit_, services::NationalDataEndpoint{cfg_.national_data_url, cfg_.national_token_url,
                                                                                                 cfg_.national_client_id, cfg_.national_client_secret, 10});
  dossiers_->set_national_data(natdb_.get());
  handover_ = std::make_unique<services::HandoverService>(
      *db_, *agencies_, *dossiers_, *files_, audit_, *outbox_,
      services::HandoverConfig{cfg_.peer_id, cfg_.handover_key.empty() ? cfg_.data_dir + "/keys/handover_ed25519.key" : cfg_.handover_key, cfg_.peers_file});
  dossiers_->set_handover(handover_.get());
  dossiers_->set_store(store_.get());
  archive_ = std::make_unique<services::ArchiveService>(*db_, *files_, audit_);
  dossiers_->set_archive(archive_.get());
  dossiers_->set_forms_era(documents::parse_forms_era(cfg_.forms_era).value_or(documents::FormsEra::tt03_2025));
  if (!cfg_.oidc_issuer.empty()) {
    oidc::OidcConfig oc;
    oc.issuer = cfg_.oidc_issuer;
    oc.client_id = cfg_.oidc_client_id;
    oc.client_secret = cfg_.oidc_client_secret;
    oc.redirect_uri = cfg_.oidc_redirect_uri;
    oidc_ = std::make_unique<oidc::OidcClient>(oc);
  }
  statics_ = std::make_unique<http::StaticFiles>((std::filesystem::path(cfg_.web_root) / "static").string());
  page_cache_ = std::make_unique<http::BodyCache>(static_cast<size_t>(std::max(0, cfg_.page_cache_mb)) * 1024 * 1024);
  views_ = std::make_unique<web::Views>((std::filesystem::path(cfg_.web_root) / "templates").string(),
                                        web::Site{cfg_.site_name, cfg_.agency_name}, *statics_);
  limiter_ = std::make_unique<http::RateLimiter>(cfg_.rate_limit, cfg_.rate_burst);
  services::JobRunnerConfig jc;
  jc.owner = services::random_token(6) + ":" + std::to_string(::getpid());
  jc.tick_ms = cfg_.job_tick_ms;
  jobs_ = std::make_unique<services::JobRunner>(*db_, jc);
  configure_channels();
  services::notify::DeliveryConfig dc;
  dc.owner = jc.owner;
  dc.lease_ms = cfg_.notify_lease_ms;
  dc.backoff_base_ms = cfg_.notify_backoff_ms;
  dc.max_attempts = cfg_.notify_max_attempts;
  dc.skip = {"national"};
  delivery_ = std::make_unique<services::notify::Delivery>(*db_, channels_, dc);
  // The national portal's payloads: the same outbox, their own delivery — in order per dossier, paused while
  // the portal is down, retried for longer (services/sync).
  services::notify::DeliveryConfig nc;
  nc.owner = jc.owner;
  nc.lease_ms = cfg_.notify_lease_ms;
  nc.backoff_base_ms = cfg_.national_backoff_ms;
  nc.backoff_cap_ms = 300'000;
  nc.max_attempts = cfg_.national_max_attempts;
  nc.batch = 50;
  nc.channels = {"national"};
  nc.in_order_per_dossier = true;
  nc.pause_on_transient = true;
  nc.sent_per_batch = true;  // the portal drops replays by X-Request-Id
  sync_delivery_ = std::make_unique<services::notify::Delivery>(*db_, channels_, nc);
  define_jobs();
  audit_reader_ = std::make_unique<services::AuditReader>(*db_);
  oidc_flows_ = std::make_unique<oidc::FlowStore>(*db_);
  reports_ = std::make_unique<services::ReportService>(*db_, *agencies_, *catalog_);
  if (!cfg_.index766_table.empty()) {
    std::ifstream in(cfg_.index766_table);
    if (!in) throw std::runtime_error("cannot read the QĐ 766 table " + cfg_.index766_table);
    reports_->set_index_table(reports::parse_table(std::string(std::istreambuf_iterator<char>(in), {})));
  }
  templates_ = std::make_unique<services::notify::TemplatesService>(*db_, *outbox_, audit_, cfg_.sms_ascii);
  ratings_ = std::make_unique<services::RatingService>(*db_, *dossiers_, audit_);
  kpis_ = std::make_unique<services::PublicKpiService>(*db_, *reports_);
  dashboard_ = std::make_unique<services::DashboardService>(*db_, *reports_);
  notify_prefs_ = std::make_unique<services::notify::Preferences>(*db_, *outbox_, audit_, services::notify::ZaloConfig{cfg_.zalo_app_id, cfg_.zalo_oa_secret});
  site_ = routes::SiteSettings{cfg_.site_name, cfg_.public_url, cfg_.web_root, cfg_.secure_cookies, cfg_.test_clock, !cfg_.oidc_issuer.empty(),
                               documents::parse_forms_era(cfg_.forms_era).value_or(documents::FormsEra::tt03_2025), cfg_.demo_maildir,
                               cfg_.demo_gateway_log, channels_.describe(), cfg_.ops_feed_token};
  ctx_ = std::make_unique<routes::Context>(routes::Context{site_, *agencies_, *catalog_, *statics_, *views_, metrics_, *accounts_, audit_, *calendar_, *dossiers_,
                                           *files_, *limiter_, *jobs_, *audit_reader_, *oidc_flows_, *outbox_, *reports_, *sync_, *webhooks_,
                                           *payments_, *issued_, *signers_, *store_, *post_, *templates_, *notify_prefs_, *ratings_, *kpis_, *dashboard_, *natdb_, *handover_,
                                           *page_cache_});
  metrics_.add_collector([db = db_.get()] {
    auto s = db->stats();
    return "# HELP motcua_db_pool_connections Database connections.\n# TYPE motcua_db_pool_connections gauge\n"
           "motcua_db_pool_connections{state=\"open\"} " + std::to_string(s.size) + "\n" +
           "motcua_db_pool_connections{state=\"in_use\"} " + std::to_string(s.in_use) + "\n" +
           "# HELP motcua_db_pool_waits_total Times a request waited for a connection.\n# TYPE motcua_db_pool_waits_total counter\n"
           "motcua_db_pool_waits_total " + std::to_string(s.waits) + "\n" +
           "# HELP motcua_db_queries_total Statements executed.\n# TYPE motcua_db_queries_total counter\n"
           "motcua_db_queries_total " + std::to_string(s.queries) + "\n" +
           "# HELP motcua_password_hashes_total Argon2id computations (sign-in, registration).\n# TYPE motcua_password_hashes_total counter\n"
           "motcua_password_hashes_total " + std::to_string(services::password_hash_count()) + "\n";
  });
  metrics_.add_collector([cache = page_cache_.get()] { return cache->metrics_text(); });
  register_routes();
}

App::~App() {
  if (delivery_) delivery_->request_stop();
  if (sync_delivery_) sync_delivery_->request_stop();
  if (jobs_) jobs_->stop();
}

// Notification channels from the configuration: SMTP, the SMS and Zalo gateways when their URLs are
// set; everything else goes to <data>/outbox.log (the development channel).
void App::configure_channels() {
  namespace nt = services::notify;
  channels_.set_fallback(nt::make_log_channel((std::filesystem::path(cfg_.data_dir) / "outbox.log").string()));
  if (!cfg_.smtp_url.empty())
    channels_.add("email", nt::make_smtp_channel({cfg_.smtp_url, cfg_.smtp_from, cfg_.site_name, cfg_.smtp_user, cfg_.smtp_password, cfg_.smtp_starttls}));
  if (!cfg_.sms_url.empty()) channels_.add("sms", nt::make_sms_channel({cfg_.sms_url, cfg_.sms_token, cfg_.sms_brandname, cfg_.sms_ascii}));
  if (!cfg_.zalo_url.empty()) channels_.add("zalo", nt::make_zalo_channel({cfg_.zalo_url, cfg_.zalo_token, "", false}));
  channels_.add("webhook", services::make_webhook_channel([this](int64_t id) { return webhooks_->secrets(id); }));
  if (!cfg_.national_url.empty())
    channels_.add("national", services::make_national_channel({cfg_.national_url, cfg_.national_token_url, cfg_.national_client_id,
                                                              cfg_.national_client_secret}));
  if (!cfg_.post_api_url.empty()) channels_.add("post", services::make_post_channel({cfg_.post_api_url, cfg_.post_api_token}));
  if (handover_ && handover_->enabled()) channels_.add("handover", handover_->channel());
  if (!cfg_.notify_agencies_file.empty()) {
    std::ifstream in(cfg_.notify_agencies_file);
    json per = in.is_open() ? json::parse(in, nullptr, false) : json();
    if (!per.is_object()) throw std::runtime_error("không đọc được tệp cấu hình kênh gửi theo cơ quan " + cfg_.notify_agencies_file);
    auto s = [](const json& o, const char* k, const std::string& def = "") { return o.is_object() && o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : def; };
    auto b = [](const json& o, const char* k, bool def) { return o.is_object() && o.contains(k) && o[k].is_boolean() ? o[k].get<bool>() : def; };
    for (const auto& [agency, c] : per.items()) {
      if (c.contains("email"))
        channels_.add_for_agency(agency, "email", nt::make_smtp_channel({s(c["email"], "url"), s(c["email"], "from", cfg_.smtp_from), s(c["email"], "from_name", cfg_.site_name),
                                                                        s(c["email"], "user"), s(c["email"], "password"), b(c["email"], "starttls", false)}));
      if (c.contains("sms"))
        channels_.add_for_agency(agency, "sms", nt::make_sms_channel({s(c["sms"], "url"), s(c["sms"], "token"), s(c["sms"], "brandname", cfg_.sms_brandname),
                                                                      b(c["sms"], "ascii", cfg_.sms_ascii)}));
      if (c.contains("zalo")) channels_.add_for_agency(agency, "zalo", nt::make_zalo_channel({s(c["zalo"], "url"), s(c["zalo"], "token"), "", false}));
    }
    channels_.set_lineage([this](const std::string& code) {
      std::vector<std::string> chain;
      auto snap = agencies_->snapshot();
      for (const auto* a = snap->find(code); a && chain.size() < 16; a = a->parent_code.empty() ? nullptr : snap->find(a->parent_code)) chain.push_back(a->code);
      return chain;
    });
  }
  spdlog::info(R"("event":"notify_channels","channels":{})", json(channels_.describe()).dump());
}

// The online payment merchants: the deployment's (MOTCUA_VNPAY_*, MOTCUA_PAYGOV_*) and per agency
// (MOTCUA_PAYMENT_AGENCIES, a JSON file that holds secrets: read, never logged).
services::gateway::Merchants App::merchants() const {
  services::gateway::Merchants m;
  m.set_default({"vnpay", cfg_.vnpay_url, cfg_.vnpay_api_url, cfg_.vnpay_tmn_code, "", cfg_.vnpay_secret});
  m.set_default({"paygov", "", cfg_.paygov_api_url, cfg_.paygov_partner_code, cfg_.paygov_access_key, cfg_.paygov_secret});
  if (!cfg_.payment_agencies_file.empty()) {
    std::ifstream in(cfg_.payment_agencies_file);
    json per = in.is_open() ? json::parse(in, nullptr, false) : json();
    if (!per.is_object()) throw std::runtime_error("không đọc được tệp cấu hình thanh toán theo cơ quan " + cfg_.payment_agencies_file);
    auto s = [](const json& o, const char* k) { return o.is_object() && o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : std::string(); };
    for (const auto& [agency, c] : per.items()) {
      const json& v = c.is_object() && c.contains("vnpay") ? c["vnpay"] : c;  // a flat object is VNPAY's (the first format)
      if (v.is_object() && (v.contains("tmn_code") || v.contains("pay_url")))
        m.set(agency, {"vnpay", s(v, "pay_url"), s(v, "api_url"), s(v, "tmn_code"), "", s(v, "secret")});
      if (c.is_object() && c.contains("paygov")) {
        const json& g = c["paygov"];
        m.set(agency, {"paygov", "", s(g, "api_url"), s(g, "partner_code"), s(g, "access_key"), s(g, "secret")});
      }
    }
  }
  spdlog::info(R"("event":"payment_merchants","merchants":{})", m.describe().dump());
  return m;
}

// The scheduled jobs of this deployment (services/jobs/job_runner.h). Rows are created once; every
// server process runs them, the lease makes sure only one runs each at a time.
void App::define_jobs() {
  jobs_->define("supplement_deadline", [this](const services::Job&) { return dossiers_->stop_missed_supplements(); });
  jobs_->define("due_digest", [this](const services::Job&) { return dossiers_->due_digest(); });
  // Delivery has its own row leases (two processes may run it at once): the job's lease is as short as a
  // message's, so a crash does not hold the next run back.
  jobs_->define("notify_delivery", [this](const services::Job&) { return delivery_->run_job(); }, cfg_.notify_lease_ms);
  jobs_->define("national_sync", [this](const services::Job&) { return sync_delivery_->run_job(); }, cfg_.notify_lease_ms);
  jobs_->define("payment_refunds", [this](const services::Job&) { return payments_->run_refunds(); });
  jobs_->define("payment_reconcile", [this](const services::Job&) { return payments_->run_reconcile_job(); });
  // Audit entries written by requests wait in audit_pending until sealed into the hash chain (services/audit).
  jobs_->define("audit_seal", [this](const services::Job&) {
    int n = 0;
    for (int batch; (batch = services::AuditLog::seal(*db_)) > 0;) n += batch;
    return "Đã niêm phong " + std::to_string(n) + " bản ghi nhật ký";
  });
  if (!cfg_.jobs) return;
  int64_t now = fmt::now_ms();
  jobs_->ensure_recurring("audit_seal", "audit_seal", cfg_.notify_period_ms, now);  // as often as message delivery
  jobs_->ensure_recurring("notify_delivery", "notify_delivery", cfg_.notify_period_ms, now);
  if (sync_->enabled()) jobs_->ensure_recurring("national_sync", "national_sync", cfg_.national_period_ms, now);
  jobs_->ensure_recurring("supplement_deadline", "supplement_deadline", int64_t{cfg_.supplement_sweep_minutes} * 60'000, now);
  // Daily at digest_hour local time (UTC+7, no DST).
  constexpr int64_t day = 86'400'000, tz = 7 * 3'600'000;
  int64_t first = (now + tz) / day * day - tz + int64_t{cfg_.digest_hour} * 3'600'000;
  if (first <= now) first += day;
  jobs_->ensure_recurring("due_digest", "due_digest", day, first);
  if (payments_->online_enabled()) {
    jobs_->ensure_recurring("payment_refunds", "payment_refunds", cfg_.refund_period_ms, now);
    int64_t rec = (now + tz) / day * day - tz + int64_t{cfg_.reconcile_hour} * 3'600'000;
    if (rec <= now) rec += day;
    jobs_->ensure_recurring("payment_reconcile", "payment_reconcile", day, rec);
  }
}

void App::register_routes() {
  router_.set_authorizer([this](http::Request& req, const http::Route& r) { return authorize(cfg_, *ctx_, req, r); });
  router_.set_error_renderer([this](const http::Request& req, int status, const std::string& code, const std::string& msg,
                                    const std::string& details) {
    bool api = req.path.rfind("/api/", 0) == 0 || !req.wants_html();
    if (api) {
      json e = {{"code", code}, {"message", msg}};
      if (!details.empty()) e["details"] = json::parse(details, nullptr, false);
      return http::Response::json(status, json{{"error", e}}.dump(-1, ' ', false, json::error_handler_t::replace));
    }
    return views_->error_page(req, status, msg);
  });
  api::register_system_routes(router_, *ctx_);
  api::register_catalog_api(router_, *ctx_);
  web::register_catalog_pages(router_, *ctx_);
  web::register_catalog_admin_pages(router_, *ctx_);
  api::register_auth_api(router_, *ctx_);
  web::register_account_pages(router_, *ctx_);
  web::register_admin_users(router_, *ctx_);
  api::register_calendar_api(router_, *ctx_);
  api::register_dossiers_api(router_, *ctx_);
  api::register_files_api(router_, *ctx_);
  api::register_jobs_api(router_, *ctx_);
  api::register_reports_api(router_, *ctx_);
  web::register_report_pages(router_, *ctx_);
  web::register_report_index_pages(router_, *ctx_);
  api::register_sync_api(router_, *ctx_);
  web::register_sync_pages(router_, *ctx_);
  api::register_webhooks_api(router_, *ctx_);
  api::register_natdb_api(router_, *ctx_);
  api::register_handover_api(router_, *ctx_);
  api::register_payments_api(router_, *ctx_);
  api::register_post_api(router_, *ctx_);
  api::register_verify_api(router_, *ctx_);
  api::register_docstore_api(router_, *ctx_);
  web::register_docstore_pages(router_, *ctx_);
  web::register_verify_pages(router_, *ctx_);
  web::register_payment_pages(router_, *ctx_);
  web::register_post_pages(router_, *ctx_);
  web::register_webhook_pages(router_, *ctx_);
  web::register_jobs_pages(router_, *ctx_);
  web::register_notify_pages(router_, *ctx_);
  api::register_notify_api(router_, *ctx_);
  api::register_ratings_api(router_, *ctx_);
  web::register_rating_pages(router_, *ctx_);
  api::register_public_kpis_api(router_, *ctx_);
  web::register_public_kpi_pages(router_, *ctx_);
  web::register_dashboard_pages(router_, *ctx_);
  api::register_dashboard_api(router_, *ctx_);
  api::register_report_index_api(router_, *ctx_);
  web::register_notify_settings_pages(router_, *ctx_);
  web::register_dossier_pages(router_, *ctx_);
  web::register_work_pages(router_, *ctx_);
  web::register_oidc_routes(router_, *ctx_, oidc_.get());
}

bool App::load_demo_if_empty() {
  auto r = db_->query("SELECT COUNT(*) FROM procedures");
  if (r.rows.at(0).i64(0) > 0) return false;
  namespace fs = std::filesystem;
  fs::path root = fs::path(cfg_.web_root) / "data";
  auto read = [](const fs::path& p) {
    std::ifstream in(p);
    if (!in) throw std::runtime_error("không đọc được " + p.string());
    return json::parse(in);
  };
  int agencies = agencies_->import_tree(read(root / "agencies" / "demo.json"));
  accounts_->create_demo_accounts();
  int procs = 0;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(root / "catalog"))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto res = catalog_->import(read(f), "demo-loader");
    procs += res.created + res.amended;
  }
  spdlog::info(R"("event":"demo_loaded","agencies":{},"procedures":{})", agencies, procs);
  return true;
}

void App::serve() {
  http::ServerConfig sc;
  sc.host = cfg_.host;
  sc.port = static_cast<uint16_t>(cfg_.port);
  sc.io_threads = cfg_.io_threads;
  sc.workers = cfg_.workers;
  sc.body_limit = cfg_.body_limit;
  // Many clients must not run the process out of descriptors: raise the soft limit to the hard one and
  // keep connections below it, leaving room for the database pool (SQLite: db, WAL, shm per connection),
  // uploads, static files and logs.
  http::FdLimit fds = http::raise_open_file_limit();
  int headroom = 64 + 4 * cfg_.db_pool + 2 * cfg_.workers;
  int derived = fds.soft < 0 ? 65536 : static_cast<int>(std::min<long>(65536, std::max<long>(16, fds.soft - headroom)));
  sc.max_connections = cfg_.max_connections > 0 ? cfg_.max_connections : derived;
  spdlog::info(R"("event":"open_file_limit","soft_before":{},"soft":{},"hard":{},"max_connections":{},"headroom":{})",
               fds.before, fds.soft, fds.hard, sc.max_connections, headroom);
  if (fds.soft > 0 && sc.max_connections > fds.soft - headroom)
    spdlog::warn(R"("event":"max_connections_above_fd_limit","max_connections":{},"open_file_limit":{})", sc.max_connections, fds.soft);
  http::Server server(sc, router_, metrics_);
  server.listen();
  if (!cfg_.port_file.empty()) {
    std::string tmp = cfg_.port_file + ".tmp";
    std::ofstream(tmp) << server.port() << "\n";
    std::filesystem::rename(tmp, cfg_.port_file);
  }
  if (cfg_.public_url.empty())  // the QR codes of signed results point here (set MOTCUA_PUBLIC_URL in production)
    issued_->set_public_url("http://" + (cfg_.host == "0.0.0.0" ? std::string("127.0.0.1") : cfg_.host) + ":" + std::to_string(server.port()));
  spdlog::info(R"("event":"listening","url":"http://{}:{}","config":{})", cfg_.host, server.port(), cfg_.to_log_json().dump());
  if (cfg_.jobs) jobs_->start();
  server.run();
  delivery_->request_stop();  // a delivery run in progress ends after its current send
  sync_delivery_->request_stop();
  jobs_->stop();
  spdlog::info(R"("event":"stopped")");
}

}  // namespace motcua::app
