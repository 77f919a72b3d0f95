// Online payment gateways behind one interface (services/payments, issue 10): VNPAY's merchant protocol
// (vnpay_gateway.h) and the national payment platform of the national public-service portal (paygov_gateway.h).
// PaymentService speaks only this interface; a payment row's `method` names its gateway.
//
// Contract
// - Merchant: what an agency was given by one gateway — pay_url (VNPAY's payment page), api_url (the gateway's
//   API), code (vnp_TmnCode / partnerCode), access_key (PayGov only) and the secret. usable() when the gateway's
//   required parts are set. The secret is never logged or returned by any API (Merchants::describe masks it).
// - Merchants: per gateway, a deployment default and per-agency overrides; for_agency(gateway, lineage) gives
//   the merchant of the nearest agency in the lineage (the agency itself first) that has a usable one, else the
//   default; by_code(gateway, code) the merchant a notice names; offered(lineage) the gateways a payer at that
//   agency may choose (in the order of kGateways).
// - Gateway: start() returns the URL the payer's browser goes to (VNPAY: built and signed locally; PayGov: asks
//   the platform). read() checks what the gateway sent (IPN or the browser's return parameters): authentic only
//   when the signature is right; the outcome is the gateway's word (paid / failed / pending). query() and
//   refund() call the gateway's API. Any transport failure, HTTP error or bad signature in an answer is a
//   GatewayError (transient: try again later) — never a decision.
// - find_gateway(name): the gateway called `name` ("vnpay" | "paygov"), nullptr for anything else.
#pragma once
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace motcua::services::gateway {

using Params = std::map<std::string, std::string>;

struct Merchant {
  std::string gateway;     // "vnpay" | "paygov"
  std::string pay_url;     // VNPAY: …/paymentv2/vpcpay.html
  std::string api_url;     // VNPAY: …/merchant_webapi/api/transaction; PayGov: …/api (…/payments/create …)
  std::string code;        // vnp_TmnCode | partnerCode
  std::string access_key;  // PayGov accessKey
  std::string secret;      // vnp_HashSecret | secretKey
  bool usable() const;
};

inline constexpr const char* kGateways[] = {"vnpay", "paygov"};

class Merchants {
 public:
  void set_default(Merchant m) { default_[m.gateway] = std::move(m); }
  void set(const std::string& agency, Merchant m) { per_agency_[m.gateway][agency] = std::move(m); }
  const Merchant* for_agency(const std::string& gateway, const std::vector<std::string>& lineage) const;
  const Merchant* by_code(const std::string& gateway, const std::string& code) const;
  std::vector<std::string> offered(const std::vector<std::string>& lineage) const;
  bool any() const;
  nlohmann::json describe() const;  // {gateway: {agency|"*": {code, pay_url, api_url}}} — never the secret or access key

 private:
  std::map<std::string, Merchant> default_;
  std::map<std::string, std::map<std::string, Merchant>> per_agency_;
};

struct GatewayError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct StartRequest {
  std::string txn_ref, order_info, return_url, ipn_url, ip, dossier_code;
  int64_t amount = 0, created_at = 0, expire_at = 0;  // đồng; epoch ms
};

enum class Outcome { paid, failed, pending };

struct Notice {
  bool authentic = false;
  std::string txn_ref, txn_no, bank, code;  // code: the gateway's own result code, kept on the payment
  int64_t amount = -1;                      // đồng; -1 when not a whole number of đồng
  Outcome outcome = Outcome::pending;
  std::string text;                         // the code's Vietnamese meaning
};

struct QueryResult {
  bool found = false;
  Outcome outcome = Outcome::pending;
  int64_t amount = 0;    // đồng, of the payment
  int64_t refunded = 0;  // đồng refunded at the gateway (VNPAY: the whole amount when fully refunded, -1 partly)
  std::string txn_no, bank, code;
};

struct RefundResult {
  bool done = false;  // accepted now, or already done for this request
  std::string code, message;
};

class Gateway {
 public:
  virtual ~Gateway() = default;
  virtual const char* name() const = 0;
  virtual const char* label() const = 0;  // Vietnamese, for receipts and pages
  virtual std::string merchant_code(const Params& p) const = 0;
  virtual std::string start(const Merchant& m, const StartRequest& r) const = 0;
  virtual Notice read(const Merchant& m, const Params& p) const = 0;
  virtual QueryResult query(const Merchant& m, const std::string& txn_ref, int64_t created_at, int64_t now) const = 0;
  virtual RefundResult refund(const Merchant& m, const std::string& txn_ref, int64_t amount, bool full, const std::string& txn_no, int64_t created_at,
                              int64_t now) const = 0;
};

const Gateway* find_gateway(std::string_view name);

// Lower-case hex HMAC (SHA-512 for VNPAY, SHA-256 for PayGov) and a constant-time comparison ignoring case.
std::string hmac_sha512_hex(const std::string& secret, const std::string& data);
std::string hmac_sha256_hex(const std::string& secret, const std::string& data);
bool same_hex(const std::string& got, const std::string& want);
std::string random_request_id();

}  // namespace motcua::services::gateway
