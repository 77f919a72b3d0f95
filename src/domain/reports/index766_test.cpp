#include "domain/reports/index766.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "domain/errors.h"

namespace motcua::reports {
namespace {

TEST(Index766, BelowTheThresholdIsProportional) {
  IndicatorDef d{"digitized", "digitization", "", 7, 80};
  EXPECT_DOUBLE_EQ(*indicator_score(d, 80.0), 7);
  EXPECT_DOUBLE_EQ(*indicator_score(d, 95.0), 7);
  EXPECT_DOUBLE_EQ(*indicator_score(d, 40.0), 3.5);  // 40 × 7 ÷ 80
  EXPECT_DOUBLE_EQ(*indicator_score(d, 0.0), 0);
  EXPECT_FALSE(indicator_score(d, std::nullopt).has_value());
}

TEST(Index766, NotAvailableIsLeftOutNeverZero) {
  auto r = evaluate(default_table(), {{"on_time", 90.0}, {"satisfaction", 95.0}, {"online_share", std::nullopt}});
  // on_time 90 × 20 ÷ 100 = 18; satisfaction full 18 → 36 of the 38 available points.
  ASSERT_TRUE(r.score.has_value());
  EXPECT_DOUBLE_EQ(*r.score, 36);
  EXPECT_DOUBLE_EQ(r.available_max, 38);
  EXPECT_NEAR(*r.index, 36.0 / 38.0 * 100.0, 1e-9);
  for (const auto& g : r.groups) {
    if (g.id == "publicity" || g.id == "online" || g.id == "digitization") {
      EXPECT_FALSE(g.score.has_value()) << g.id;
    }
    if (g.id == "online" || g.id == "digitization") {
      EXPECT_DOUBLE_EQ(g.max, 22) << g.id;
    }
  }
  double total = 0;
  for (const auto& g : r.groups) total += g.max;
  EXPECT_DOUBLE_EQ(total, 100);  // the default table sums to 100 points
  EXPECT_FALSE(evaluate(default_table(), {}).index.has_value());
}

TEST(Index766, ConfiguredTable) {
  auto t = parse_table(R"({"indicators": [{"id": "on_time", "max": 10, "threshold": 95}]})");
  auto it = std::find_if(t.begin(), t.end(), [](const IndicatorDef& d) { return d.id == "on_time"; });
  EXPECT_DOUBLE_EQ(it->max, 10);
  EXPECT_DOUBLE_EQ(it->threshold, 95);
  EXPECT_THROW(parse_table(R"({"indicators": [{"id": "x"}]})"), DomainError);
  EXPECT_THROW(parse_table(R"({"indicators": [{"id": "on_time", "max": -1}]})"), DomainError);
  EXPECT_THROW(parse_table(R"({"indicators": [{"id": "on_time", "threshold": 120}]})"), DomainError);
  EXPECT_THROW(parse_table("not json"), DomainError);
}

}  // namespace
}  // namespace motcua::reports
