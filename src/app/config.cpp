#include <algorithm>
#include "app/config.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace motcua::app {

std::string Config::database_url() const {
  if (!db_url.empty()) return db_url;
  return (std::filesystem::path(data_dir) / "motcua.db").string();
}

nlohmann::json Config::to_log_json() const {
  std::string db = database_url();
  // postgresql://user:password@host → mask the password
  auto at = db.find('@');
  auto scheme = db.find("://");
  if (at != std::string::npos && scheme != std::string::npos) {
    auto colon = db.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) db = db.substr(0, colon + 1) + "***" + db.substr(at);
  }
  return {{"data_dir", data_dir}, {"db", db}, {"host", host}, {"port", port}, {"io_threads", io_threads},
          {"workers", workers}, {"db_pool", db_pool}, {"body_limit", body_limit}, {"page_cache_mb", page_cache_mb}, {"max_connections", max_connections}, {"web_root", web_root},
          {"demo_mode", demo_mode}, {"secure_cookies", secure_cookies}, {"oidc_issuer", oidc_issuer},
          {"oidc_client_id", oidc_client_id}, {"oidc_client_secret", oidc_client_secret.empty() ? "" : "***"},
          {"rate_limit", rate_limit}, {"rate_burst", rate_burst}, {"trusted_proxies", trusted_proxies},
          {"jobs", jobs}, {"job_tick_ms", job_tick_ms}, {"supplement_sweep_minutes", supplement_sweep_minutes}, {"digest_hour", digest_hour}, {"forms_era", forms_era}, {"sign_results", sign_results}, {"sign_trust_file", sign_trust_file},
          {"notify_period_ms", notify_period_ms}, {"notify_max_attempts", notify_max_attempts}, {"notify_backoff_ms", notify_backoff_ms},
          {"notify_lease_ms", notify_lease_ms}, {"smtp_url", smtp_url.find('@') == std::string::npos ? smtp_url : "***"}, {"smtp_from", smtp_from},
          {"smtp_user", smtp_user}, {"smtp_password", smtp_password.empty() ? "" : "***"}, {"smtp_starttls", smtp_starttls},
          {"sms_url", sms_url.substr(0, sms_url.find('?'))}, {"sms_token", sms_token.empty() ? "" : "***"}, {"sms_ascii", sms_ascii},
          {"zalo_url", zalo_url.substr(0, zalo_url.find('?'))}, {"zalo_token", zalo_token.empty() ? "" : "***"},
          {"zalo_app_id", zalo_app_id}, {"zalo_oa_secret", zalo_oa_secret.empty() ? "" : "***"}, {"ops_feed_token", ops_feed_token.empty() ? "" : "***"}, {"index766_table", index766_table},
          {"national_url", national_url}, {"national_token_url", national_token_url}, {"national_client_id", national_client_id},
          {"national_client_secret", national_client_secret.empty() ? "" : "***"}, {"national_period_ms", national_period_ms}, {"national_data_url", national_data_url}, {"peer_id", peer_id}, {"peers_file", peers_file},
          {"vnpay_url", vnpay_url}, {"vnpay_api_url", vnpay_api_url}, {"vnpay_tmn_code", vnpay_tmn_code}, {"vnpay_secret", vnpay_secret.empty() ? "" : "***"},
          {"paygov_api_url", paygov_api_url}, {"paygov_partner_code", paygov_partner_code}, {"paygov_access_key", paygov_access_key.empty() ? "" : "***"},
          {"paygov_secret", paygov_secret.empty() ? "" : "***"}, {"post_webhook_secret", post_webhook_secret.empty() ? "" : "***"},
          {"post_api_url", post_api_url}, {"post_api_token", post_api_token.empty() ? "" : "***"},
          {"refund_period_ms", refund_period_ms}, {"reconcile_hour", reconcile_hour},
          {"virus_scan", virus_scan}, {"upload_sweep_seconds", upload_sweep_seconds}};
}

