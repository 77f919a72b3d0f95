// The live dashboard — contract in dashboard.h.
#include "services/reports/dashboard.h"

#include "domain/calendar/date.h"
#include "domain/dossier/clock.h"
#include "domain/errors.h"
#include "domain/format.h"
#include "domain/ratings/rating.h"
#include "services/dossiers/dossier_internal.h"

namespace motcua::services {

using nlohmann::json;

namespace {

std::string in_list(size_t first, size_t n) {
  std::string in;
  for (size_t i = 0; i < n; ++i) in += (in.empty() ? "$" : ", $") + std::to_string(first + i);
  return in;
}

}  // namespace

std::string DashboardService::change_token(int64_t now_ms) {
  std::string token;
  db_.read([&](store::Conn& c) {
    auto h = c.exec("SELECT MAX(id) FROM dossier_history");
    auto r = c.exec("SELECT MAX(updated_at) FROM ratings");
    token = std::to_string(h.rows.empty() || h.rows[0].is_null(0) ? 0 : h.rows[0].i64(0)) + "/" +
            std::to_string(r.rows.empty() || r.rows[0].is_null(0) ? 0 : r.rows[0].i64(0));
  });
  return token + "/" + cal::to_string(cal::date_of(cal::local_from_utc_ms(now_ms)));
}

std::shared_ptr<const Dashboard> DashboardService::of(const std::string& agency, int64_t now_ms) {
  std::string token = change_token(now_ms);
  {
    std::lock_guard lk(mu_);
    auto it = cache_.find(agency);
    if (it != cache_.end() && it->second->token == token) return it->second;
  }
  auto d = compute(agency, token, now_ms);
  std::lock_guard lk(mu_);
  if (cache_.size() > 4096) cache_.clear();
  cache_[agency] = d;
  return d;
}

std::shared_ptr<const Dashboard> DashboardService::compute(const std::string& agency, const std::string& token, int64_t now_ms) {
  auto ag = reports_.agencies();
  const Agency* a = agency.empty() ? nullptr : ag->find(agency);
  if (!a) throw DomainError(ErrorKind::not_found, "agency_not_found", "Không tìm thấy cơ quan \"" + agency + "\".");
  auto out = std::make_shared<Dashboard>();
  out->agency = agency;
  out->agency_name = a->name;
  out->token = token;
  out->as_of_ms = now_ms;
  const cal::Date today = cal::date_of(cal::local_from_utc_ms(now_ms));
  const std::string day = cal::to_string(today);
  const int64_t day_start = cal::utc_ms_from_local(cal::start_of_day(today));

  out->today = reports_.handling_unchecked(agency, day, day, ReportGroup::agency, now_ms).total.counts;
  for (const auto& r : reports_.handling_unchecked(agency, day, day, ReportGroup::unit, now_ms).rows)
    if (r.counts.in_progress() > 0) out->units.push_back({r.key, r.label, r.counts.within_due, r.counts.overdue});

  std::vector<store::Value> codes;
  for (const auto& x : ag->agencies)
    if (ag->within(x.code, agency)) codes.emplace_back(x.code);
  db_.read([&](store::Conn& c) {
    std::vector<store::Value> p = codes;
    for (const auto& row : c.exec("SELECT status, COUNT(*) FROM dossiers WHERE agency_code IN (" + in_list(1, codes.size()) +
                                      ") AND status IN (1,2,4,5,6,7) GROUP BY status",
                                  p)
                               .rows)
      out->waiting[static_cast<int>(row.i64(0))] = row.i64(1);
    p = {now_ms, now_ms + dossier::kDueSoonMs};
    p.insert(p.end(), codes.begin(), codes.end());
    out->due_soon = c.exec(std::string("SELECT COUNT(*) FROM dossiers WHERE agency_code IN (") + in_list(3, codes.size()) + ") AND " +
                               dossier_detail::kClockRunningSql + " AND due_at >= $1 AND due_at < $2",
                           p)
                        .rows.at(0)
                        .i64(0);
    p = {day_start};
    p.insert(p.end(), codes.begin(), codes.end());
    for (const auto& row : c.exec("SELECT overall, COUNT(*) FROM ratings WHERE agency_code IN (" + in_list(2, codes.size()) +
                                      ") AND updated_at >= $1 GROUP BY overall",
                                  p)
                               .rows)
      out->rated_today[row.str(0)] = row.i64(1);
    p = codes;
    for (const auto& row : c.exec("SELECT r.updated_at, d.procedure_name, r.overall FROM ratings r JOIN dossiers d ON d.id = r.dossier_id "
                                  "WHERE r.agency_code IN (" + in_list(1, codes.size()) + ") ORDER BY r.updated_at DESC LIMIT 5",
                                  p)
                               .rows) {
      DashboardRating r{row.i64(0), row.str(1), row.str(2), row.str(2)};
      for (const auto& o : ratings::overall())
        if (o.value == r.overall) r.overall_label = o.label;
      out->recent.push_back(std::move(r));
    }
  });
  return out;
}

json dashboard_json(const Dashboard& d) {
  const auto& t = d.today;
  json waiting = json::object(), units = json::array(), recent = json::array();
  for (int s : {1, 2, 4, 5, 6, 7}) waiting[std::to_string(s)] = d.waiting.count(s) ? d.waiting.at(s) : 0;
  for (const auto& u : d.units) units.push_back({{"key", u.key}, {"label", u.label}, {"within_due", u.within_due}, {"overdue", u.overdue}});
  for (const auto& r : d.recent) recent.push_back({{"at", fmt::iso_datetime(r.at)}, {"procedure", r.procedure}, {"overall", r.overall}});
  auto rated = [&](const char* k) { return d.rated_today.count(k) ? d.rated_today.at(k) : 0; };
  json today_ratings = {{"very_satisfied", rated("very_satisfied")}, {"satisfied", rated("satisfied")}, {"unsatisfied", rated("unsatisfied")}};
  json ratings = {{"today", today_ratings}, {"recent", recent}};
  return {{"agency", d.agency},
          {"agency_name", d.agency_name},
          {"as_of", fmt::iso_datetime(d.as_of_ms)},
          {"today",
           {{"received", {{"online", t.online}, {"direct", t.direct}, {"postal", t.postal}, {"total", t.received()}}},
            {"carried_over", t.carried_over},
            {"resolved", {{"early", t.early}, {"on_time", t.on_time}, {"late", t.late}, {"total", t.resolved()}}},
            {"in_progress", {{"within_due", t.within_due}, {"overdue", t.overdue}, {"total", t.in_progress()}}},
            {"refused", t.refused},
            {"stopped", t.stopped},
            {"withdrawn", t.withdrawn}}},
          {"waiting", waiting},
          {"due_soon", d.due_soon},
          {"units", units},
          {"ratings", ratings}};
}

}  // namespace motcua::services
