#include "domain/ratings/rating.h"

#include <gtest/gtest.h>

namespace motcua::ratings {
namespace {

std::map<std::string, std::string> all_best() {
  std::map<std::string, std::string> a;
  for (const auto& q : questions()) a[std::string(q.id)] = std::string(q.options[0].value);
  return a;
}

TEST(Ratings, CheckNamesEveryMissingOrUnknownAnswer) {
  EXPECT_TRUE(check("satisfied", all_best(), "").empty());
  EXPECT_EQ(points(all_best()), 12);
  auto p = check("", {}, "");
  ASSERT_EQ(p.size(), 1 + questions().size());
  EXPECT_EQ(p[0].field, "overall");
  EXPECT_EQ(p[1].message, "Vui lòng chọn một câu trả lời.");
  auto a = all_best();
  a["q3"] = "twice";
  a["q9"] = "x";
  p = check("furious", a, std::string(1001, 'a'));
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0].field, "overall");
  EXPECT_EQ(p[1].field, "q3");
  EXPECT_EQ(p[2].field, "answers");
  EXPECT_EQ(p[3].field, "comment");
  EXPECT_TRUE(check("unsatisfied", all_best(), std::string(1000, 'a')).empty());
}

TEST(Ratings, OnlyReturnedDossiersForSevenDays) {
  const int64_t day = 24 * 3600 * 1000LL, now = 1'800'000'000'000;
  EXPECT_EQ(may_rate(10, 0, now), "");
  EXPECT_NE(may_rate(9, 0, now), "");
  EXPECT_NE(may_rate(3, 0, now), "");
  EXPECT_EQ(may_rate(10, now - 7 * day, now), "");       // still the 7th day
  EXPECT_NE(may_rate(10, now - 7 * day - 1, now), "");   // then closed
}

TEST(Ratings, CodeIsSixDigitsFromTheHash) {
  EXPECT_EQ(rating_code("0000000000ffff"), "000000");
  EXPECT_EQ(rating_code("00000f4240"), "000000");  // 1,000,000 mod 10^6
  EXPECT_EQ(rating_code("00000f4241abc"), "000001");
  EXPECT_EQ(rating_code("ffffffffff").size(), 6u);
}

TEST(Ratings, SatisfactionPerQd766) {
  EXPECT_FALSE(satisfaction(0, 0, 0).has_value());
  EXPECT_DOUBLE_EQ(*satisfaction(100, 5, 3), 92.0);
  EXPECT_DOUBLE_EQ(*satisfaction(10, 8, 5), 0.0);  // never below 0
  EXPECT_DOUBLE_EQ(score(92.0), 18.0);
  EXPECT_DOUBLE_EQ(score(45.0), 9.0);  // below the threshold: rate × max ÷ threshold
}

}  // namespace
}  // namespace motcua::ratings
