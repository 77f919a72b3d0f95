// VNPAY's protocol, the pure parts: encoding, the signed data, query parsing, GMT+7 times, code texts.
#include "domain/payments/vnpay.h"

#include <gtest/gtest.h>

namespace motcua::payments::vnpay {
namespace {

using nlohmann::json;

// The example payment URL of VNPAY's integration guide (pay API 2.1.0), without its vnp_SecureHash.
constexpr const char* kDocQuery =
    "vnp_Amount=1806000&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1&vnp_Locale=vn"
    "&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl"
    "&vnp_TmnCode=DEMOV210&vnp_TxnRef=5&vnp_Version=2.1.0";

TEST(VnpayUrlEncode, KeepsUnreservedAndEncodesTheRest) {
  EXPECT_EQ(url_encode("AZaz09-_.*"), "AZaz09-_.*");
  EXPECT_EQ(url_encode("a b"), "a+b");
  EXPECT_EQ(url_encode("https://x.vn/a?b=1&c=2"), "https%3A%2F%2Fx.vn%2Fa%3Fb%3D1%26c%3D2");
  EXPECT_EQ(url_encode("~!'()+%#|"), "%7E%21%27%28%29%2B%25%23%7C");
  EXPECT_EQ(url_encode(""), "");
  // UTF-8 bytes, upper-case hex (NFC "Phí" = P h U+00ED).
  EXPECT_EQ(url_encode("Phí lệ phí"), "Ph%C3%AD+l%E1%BB%87+ph%C3%AD");
  EXPECT_EQ(url_encode("Đ"), "%C4%90");
}

TEST(VnpayHashData, SortedEncodedSkippingEmptyAndHash) {
  Params p = {{"vnp_TxnRef", "MC1"},
              {"vnp_Amount", "800000"},
              {"vnp_OrderInfo", "Thanh toán hồ sơ 1"},
              {"vnp_BankCode", ""},
              {"vnp_SecureHash", "abc"},
              {"vnp_SecureHashType", "HmacSHA512"},
              {"vnp_Command", "pay"}};
  EXPECT_EQ(hash_data(p), "vnp_Amount=800000&vnp_Command=pay&vnp_OrderInfo=Thanh+to%C3%A1n+h%E1%BB%93+s%C6%A1+1&vnp_TxnRef=MC1");
  EXPECT_EQ(hash_data({}), "");
  // Byte order: upper case sorts before lower case, as std::map and VNPAY's ksort/Collections.sort do.
  EXPECT_EQ(hash_data({{"vnp_b", "1"}, {"vnp_B", "2"}, {"vnp_a", "3"}}), "vnp_B=2&vnp_a=3&vnp_b=1");
}

TEST(VnpayHashData, ReproducesTheGuideExample) {
  auto p = parse_query(std::string(kDocQuery) + "&vnp_SecureHash=3e0d61a0c0534b2e");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->at("vnp_OrderInfo"), "Thanh toan don hang :5");
  EXPECT_EQ(p->at("vnp_ReturnUrl"), "https://domainmerchant.vn/ReturnUrl");
  EXPECT_EQ(p->at("vnp_SecureHash"), "3e0d61a0c0534b2e");
  EXPECT_EQ(hash_data(*p), kDocQuery);
}

TEST(VnpayParseQuery, RoundTrip) {
  Params p = {{"vnp_Amount", "800000"}, {"vnp_OrderInfo", "Nộp phí & lệ phí = 8.000 đ"}, {"vnp_ReturnUrl", "https://motcua.vn/thanh-toan?x=1"}};
  auto back = parse_query(hash_data(p));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, p);
  auto q = parse_query("?vnp_A=1&&vnp_B=x+y%20z&");
  ASSERT_TRUE(q);
  EXPECT_EQ(*q, (Params{{"vnp_A", "1"}, {"vnp_B", "x y z"}}));
  // A name without '=' is an empty value; lower-case escapes are accepted.
  q = parse_query("vnp_A&vnp_B=%c3%a1");
  ASSERT_TRUE(q);
  EXPECT_EQ(*q, (Params{{"vnp_A", ""}, {"vnp_B", "á"}}));
  EXPECT_EQ(parse_query("")->size(), 0u);
}

