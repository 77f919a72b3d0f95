// The 9-indicator evaluation per agency or unit — contract in report_service.h (NineReport) and
// domain/reports/nine_indicators.h. One statement reads the facts of every dossier resolved in the period
// (nine_facts_sql); the handling report by agency gives indicator 9's online ratios.
#include <map>

#include "domain/calendar/date.h"
#include "domain/errors.h"
#include "services/reports/report_service.h"

namespace motcua::services {

using reports::Exit;

namespace {

bool resolved_exit(int64_t ex) {
  return ex == static_cast<int>(Exit::early) || ex == static_cast<int>(Exit::on_time) || ex == static_cast<int>(Exit::late);
}

// The evaluation facts of one row of nine_facts_sql (a resolved exit); indicator 9's agency facts left to the caller.
reports::DossierEvaluationFacts facts_of(const store::Row& row, const CatalogSnapshot& snap) {
  reports::DossierEvaluationFacts f;
  const int64_t ex = row.i64(2);
  f.timeliness = ex == static_cast<int>(Exit::early) ? reports::Timeliness::early
                 : ex == static_cast<int>(Exit::late) ? reports::Timeliness::late
                                                       : reports::Timeliness::on_time;
  f.online_submission = row.i64(3) == 2;
  f.result_not_at_desk = row.str(4) != "desk";
  f.supplement_requests = static_cast<int>(row.i64(5));
  f.consultations = static_cast<int>(row.i64(6));
  f.consultations_late = static_cast<int>(row.i64(7));
  if (!row.str(8).empty()) f.rating = row.str(8);
  f.published = snap.find(row.str(9)) != nullptr;
  return f;
}

void add(NineRow& row, const reports::NineIndicators& n) {
  const int total = n.total();
  double sum = row.average.value_or(0) * static_cast<double>(row.dossiers);
  for (size_t i = 0; i < 9; ++i)
    row.indicator_average[i] = (row.indicator_average[i] * static_cast<double>(row.dossiers) + n.points[i]) / static_cast<double>(row.dossiers + 1);
  ++row.dossiers;
  row.average = (sum + total) / static_cast<double>(row.dossiers);
  ++row.grades[reports::grade(total)];
}

}  // namespace

NineReport ReportService::nine_indicators(const std::string& agency, const std::string& from, const std::string& to, const std::string& group,
                                          const accounts::Principal& who, int64_t now_ms) {
  auto g = parse_report_group(group);
  if (!g || (*g != ReportGroup::agency && *g != ReportGroup::unit))
    throw DomainError(ErrorKind::invalid, "bad_group", "Nhóm theo phải là agency hoặc unit.", {{"group", "Không hợp lệ."}});
  HandlingReport by_agency = handling(agency, from, to, "agency", who, now_ms);  // access, period; indicator 9
  HandlingReport rows = *g == ReportGroup::unit ? handling_unchecked(agency, from, to, ReportGroup::unit, now_ms) : by_agency;
  std::map<std::string, std::optional<double>> ratio;
  for (const auto& r : by_agency.rows) ratio[r.key] = r.online_ratio;

  auto ag = agencies_.snapshot();
  std::vector<store::Value> params = {by_agency.from_ms, by_agency.to_ms, by_agency.as_of_ms};
  size_t n = 0;
  for (const auto& a : ag->agencies)
    if (ag->within(a.code, agency)) params.emplace_back(a.code), ++n;
  struct Fact {
    std::string key, competent;
    reports::DossierEvaluationFacts f;
  };
  std::vector<Fact> facts;
  std::map<std::string, bool> late_online;  // competent agency → an online dossier resolved late
  auto snap = catalog_.snapshot();
  db_.read([&](store::Conn& c) {
    for (const auto& row : c.exec(nine_facts_sql(n), params).rows) {
      if (!resolved_exit(row.i64(2))) continue;
      Fact x;
      x.competent = row.str(0);
      x.key = *g == ReportGroup::unit ? x.competent + "/" + row.str(1) : x.competent;
      x.f = facts_of(row, *snap);
      if (x.f.online_submission && x.f.timeliness == reports::Timeliness::late) late_online[x.competent] = true;
      facts.push_back(std::move(x));
    }
  });

  NineReport out{by_agency.agency, by_agency.agency_name, by_agency.from, by_agency.to, *g, {}, {}};
  std::map<std::string, NineRow> by_key;
  for (const auto& r : rows.rows) by_key[r.key] = NineRow{r.key, r.label, 0, std::nullopt, {}, {}};
  out.total.key = "total";
  out.total.label = "Tổng cộng";
  for (auto& x : facts) {
    x.f.agency_online_ratio = ratio.count(x.competent) ? ratio[x.competent] : std::nullopt;
    x.f.agency_late_online = late_online.count(x.competent) > 0;
    auto ev = reports::evaluate_dossier(x.f);
    add(by_key[x.key], ev);
    add(out.total, ev);
  }
  for (const auto& r : rows.rows) out.rows.push_back(by_key[r.key]);  // the handling report's order
  return out;
}

std::optional<DossierEvaluation> ReportService::dossier_evaluation(const std::string& public_id, const std::string& competent, int64_t finished_ms,
                                                                   int64_t now_ms) {
  if (finished_ms <= 0 || competent.empty() || !agencies_.snapshot()->find(competent)) return std::nullopt;
  const cal::Date end = cal::from_days(cal::local_from_utc_ms(finished_ms).minutes / cal::kMinutesPerDay);
  const std::string from = cal::to_string(cal::Date{end.year, end.month, 1}), to = cal::to_string(cal::Date{end.year, end.month, cal::days_in_month(end.year, end.month)});
  HandlingReport month = handling_unchecked(competent, from, to, ReportGroup::agency, now_ms);
  DossierEvaluation out;
  out.month = (end.month < 10 ? "0" : "") + std::to_string(end.month) + "/" + std::to_string(end.year);
  for (const auto& r : month.rows)
    if (r.key == competent) out.agency_online_ratio = r.online_ratio;
  std::vector<store::Value> params = {month.from_ms, month.to_ms, month.as_of_ms, competent, public_id};
  std::optional<reports::DossierEvaluationFacts> facts;
  auto snap = catalog_.snapshot();
  db_.read([&](store::Conn& c) {
    for (const auto& row : c.exec(nine_facts_sql(1, " AND d.public_id = $5"), params).rows)
      if (resolved_exit(row.i64(2))) facts = facts_of(row, *snap);
    if (!facts) return;
    params.pop_back();
    for (const auto& row : c.exec(nine_facts_sql(1, " AND d.channel = 2"), params).rows)
      if (row.i64(2) == static_cast<int>(Exit::late)) out.agency_late_online = true;
  });
  if (!facts) return std::nullopt;
  facts->agency_online_ratio = out.agency_online_ratio;
  facts->agency_late_online = out.agency_late_online;
  out.points = reports::evaluate_dossier(*facts);
  out.total = out.points.total();
  out.grade = reports::grade(out.total);
  return out;
}

}  // namespace motcua::services
