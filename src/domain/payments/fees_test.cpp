// Fee schedule rules (domain/payments/fees.h).
#include "domain/payments/fees.h"

#include <gtest/gtest.h>

#include "domain/format.h"

using namespace motcua::payments;
using nlohmann::json;

namespace {
const json kFees = json::parse(R"([
  {"code": "LP-KS", "name": "Lệ phí đăng ký khai sinh", "amount": 5000, "per": "dossier",
   "exempt_when": [{"field": "tre_ngay_sinh", "within_days": 60, "reason": "Đúng hạn"}, {"field": "doi_tuong", "in": ["ho_ngheo"], "reason": "Hộ nghèo"}]},
  {"code": "PHI-BS", "name": "Phí cấp bản sao", "amount": 8000, "per": "copy", "collect": "upfront"},
  {"code": "BC", "name": "Cước bưu chính", "amount": 25000, "per": "post", "refund_on": ["refuse", "stop"]}
])");
int64_t at(const char* day) { return *motcua::fmt::parse_iso_date(day) + 10 * 3600 * 1000; }
}  // namespace

TEST(FeeSchedule, CopiesPostageAndExemptions) {
  json form = {{"tre_ngay_sinh", "2026-01-01"}, {"so_ban_sao", 3}};
  auto lines = schedule({&kFees, &form, "post", at("2026-06-01")});
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].total, 5000);  // late registration: charged
  EXPECT_EQ(lines[0].kind, "le_phi");
  EXPECT_EQ(lines[0].collect, "notice");
  EXPECT_EQ(lines[1].quantity, 3);
  EXPECT_EQ(lines[1].total, 24000);
  EXPECT_EQ(lines[1].collect, "upfront");
  EXPECT_EQ(lines[1].kind, "phi");
  EXPECT_EQ(lines[2].total, 25000);
  EXPECT_EQ(lines[2].refund_on, (std::vector<std::string>{"refuse", "stop"}));
  EXPECT_EQ(lines[0].refund_on, (std::vector<std::string>{"refuse"}));
  // On time (within 60 days of birth): exempt, total 0, reason kept; no copies, no post: lines left out.
  form = {{"tre_ngay_sinh", "2026-05-01"}};
  lines = schedule({&kFees, &form, "desk", at("2026-06-01")});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].total, 0);
  EXPECT_EQ(lines[0].exempt_reason, "Đúng hạn");
  // Exactly 60 days is on time; 61 is late; a birth date after the submission is not an exemption.
  form = {{"tre_ngay_sinh", "2026-04-02"}};
  EXPECT_EQ(schedule({&kFees, &form, "desk", at("2026-06-01")})[0].total, 0);
  form = {{"tre_ngay_sinh", "2026-04-01"}};
  EXPECT_EQ(schedule({&kFees, &form, "desk", at("2026-06-01")})[0].total, 5000);
  form = {{"tre_ngay_sinh", "2026-07-01"}};
  EXPECT_EQ(schedule({&kFees, &form, "desk", at("2026-06-01")})[0].total, 5000);
  form = {{"tre_ngay_sinh", "2020-01-01"}, {"doi_tuong", "ho_ngheo"}};
  EXPECT_EQ(schedule({&kFees, &form, "desk", at("2026-06-01")})[0].exempt_reason, "Hộ nghèo");
  // Copies as text, and capped.
  form = {{"so_ban_sao", "2"}};
  EXPECT_EQ(schedule({&kFees, &form, "desk", at("2026-06-01")})[1].total, 16000);
  form = {{"so_ban_sao", 1000}};
  EXPECT_EQ(schedule({&kFees, &form, "desk", at("2026-06-01")})[1].quantity, 100);
  EXPECT_TRUE(schedule({nullptr, nullptr, "desk", 0}).empty());
}

TEST(FeeSchedule, CheckFeeReportsEveryProblem) {
  std::vector<std::string> fields;
  auto err = [&](const std::string& f, const std::string&) { fields.push_back(f); };
  check_fee(json::parse(R"({"name": "Phí", "amount": -1, "per": "page", "collect": "later", "kind": "tax", "refund_on": ["never"],
                            "exempt_when": [{"field": "x"}]})"),
            "fees[0]", err);
  EXPECT_EQ(fields, (std::vector<std::string>{"fees[0].amount", "fees[0].per", "fees[0].kind", "fees[0].collect", "fees[0].refund_on", "fees[0].exempt_when[0]"}));
  fields.clear();
  check_fee(json::parse(R"({"amount": 5})"), "fees[1]", err);
  EXPECT_EQ(fields, (std::vector<std::string>{"fees[1].name"}));
  fields.clear();
  for (const auto& f : kFees) check_fee(f, "f", err);
  EXPECT_TRUE(fields.empty());
}

TEST(FeeSchedule, BalanceAndAcceptance) {
  auto b = balance({{"charge", 16000}, {"charge", 5000}, {"waiver", 5000}, {"payment", 16000}, {"refund", 8000}});
  EXPECT_EQ(b.due(), 16000);
  EXPECT_EQ(b.paid(), 8000);
  EXPECT_EQ(b.outstanding(), 8000);
  EXPECT_EQ(b.overpaid(), 0);
  EXPECT_EQ(balance({{"charge", 1000}, {"payment", 3000}}).overpaid(), 2000);
  EXPECT_EQ(balance({{"charge", 1000}, {"payment", 3000}}).outstanding(), 0);
  EXPECT_FALSE(may_accept(2, 8000));
  EXPECT_TRUE(may_accept(2, 0));
  EXPECT_TRUE(may_accept(1, 8000));  // at the desk the fee is collected there
  EXPECT_TRUE(may_accept(3, 8000));
  for (int st = 0; st <= 10; ++st) EXPECT_EQ(may_pay(st), st == 1 || st == 2 || st == 4 || st == 5 || st == 6) << st;
}
