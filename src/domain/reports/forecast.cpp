// Demand forecast — contract in forecast.h.
#include "domain/reports/forecast.h"

#include <algorithm>
#include <cmath>

namespace motcua::reports {

std::optional<std::vector<double>> fit(const std::vector<std::int64_t>& daily, int first_weekday, int weeks) {
  const size_t n = daily.size();
  if (n < 28 || weeks <= 0) return std::nullopt;
  const size_t window = std::min<size_t>(n, 84), start = n - window;
  auto weekday = [&](size_t t) { return static_cast<int>((static_cast<size_t>(first_weekday) + t) % 7); };
  double sum_all = 0;
  double sums[7] = {0, 0, 0, 0, 0, 0, 0};
  int days[7] = {0, 0, 0, 0, 0, 0, 0};
  for (size_t t = start; t < n; ++t) {
    double y = static_cast<double>(std::max<std::int64_t>(0, daily[t]));
    sums[weekday(t)] += y, ++days[weekday(t)], sum_all += y;
  }
  std::vector<double> out(static_cast<size_t>(weeks), 0.0);
  if (sum_all <= 0) return out;
  const double mean = sum_all / static_cast<double>(window);
  double factor[7];
  for (int d = 0; d < 7; ++d) factor[d] = days[d] ? sums[d] / days[d] / mean : 0;
  // Least squares of the deseasonalised series against the day index.
  double sx = 0, sy = 0, sxx = 0, sxy = 0, m = 0;
  for (size_t t = start; t < n; ++t) {
    double f = factor[weekday(t)];
    if (f <= 0) continue;
    double x = static_cast<double>(t - start), y = static_cast<double>(std::max<std::int64_t>(0, daily[t])) / f;
    sx += x, sy += y, sxx += x * x, sxy += x * y, m += 1;
  }
  double slope = 0, intercept = m > 0 ? sy / m : 0;
  const double den = m * sxx - sx * sx;
  if (m >= 2 && std::fabs(den) > 1e-9) {
    slope = (m * sxy - sx * sy) / den;
    intercept = (sy - slope * sx) / m;
  }
  for (int w = 0; w < weeks; ++w)
    for (int d = 0; d < 7; ++d) {
      size_t t = n + static_cast<size_t>(w * 7 + d);
      double x = static_cast<double>(t - start);
      out[static_cast<size_t>(w)] += std::max(0.0, (intercept + slope * x) * factor[weekday(t)]);
    }
  return out;
}

std::optional<DemandForecast> forecast(const std::vector<std::int64_t>& daily, int first_weekday) {
  auto next = fit(daily, first_weekday, 4);
  if (!next) return std::nullopt;
  DemandForecast out{*next, std::nullopt};
  if (daily.size() >= 28 + 56) {
    std::vector<std::int64_t> past(daily.begin(), daily.end() - 56);
    auto exp = fit(past, first_weekday, 8);
    Backtest b;
    b.expected = *exp;
    double abs_sum = 0, pct_sum = 0;
    int pct_n = 0;
    for (int w = 0; w < 8; ++w) {
      std::int64_t actual = 0;
      for (int d = 0; d < 7; ++d) actual += std::max<std::int64_t>(0, daily[past.size() + static_cast<size_t>(w * 7 + d)]);
      b.actual.push_back(actual);
      double err = std::fabs(b.expected[static_cast<size_t>(w)] - static_cast<double>(actual));
      abs_sum += err;
      if (actual > 0) pct_sum += err / static_cast<double>(actual) * 100.0, ++pct_n;
    }
    b.mae = abs_sum / 8;
    if (pct_n > 0) b.mape = pct_sum / pct_n;
    out.backtest = std::move(b);
  }
  return out;
}

}  // namespace motcua::reports