TEST(VnpayParseQuery, KeepsOnlyVnpNames) {
  auto q = parse_query("utm_source=x&vnp_TxnRef=MC1&VNP_X=1");
  ASSERT_TRUE(q);
  EXPECT_EQ(*q, (Params{{"vnp_TxnRef", "MC1"}}));
}

TEST(VnpayParseQuery, RejectsMalformedInput) {
  EXPECT_FALSE(parse_query("vnp_A=%"));
  EXPECT_FALSE(parse_query("vnp_A=%4"));
  EXPECT_FALSE(parse_query("vnp_A=%G1"));
  EXPECT_FALSE(parse_query("vnp_A=1%"));
  EXPECT_FALSE(parse_query("vnp_A%2=1"));
  EXPECT_FALSE(parse_query("vnp_A=1&vnp_A=2"));
  EXPECT_FALSE(parse_query("vnp_A=1&vnp%5FA=2"));  // the same name once decoded
  EXPECT_FALSE(parse_query("x=1&x=2"));            // repeated even when not kept
  EXPECT_FALSE(parse_query("=1"));
  EXPECT_FALSE(parse_query("vnp_A=1&=2"));
  EXPECT_FALSE(parse_query("vnp_A=%C3"));        // truncated UTF-8
  EXPECT_FALSE(parse_query("vnp_A=%FF"));        // never valid in UTF-8
  EXPECT_FALSE(parse_query("vnp_A=%C0%AF"));     // overlong
  EXPECT_FALSE(parse_query("vnp_A=%ED%A0%80"));  // surrogate
  EXPECT_FALSE(parse_query("vnp_%FF=1"));
}

TEST(VnpayTime, FormatsInGmtPlus7) {
  // 2026-12-01 00:00:00 UTC
  const int64_t t = 1'796'083'200'000;
  EXPECT_EQ(format_time(t), "20261201070000");
  EXPECT_EQ(format_time(t + 999), "20261201070000");           // milliseconds dropped
  EXPECT_EQ(format_time(t - 7 * 3'600'000 - 1), "20261130235959");  // local midnight crossed
  EXPECT_EQ(format_time(0), "19700101070000");
  EXPECT_EQ(format_time(t + 17 * 3'600'000), "20261202000000");
}

