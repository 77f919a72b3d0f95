// The national payment platform's protocol (PayGov), the pure parts: the signed data of each message, reading and
// writing JSON bodies, result texts.
#include "domain/payments/paygov.h"

#include <gtest/gtest.h>

namespace motcua::payments::paygov {
namespace {

using nlohmann::json;

TEST(PaygovSignedData, NamedFieldsInAlphabeticalOrder) {
  const Fields create_fields = {{"partnerCode", "MOTCUA-PG"},
                                {"accessKey", "ak"},
                                {"requestId", "r1"},
                                {"orderId", "PG1"},
                                {"amount", "16000"},
                                {"orderInfo", "Nộp lệ phí hồ sơ H1"},
                                {"redirectUrl", "https://motcua.vn/thanh-toan/ket-qua?x=1&y=2"},
                                {"ipnUrl", "http://127.0.0.1:8080/ipn"},
                                {"expireAt", "20260424153000"},
                                {"extraData", "H1"},
                                {"signature", "ignored"},
                                {"unsigned", "ignored too"}};
  // Values as they are: not URL-encoded, UTF-8 kept, '&' and '=' inside values kept.
  EXPECT_EQ(signed_data(create_fields, Message::create),
            "accessKey=ak&amount=16000&expireAt=20260424153000&extraData=H1&ipnUrl=http://127.0.0.1:8080/ipn&orderId=PG1"
            "&orderInfo=Nộp lệ phí hồ sơ H1&partnerCode=MOTCUA-PG&redirectUrl=https://motcua.vn/thanh-toan/ket-qua?x=1&y=2&requestId=r1");
  const Fields answer = {{"partnerCode", "P"}, {"requestId", "r"}, {"orderId", "o"}, {"amount", "5"},         {"resultCode", "0"},
                         {"message", "m"},     {"payUrl", "u"},    {"responseTime", "9"}, {"transId", "t"}, {"payType", "VNPTPAY"},
                         {"refundedAmount", "1"}, {"extraData", "x"}, {"accessKey", "a"}, {"description", "d"}};
  EXPECT_EQ(signed_data(answer, Message::created), "amount=5&message=m&orderId=o&partnerCode=P&payUrl=u&requestId=r&responseTime=9&resultCode=0");
  EXPECT_EQ(signed_data(answer, Message::notify),
            "amount=5&extraData=x&message=m&orderId=o&partnerCode=P&payType=VNPTPAY&requestId=r&responseTime=9&resultCode=0&transId=t");
  EXPECT_EQ(signed_data(answer, Message::query), "accessKey=a&orderId=o&partnerCode=P&requestId=r");
  EXPECT_EQ(signed_data(answer, Message::queried),
            "amount=5&message=m&orderId=o&partnerCode=P&payType=VNPTPAY&refundedAmount=1&requestId=r&responseTime=9&resultCode=0&transId=t");
  EXPECT_EQ(signed_data(answer, Message::refund), "accessKey=a&amount=5&description=d&orderId=o&partnerCode=P&requestId=r&transId=t");
  EXPECT_EQ(signed_data(answer, Message::refunded), "amount=5&message=m&orderId=o&partnerCode=P&requestId=r&responseTime=9&resultCode=0&transId=t");
}

TEST(PaygovSignedData, MissingFieldsCountAsEmpty) {
  EXPECT_EQ(signed_data({}, Message::query), "accessKey=&orderId=&partnerCode=&requestId=");
  EXPECT_EQ(signed_data({{"orderId", "PG1"}}, Message::query), "accessKey=&orderId=PG1&partnerCode=&requestId=");
  // Leaving a signed field out or sending it empty signs the same text; adding one changes it.
  EXPECT_EQ(signed_data({{"orderId", "PG1"}, {"accessKey", ""}}, Message::query), signed_data({{"orderId", "PG1"}}, Message::query));
  EXPECT_NE(signed_data({{"orderId", "PG1"}, {"accessKey", "k"}}, Message::query), signed_data({{"orderId", "PG1"}}, Message::query));
}

TEST(PaygovFromJson, ReadsStringsAndNonNegativeIntegers) {
  auto f = from_json(json{{"orderId", "PG1"}, {"amount", 16000}, {"resultCode", 0}, {"big", 18446744073709551615ULL}, {"orderInfo", "Lệ phí"}});
  ASSERT_TRUE(f);
  EXPECT_EQ(*f, (Fields{{"orderId", "PG1"}, {"amount", "16000"}, {"resultCode", "0"}, {"big", "18446744073709551615"}, {"orderInfo", "Lệ phí"}}));
  EXPECT_EQ(from_json(json::object()), Fields{});
  EXPECT_EQ(from_json(json{{"s", std::string(1000, 'x')}})->at("s").size(), 1000u);
}

TEST(PaygovFromJson, RefusesWhatCannotBeSignedAsText) {
  EXPECT_FALSE(from_json(json{{"orderId", "PG1"}, {"nested", {{"a", "b"}}}}));   // nested object
  EXPECT_FALSE(from_json(json{{"orderId", "PG1"}, {"list", json::array({1, 2})}}));  // array
  EXPECT_FALSE(from_json(json{{"amount", -1}}));                                    // negative number
  EXPECT_FALSE(from_json(json{{"amount", 16000.5}}));                               // float
  EXPECT_FALSE(from_json(json{{"amount", 16000.0}}));                               // float, even when whole
  EXPECT_FALSE(from_json(json{{"paid", true}}));
  EXPECT_FALSE(from_json(json{{"orderId", nullptr}}));
  EXPECT_FALSE(from_json(json{{"orderInfo", std::string("L\xe1\xbb")}}));           // truncated UTF-8 sequence
  EXPECT_FALSE(from_json(json{{"orderInfo", std::string("\xff\xfe")}}));            // invalid bytes
  EXPECT_FALSE(from_json(json{{std::string("k\xc3"), "v"}}));                       // invalid UTF-8 in a name
  EXPECT_FALSE(from_json(json{{"orderInfo", std::string(1001, 'x')}}));             // more than 1,000 bytes
  EXPECT_FALSE(from_json(json{{"", "v"}}));                                         // empty name
  EXPECT_FALSE(from_json(json::array({"a"})));                                      // not an object
  EXPECT_FALSE(from_json(json("text")));
  EXPECT_FALSE(from_json(json::parse("oops", nullptr, false)));                     // a failed parse
}

TEST(PaygovToJson, NumbersForAmountsCodesAndTimes) {
  const json j = to_json({{"amount", "16000"},
                          {"resultCode", "0"},
                          {"responseTime", "1776999000123"},
                          {"refundedAmount", "8000"},
                          {"transId", "14000001"},
                          {"orderId", "123"},
                          {"message", "Thành công"}});
  EXPECT_EQ(j["amount"], 16000);
  EXPECT_TRUE(j["amount"].is_number_integer());
  EXPECT_EQ(j["resultCode"], 0);
  EXPECT_EQ(j["responseTime"], 1776999000123LL);
  EXPECT_EQ(j["refundedAmount"], 8000);
  // Other names stay text, even when they are digits.
  EXPECT_EQ(j["transId"], "14000001");
  EXPECT_EQ(j["orderId"], "123");
  EXPECT_EQ(j["message"], "Thành công");
  // A numeric name whose value is not a run of digits stays text (so it can be echoed back as received).
  const json odd = to_json({{"amount", ""}, {"resultCode", "-1"}, {"refundedAmount", "12a"}});
  EXPECT_EQ(odd["amount"], "");
  EXPECT_EQ(odd["resultCode"], "-1");
  EXPECT_EQ(odd["refundedAmount"], "12a");
  // Round trip: what to_json writes, from_json reads back.
  const Fields f = {{"amount", "16000"}, {"orderId", "PG1"}, {"resultCode", "1006"}};
  EXPECT_EQ(from_json(to_json(f)), f);
}

TEST(PaygovResultText, KnownAndUnknownCodes) {
  EXPECT_EQ(result_text(kPaid), "Giao dịch thành công");
  EXPECT_EQ(result_text(kCancelled), "Người nộp đã hủy giao dịch");
  EXPECT_EQ(result_text(kBadSignature), "Chữ ký không hợp lệ");
  for (int64_t code : {kPending, kExpired, kRefused, kUnknownOrder, kOtherError, kRepeatedRequest, kRefundNotAllowed})
    EXPECT_EQ(result_text(code).find("Lỗi không xác định"), std::string::npos) << code;
  EXPECT_EQ(result_text(12345), "Lỗi không xác định (mã 12345)");
  EXPECT_EQ(result_text(-3), "Lỗi không xác định (mã -3)");
}

}  // namespace
}  // namespace motcua::payments::paygov
