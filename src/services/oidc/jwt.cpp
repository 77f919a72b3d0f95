// Compact JWS parsing, RS256 verification with OpenSSL 3 and ID-token claim validation (see jwt.h).
#include "services/oidc/jwt.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>

#include "domain/errors.h"

namespace motcua::oidc {
namespace {

[[noreturn]] void fail(const char* code, const std::string& message) {
  throw DomainError(ErrorKind::unauthorized, code, message);
}

[[noreturn]] void malformed(const std::string& detail) {
  fail(kJwtMalformed, "Mã thông báo định danh (ID token) không đúng định dạng: " + detail + ".");
}

constexpr size_t kMaxTokenBytes = 16 * 1024;

int b64url_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct BnFree {
  void operator()(BIGNUM* p) const { BN_free(p); }
};
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

std::unique_ptr<BIGNUM, BnFree> bignum_from_b64url(const std::string& text) {
  std::string bytes;
  try {
    bytes = base64url_decode(text);
  } catch (const std::invalid_argument&) {
    fail(kJwtUnknownKey, "Khóa công khai của nhà cung cấp định danh không hợp lệ.");
  }
  if (bytes.empty()) fail(kJwtUnknownKey, "Khóa công khai của nhà cung cấp định danh không hợp lệ.");
  std::unique_ptr<BIGNUM, BnFree> bn(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()), nullptr));
  if (!bn) throw std::bad_alloc();
  return bn;
}

// Builds an RSA public key from the JWK's modulus and exponent (OSSL_PARAM + EVP_PKEY_fromdata).
Pkey rsa_public_key(const Jwk& jwk) {
  auto n = bignum_from_b64url(jwk.n);
  auto e = bignum_from_b64url(jwk.e);
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
  if (!bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()))
    throw std::runtime_error("OpenSSL: OSSL_PARAM_BLD failed");
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld.get()));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0) throw std::runtime_error("OpenSSL: EVP_PKEY_fromdata_init failed");
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0 || !raw) {
    ERR_clear_error();
    fail(kJwtUnknownKey, "Khóa công khai của nhà cung cấp định danh không hợp lệ.");
  }
  Pkey key(raw);
  if (EVP_PKEY_get_bits(key.get()) < 2048)
    fail(kJwtUnknownKey, "Khóa công khai của nhà cung cấp định danh quá ngắn (cần tối thiểu 2048 bit).");
  return key;
}

bool rs256_verify(EVP_PKEY* key, std::string_view data, std::string_view signature) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> md(EVP_MD_CTX_new());
  if (!md) throw std::bad_alloc();
  bool ok = EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
            EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                             reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  ERR_clear_error();
  return ok;
}

nlohmann::json decode_json_part(std::string_view part, const char* what) {
  std::string bytes;
  try {
    bytes = base64url_decode(part);
  } catch (const std::invalid_argument&) {
    malformed(std::string("phần ") + what + " không phải base64url");
  }
  nlohmann::json j = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) malformed(std::string("phần ") + what + " không phải đối tượng JSON");
  return j;
}

std::string string_member(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const Jwk* select_key(const Jws& jws, const std::vector<Jwk>& keys) {
  if (!jws.kid.empty()) {
    for (const auto& k : keys)
      if (k.kid == jws.kid) return &k;
    return nullptr;
  }
  return keys.size() == 1 ? &keys.front() : nullptr;
}

// Reads a NumericDate claim; nullopt when absent, jwt_malformed when not a number.
std::optional<int64_t> numeric_date(const nlohmann::json& claims, const char* name) {
  auto it = claims.find(name);
  if (it == claims.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_number_float()) return static_cast<int64_t>(it->get<double>());
  malformed(std::string("trường ") + name + " không phải số");
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) | uint8_t(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (rest == 2) {
    uint32_t v = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

std::string base64url_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) throw std::invalid_argument("base64url: impossible length");
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : text) {
    int v = b64url_value(c);
    if (v < 0) throw std::invalid_argument("base64url: invalid character");
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  // Canonical encoding only: the unused low bits of the last character must be zero, so that one token
  // has exactly one spelling.
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) throw std::invalid_argument("base64url: non-canonical trailing bits");
  return out;
}

std::vector<Jwk> parse_jwks(const nlohmann::json& jwks) {
  auto keys = jwks.is_object() ? jwks.find("keys") : jwks.end();
  if (!jwks.is_object() || keys == jwks.end() || !keys->is_array())
    fail(kJwtUnknownKey, "Tập khóa công khai (JWKS) của nhà cung cấp định danh không hợp lệ.");
  std::vector<Jwk> out;
  for (const auto& k : *keys) {
    if (!k.is_object()) continue;
    Jwk jwk{string_member(k, "kid"), string_member(k, "kty"), string_member(k, "alg"),
            string_member(k, "use"), string_member(k, "n"),   string_member(k, "e")};
    if (jwk.kty != "RSA" || jwk.n.empty() || jwk.e.empty()) continue;
    if (!jwk.use.empty() && jwk.use != "sig") continue;
    if (!jwk.alg.empty() && jwk.alg != "RS256") continue;
    out.push_back(std::move(jwk));
  }
  return out;
}

