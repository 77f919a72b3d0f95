// The QĐ 766 index of an agency subtree — contract in report_service.h (Index766Report) and domain/reports/index766.h.
#include <algorithm>

#include "domain/payments/fees.h"
#include "services/reports/report_service.h"

namespace motcua::services {

namespace {

std::optional<double> percent(int64_t num, int64_t den) {
  if (den <= 0) return std::nullopt;
  return static_cast<double>(num) * 100.0 / static_cast<double>(den);
}

}  // namespace

Index766Report ReportService::index766(const std::string& agency, const std::string& from, const std::string& to, const PersonalStore& store,
                                       const accounts::Principal& who, int64_t now_ms) {
  HandlingReport h = handling(agency, from, to, "agency", who, now_ms);  // access and period
  Index766Report out{h.agency, h.agency_name, h.from, h.to, {}, {}};
  std::map<std::string, std::optional<double>> rates;
  auto put = [&](const std::string& id, int64_t num, int64_t den) {
    out.basis[id] = {num, den};
    rates[id] = percent(num, den);
  };
  const auto& k = h.total.counts;

  // Progress: finished on time or still within due, of every dossier handled in the period.
  put("on_time", k.early + k.on_time + k.within_due, k.resolved() + k.in_progress());
  // Online service: the online ratio; procedures offered online where the subtree's agencies apply them.
  put("online_share", k.online, k.received());
  auto ag = agencies_.snapshot();
  std::vector<const Agency*> subtree;
  std::vector<std::string> codes;
  for (const auto& a : ag->agencies)
    if (ag->within(a.code, agency)) subtree.push_back(&a), codes.push_back(a.code);
  auto snap = catalog_.snapshot();
  int64_t offered = 0, online = 0;
  for (const auto& e : snap->entries) {
    if (e.state == catalog::ProcState::abolished || e.state == catalog::ProcState::draft) continue;
    const ProcVersion* v = e.current(now_ms);
    if (!v) continue;
    bool applies = std::any_of(subtree.begin(), subtree.end(), [&](const Agency* a) { return applies_to(*v, a->level, a->kind); });
    if (!applies) continue;
    ++offered;
    if (v->online_level == "toan_trinh" || v->online_level == "mot_phan") ++online;
  }
  put("online_procs", online, offered);
  // Payments in the period's local days at the subtree's agencies, by method.
  int64_t paid = 0, paid_online = 0;
  std::vector<store::Value> params = {from, to};
  std::string in;
  for (size_t i = 0; i < codes.size(); ++i) in += (in.empty() ? "$" : ", $") + std::to_string(3 + i), params.emplace_back(codes[i]);
  db_.read([&](store::Conn& c) {
    for (const auto& row : c.exec("SELECT method, COUNT(*) FROM fee_ledger WHERE agency_code IN (" + in +
                                      ") AND kind = 'payment' AND day >= $1 AND day <= $2 GROUP BY method",
                                  params)
                               .rows) {
      paid += row.i64(1);
      if (payments::online_method(row.str(0))) paid_online += row.i64(1);
    }
  });
  put("online_payment", paid_online, paid);
  // Digitization: the measures over the dossiers received in the period.
  auto d = store.counts(codes, h.from_ms, h.to_ms);
  put("e_result", d.e_result, d.dossiers);
  put("digitized", d.digitized, d.dossiers);
  put("reused", d.reused, d.dossiers);
  // Satisfaction: QĐ 766's formula over the resolved dossiers' ratings.
  auto sat = satisfaction_of(h);
  out.basis["satisfaction"] = {sat.total.unsatisfied, sat.total.resolved};
  rates["satisfaction"] = sat.total.satisfaction;
  rates["publicity"] = std::nullopt;  // no data source yet

  // The post (not QĐ 766 indicators; shown beside them): dossiers received by post, results delivered by post.
  out.basis["postal_received"] = {k.postal, k.received()};
  int64_t resolved = 0, by_post = 0;
  std::vector<store::Value> facts_params = {h.from_ms, h.to_ms, h.as_of_ms};
  for (const auto& code : codes) facts_params.emplace_back(code);
  db_.read([&](store::Conn& c) {
    for (const auto& row : c.exec(nine_facts_sql(codes.size()), facts_params).rows) {
      const int64_t ex = row.i64(2);
      if (ex != static_cast<int>(reports::Exit::early) && ex != static_cast<int>(reports::Exit::on_time) && ex != static_cast<int>(reports::Exit::late)) continue;
      ++resolved;
      if (row.str(4) == "post") ++by_post;
    }
  });
  out.basis["postal_result"] = {by_post, resolved};

  out.index = reports::evaluate(index_table_, rates);
  return out;
}

}  // namespace motcua::services