namespace {

bool truthy(const std::string& v) { return v == "1" || v == "true" || v == "yes" || v == "on"; }

int to_int(const std::string& v, const std::string& what) {
  try {
    size_t pos = 0;
    int x = std::stoi(v, &pos);
    if (pos != v.size()) throw std::invalid_argument(v);
    return x;
  } catch (const std::exception&) {
    throw std::runtime_error("giá trị không hợp lệ cho " + what + ": " + v);
  }
}

void set(Config& c, const std::string& key, const std::string& v) {
  if (key == "data") c.data_dir = v;
  else if (key == "db") c.db_url = v;
  else if (key == "host") c.host = v;
  else if (key == "port") c.port = to_int(v, "port");
  else if (key == "io-threads") c.io_threads = to_int(v, "io-threads");
  else if (key == "workers") c.workers = to_int(v, "workers");
  else if (key == "db-pool") c.db_pool = to_int(v, "db-pool");
  else if (key == "body-limit") c.body_limit = static_cast<size_t>(to_int(v, "body-limit"));
  else if (key == "max-connections") c.max_connections = to_int(v, "max-connections");
  else if (key == "web-root") c.web_root = v;
  else if (key == "site-name") c.site_name = v;
  else if (key == "agency-name") c.agency_name = v;
  else if (key == "demo-if-empty") c.demo_if_empty = c.demo_mode = truthy(v);
  else if (key == "demo") c.demo_mode = truthy(v);
  else if (key == "secure-cookies") c.secure_cookies = truthy(v);
  else if (key == "fast-hash") c.fast_hash = truthy(v);
  else if (key == "test-clock") c.test_clock = truthy(v);
  else if (key == "session-idle-minutes") c.session_idle_minutes = to_int(v, "session-idle-minutes");
  else if (key == "session-hours") c.session_hours = to_int(v, "session-hours");
  else if (key == "oidc-issuer") c.oidc_issuer = v;
  else if (key == "oidc-client-id") c.oidc_client_id = v;
  else if (key == "oidc-client-secret") c.oidc_client_secret = v;
  else if (key == "oidc-redirect-uri") c.oidc_redirect_uri = v;
  else if (key == "public-url") c.public_url = v;
  else if (key == "page-cache-mb") c.page_cache_mb = to_int(v, "page-cache-mb");
  else if (key == "rate-limit") c.rate_limit = to_int(v, "rate-limit");
  else if (key == "rate-burst") c.rate_burst = to_int(v, "rate-burst");
  else if (key == "trusted-proxies") {
    c.trusted_proxies.clear();
    std::string item;
    for (char ch : v + ",") {
      if (ch == ',') {
        if (!item.empty()) c.trusted_proxies.push_back(item);
        item.clear();
      } else if (ch != ' ') {
        item.push_back(ch);
      }
    }
  }
  else if (key == "jobs") c.jobs = truthy(v);
  else if (key == "job-tick-ms") c.job_tick_ms = std::max(10, to_int(v, "job-tick-ms"));
  else if (key == "supplement-sweep-minutes") c.supplement_sweep_minutes = std::max(1, to_int(v, "supplement-sweep-minutes"));
  else if (key == "digest-hour") {
    c.digest_hour = to_int(v, "digest-hour");
    if (c.digest_hour < 0 || c.digest_hour > 23) throw std::runtime_error("digest-hour phải từ 0 đến 23");
  }
  else if (key == "forms-era") {
    if (v != "2018" && v != "2025") throw std::runtime_error("--forms-era chỉ nhận 2018 (TT 01/2018/TT-VPCP) hoặc 2025 (TT 03/2025/TT-VPCP): " + v);
    c.forms_era = v;
  }
  else if (key == "notify-period-ms") c.notify_period_ms = std::max(10, to_int(v, "notify-period-ms"));
  else if (key == "notify-max-attempts") c.notify_max_attempts = std::max(1, to_int(v, "notify-max-attempts"));
  else if (key == "notify-backoff-ms") c.notify_backoff_ms = std::max(1, to_int(v, "notify-backoff-ms"));
  else if (key == "notify-lease-ms") c.notify_lease_ms = std::max(1000, to_int(v, "notify-lease-ms"));
  else if (key == "smtp-url") c.smtp_url = v;
  else if (key == "smtp-from") c.smtp_from = v;
  else if (key == "smtp-user") c.smtp_user = v;
  else if (key == "smtp-password") c.smtp_password = v;
  else if (key == "smtp-starttls") c.smtp_starttls = truthy(v);
  else if (key == "sms-url") c.sms_url = v;
  else if (key == "sms-token") c.sms_token = v;
  else if (key == "sms-brandname") c.sms_brandname = v;
  else if (key == "sms-ascii") c.sms_ascii = truthy(v);
  else if (key == "zalo-url") c.zalo_url = v;
  else if (key == "zalo-token") c.zalo_token = v;
  else if (key == "zalo-app-id") c.zalo_app_id = v;
  else if (key == "zalo-oa-secret") c.zalo_oa_secret = v;
  else if (key == "ops-feed-token") c.ops_feed_token = v;
  else if (key == "index766-table") c.index766_table = v;
  else if (key == "national-url") c.national_url = v;
  else if (key == "national-token-url") c.national_token_url = v;
  else if (key == "national-data-url") c.national_data_url = v;
  else if (key == "peer-id") c.peer_id = v;
  else if (key == "handover-key") c.handover_key = v;
  else if (key == "peers") c.peers_file = v;
  else if (key == "national-client-id") c.national_client_id = v;
  else if (key == "national-client-secret") c.national_client_secret = v;
  else if (key == "national-period-ms") c.national_period_ms = std::max(10, to_int(v, "national-period-ms"));
  else if (key == "national-backoff-ms") c.national_backoff_ms = std::max(1, to_int(v, "national-backoff-ms"));
  else if (key == "national-max-attempts") c.national_max_attempts = std::max(1, to_int(v, "national-max-attempts"));
  else if (key == "demo-maildir") c.demo_maildir = v;
  else if (key == "demo-gateway-log") c.demo_gateway_log = v;
  else if (key == "notify-agencies") c.notify_agencies_file = v;
  else if (key == "vnpay-url") c.vnpay_url = v;
  else if (key == "vnpay-api-url") c.vnpay_api_url = v;
  else if (key == "vnpay-tmn-code") c.vnpay_tmn_code = v;
  else if (key == "vnpay-secret") c.vnpay_secret = v;
  else if (key == "paygov-api-url") c.paygov_api_url = v;
  else if (key == "paygov-partner-code") c.paygov_partner_code = v;
  else if (key == "paygov-access-key") c.paygov_access_key = v;
  else if (key == "paygov-secret") c.paygov_secret = v;
  else if (key == "post-webhook-secret") c.post_webhook_secret = v;
  else if (key == "post-api-url") c.post_api_url = v;
  else if (key == "post-api-token") c.post_api_token = v;
  else if (key == "payment-agencies") c.payment_agencies_file = v;
  else if (key == "refund-period-ms") c.refund_period_ms = std::max(100, to_int(v, "refund-period-ms"));
  else if (key == "reconcile-hour") c.reconcile_hour = std::clamp(to_int(v, "reconcile-hour"), 0, 23);
  else if (key == "sign-results") {
    if (v != "optional" && v != "required") throw std::runtime_error("--sign-results chỉ nhận optional hoặc required: " + v);
    c.sign_results = v;
  }
  else if (key == "sign-trust") c.sign_trust_file = v;
  else if (key == "virus-scan") c.virus_scan = v;
  else if (key == "upload-sweep-seconds") c.upload_sweep_seconds = std::max(0, to_int(v, "upload-sweep-seconds"));
  else if (key == "port-file") c.port_file = v;
  else if (key == "log-level") c.log_level = v;
  else throw std::runtime_error("tùy chọn không được hỗ trợ: " + key);
}

}  // namespace