Jws parse_jws(std::string_view compact) {
  if (compact.empty()) malformed("chuỗi rỗng");
  if (compact.size() > kMaxTokenBytes) malformed("quá dài");
  size_t d1 = compact.find('.');
  size_t d2 = d1 == std::string_view::npos ? d1 : compact.find('.', d1 + 1);
  if (d2 == std::string_view::npos || compact.find('.', d2 + 1) != std::string_view::npos)
    malformed("cần đúng ba phần ngăn cách bởi dấu chấm");
  Jws jws;
  jws.header = decode_json_part(compact.substr(0, d1), "tiêu đề");
  jws.payload = decode_json_part(compact.substr(d1 + 1, d2 - d1 - 1), "nội dung");
  try {
    jws.signature = base64url_decode(compact.substr(d2 + 1));
  } catch (const std::invalid_argument&) {
    malformed("chữ ký không phải base64url");
  }
  jws.signing_input = std::string(compact.substr(0, d2));
  auto alg = jws.header.find("alg");
  if (alg == jws.header.end() || !alg->is_string()) malformed("thiếu thuật toán ký (alg)");
  jws.alg = alg->get<std::string>();
  auto kid = jws.header.find("kid");
  if (kid != jws.header.end() && !kid->is_string()) malformed("kid không phải chuỗi");
  jws.kid = string_member(jws.header, "kid");
  return jws;
}

bool has_key_for(const Jws& jws, const std::vector<Jwk>& keys) { return select_key(jws, keys) != nullptr; }

void verify_signature(const Jws& jws, const std::vector<Jwk>& keys) {
  if (jws.alg != "RS256")
    fail(kJwtUnsupportedAlg, "Thuật toán ký của mã thông báo định danh không được chấp nhận (chỉ chấp nhận RS256).");
  // Critical header extensions we do not understand must make the token invalid (RFC 7515 §4.1.11).
  if (jws.header.contains("crit")) fail(kJwtUnsupportedAlg, "Mã thông báo định danh dùng phần mở rộng (crit) không được hỗ trợ.");
  const Jwk* jwk = select_key(jws, keys);
  if (!jwk) fail(kJwtUnknownKey, "Không tìm thấy khóa công khai để kiểm tra chữ ký của mã thông báo định danh.");
  Pkey key = rsa_public_key(*jwk);
  if (!rs256_verify(key.get(), jws.signing_input, jws.signature))
    fail(kJwtBadSignature, "Chữ ký của mã thông báo định danh không hợp lệ.");
}

void validate_claims(const nlohmann::json& claims, const Expectations& expect) {
  if (!claims.is_object()) malformed("nội dung không phải đối tượng JSON");
  int64_t now = expect.now_s;
  if (now == 0)
    now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  const int64_t skew = expect.clock_skew_s < 0 ? 0 : expect.clock_skew_s;

  if (string_member(claims, "iss") != expect.issuer || expect.issuer.empty())
    fail(kJwtWrongIssuer, "Mã thông báo định danh không do nhà cung cấp định danh đã cấu hình phát hành.");

  auto aud = claims.find("aud");
  bool aud_ok = false;
  size_t audiences = 0;
  if (aud != claims.end() && aud->is_string()) {
    audiences = 1;
    aud_ok = aud->get<std::string>() == expect.client_id;
  } else if (aud != claims.end() && aud->is_array()) {
    audiences = aud->size();
    for (const auto& a : *aud)
      if (a.is_string() && a.get<std::string>() == expect.client_id) aud_ok = true;
  }
  if (!aud_ok || expect.client_id.empty())
    fail(kJwtWrongAudience, "Mã thông báo định danh không được cấp cho hệ thống này.");
  if ((audiences > 1 || claims.contains("azp")) && string_member(claims, "azp") != expect.client_id)
    fail(kJwtWrongAudience, "Mã thông báo định danh được cấp cho một bên khác (azp).");

  auto exp = numeric_date(claims, "exp");
  if (!exp) malformed("thiếu thời hạn (exp)");
  if (*exp + skew <= now) fail(kJwtExpired, "Mã thông báo định danh đã hết hạn.");
  auto iat = numeric_date(claims, "iat");
  if (iat && *iat > now + skew) fail(kJwtNotYetValid, "Mã thông báo định danh chưa có hiệu lực (thời điểm phát hành ở tương lai).");
  auto nbf = numeric_date(claims, "nbf");
  if (nbf && *nbf > now + skew) fail(kJwtNotYetValid, "Mã thông báo định danh chưa có hiệu lực.");

  auto nonce = claims.find("nonce");
  if (nonce != claims.end() && !nonce->is_string()) fail(kJwtWrongNonce, "Mã thông báo định danh không khớp với phiên đăng nhập (nonce).");
  if (string_member(claims, "nonce") != expect.nonce)
    fail(kJwtWrongNonce, "Mã thông báo định danh không khớp với phiên đăng nhập (nonce).");

  if (string_member(claims, "sub").empty()) malformed("thiếu định danh chủ thể (sub)");
}

nlohmann::json verify_id_token(std::string_view compact, const std::vector<Jwk>& keys, const Expectations& expect) {
  Jws jws = parse_jws(compact);
  verify_signature(jws, keys);
  validate_claims(jws.payload, expect);
  return std::move(jws.payload);
}

}  // namespace motcua::oidc
