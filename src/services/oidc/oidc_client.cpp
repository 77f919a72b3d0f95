// OpenID Connect relying party over libcurl (see oidc_client.h).
#include "services/oidc/oidc_client.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "domain/errors.h"
#include "services/oidc/jwt.h"

namespace motcua::oidc {
namespace {

constexpr size_t kMaxResponseBytes = 1024 * 1024;

int64_t now_ms_or(int64_t now_ms) {
  if (now_ms) return now_ms;
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

[[noreturn]] void unavailable(const std::string& detail) {
  throw DomainError(ErrorKind::internal, "oidc_provider_unavailable",
                    "Không kết nối được với nhà cung cấp định danh điện tử (" + detail + "). Vui lòng thử lại sau.");
}
[[noreturn]] void invalid_metadata(const std::string& detail) {
  throw DomainError(ErrorKind::internal, "oidc_discovery_invalid",
                    "Cấu hình của nhà cung cấp định danh điện tử không hợp lệ: " + detail + ".");
}

std::string random_b64url(size_t bytes) {
  std::string buf(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(buf.data()), static_cast<int>(bytes)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return base64url_encode(buf);
}

std::string base64_std(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

// https://…, or http://… for a loopback host only.
bool allowed_url(const std::string& url) {
  CURLU* u = curl_url();
  if (!u) throw std::bad_alloc();
  bool ok = false;
  if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
    char* scheme = nullptr;
    char* host = nullptr;
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK && curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
      std::string s(scheme), h(host);
      ok = s == "https" || (s == "http" && (h == "127.0.0.1" || h == "localhost" || h == "[::1]"));
    }
    curl_free(scheme);
    curl_free(host);
  }
  curl_url_cleanup(u);
  return ok;
}

struct HttpResponse {
  long status = 0;
  std::string body;
};

size_t on_data(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->size() + size * n > kMaxResponseBytes) return 0;  // aborts the transfer
  out->append(data, size * n);
  return size * n;
}

// GET (form == nullptr) or POST application/x-www-form-urlencoded.
HttpResponse http_call(const OidcConfig& cfg, const std::string& url, const std::string* form, const std::string& authorization = {}) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) throw std::bad_alloc();
  HttpResponse r;
  curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
  if (form) headers = curl_slist_append(headers, "Content-Type: application/x-www-form-urlencoded");
  if (!authorization.empty()) headers = curl_slist_append(headers, ("Authorization: " + authorization).c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_guard(headers, curl_slist_free_all);
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg.timeout_s);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, cfg.timeout_s);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!cfg.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, cfg.ca_file.c_str());
  curl_easy_setopt(c, CURLOPT_USERAGENT, "motcua-oidc/1");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  if (form) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form->c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(form->size()));
  }
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) unavailable(curl_easy_strerror(rc));
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  return r;
}

nlohmann::json get_json(const OidcConfig& cfg, const std::string& url, const char* what) {
  HttpResponse r = http_call(cfg, url, nullptr);
  if (r.status >= 500) unavailable("HTTP " + std::to_string(r.status));
  if (r.status != 200) invalid_metadata(std::string(what) + " trả về HTTP " + std::to_string(r.status));
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (!j.is_object()) invalid_metadata(std::string(what) + " không phải đối tượng JSON");
  return j;
}

std::string required_url(const nlohmann::json& doc, const char* name) {
  auto it = doc.find(name);
  if (it == doc.end() || !it->is_string() || !allowed_url(it->get<std::string>()))
    invalid_metadata(std::string("thiếu hoặc sai địa chỉ ") + name);
  return it->get<std::string>();
}