std::vector<std::string> load_config(Config& cfg, const std::vector<std::string>& args) {
  // 1. config file
  std::string file;
  if (const char* e = std::getenv("MOTCUA_CONFIG")) file = e;
  for (size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--config") file = args[i + 1];
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("không đọc được tệp cấu hình " + file);
    auto j = nlohmann::json::parse(in);
    for (auto it = j.begin(); it != j.end(); ++it) {
      std::string key = it.key();
      for (auto& ch : key)
        if (ch == '_') ch = '-';
      set(cfg, key, it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
    }
  }
  // 2. environment
  const std::pair<const char*, const char*> env[] = {
      {"MOTCUA_DATA", "data"},         {"MOTCUA_DB", "db"},           {"MOTCUA_HOST", "host"},
      {"PORT", "port"},                {"MOTCUA_PORT", "port"},       {"MOTCUA_IO_THREADS", "io-threads"},
      {"MOTCUA_WORKERS", "workers"},   {"MOTCUA_DB_POOL", "db-pool"}, {"MOTCUA_BODY_LIMIT", "body-limit"}, {"MOTCUA_PAGE_CACHE_MB", "page-cache-mb"}, {"MOTCUA_MAX_CONNECTIONS", "max-connections"},
      {"MOTCUA_WEB_ROOT", "web-root"}, {"MOTCUA_SITE_NAME", "site-name"}, {"MOTCUA_AGENCY_NAME", "agency-name"},
      {"MOTCUA_DEMO", "demo"}, {"MOTCUA_SECURE_COOKIES", "secure-cookies"}, {"MOTCUA_FAST_HASH", "fast-hash"},
      {"MOTCUA_SESSION_IDLE_MINUTES", "session-idle-minutes"}, {"MOTCUA_SESSION_HOURS", "session-hours"},
      {"MOTCUA_OIDC_ISSUER", "oidc-issuer"}, {"MOTCUA_OIDC_CLIENT_ID", "oidc-client-id"},
      {"MOTCUA_OIDC_CLIENT_SECRET", "oidc-client-secret"}, {"MOTCUA_OIDC_REDIRECT_URI", "oidc-redirect-uri"},
      {"MOTCUA_PUBLIC_URL", "public-url"}, {"MOTCUA_LOG_LEVEL", "log-level"},
      {"MOTCUA_RATE_LIMIT", "rate-limit"}, {"MOTCUA_RATE_BURST", "rate-burst"}, {"MOTCUA_TRUSTED_PROXIES", "trusted-proxies"},
      {"MOTCUA_JOBS", "jobs"}, {"MOTCUA_JOB_TICK_MS", "job-tick-ms"}, {"MOTCUA_SUPPLEMENT_SWEEP_MINUTES", "supplement-sweep-minutes"},
      {"MOTCUA_DIGEST_HOUR", "digest-hour"}, {"MOTCUA_FORMS_ERA", "forms-era"},
      {"MOTCUA_SIGN_RESULTS", "sign-results"}, {"MOTCUA_SIGN_TRUST", "sign-trust"},
      {"MOTCUA_NOTIFY_PERIOD_MS", "notify-period-ms"}, {"MOTCUA_NOTIFY_MAX_ATTEMPTS", "notify-max-attempts"},
      {"MOTCUA_NOTIFY_BACKOFF_MS", "notify-backoff-ms"}, {"MOTCUA_NOTIFY_LEASE_MS", "notify-lease-ms"}, {"MOTCUA_SMTP_URL", "smtp-url"},
      {"MOTCUA_SMTP_FROM", "smtp-from"}, {"MOTCUA_SMTP_USER", "smtp-user"}, {"MOTCUA_SMTP_PASSWORD", "smtp-password"},
      {"MOTCUA_SMTP_STARTTLS", "smtp-starttls"}, {"MOTCUA_SMS_URL", "sms-url"}, {"MOTCUA_SMS_TOKEN", "sms-token"},
      {"MOTCUA_SMS_BRANDNAME", "sms-brandname"}, {"MOTCUA_SMS_ASCII", "sms-ascii"}, {"MOTCUA_ZALO_URL", "zalo-url"}, {"MOTCUA_ZALO_TOKEN", "zalo-token"},
      {"MOTCUA_ZALO_APP_ID", "zalo-app-id"}, {"MOTCUA_ZALO_OA_SECRET", "zalo-oa-secret"}, {"MOTCUA_OPS_FEED_TOKEN", "ops-feed-token"}, {"MOTCUA_INDEX766_TABLE", "index766-table"},
      {"MOTCUA_DEMO_MAILDIR", "demo-maildir"}, {"MOTCUA_DEMO_GATEWAY_LOG", "demo-gateway-log"}, {"MOTCUA_NOTIFY_AGENCIES", "notify-agencies"},
      {"MOTCUA_NATIONAL_URL", "national-url"}, {"MOTCUA_NATIONAL_TOKEN_URL", "national-token-url"}, {"MOTCUA_NATIONAL_DATA_URL", "national-data-url"}, {"MOTCUA_PEER_ID", "peer-id"}, {"MOTCUA_HANDOVER_KEY", "handover-key"}, {"MOTCUA_PEERS", "peers"}, {"MOTCUA_NATIONAL_CLIENT_ID", "national-client-id"},
      {"MOTCUA_NATIONAL_CLIENT_SECRET", "national-client-secret"}, {"MOTCUA_NATIONAL_PERIOD_MS", "national-period-ms"},
      {"MOTCUA_NATIONAL_BACKOFF_MS", "national-backoff-ms"}, {"MOTCUA_NATIONAL_MAX_ATTEMPTS", "national-max-attempts"},
      {"MOTCUA_VNPAY_URL", "vnpay-url"}, {"MOTCUA_VNPAY_API_URL", "vnpay-api-url"}, {"MOTCUA_VNPAY_TMN_CODE", "vnpay-tmn-code"},
      {"MOTCUA_VNPAY_SECRET", "vnpay-secret"}, {"MOTCUA_PAYMENT_AGENCIES", "payment-agencies"},
      {"MOTCUA_PAYGOV_API_URL", "paygov-api-url"}, {"MOTCUA_PAYGOV_PARTNER_CODE", "paygov-partner-code"}, {"MOTCUA_PAYGOV_ACCESS_KEY", "paygov-access-key"},
      {"MOTCUA_PAYGOV_SECRET", "paygov-secret"}, {"MOTCUA_POST_WEBHOOK_SECRET", "post-webhook-secret"},
      {"MOTCUA_POST_API_URL", "post-api-url"}, {"MOTCUA_POST_API_TOKEN", "post-api-token"}, {"MOTCUA_REFUND_PERIOD_MS", "refund-period-ms"},
      {"MOTCUA_RECONCILE_HOUR", "reconcile-hour"}, {"MOTCUA_VIRUS_SCAN", "virus-scan"},
      {"MOTCUA_UPLOAD_SWEEP_SECONDS", "upload-sweep-seconds"}};
  for (const auto& [name, key] : env)
    if (const char* v = std::getenv(name); v && *v) set(cfg, key, v);
  // 3. flags
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--config") {
      ++i;
      continue;
    }
    if (a.rfind("--", 0) != 0) {
      rest.push_back(a);
      continue;
    }
    std::string key = a.substr(2), val;
    auto eq = key.find('=');
    if (eq != std::string::npos) {
      val = key.substr(eq + 1);
      key = key.substr(0, eq);
    } else if (key == "demo-if-empty" || key == "demo" || key == "fast-hash" || key == "secure-cookies" || key == "test-clock") {
      val = "1";
    } else if (i + 1 < args.size()) {
      val = args[++i];
    } else {
      throw std::runtime_error("thiếu giá trị cho --" + key);
    }
    set(cfg, key, val);
  }
  if (cfg.web_root.empty()) {
    if (std::filesystem::exists("templates/layout.mustache")) cfg.web_root = ".";
    else cfg.web_root = MOTCUA_SOURCE_DIR;
  }
  return rest;
}

}  // namespace motcua::app
