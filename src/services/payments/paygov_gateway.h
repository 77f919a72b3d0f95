// The national payment platform connector (Nền tảng thanh toán trên Cổng DVC quốc gia, "PayGov") behind the
// Gateway interface. The pure protocol (messages, signed fields, result codes) is domain/payments/paygov.h; this
// file adds HMAC-SHA256 and I/O.
//
// Contract
// - start(): POST <api_url>/payments/create with the signed create message (orderId = the payment's txn_ref,
//   amount in đồng, redirectUrl = r.return_url, ipnUrl = r.ipn_url, expireAt, extraData = the dossier code); the
//   answer must be signed by the same secret and carry resultCode 0 and a payUrl, which is returned. A refusal
//   (resultCode ≠ 0) is a GatewayError with the platform's reason.
// - read(): the fields of a notify (the platform's POST, or the browser's return query); authentic when
//   signature equals HMAC-SHA256(secret, signed_data(fields, notify)) and partnerCode is the merchant's. Paid on
//   resultCode 0, pending on 1000, failed otherwise.
// - query(): POST <api_url>/payments/query; found unless resultCode 42; amount, refundedAmount, transId, payType.
// - refund(): POST <api_url>/payments/refund with the payment's transId; done on 0 and on 7 (already done).
// - Every call: 10 s timeout; an answer that is not JSON, not HTTP 200 or wrongly signed is a GatewayError.
#pragma once
#include "services/payments/gateway.h"

namespace motcua::services::gateway {

class PaygovGateway final : public Gateway {
 public:
  const char* name() const override { return "paygov"; }
  const char* label() const override { return "Nền tảng thanh toán của Cổng Dịch vụ công quốc gia"; }
  std::string merchant_code(const Params& p) const override;
  std::string start(const Merchant& m, const StartRequest& r) const override;
  Notice read(const Merchant& m, const Params& p) const override;
  QueryResult query(const Merchant& m, const std::string& txn_ref, int64_t created_at, int64_t now) const override;
  RefundResult refund(const Merchant& m, const std::string& txn_ref, int64_t amount, bool full, const std::string& txn_no, int64_t created_at,
                      int64_t now) const override;
};

}  // namespace motcua::services::gateway
