// R39's monthly report on online public services — contract in report_service.h (OnlineServicesReport). The
// handling report by agency gives the dossier counts; the catalog snapshot the procedures that apply to each agency;
// one grouped statement the procedures with online dossiers (covering index dossiers_report); one the payments.
#include <algorithm>
#include <set>

#include "domain/calendar/date.h"
#include "domain/errors.h"
#include "domain/payments/fees.h"
#include "services/reports/report_service.h"

namespace motcua::services {

namespace {

std::optional<double> percent(int64_t num, int64_t den) {
  if (den <= 0) return std::nullopt;
  return static_cast<double>(num) * 100.0 / static_cast<double>(den);
}

void rates(OnlineServicesRow& r) {
  r.used_ratio = percent(r.used_online, r.full_online + r.partly_online);
  r.online_ratio = percent(r.online, r.received);
  r.on_time_rate = percent(r.on_time, r.resolved);
  r.online_payment_ratio = percent(r.payments_online, r.payments);
}

}  // namespace

OnlineServicesReport ReportService::online_services(const std::string& agency, const std::string& month, const accounts::Principal& who,
                                                    int64_t now_ms) {
  auto first = cal::parse_date(month.size() == 7 ? month + "-01" : std::string());
  if (!first) throw DomainError(ErrorKind::invalid, "bad_month", "Tháng không hợp lệ (dạng YYYY-MM).", {{"month", "Không hợp lệ."}});
  const std::string from = cal::to_string(*first), to = cal::to_string(cal::Date{first->year, first->month, cal::days_in_month(first->year, first->month)});
  HandlingReport h = handling(agency, from, to, "agency", who, now_ms);  // access and period
  OnlineServicesReport out{h.agency, h.agency_name, month, from, to, {}, {}};

  auto ag = agencies_.snapshot();
  std::vector<const Agency*> subtree;
  std::vector<store::Value> params = {h.from_ms, h.to_ms};
  std::string in;
  for (const auto& a : ag->agencies)
    if (ag->within(a.code, agency)) {
      subtree.push_back(&a);
      params.emplace_back(a.code);
      in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
    }
  std::map<std::string, OnlineServicesRow> by;
  for (const Agency* a : subtree) {
    auto& x = by[a->code];
    x.code = a->code;
    x.name = a->name;
  }
  for (const auto& r : h.rows) {
    auto& x = by[r.key];
    x.received = r.counts.received(), x.online = r.counts.online, x.resolved = r.counts.resolved(), x.on_time = r.counts.early + r.counts.on_time;
  }

  // The procedures that apply to each agency, as of the month's end; which of them are online services.
  const int64_t as_of = std::min(h.to_ms - 1, now_ms);
  std::map<std::string, std::string> online_level;          // procedure code → toan_trinh | mot_phan | other
  std::map<std::string, std::set<std::string>> applying;    // agency → procedure codes
  auto snap = catalog_.snapshot();
  for (const auto& e : snap->entries) {
    if (e.state == catalog::ProcState::abolished || e.state == catalog::ProcState::draft) continue;
    const ProcVersion* v = e.current(as_of);
    if (!v) continue;
    for (const Agency* a : subtree)
      if (applies_to(*v, a->level, a->kind)) {
        applying[a->code].insert(e.code);
        online_level[e.code] = v->online_level;
      }
  }
  auto is_online = [&](const std::string& code) {
    auto it = online_level.find(code);
    return it != online_level.end() && (it->second == "toan_trinh" || it->second == "mot_phan");
  };
  std::map<std::string, std::set<std::string>> used;  // agency → online services with an online dossier this month
  std::vector<store::Value> days = {from, to};
  for (size_t i = 2; i < params.size(); ++i) days.push_back(params[i]);
  std::string in_days;
  for (size_t i = 3; i <= days.size(); ++i) in_days += (in_days.empty() ? "$" : ", $") + std::to_string(i);
  db_.read([&](store::Conn& c) {
    const std::string competent = "(CASE WHEN d.handling_agency_code = '' THEN d.agency_code ELSE d.handling_agency_code END)";
    for (const auto& row : c.exec("SELECT " + competent + ", d.procedure_code FROM dossiers d WHERE " + competent + " IN (" + in +
                                      ") AND d.submitted_at >= $1 AND d.submitted_at < $2 AND d.channel = 2 AND d.status > 0 GROUP BY 1, 2",
                                  params)
                               .rows)
      if (is_online(row.str(1))) used[row.str(0)].insert(row.str(1));
    for (const auto& row : c.exec("SELECT agency_code, method, COUNT(*) FROM fee_ledger WHERE agency_code IN (" + in_days +
                                      ") AND kind = 'payment' AND day >= $1 AND day <= $2 GROUP BY 1, 2",
                                  days)
                               .rows) {
      auto it = by.find(row.str(0));
      if (it == by.end()) continue;
      it->second.payments += row.i64(2);
      if (payments::online_method(row.str(1))) it->second.payments_online += row.i64(2);
    }
  });

  std::set<std::string> all_procs, all_used;
  out.total.code = agency;
  out.total.name = "Tổng cộng";
  for (const Agency* a : subtree) {
    auto& x = by[a->code];
    for (const auto& code : applying[a->code]) {
      ++x.procedures;
      all_procs.insert(code);
      if (online_level[code] == "toan_trinh") ++x.full_online;
      else if (online_level[code] == "mot_phan") ++x.partly_online;
    }
    x.used_online = static_cast<int64_t>(used[a->code].size());
    all_used.insert(used[a->code].begin(), used[a->code].end());
    rates(x);
    out.total.received += x.received, out.total.online += x.online, out.total.resolved += x.resolved, out.total.on_time += x.on_time;
    out.total.payments += x.payments, out.total.payments_online += x.payments_online;
    out.rows.push_back(x);
  }
  out.total.procedures = static_cast<int64_t>(all_procs.size());
  for (const auto& code : all_procs) {
    if (online_level[code] == "toan_trinh") ++out.total.full_online;
    else if (online_level[code] == "mot_phan") ++out.total.partly_online;
  }
  out.total.used_online = static_cast<int64_t>(all_used.size());
  rates(out.total);
  return out;
}

}  // namespace motcua::services
