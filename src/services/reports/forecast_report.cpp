// Demand forecast of an agency subtree — contract in report_service.h (ForecastReport) and domain/reports/forecast.h.
// One grouped statement reads the daily counts of the last 140 days (the fit's 84 days + the backtest's 56).
#include "domain/calendar/date.h"
#include "domain/errors.h"
#include "domain/reports/forecast.h"
#include "services/reports/report_service.h"

namespace motcua::services {

namespace {

constexpr int kHistoryDays = 140;

}  // namespace

ForecastReport ReportService::forecast(const std::string& agency, const std::string& procedure, const accounts::Principal& who, int64_t now_ms) {
  auto ag = agencies_.snapshot();
  if (!may_read(*ag, agency, who))
    throw DomainError(ErrorKind::not_found, "agency_not_found", "Không tìm thấy cơ quan \"" + agency + "\" trong phạm vi của bạn.");
  ForecastReport out;
  out.agency = agency;
  out.agency_name = ag->find(agency)->name;
  out.procedure = procedure;
  if (!procedure.empty()) {
    auto snap = catalog_.snapshot();
    const auto* e = snap->find(procedure);
    const auto* v = e ? e->shown(now_ms) : nullptr;
    if (!v) throw DomainError(ErrorKind::not_found, "procedure_not_found", "Không tìm thấy thủ tục \"" + procedure + "\".");
    out.procedure_name = v->doc->value("name", procedure);
  }
  const cal::Date today = cal::date_of(cal::local_from_utc_ms(now_ms));
  const int64_t today_index = cal::to_days(today), first_index = today_index - kHistoryDays;
  const cal::Date first = cal::from_days(first_index);
  std::vector<store::Value> params = {cal::utc_ms_from_local(cal::start_of_day(first)), cal::utc_ms_from_local(cal::start_of_day(today))};
  size_t n = 0;
  for (const auto& a : ag->agencies)
    if (ag->within(a.code, agency)) params.emplace_back(a.code), ++n;
  if (!procedure.empty()) params.emplace_back(procedure);
  std::vector<int64_t> daily(kHistoryDays, 0);
  db_.read([&](store::Conn& c) {
    for (const auto& row : c.exec(daily_received_sql(n, !procedure.empty()), params).rows) {
      int64_t i = row.i64(0) - first_index;
      if (i >= 0 && i < kHistoryDays) daily[static_cast<size_t>(i)] += row.i64(1);
    }
  });
  auto day = [](int64_t index) { return cal::to_string(cal::from_days(index)); };
  for (int w = 12; w >= 1; --w) {
    int64_t from = today_index - 7 * w, actual = 0;
    for (int d = 0; d < 7; ++d) actual += daily[static_cast<size_t>(from - first_index + d)];
    out.history.push_back({day(from), day(from + 6), std::nullopt, actual});
  }
  // The history starts with the window's first dossier: the days before it are taken as "no data yet" (a new
  // deployment, a new agency), not as days without demand.
  int64_t first_data = 0;
  while (first_data < kHistoryDays && daily[static_cast<size_t>(first_data)] == 0) ++first_data;
  std::vector<int64_t> usable(daily.begin() + std::min<int64_t>(first_data, kHistoryDays), daily.end());
  const int first_weekday = static_cast<int>(cal::weekday(cal::from_days(today_index - static_cast<int64_t>(usable.size()))));
  auto f = reports::forecast(usable, first_weekday);
  if (!f) return out;
  out.enough_history = true;
  for (int w = 0; w < 4; ++w) out.next.push_back({day(today_index + 7 * w), day(today_index + 7 * w + 6), f->next[static_cast<size_t>(w)], std::nullopt});
  if (f->backtest) {
    for (int w = 0; w < 8; ++w) {
      int64_t from = today_index - 56 + 7 * w;
      out.backtest.push_back({day(from), day(from + 6), f->backtest->expected[static_cast<size_t>(w)], f->backtest->actual[static_cast<size_t>(w)]});
    }
    out.mae = f->backtest->mae;
    out.mape = f->backtest->mape;
  }
  return out;
}

}  // namespace motcua::services