TEST(VnpayTime, ParsesAndRoundTrips) {
  const int64_t t = 1'796'083'200'000;
  EXPECT_EQ(parse_time("20261201070000"), t);
  EXPECT_EQ(parse_time("20210801153333"), parse_time("20210801083333") + 7 * 3'600'000);
  for (int64_t ms : {t, t + 86'399'000, int64_t{1'709'251'199'000}, int64_t{951'782'400'000}}) EXPECT_EQ(parse_time(format_time(ms)), ms);
  EXPECT_EQ(parse_time("20240229120000") > 0, true);  // leap day
}

TEST(VnpayTime, InvalidDatesAreZero) {
  for (const char* s : {"", "2026120107000", "202612010700000", "2026-12-01 07:00", "2026120107000a", "20261301070000", "20260001070000",
                        "20261200070000", "20261131070000", "20250229070000", "21000229070000", "20261201240000", "20261201076000",
                        "20261201070060", " 2026120107000", "+2026120107000", "19691231235959", "00000101000000"})
    EXPECT_EQ(parse_time(s), 0) << s;
}

TEST(VnpayResponseText, KnownAndUnknown) {
  EXPECT_EQ(response_text("00"), "Giao dịch thành công");
  EXPECT_EQ(response_text("24"), "Khách hàng hủy giao dịch");
  EXPECT_NE(response_text("51").find("không đủ số dư"), std::string::npos);
  EXPECT_NE(response_text("97").find("không hợp lệ"), std::string::npos);
  EXPECT_NE(response_text("91").find("Không tìm thấy"), std::string::npos);
  EXPECT_EQ(response_text("42"), "Lỗi không xác định (mã 42)");
  EXPECT_EQ(response_text(""), "Lỗi không xác định (mã )");
}

TEST(VnpayIpnReply, Constants) {
  EXPECT_STREQ(kConfirmSuccess.code, "00");
  EXPECT_STREQ(kConfirmSuccess.message, "Confirm Success");
  EXPECT_STREQ(kInvalidChecksum.code, "97");
  EXPECT_STREQ(kOrderAlreadyConfirmed.message, "Order already confirmed");
}

TEST(VnpayApiData, QuerydrRequestOrder) {
  json j = {{"vnp_IpAddr", "127.0.0.1"}, {"vnp_OrderInfo", "Truy van"},   {"vnp_RequestId", "r1"},  {"vnp_Version", "2.1.0"},
            {"vnp_Command", "querydr"},  {"vnp_TmnCode", "DEMOV210"},     {"vnp_TxnRef", "MC1"},    {"vnp_TransactionDate", "20261201070000"},
            {"vnp_CreateDate", "20261201080000"}, {"vnp_SecureHash", "x"}};
  EXPECT_EQ(querydr_data(j), "r1|2.1.0|querydr|DEMOV210|MC1|20261201070000|20261201080000|127.0.0.1|Truy van");
  EXPECT_EQ(querydr_data(json::object()), "||||||||");
  EXPECT_EQ(querydr_data(json()), "||||||||");
}

TEST(VnpayApiData, RefundRequestOrder) {
  json j = {{"vnp_RequestId", "r2"},       {"vnp_Version", "2.1.0"},        {"vnp_Command", "refund"},          {"vnp_TmnCode", "DEMOV210"},
            {"vnp_TransactionType", "03"}, {"vnp_TxnRef", "MC1"},           {"vnp_Amount", 500000},             {"vnp_TransactionNo", "14226112"},
            {"vnp_TransactionDate", "20261201070000"}, {"vnp_CreateBy", "ketoan"}, {"vnp_CreateDate", "20261202070000"}, {"vnp_IpAddr", "10.0.0.1"},
            {"vnp_OrderInfo", "Hoan phi"}};
  EXPECT_EQ(refund_data(j), "r2|2.1.0|refund|DEMOV210|03|MC1|500000|14226112|20261201070000|ketoan|20261202070000|10.0.0.1|Hoan phi");
  j["vnp_Amount"] = 500000.0;  // numbers without decimals
  j["vnp_TransactionNo"] = 14226112;
  EXPECT_EQ(refund_data(j), "r2|2.1.0|refund|DEMOV210|03|MC1|500000|14226112|20261201070000|ketoan|20261202070000|10.0.0.1|Hoan phi");
  j.erase("vnp_CreateBy");
  j["vnp_OrderInfo"] = nullptr;
  EXPECT_EQ(refund_data(j), "r2|2.1.0|refund|DEMOV210|03|MC1|500000|14226112|20261201070000||20261202070000|10.0.0.1|");
}

TEST(VnpayApiData, ResponseOrders) {
  json j = {{"vnp_ResponseId", "a1"},       {"vnp_Command", "querydr"},       {"vnp_ResponseCode", "00"},      {"vnp_Message", "OK"},
            {"vnp_TmnCode", "DEMOV210"},    {"vnp_TxnRef", "MC1"},            {"vnp_Amount", "800000"},        {"vnp_BankCode", "NCB"},
            {"vnp_PayDate", "20261201070500"}, {"vnp_TransactionNo", "7"},    {"vnp_TransactionType", "01"},   {"vnp_TransactionStatus", "00"},
            {"vnp_OrderInfo", "Thanh toan"}, {"vnp_PromotionCode", "KM"},     {"vnp_PromotionAmount", 1000},   {"vnp_SecureHash", "x"}};
  EXPECT_EQ(query_response_data(j), "a1|querydr|00|OK|DEMOV210|MC1|800000|NCB|20261201070500|7|01|00|Thanh toan|KM|1000");
  j["vnp_Command"] = "refund";
  j["vnp_TransactionType"] = "02";
  EXPECT_EQ(refund_response_data(j), "a1|refund|00|OK|DEMOV210|MC1|800000|NCB|20261201070500|7|02|00|Thanh toan");
  j.erase("vnp_PromotionCode");
  j.erase("vnp_PromotionAmount");
  EXPECT_EQ(query_response_data(j), "a1|refund|00|OK|DEMOV210|MC1|800000|NCB|20261201070500|7|02|00|Thanh toan||");
}

}  // namespace
}  // namespace motcua::payments::vnpay
