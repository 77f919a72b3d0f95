// Merchants, the gateway registry and the HMAC helpers shared by the connectors (see gateway.h).
#include "services/payments/gateway.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "services/payments/paygov_gateway.h"
#include "services/payments/vnpay_gateway.h"

namespace motcua::services::gateway {

using nlohmann::json;

bool Merchant::usable() const {
  if (code.empty() || secret.empty()) return false;
  if (gateway == "vnpay") return !pay_url.empty();
  if (gateway == "paygov") return !api_url.empty() && !access_key.empty();
  return false;
}

const Merchant* Merchants::for_agency(const std::string& gateway, const std::vector<std::string>& lineage) const {
  auto per = per_agency_.find(gateway);
  if (per != per_agency_.end())
    for (const auto& a : lineage) {
      auto it = per->second.find(a);
      if (it != per->second.end() && it->second.usable()) return &it->second;
    }
  auto d = default_.find(gateway);
  return d != default_.end() && d->second.usable() ? &d->second : nullptr;
}

const Merchant* Merchants::by_code(const std::string& gateway, const std::string& code) const {
  if (code.empty()) return nullptr;
  auto per = per_agency_.find(gateway);
  if (per != per_agency_.end())
    for (const auto& [a, m] : per->second)
      if (m.code == code && m.usable()) return &m;
  auto d = default_.find(gateway);
  return d != default_.end() && d->second.usable() && d->second.code == code ? &d->second : nullptr;
}

std::vector<std::string> Merchants::offered(const std::vector<std::string>& lineage) const {
  std::vector<std::string> out;
  for (const char* g : kGateways)
    if (for_agency(g, lineage)) out.push_back(g);
  return out;
}

bool Merchants::any() const {
  for (const auto& [g, m] : default_)
    if (m.usable()) return true;
  for (const auto& [g, per] : per_agency_)
    for (const auto& [a, m] : per)
      if (m.usable()) return true;
  return false;
}

json Merchants::describe() const {
  json out = json::object();
  auto d = [](const Merchant& m) { return json{{"code", m.code}, {"pay_url", m.pay_url}, {"api_url", m.api_url}, {"usable", m.usable()}}; };
  for (const auto& [g, m] : default_)
    if (m.usable()) out[g]["*"] = d(m);
  for (const auto& [g, per] : per_agency_)
    for (const auto& [a, m] : per) out[g][a] = d(m);
  return out;
}

const Gateway* find_gateway(std::string_view name) {
  static const VnpayGateway vnpay;
  static const PaygovGateway paygov;
  if (name == "vnpay") return &vnpay;
  if (name == "paygov") return &paygov;
  return nullptr;
}

namespace {
std::string hmac_hex(const EVP_MD* md, const std::string& secret, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(md, secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len))
    throw std::runtime_error("HMAC failed");
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[mac[i] >> 4];
    out += hex[mac[i] & 15];
  }
  return out;
}
}  // namespace

std::string hmac_sha512_hex(const std::string& secret, const std::string& data) { return hmac_hex(EVP_sha512(), secret, data); }
std::string hmac_sha256_hex(const std::string& secret, const std::string& data) { return hmac_hex(EVP_sha256(), secret, data); }

bool same_hex(const std::string& got, const std::string& want) {
  if (got.size() != want.size()) return false;
  std::string g = got;
  for (auto& c : g) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return CRYPTO_memcmp(g.data(), want.data(), g.size()) == 0;
}

std::string random_request_id() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("RAND_bytes failed");
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (unsigned char c : b) s += hex[c >> 4], s += hex[c & 15];
  return s;
}

}  // namespace motcua::services::gateway
