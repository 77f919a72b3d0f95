// The national payment platform of the national public-service portal (Nền tảng thanh toán trực tuyến trên Cổng
// Dịch vụ công quốc gia, "PayGov"), the pure parts of its merchant protocol: no I/O, no crypto (the HMAC-SHA256
// over these strings is computed by services/payments/paygov_gateway.cpp and by the sandbox stand-in).
//
// Where the shape comes from: the platform's integration guide is handed to connected agencies, not published.
// What is published is the shape of the provincial platforms that connect to it (e.g. Hồ Chí Minh City's LGSP
// payment service): the agency receives a PartnerCode, an AccessKey and a SecretKey; it asks the platform for a
// payment, the citizen chooses a provider (bank, e-wallet) on the platform's page, and the platform sends the
// result back to the agency. The field names and the signature rule below follow that family (JSON bodies,
// HMAC-SHA256 hex over "k=v&…" of the named fields in alphabetical order). Everything the protocol fixes is in
// this file, so adapting to the official guide changes this file and nothing that uses it.
//
// Contract
// - Fields are name → text (numbers as decimal digits without a sign or decimals). signed_data(fields, kind)
//   is "k1=v1&k2=v2…" over exactly the names that `kind` signs, in alphabetical order, values as they are (not
//   URL-encoded); a missing field counts as "" — so leaving out a signed field breaks the signature.
// - The messages (all JSON objects; every message carries "signature", lower-case hex, accepted in any case):
//     create (merchant → platform, POST <api>/payments/create):
//       partnerCode, accessKey, requestId, orderId, amount (đồng), orderInfo, redirectUrl, ipnUrl, expireAt
//       (yyyyMMddHHmmss GMT+7), extraData (the dossier code) → kCreate.
//     created (the answer): partnerCode, requestId, orderId, amount, resultCode (0 = created), message, payUrl,
//       responseTime (epoch ms) → kCreated.
//     notify (platform → merchant: POST JSON to ipnUrl, and the same fields as the query string of the browser's
//       redirect to redirectUrl): partnerCode, orderId, requestId, amount, transId, resultCode, message, payType
//       (the provider the citizen chose, e.g. "VNPTPAY", "ATM-VCB"), responseTime, extraData → kNotify.
//     query (merchant → platform, POST <api>/payments/query): partnerCode, accessKey, requestId, orderId → kQuery.
//     queried (the answer): partnerCode, requestId, orderId, amount, transId, resultCode, message, payType,
//       refundedAmount, responseTime → kQueried.
//     refund (merchant → platform, POST <api>/payments/refund): partnerCode, accessKey, requestId, orderId,
//       amount, transId, description → kRefund.
//     refunded (the answer): partnerCode, requestId, orderId, amount, transId (of the refund), resultCode,
//       message, responseTime → kRefunded.
//   The merchant's reply to a notify is {"resultCode": n, "message": "…"} (not signed): the Reply constants.
// - resultCode of a payment (notify, queried): 0 paid, 1000 created and not paid yet, 1005 expired, 1006
//   cancelled by the citizen, 1001 refused by the provider (insufficient funds …), 42 unknown orderId (queried
//   only), 97 bad signature, 99 other errors. Of refund: 0 accepted, 7 repeated requestId (already done), 42
//   unknown order, 95 not paid or amount too large, 97 bad signature.
// - result_text(code): the Vietnamese meaning; unknown codes → "Lỗi không xác định (mã <code>)".
// - from_json(j): a message object as Fields; nullopt unless every value is a string or a non-negative integer
//   and every string is valid UTF-8 of at most 1,000 bytes (so a hostile body cannot be signed "around").
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace motcua::payments::paygov {

using Fields = std::map<std::string, std::string>;

enum class Message { create, created, notify, query, queried, refund, refunded };

std::string signed_data(const Fields& f, Message kind);
std::optional<Fields> from_json(const nlohmann::json& j);
nlohmann::json to_json(const Fields& f);  // amount / resultCode / responseTime / refundedAmount as numbers
std::string result_text(int64_t code);

inline constexpr int64_t kPaid = 0, kPending = 1000, kExpired = 1005, kCancelled = 1006, kRefused = 1001, kUnknownOrder = 42,
                         kBadSignature = 97, kOtherError = 99, kRepeatedRequest = 7, kRefundNotAllowed = 95;

struct Reply {
  int64_t code;
  const char* message;
};
inline constexpr Reply kReceived{0, "Đã ghi nhận"};
inline constexpr Reply kOrderNotFound{1, "Không tìm thấy đơn thanh toán"};
inline constexpr Reply kAlreadyConfirmed{2, "Đơn thanh toán đã được xác nhận trước đó"};
inline constexpr Reply kInvalidAmount{4, "Số tiền không khớp"};
inline constexpr Reply kInvalidSignature{97, "Chữ ký không hợp lệ"};
inline constexpr Reply kUnknownError{99, "Lỗi không xác định"};

}  // namespace motcua::payments::paygov
