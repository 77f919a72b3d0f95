// OpenID Connect relying party (single sign-on through the national identity provider, R44):
// authorization-code flow with PKCE S256, ID token verified with jwt.h. HTTP through libcurl.
//
// Contract:
//  - Network: every request has a 10 s timeout (config), TLS peer and host verification on, redirects
//    not followed, responses capped at 1 MiB. The issuer and every endpoint must be https:// — plain
//    http:// is allowed only for loopback hosts (127.0.0.1, localhost, [::1]: the test provider). The
//    constructor throws std::invalid_argument for an unusable configuration.
//  - discover(): GET {issuer}/.well-known/openid-configuration, once (retried after a failure); the
//    document's "issuer" must equal config.issuer exactly; S256 must be supported when the provider
//    lists its PKCE methods. JWKS cached for jwks_ttl_s, refetched once when an RS256 token names a kid
//    the cache does not know (key rotation). Thread-safe: one OidcClient serves all requests.
//  - begin(): fresh random state, nonce (32 bytes each) and PKCE verifier (32 bytes → 43 base64url
//    characters), code_challenge = base64url(SHA-256(verifier)). The caller keeps state/nonce/verifier
//    server-side (save_flow) and redirects the browser to authorization_url.
//  - finish(code, flow): POSTs the code to the token endpoint (client_secret_basic, or client_secret_post
//    when the provider only lists that, or client_id in the body for a public client with no secret),
//    verifies the ID token (signature, iss, aud/azp, exp/iat/nbf, nonce = flow.nonce) and returns the
//    identity. id_number is the configured claim, else preferred_username when it is exactly 12 digits.
//  - save_flow/take_flow: the oidc_flows table; take_flow deletes the row whatever happens (single use)
//    and refuses a flow older than 10 minutes. return_to is kept only when it is a local path
//    ("/…" but not "//…"), otherwise "/".
//  - Errors: DomainError. unauthorized: every jwt_* code from jwt.h, oidc_token_refused (the provider
//    refused the code), oidc_state_unknown, oidc_flow_expired, oidc_missing_id_number. internal:
//    oidc_provider_unavailable (network, timeout, 5xx), oidc_discovery_invalid (bad metadata/JWKS).
//    Messages are Vietnamese.
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "store/db.h"

namespace motcua::oidc {

struct OidcConfig {
  std::string issuer;         // exactly as the provider writes it, e.g. "https://sso.dichvucong.gov.vn"
  std::string client_id;
  std::string client_secret;  // "" → public client
  std::string redirect_uri;   // e.g. "https://motcua.example.vn/auth/oidc/callback"
  std::vector<std::string> scopes = {"openid", "profile"};
  std::string id_number_claim = "id_number";
  int64_t clock_skew_s = 60;
  long timeout_s = 10;
  int64_t jwks_ttl_s = 3600;
  std::string ca_file;  // extra CA bundle (PEM); "" → the system store
};

struct ProviderMetadata {
  std::string issuer, authorization_endpoint, token_endpoint, jwks_uri, userinfo_endpoint;
  std::vector<std::string> token_endpoint_auth_methods;  // as listed (may be empty)
  nlohmann::json raw;
};

struct AuthRequest {
  std::string authorization_url, state, nonce, code_verifier;
};

// What the caller stored for one begun flow (see save_flow / take_flow).
struct FlowEntry {
  std::string state, nonce, code_verifier, return_to;
  int64_t created_at = 0;  // UTC epoch ms
};

struct IdentityClaims {
  std::string sub, name, id_number;
  nlohmann::json raw;  // the verified ID-token payload
};

class OidcClient {
 public:
  explicit OidcClient(OidcConfig config);
  ~OidcClient();
  OidcClient(const OidcClient&) = delete;
  OidcClient& operator=(const OidcClient&) = delete;

  const OidcConfig& config() const;
  ProviderMetadata discover();
  // extra_params are appended to the authorization URL (e.g. {"login_hint", "…"}, {"ui_locales", "vi"}).
  AuthRequest begin(const std::vector<std::pair<std::string, std::string>>& extra_params = {});
  IdentityClaims finish(const std::string& code, const FlowEntry& flow);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

inline constexpr int64_t kFlowLifetimeMs = 10 * 60 * 1000;

// now_ms = 0 → the system clock. save_flow also deletes flows older than kFlowLifetimeMs.
void save_flow(store::Db& db, const AuthRequest& request, const std::string& return_to, int64_t now_ms = 0);
FlowEntry take_flow(store::Db& db, const std::string& state, int64_t now_ms = 0);
// The same as a service holding the database (what the sign-in pages get).
class FlowStore {
 public:
  explicit FlowStore(store::Db& db) : db_(db) {}
  void save(const AuthRequest& request, const std::string& return_to, int64_t now_ms = 0) { save_flow(db_, request, return_to, now_ms); }
  FlowEntry take(const std::string& state, int64_t now_ms = 0) { return take_flow(db_, state, now_ms); }

 private:
  store::Db& db_;
};

// Helpers shared with the tests: RFC 3986 percent-encoding of everything but unreserved characters,
// and base64url(SHA-256(verifier)).
std::string url_encode(const std::string& s);
std::string pkce_challenge(const std::string& verifier);

}  // namespace motcua::oidc
