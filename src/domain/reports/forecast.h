// motcua::reports — demand forecast (dự báo số hồ sơ; issue 12, R43): how many dossiers an agency (or one procedure
// there) will receive in each of the next 4 weeks, from its daily history, with the error the same method made on
// the last 8 weeks shown beside it. Pure; no I/O.
//
// Contract
// - Input: daily counts, oldest first, the last one being the day before the first forecast day; `first_weekday`
//   is the weekday of the first count (0 = Monday … 6 = Sunday).
// - Method (weekly seasonality + trend, no external library): over the last min(n, 84) days, a factor per weekday
//   = that weekday's mean ÷ the overall mean (weekends, closed days ≈ 0); the deseasonalised series (count ÷ its
//   weekday's factor, days with a factor 0 left out) gets a least-squares line; the forecast of a day is
//   max(0, line × factor); a week is the sum of its 7 days. With no dossier in the window every forecast is 0.
// - fit(counts, first_weekday, weeks) → the next `weeks` weekly totals; nullopt when fewer than 28 days are given
//   (too little history to say anything).
// - forecast(counts, first_weekday): the next 4 weeks, plus the backtest: the method applied to the history
//   without its last 56 days, its 8 weekly forecasts against what happened, the mean absolute error (dossiers per
//   week) and the mean absolute percentage error over the weeks with at least one dossier (nullopt when none).
//   The backtest is nullopt when fewer than 28 + 56 days are given.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

namespace motcua::reports {

std::optional<std::vector<double>> fit(const std::vector<std::int64_t>& daily, int first_weekday, int weeks);

struct Backtest {
  std::vector<double> expected;        // 8 weeks
  std::vector<std::int64_t> actual;    // 8 weeks
  double mae = 0;
  std::optional<double> mape;          // percent
};

struct DemandForecast {
  std::vector<double> next;            // 4 weeks
  std::optional<Backtest> backtest;
};

std::optional<DemandForecast> forecast(const std::vector<std::int64_t>& daily, int first_weekday);

}  // namespace motcua::reports