bool is_12_digits(const std::string& s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string string_claim(const nlohmann::json& j, const std::string& name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A provider error code is echoed to the user only when it looks like one (RFC 6749 §5.2).
std::string safe_error_code(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  std::string e = j.is_object() ? string_claim(j, "error") : std::string();
  bool ok = !e.empty() && e.size() <= 64 && std::all_of(e.begin(), e.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
  return ok ? e : "không rõ lý do";
}

}  // namespace

std::string url_encode(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string pkce_challenge(const std::string& verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

struct OidcClient::Impl {
  OidcConfig cfg;
  std::mutex mu;  // guards the caches below; held while fetching so concurrent callers fetch once
  std::optional<ProviderMetadata> meta;
  std::shared_ptr<const std::vector<Jwk>> keys;
  int64_t keys_fetched_ms = 0;

  ProviderMetadata discover_locked() {
    if (meta) return *meta;
    std::string base = cfg.issuer;
    while (!base.empty() && base.back() == '/') base.pop_back();
    nlohmann::json doc = get_json(cfg, base + "/.well-known/openid-configuration", "tài liệu khám phá");
    ProviderMetadata m;
    m.issuer = string_claim(doc, "issuer");
    if (m.issuer != cfg.issuer) invalid_metadata("issuer trong tài liệu khám phá khác với issuer đã cấu hình");
    m.authorization_endpoint = required_url(doc, "authorization_endpoint");
    m.token_endpoint = required_url(doc, "token_endpoint");
    m.jwks_uri = required_url(doc, "jwks_uri");
    if (doc.contains("userinfo_endpoint")) m.userinfo_endpoint = required_url(doc, "userinfo_endpoint");
    if (auto it = doc.find("token_endpoint_auth_methods_supported"); it != doc.end() && it->is_array())
      for (const auto& v : *it)
        if (v.is_string()) m.token_endpoint_auth_methods.push_back(v.get<std::string>());
    if (auto it = doc.find("code_challenge_methods_supported"); it != doc.end()) {
      bool s256 = it->is_array() && std::find(it->begin(), it->end(), nlohmann::json("S256")) != it->end();
      if (!s256) invalid_metadata("không hỗ trợ PKCE S256");
    }
    m.raw = std::move(doc);
    meta = m;
    return m;
  }

  std::shared_ptr<const std::vector<Jwk>> jwks(bool force) {
    std::lock_guard lock(mu);
    int64_t now = now_ms_or(0);
    if (!force && keys && now - keys_fetched_ms < cfg.jwks_ttl_s * 1000) return keys;
    ProviderMetadata m = discover_locked();
    nlohmann::json doc = get_json(cfg, m.jwks_uri, "tập khóa JWKS");
    keys = std::make_shared<const std::vector<Jwk>>(parse_jwks(doc));
    keys_fetched_ms = now;
    return keys;
  }
};

OidcClient::OidcClient(OidcConfig config) : impl_(std::make_unique<Impl>()) {
  static std::once_flag curl_once;
  std::call_once(curl_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (config.client_id.empty()) throw std::invalid_argument("oidc: client_id is required");
  if (!allowed_url(config.issuer)) throw std::invalid_argument("oidc: issuer must be https:// (http:// only for loopback)");
  if (config.redirect_uri.empty()) throw std::invalid_argument("oidc: redirect_uri is required");
  if (std::find(config.scopes.begin(), config.scopes.end(), "openid") == config.scopes.end())
    config.scopes.insert(config.scopes.begin(), "openid");
  if (config.timeout_s <= 0) config.timeout_s = 10;
  impl_->cfg = std::move(config);
}

OidcClient::~OidcClient() = default;

const OidcConfig& OidcClient::config() const { return impl_->cfg; }

ProviderMetadata OidcClient::discover() {
  std::lock_guard lock(impl_->mu);
  return impl_->discover_locked();
}

AuthRequest OidcClient::begin(const std::vector<std::pair<std::string, std::string>>& extra_params) {
  const OidcConfig& cfg = impl_->cfg;
  ProviderMetadata m = discover();
  AuthRequest r;
  r.state = random_b64url(32);
  r.nonce = random_b64url(32);
  r.code_verifier = random_b64url(32);
  std::string scope;
  for (const auto& s : cfg.scopes) scope += (scope.empty() ? "" : " ") + s;
  std::vector<std::pair<std::string, std::string>> params = {
      {"response_type", "code"}, {"client_id", cfg.client_id},
      {"redirect_uri", cfg.redirect_uri}, {"scope", scope},
      {"state", r.state}, {"nonce", r.nonce},
      {"code_challenge", pkce_challenge(r.code_verifier)}, {"code_challenge_method", "S256"}};
  params.insert(params.end(), extra_params.begin(), extra_params.end());
  r.authorization_url = m.authorization_endpoint;
  char sep = r.authorization_url.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    r.authorization_url += sep + url_encode(k) + "=" + url_encode(v);
    sep = '&';
  }
  return r;
}

IdentityClaims OidcClient::finish(const std::string& code, const FlowEntry& flow) {
  const OidcConfig& cfg = impl_->cfg;
  if (code.empty() || code.size() > 2048)
    throw DomainError(ErrorKind::unauthorized, "oidc_token_refused", "Mã xác thực từ nhà cung cấp định danh không hợp lệ.");
  ProviderMetadata m = discover();
  std::string form = "grant_type=authorization_code&code=" + url_encode(code) + "&redirect_uri=" + url_encode(cfg.redirect_uri) +
                     "&code_verifier=" + url_encode(flow.code_verifier);
  std::string authorization;
  const auto& methods = m.token_endpoint_auth_methods;
  auto lists = [&](const char* name) { return std::find(methods.begin(), methods.end(), name) != methods.end(); };
  if (cfg.client_secret.empty()) {
    form += "&client_id=" + url_encode(cfg.client_id);
  } else if (!methods.empty() && !lists("client_secret_basic") && lists("client_secret_post")) {
    form += "&client_id=" + url_encode(cfg.client_id) + "&client_secret=" + url_encode(cfg.client_secret);
  } else {
    authorization = "Basic " + base64_std(url_encode(cfg.client_id) + ":" + url_encode(cfg.client_secret));
  }
  HttpResponse r = http_call(cfg, m.token_endpoint, &form, authorization);
  if (r.status >= 500) unavailable("HTTP " + std::to_string(r.status));
  if (r.status != 200)
    throw DomainError(ErrorKind::unauthorized, "oidc_token_refused",
                      "Nhà cung cấp định danh từ chối xác nhận đăng nhập (" + safe_error_code(r.body) + "). Vui lòng đăng nhập lại.");
  auto tokens = nlohmann::json::parse(r.body, nullptr, false);
  std::string id_token = tokens.is_object() ? string_claim(tokens, "id_token") : std::string();
  if (id_token.empty()) invalid_metadata("phản hồi cấp mã thông báo không có id_token");

  Jws jws = parse_jws(id_token);
  auto keys = impl_->jwks(false);
  // Key rotation: an RS256 token naming a kid we do not know triggers exactly one refetch.
  if (jws.alg == "RS256" && !has_key_for(jws, *keys)) keys = impl_->jwks(true);
  verify_signature(jws, *keys);
  validate_claims(jws.payload, Expectations{cfg.issuer, cfg.client_id, flow.nonce, 0, cfg.clock_skew_s});

  IdentityClaims out;
  out.sub = string_claim(jws.payload, "sub");
  out.name = string_claim(jws.payload, "name");
  if (out.name.empty()) {
    std::string family = string_claim(jws.payload, "family_name"), given = string_claim(jws.payload, "given_name");
    out.name = family + (family.empty() || given.empty() ? "" : " ") + given;
  }
  out.id_number = string_claim(jws.payload, cfg.id_number_claim);
  if (out.id_number.empty()) {
    std::string username = string_claim(jws.payload, "preferred_username");
    if (is_12_digits(username)) out.id_number = username;
  }
  if (out.id_number.empty())
    throw DomainError(ErrorKind::unauthorized, "oidc_missing_id_number",
                      "Tài khoản định danh điện tử không cung cấp số định danh cá nhân, không thể đăng nhập.");
  out.raw = std::move(jws.payload);
  return out;
}

void save_flow(store::Db& db, const AuthRequest& request, const std::string& return_to, int64_t now_ms) {
  now_ms = now_ms_or(now_ms);
  bool local = return_to.size() >= 1 && return_to[0] == '/' && (return_to.size() == 1 || (return_to[1] != '/' && return_to[1] != '\\')) &&
               std::none_of(return_to.begin(), return_to.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  std::string target = local && return_to.size() <= 2000 ? return_to : "/";
  db.write([&](store::Conn& c) {
    c.exec("DELETE FROM oidc_flows WHERE created_at < $1", {now_ms - kFlowLifetimeMs});
    c.exec("INSERT INTO oidc_flows (state, nonce, code_verifier, return_to, created_at) VALUES ($1, $2, $3, $4, $5)",
           {request.state, request.nonce, request.code_verifier, target, now_ms});
  });
}

FlowEntry take_flow(store::Db& db, const std::string& state, int64_t now_ms) {
  now_ms = now_ms_or(now_ms);
  store::Result r;
  if (!state.empty() && state.size() <= 256)
    db.write([&](store::Conn& c) {
      r = c.exec("DELETE FROM oidc_flows WHERE state = $1 RETURNING nonce, code_verifier, return_to, created_at", {state});
    });
  if (r.rows.empty())
    throw DomainError(ErrorKind::unauthorized, "oidc_state_unknown",
                      "Phiên đăng nhập bằng định danh điện tử không hợp lệ hoặc đã được sử dụng. Vui lòng đăng nhập lại.");
  FlowEntry f{state, r.rows[0].str(0), r.rows[0].str(1), r.rows[0].str(2), r.rows[0].i64(3)};
  if (now_ms - f.created_at > kFlowLifetimeMs)
    throw DomainError(ErrorKind::unauthorized, "oidc_flow_expired",
                      "Phiên đăng nhập bằng định danh điện tử đã quá 10 phút. Vui lòng đăng nhập lại.");
  return f;
}

}  // namespace motcua::oidc
