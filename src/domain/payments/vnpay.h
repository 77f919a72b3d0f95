// VNPAY's merchant protocol (payment API version 2.1.0), the pure parts: no I/O, no crypto (the HMAC-SHA512
// over these strings is computed by services/payments/vnpay_gateway.cpp and by the sandbox stand-in).
//
// Contract
// - Params are the vnp_* fields, keyed and sorted by name in byte order (std::map) — the order VNPAY signs.
// - url_encode: application/x-www-form-urlencoded as VNPAY's reference code does (Java URLEncoder with
//   US-ASCII / PHP urlencode): A–Z a–z 0–9 and "-_.*" kept, space → "+", every other byte → %XX (upper-case hex).
// - hash_data(p): "k1=v1&k2=v2…" over the sorted params with both keys and values url_encoded, leaving out
//   vnp_SecureHash, vnp_SecureHashType and params whose value is empty. This is the string that is signed; the
//   payment URL's query string is the same string plus "&vnp_SecureHash=<hex>".
// - parse_query(q): the decoded params of a query string ("a=1&b=x+y"; '+' is a space, %XX decoded); nullopt
//   when a percent escape is malformed, a name repeats, a name is empty, or the decoded text is not valid UTF-8.
//   Only names starting with "vnp_" are kept (other parameters are not part of the protocol) unless vnp_only
//   is false (the national platform's return query, domain/payments/paygov.h, uses the same form encoding).
// - format_time(ms) / parse_time(s): "yyyyMMddHHmmss" in GMT+7 (VNPAY's vnp_CreateDate, vnp_PayDate …);
//   parse_time returns 0 for anything that is not a valid date-time of that form.
// - The query (querydr) and refund APIs are JSON POSTs whose vnp_SecureHash is HMAC-SHA512 over the fields
//   joined with '|' in the order the protocol fixes: querydr_data / refund_data for requests,
//   query_response_data / refund_response_data for the gateway's answers (missing fields count as "").
// - response_text(code): the Vietnamese meaning of a vnp_ResponseCode / vnp_TransactionStatus ("00" →
//   "Giao dịch thành công", "24" → "Khách hàng hủy giao dịch", …); unknown codes → "Lỗi không xác định (mã <code>)".
// - IPN replies ({"RspCode","Message"}) are the constants below, exactly as the protocol spells them.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace motcua::payments::vnpay {

using Params = std::map<std::string, std::string>;

std::string url_encode(std::string_view s);
std::string hash_data(const Params& p);
std::optional<Params> parse_query(std::string_view q, bool vnp_only = true);
std::string format_time(int64_t utc_ms);
int64_t parse_time(std::string_view s);
std::string response_text(std::string_view code);

// The '|'-joined data signed for the merchant web API (POST /merchant_webapi/api/transaction). `j` is the JSON
// request or response object; values are taken as strings (numbers printed without decimals).
std::string querydr_data(const nlohmann::json& j);          // request, vnp_Command "querydr"
std::string refund_data(const nlohmann::json& j);           // request, vnp_Command "refund"
std::string query_response_data(const nlohmann::json& j);   // gateway's answer to querydr
std::string refund_response_data(const nlohmann::json& j);  // gateway's answer to refund

struct IpnReply {
  const char* code;
  const char* message;
};
inline constexpr IpnReply kConfirmSuccess{"00", "Confirm Success"};
inline constexpr IpnReply kOrderNotFound{"01", "Order not found"};
inline constexpr IpnReply kOrderAlreadyConfirmed{"02", "Order already confirmed"};
inline constexpr IpnReply kInvalidAmount{"04", "invalid amount"};
inline constexpr IpnReply kInvalidChecksum{"97", "Invalid signature"};
inline constexpr IpnReply kUnknownError{"99", "Unknown error"};

}  // namespace motcua::payments::vnpay
