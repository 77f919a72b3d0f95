// JSON Web Tokens for OpenID Connect ID tokens: compact JWS parsing, RS256 verification (OpenSSL 3) and
// claim validation.
//
// Contract:
//  - Only RS256 is accepted. "none", HS256 and every other alg are refused (jwt_unsupported_alg) before
//    any key is looked at, so an attacker cannot downgrade to a MAC keyed with public material.
//  - Keys come from a JWKS (RFC 7517): only kty "RSA" keys whose "use" is absent or "sig" and whose
//    "alg" is absent or RS256 are considered; keys shorter than 2048 bits are refused (jwt_unknown_key).
//    A token with a kid uses exactly that key (absent → jwt_unknown_key); a token without kid is accepted
//    only if exactly one usable key exists.
//  - Claims: iss equals the expected issuer; aud equals client_id or is an array containing it, and when
//    it names several audiences (or when azp is present) azp must equal client_id; exp must be after
//    now − skew; iat and nbf (when present) must not be after now + skew; nonce must equal the expected
//    nonce (a missing claim counts as ""); sub must be a non-empty string.
//  - Every refusal is DomainError(ErrorKind::unauthorized, code, Vietnamese message) with one of the codes
//    below. Nothing here performs I/O.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::oidc {

// Stable error codes (DomainError::code()).
inline constexpr const char* kJwtMalformed = "jwt_malformed";
inline constexpr const char* kJwtBadSignature = "jwt_bad_signature";
inline constexpr const char* kJwtUnknownKey = "jwt_unknown_key";
inline constexpr const char* kJwtWrongIssuer = "jwt_wrong_issuer";
inline constexpr const char* kJwtWrongAudience = "jwt_wrong_audience";
inline constexpr const char* kJwtExpired = "jwt_expired";
inline constexpr const char* kJwtNotYetValid = "jwt_not_yet_valid";
inline constexpr const char* kJwtWrongNonce = "jwt_wrong_nonce";
inline constexpr const char* kJwtUnsupportedAlg = "jwt_unsupported_alg";

// base64url without padding (RFC 4648 §5). decode accepts optional trailing '=' padding and throws
// std::invalid_argument on any other character outside the alphabet, an impossible length or non-zero
// unused trailing bits (non-canonical spelling).
std::string base64url_encode(std::string_view bytes);
std::string base64url_decode(std::string_view text);

// One RSA public key from a JWKS; n and e are base64url big-endian integers.
struct Jwk {
  std::string kid, kty, alg, use, n, e;
};
// Parses {"keys":[…]}; entries that are not usable RS256 signing keys are skipped. Throws
// DomainError(jwt_unknown_key) when the document is not a JWKS object.
std::vector<Jwk> parse_jwks(const nlohmann::json& jwks);

// A parsed (not yet verified) compact JWS.
struct Jws {
  nlohmann::json header, payload;  // both JSON objects
  std::string signing_input;       // "<b64 header>.<b64 payload>"
  std::string signature;           // raw bytes
  std::string alg, kid;            // from the header ("" when absent)
};
// Throws DomainError(jwt_malformed) unless the text is three base64url parts with object JSON header and
// payload (at most 16 KiB in total).
Jws parse_jws(std::string_view compact);

// True when the JWKS contains a usable key for this token (same selection rule as verify_signature).
bool has_key_for(const Jws& jws, const std::vector<Jwk>& keys);

// Checks alg (jwt_unsupported_alg), selects the key (jwt_unknown_key) and verifies the RS256 signature
// (jwt_bad_signature).
void verify_signature(const Jws& jws, const std::vector<Jwk>& keys);

struct Expectations {
  std::string issuer;
  std::string client_id;
  std::string nonce;
  int64_t now_s = 0;          // seconds since the epoch; 0 → the system clock
  int64_t clock_skew_s = 60;  // tolerance for exp / iat / nbf
};
void validate_claims(const nlohmann::json& claims, const Expectations& expect);

// parse_jws + verify_signature + validate_claims; returns the verified payload.
nlohmann::json verify_id_token(std::string_view compact, const std::vector<Jwk>& keys, const Expectations& expect);

}  // namespace motcua::oidc
