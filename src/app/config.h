// Configuration: defaults < optional JSON config file (--config FILE or MOTCUA_CONFIG) < environment
// (MOTCUA_*) < command-line flags. Secrets are never logged (to_log_json() masks them).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace motcua::app {

struct Config {
  std::string data_dir = "var";          // MOTCUA_DATA, --data
  std::string db_url;                    // MOTCUA_DB, --db (default: sqlite file <data>/motcua.db)
  std::string host = "127.0.0.1";        // MOTCUA_HOST, --host
  int port = 8080;                       // PORT / MOTCUA_PORT, --port
  int io_threads = 1;                    // MOTCUA_IO_THREADS
  int workers = 4;                       // MOTCUA_WORKERS
  int db_pool = 4;                       // MOTCUA_DB_POOL
  size_t body_limit = 1024 * 1024;       // MOTCUA_BODY_LIMIT (bytes)
  int page_cache_mb = 32;                // MOTCUA_PAGE_CACHE_MB, --page-cache-mb: bound of the rendered public pages (0 = off)
  // Concurrent connections (503 beyond). 0 = derived at start from the open-file limit (raised to the
  // hard limit) minus headroom for the database pool, uploads and static files.
  int max_connections = 0;               // MOTCUA_MAX_CONNECTIONS, --max-connections
  std::string web_root;                  // MOTCUA_WEB_ROOT: folder with templates/ and static/
  std::string site_name = "Cổng Dịch vụ công";     // MOTCUA_SITE_NAME
  std::string agency_name = "Hệ thống một cửa điện tử"; // MOTCUA_AGENCY_NAME (header)
  bool demo_if_empty = false;            // --demo-if-empty: load demo data and demo accounts; demo mode
  bool demo_mode = false;                // MOTCUA_DEMO=1 (implied by --demo-if-empty): TOTP not required
  bool secure_cookies = false;           // MOTCUA_SECURE_COOKIES=1 behind TLS
  bool fast_hash = false;                // MOTCUA_FAST_HASH=1 (tests only): Argon2id at minimal cost
  bool test_clock = false;               // --test-clock (tests only): POST /test/clock moves the server clock
  int session_idle_minutes = 30;         // MOTCUA_SESSION_IDLE_MINUTES
  int session_hours = 12;                // MOTCUA_SESSION_HOURS (absolute)
  // Single sign-on with the national identity provider (OpenID Connect). Off when issuer is empty.
  std::string oidc_issuer;               // MOTCUA_OIDC_ISSUER
  std::string oidc_client_id;            // MOTCUA_OIDC_CLIENT_ID
  std::string oidc_client_secret;        // MOTCUA_OIDC_CLIENT_SECRET (never logged)
  std::string oidc_redirect_uri;         // MOTCUA_OIDC_REDIRECT_URI (…/oidc/callback)
  std::string public_url;                // MOTCUA_PUBLIC_URL, e.g. https://dichvucong.thanhhoa.gov.vn
  // Requests per second per client address (token bucket; 0 = off) and the burst allowed. Loopback
  // clients are not limited unless loopback is a trusted proxy (then the forwarded address is).
  double rate_limit = 20;                // MOTCUA_RATE_LIMIT
  double rate_burst = 100;               // MOTCUA_RATE_BURST
  std::vector<std::string> trusted_proxies;  // MOTCUA_TRUSTED_PROXIES: comma-separated addresses whose X-Forwarded-For is believed
  // Scheduled jobs (services/jobs): the runner's tick (real time), the supplement-deadline sweep period
  // and the hour (local) of the officers' due-soon/overdue digest. MOTCUA_JOBS=0 turns the runner off.
  bool jobs = true;                      // MOTCUA_JOBS, --jobs
  int job_tick_ms = 1000;                // MOTCUA_JOB_TICK_MS, --job-tick-ms
  int supplement_sweep_minutes = 5;      // MOTCUA_SUPPLEMENT_SWEEP_MINUTES
  int digest_hour = 7;                   // MOTCUA_DIGEST_HOUR (0–23, local time)
  // Notifications (services/notify): the delivery job's period, retries, the lease on claimed messages,
  // and the channels. A channel without a URL writes to <data>/outbox.log (development). Passwords and
  // tokens are never logged.
  int notify_period_ms = 1000;           // MOTCUA_NOTIFY_PERIOD_MS
  int notify_max_attempts = 8;           // MOTCUA_NOTIFY_MAX_ATTEMPTS
  int notify_backoff_ms = 30'000;        // MOTCUA_NOTIFY_BACKOFF_MS: first retry delay, doubled each time (cap 1 h)
  int notify_lease_ms = 60'000;          // MOTCUA_NOTIFY_LEASE_MS: claimed messages (and the delivery job) are ours this long
  std::string smtp_url;                  // MOTCUA_SMTP_URL: smtp://host:port | smtps://host:port
  std::string smtp_from = "khong-tra-loi@dichvucong.local";  // MOTCUA_SMTP_FROM
  std::string smtp_user;                 // MOTCUA_SMTP_USER
  std::string smtp_password;             // MOTCUA_SMTP_PASSWORD (never logged)
  bool smtp_starttls = false;            // MOTCUA_SMTP_STARTTLS=1: require STARTTLS on smtp://
  std::string sms_url;                   // MOTCUA_SMS_URL: the SMS gateway's JSON endpoint
  std::string sms_token;                 // MOTCUA_SMS_TOKEN (never logged)
  std::string sms_brandname = "DVC";     // MOTCUA_SMS_BRANDNAME
  bool sms_ascii = true;                 // MOTCUA_SMS_ASCII=0 keeps Vietnamese diacritics (UCS-2)
  std::string zalo_url;                  // MOTCUA_ZALO_URL: Zalo OA message endpoint
  std::string zalo_token;                // MOTCUA_ZALO_TOKEN: OA access token (never logged)
  // The OA's event webhook (POST /api/v1/zalo/webhook): a follower links their account by sending the code
  // shown on /tai-khoan; X-ZEvent-Signature = mac=sha256(app_id + body + timestamp + OA secret key).
  std::string zalo_app_id;               // MOTCUA_ZALO_APP_ID
  std::string zalo_oa_secret;            // MOTCUA_ZALO_OA_SECRET (never logged; webhook off when empty)
  std::string index766_table;            // MOTCUA_INDEX766_TABLE: JSON file replacing the QĐ 766 indicator points/thresholds
  std::string ops_feed_token;            // MOTCUA_OPS_FEED_TOKEN: the operations centre's dashboard feed (never logged; off when empty)
  // Agencies with their own gateway credentials: a JSON file {"<agency code>": {"email": {url, from,
  // user, password, starttls}, "sms": {url, token, brandname, ascii}, "zalo": {url, token}}}; a message
  // goes through its agency's, else the nearest parent's, else the deployment's channel.
  std::string notify_agencies_file;      // MOTCUA_NOTIFY_AGENCIES (the file holds secrets: never logged)
  // National portal sync (services/sync, R45): payloads go to <national_url>/<service> with a client-credentials
  // token from national_token_url; off when national_url is empty. Delivered by the job "national_sync".
  std::string national_url;              // MOTCUA_NATIONAL_URL
  std::string national_token_url;        // MOTCUA_NATIONAL_TOKEN_URL
  std::string national_client_id;        // MOTCUA_NATIONAL_CLIENT_ID
  std::string national_client_secret;    // MOTCUA_NATIONAL_CLIENT_SECRET (never logged)
  int national_period_ms = 1000;         // MOTCUA_NATIONAL_PERIOD_MS
  int national_backoff_ms = 10'000;      // MOTCUA_NATIONAL_BACKOFF_MS: first retry delay, doubled each time (cap 5 min)
  int national_max_attempts = 20;        // MOTCUA_NATIONAL_MAX_ATTEMPTS
  // The national data-sharing platform (services/natdb, R46): population and business registration lookups at
  // <national_data_url>/dancu/… and /dkdn/…, with the same client-credentials account; off when empty.
  std::string national_data_url;         // MOTCUA_NATIONAL_DATA_URL
  // Hand-over between deployments (services/handover, liên thông): this deployment's id for its peers, its Ed25519
  // key (created when missing; default <data>/keys/handover_ed25519.key) and the pinned peers (JSON; "" = off).
  std::string peer_id = "motcua";        // MOTCUA_PEER_ID
  std::string handover_key;              // MOTCUA_HANDOVER_KEY (a secret: never logged)
  std::string peers_file;                // MOTCUA_PEERS
  // Online payment (services/payments, issue 10): VNPAY's merchant protocol. The deployment's merchant; per-agency
  // merchants in the JSON file payment_agencies_file ({"<agency>": {"vnpay": {"pay_url","api_url","tmn_code","secret"},
  // "paygov": {"api_url","partner_code","access_key","secret"}}}; a flat {"pay_url",…} object is VNPAY's).
  std::string vnpay_url;                 // MOTCUA_VNPAY_URL (…/paymentv2/vpcpay.html)
  std::string vnpay_api_url;             // MOTCUA_VNPAY_API_URL (…/merchant_webapi/api/transaction)
  std::string vnpay_tmn_code;            // MOTCUA_VNPAY_TMN_CODE
  std::string vnpay_secret;              // MOTCUA_VNPAY_SECRET (never logged)
  // The national payment platform (domain/payments/paygov.h): the deployment's merchant; per agency in the same file.
  std::string paygov_api_url;            // MOTCUA_PAYGOV_API_URL (…/api: /payments/create, /query, /refund)
  std::string paygov_partner_code;       // MOTCUA_PAYGOV_PARTNER_CODE
  std::string paygov_access_key;         // MOTCUA_PAYGOV_ACCESS_KEY (never logged)
  std::string paygov_secret;             // MOTCUA_PAYGOV_SECRET (never logged)
  // The post operator's webhook (services/post): HMAC-SHA256 secret shared with it; empty = the webhook refuses all.
  std::string post_webhook_secret;       // MOTCUA_POST_WEBHOOK_SECRET (never logged)
  // The post operator's order API (services/post/post_channel.h): every new shipment is ordered with POST <url>/orders
  // through the outbox; off when the URL is empty (the post officer then moves shipments by hand).
  std::string post_api_url;              // MOTCUA_POST_API_URL
  std::string post_api_token;            // MOTCUA_POST_API_TOKEN (bearer; never logged)
  std::string payment_agencies_file;     // MOTCUA_PAYMENT_AGENCIES (the file holds secrets: never logged)
  int refund_period_ms = 60'000;         // MOTCUA_REFUND_PERIOD_MS: the job payment_refunds
  int reconcile_hour = 1;                // MOTCUA_RECONCILE_HOUR: the daily job payment_reconcile (local time)
  std::string demo_maildir;              // MOTCUA_DEMO_MAILDIR: the SMTP stand-in's Maildir, shown to admins (./run sets it)
  std::string demo_gateway_log;          // MOTCUA_DEMO_GATEWAY_LOG: the SMS / Zalo stand-in's log, shown beside the mail (./run sets it)
  // Numbering and titles of the official slips: "2018" (TT 01/2018/TT-VPCP) or "2025" (TT 03/2025/TT-VPCP).
  std::string forms_era = "2025";        // MOTCUA_FORMS_ERA, --forms-era
  // Signed e-results (services/esign, issue 9): "required" refuses to approve a result without the leader's
  // signature; "optional" signs when the leader has a registered key. Trusted CAs for verification: a PEM
  // bundle (default <data>/keys/ca/ca.crt, the demo CA, when present).
  std::string sign_results = "optional"; // MOTCUA_SIGN_RESULTS, --sign-results
  std::string sign_trust_file;           // MOTCUA_SIGN_TRUST, --sign-trust
  // Uploads (services/files): an optional virus scanner run on every upload before it is stored — "" / "off"
  // (default), "auto" (clamscan on PATH, if any) or a command split on spaces, reading the file on stdin
  // (exit 0 clean, 1 infected, else 503 "try again"); and the age of crash-left temporary files swept at start.
  std::string virus_scan;                // MOTCUA_VIRUS_SCAN, --virus-scan
  int upload_sweep_seconds = 600;        // MOTCUA_UPLOAD_SWEEP_SECONDS, --upload-sweep-seconds (0: all)
  std::string port_file;                 // --port-file: write the bound port there (tests)
  std::string log_level = "info";        // MOTCUA_LOG_LEVEL

  std::string database_url() const;
  nlohmann::json to_log_json() const;
};

// Parses argv (after the subcommand) into cfg; unknown flags are returned as remaining arguments.
std::vector<std::string> load_config(Config& cfg, const std::vector<std::string>& args);

}  // namespace motcua::app
