#include "domain/reports/forecast.h"

#include <gtest/gtest.h>

namespace motcua::reports {
namespace {

// n days starting on a Monday: `weekday` dossiers Monday–Friday plus `growth` × week index, none at weekends.
std::vector<std::int64_t> office_days(int n, int weekday, int growth = 0) {
  std::vector<std::int64_t> v;
  for (int t = 0; t < n; ++t) v.push_back(t % 7 < 5 ? weekday + growth * (t / 7) : 0);
  return v;
}

TEST(Forecast, TooLittleHistorySaysNothing) {
  EXPECT_FALSE(fit(office_days(27, 10), 0, 4).has_value());
  EXPECT_FALSE(forecast(office_days(20, 10), 0).has_value());
  auto f = forecast(office_days(28, 10), 0);
  ASSERT_TRUE(f.has_value());
  EXPECT_FALSE(f->backtest.has_value());  // < 84 days: no backtest
}

TEST(Forecast, AFlatWeekIsForecastExactlyAndWeekendsStayEmpty) {
  auto f = forecast(office_days(112, 10), 0);
  ASSERT_TRUE(f.has_value());
  ASSERT_EQ(f->next.size(), 4u);
  for (double w : f->next) EXPECT_NEAR(w, 50.0, 1e-6);
  ASSERT_TRUE(f->backtest.has_value());
  EXPECT_NEAR(f->backtest->mae, 0.0, 1e-6);
  ASSERT_TRUE(f->backtest->mape.has_value());
  EXPECT_NEAR(*f->backtest->mape, 0.0, 1e-6);
  EXPECT_EQ(f->backtest->actual, std::vector<std::int64_t>(8, 50));
}

TEST(Forecast, ATrendIsFollowed) {
  auto f = forecast(office_days(112, 10, 1), 0);  // one more per office day every week
  ASSERT_TRUE(f.has_value());
  // Week 16 (the first forecast week) holds 5 × (10 + 16) = 130 in truth; the line over daily points lands close.
  EXPECT_NEAR(f->next[0], 130.0, 6.0);
  EXPECT_GT(f->next[3], f->next[0]);
  EXPECT_LT(f->backtest->mae, 6.0);
}

TEST(Forecast, NothingReceivedForecastsZero) {
  auto f = forecast(std::vector<std::int64_t>(90, 0), 3);
  ASSERT_TRUE(f.has_value());
  for (double w : f->next) EXPECT_EQ(w, 0.0);
  EXPECT_FALSE(f->backtest->mape.has_value());  // no week with a dossier: no percentage
}

TEST(Forecast, TheWeekdayOfTheFirstDayPlacesTheWeekends) {
  // Starting on a Saturday (5): the same office-day pattern shifted.
  std::vector<std::int64_t> v;
  for (int t = 0; t < 84; ++t) v.push_back((t + 5) % 7 < 5 ? 8 : 0);
  auto w = fit(v, 5, 1);
  ASSERT_TRUE(w.has_value());
  EXPECT_NEAR((*w)[0], 40.0, 1e-6);
}

}  // namespace
}  // namespace motcua::reports
