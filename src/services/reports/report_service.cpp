// The periodic handling report — contract in report_service.h. The SQL below is the one SQL form of
// reports::classify (domain/reports/handling.h) and of the clock it uses (domain/dossier/clock.h).
#include "services/reports/report_service.h"

#include "domain/ratings/rating.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "services/agencies/agency_policy.h"
#include "services/reports/report_ledger.h"
#include "domain/accounts/policy.h"
#include "domain/calendar/date.h"
#include "domain/errors.h"
#include "domain/reports/ledger.h"

namespace motcua::services {

using reports::Entry;
using reports::Exit;

std::optional<ReportGroup> parse_report_group(const std::string& s) {
  if (s.empty() || s == "agency") return ReportGroup::agency;
  if (s == "unit") return ReportGroup::unit;
  if (s == "field") return ReportGroup::field;
  if (s == "procedure") return ReportGroup::procedure;
  return std::nullopt;
}

const char* to_string(ReportGroup g) {
  switch (g) {
    case ReportGroup::agency: return "agency";
    case ReportGroup::unit: return "unit";
    case ReportGroup::field: return "field";
    case ReportGroup::procedure: return "procedure";
  }
  return "agency";
}

const char* label_vi(ReportGroup g) {
  switch (g) {
    case ReportGroup::agency: return "Cơ quan";
    case ReportGroup::unit: return "Đơn vị";
    case ReportGroup::field: return "Lĩnh vực";
    case ReportGroup::procedure: return "Thủ tục";
  }
  return "";
}

namespace {

std::string n(Entry e) { return std::to_string(static_cast<int>(e)); }
std::string n(Exit e) { return std::to_string(static_cast<int>(e)); }

// The SQL form of reports::classify for the period [$1, $2) read as of $3. A dossier enters at submitted_at and
// ends at max(finished_at, submitted_at) when its status is 3, 8, 9 or 10.
const std::string kEnd = "(CASE WHEN d.finished_at IS NULL OR d.finished_at < d.submitted_at THEN d.submitted_at ELSE d.finished_at END)";
const std::string kEnded = "d.status IN (3,8,9,10)";
// Counted: entered before the period's end and not ended before its start (drafts have status 0).
const std::string kCounted = "d.status > 0 AND d.submitted_at IS NOT NULL AND d.submitted_at < $2 AND NOT (" + kEnded + " AND " + kEnd + " < $1)";

std::string entry_sql() {
  return "CASE WHEN d.submitted_at < $1 THEN " + n(Entry::carried_over) + " WHEN d.channel = 2 THEN " + n(Entry::online) +
         " WHEN d.channel = 3 THEN " + n(Entry::postal) + " ELSE " + n(Entry::direct) + " END";
}

std::string exit_sql() {
  // Local minutes and local days (UTC+7) as cal::local_from_utc_ms / cal::date_of count them.
  const std::string end_min = "(" + kEnd + " / 60000)", due_min = "(d.due_at / 60000)";
  const std::string offset = std::to_string(cal::kUtcOffsetMinutes), day = std::to_string(cal::kMinutesPerDay);
  return "CASE WHEN " + kEnded + " AND " + kEnd + " < $2 THEN (CASE"
         " WHEN d.status = 3 THEN " + n(Exit::refused) +
         " WHEN d.status = 8 THEN (CASE WHEN d.withdrawn_at IS NULL THEN " + n(Exit::stopped) + " ELSE " + n(Exit::withdrawn) + " END)"
         // resolved: dossier::read_clock at approval (no due date: cannot be late)
         " WHEN d.due_at IS NULL OR d.due_at = 0 THEN " + n(Exit::on_time) +
         " WHEN d.supplement_count > 1 OR " + end_min + " > " + due_min + " THEN " + n(Exit::late) +
         " WHEN (" + end_min + " + " + offset + ") / " + day + " < (" + due_min + " + " + offset + ") / " + day + " THEN " + n(Exit::early) +
         " ELSE " + n(Exit::on_time) + " END)"
         // open at the period end: paused at 5 is overdue once its supplement deadline passed
         " WHEN d.status = 5 THEN (CASE WHEN d.supplement_due_at > 0 AND $3 > d.supplement_due_at THEN " + n(Exit::overdue) + " ELSE " +
         n(Exit::within_due) + " END)"
         // running (2, 4, 6 without a recorded pause; 8–10 ended later were running then): overdue after the due moment
         " WHEN (d.status IN (2,4,8,9,10) OR (d.status = 6 AND d.paused_at IS NULL)) AND d.due_at > 0 AND $3 > d.due_at THEN " +
         n(Exit::overdue) + " ELSE " + n(Exit::within_due) + " END";
}

// The competent agency: the expression of the covering index dossiers_report (migration 11) — keep them identical.
const std::string kCompetent = "(CASE WHEN d.handling_agency_code = '' THEN d.agency_code ELSE d.handling_agency_code END)";

// The same keys over the ledger's columns (report_ledger.h).
std::string ledger_key_sql(ReportGroup g) {
  switch (g) {
    case ReportGroup::agency: return "l.agency";
    case ReportGroup::unit: return "l.agency || '/' || l.unit";
    case ReportGroup::field: return "l.field_code";
    case ReportGroup::procedure: return "l.procedure_code";
  }
  return "l.agency";
}

std::string key_sql(ReportGroup g) {
  switch (g) {
    case ReportGroup::agency: return kCompetent;
    case ReportGroup::unit: return kCompetent + " || '/' || d.handling_unit";
    case ReportGroup::field: return "COALESCE(pv.field_code, '')";
    case ReportGroup::procedure: return "d.procedure_code";
  }
  return kCompetent;
}

struct Range {
  int64_t t0 = 0, t1 = 0;
};
Range parse_range(const std::string& from, const std::string& to) {
  auto d0 = cal::parse_date(from), d1 = cal::parse_date(to);
  if (!d0) throw DomainError(ErrorKind::invalid, "bad_from", "Từ ngày không hợp lệ (dạng YYYY-MM-DD).", {{"from", "Không hợp lệ."}});
  if (!d1) throw DomainError(ErrorKind::invalid, "bad_to", "Đến ngày không hợp lệ (dạng YYYY-MM-DD).", {{"to", "Không hợp lệ."}});
  if (cal::to_days(*d1) < cal::to_days(*d0))
    throw DomainError(ErrorKind::invalid, "bad_range", "Đến ngày phải sau hoặc bằng từ ngày.", {{"to", "Trước từ ngày."}});
  if (cal::to_days(*d1) - cal::to_days(*d0) > 731)
    throw DomainError(ErrorKind::invalid, "range_too_long", "Mỗi báo cáo tối đa 2 năm.", {{"to", "Quá dài."}});
  return {cal::utc_ms_from_local({cal::to_days(*d0) * cal::kMinutesPerDay}), cal::utc_ms_from_local({(cal::to_days(*d1) + 1) * cal::kMinutesPerDay})};
}

void finish(HandlingRow& r) {
  r.online_ratio = reports::online_ratio(r.counts);
  r.below_target = reports::below_target(r.online_ratio, r.target);
}

}  // namespace

std::string handling_report_sql(ReportGroup g, size_t agencies, bool open_only) {
  std::string in;
  for (size_t i = 0; i < agencies; ++i) in += (in.empty() ? "$" : ", $") + std::to_string(4 + i);
  std::string sql = "SELECT " + key_sql(g) + " AS k, " + entry_sql() + " AS en, " + exit_sql() + " AS ex, COUNT(*) FROM dossiers d ";
  if (g == ReportGroup::field) sql += "LEFT JOIN procedure_versions pv ON pv.procedure_id = d.procedure_id AND pv.version_no = d.procedure_version ";
  return sql + "WHERE " + kCompetent + " IN (" + in + ") AND " + kCounted + (open_only ? " AND d.status IN (1,2,4,5,6,7)" : "") + " GROUP BY 1, 2, 3";
}

std::string officer_report_sql(size_t agencies) {
  std::string in;
  for (size_t i = 0; i < agencies; ++i) in += (in.empty() ? "$" : ", $") + std::to_string(4 + i);
  return "SELECT u.username, u.full_name, " + exit_sql() + " AS ex, CASE WHEN d.channel = 2 THEN 1 ELSE 0 END, COUNT(DISTINCT d.id) "
         "FROM dossiers d JOIN dossier_history h ON h.dossier_id = d.id JOIN users u ON u.username = h.actor AND u.kind = 'staff' WHERE " +
         kCompetent + " IN (" + in + ") AND " + kCounted + " AND d.status IN (9,10) AND " + kEnd + " >= $1 GROUP BY 1, 2, 3, 4";
}

std::string nine_facts_sql(size_t agencies, const std::string& extra) {
  std::string in;
  for (size_t i = 0; i < agencies; ++i) in += (in.empty() ? "$" : ", $") + std::to_string(4 + i);
  return "SELECT " + kCompetent + ", d.handling_unit, " + exit_sql() + " AS ex, d.channel, d.delivery, d.supplement_count, "
         "(SELECT COUNT(*) FROM dossier_requests r WHERE r.dossier_id = d.id AND r.kind = 'consult'), "
         "(SELECT COUNT(*) FROM dossier_requests r WHERE r.dossier_id = d.id AND r.kind = 'consult' AND r.deadline_at IS NOT NULL AND "
         "(r.closed_at IS NULL OR r.closed_at > r.deadline_at)), COALESCE(rt.overall, ''), d.procedure_code "
         "FROM dossiers d LEFT JOIN ratings rt ON rt.dossier_id = d.id WHERE " + kCompetent + " IN (" + in + ") AND " + kCounted +
         " AND d.status IN (9,10) AND " + kEnd + " >= $1" + extra;
}

std::string daily_received_sql(size_t agencies, bool procedure) {
  std::string in;
  for (size_t i = 0; i < agencies; ++i) in += (in.empty() ? "$" : ", $") + std::to_string(3 + i);
  const std::string offset = std::to_string(int64_t{cal::kUtcOffsetMinutes} * 60000);
  return "SELECT (d.submitted_at + " + offset + ") / 86400000, COUNT(*) FROM dossiers d WHERE " + kCompetent + " IN (" + in +
         ") AND d.status > 0 AND d.submitted_at >= $1 AND d.submitted_at < $2" +
         (procedure ? " AND d.procedure_code = $" + std::to_string(3 + agencies) : std::string()) + " GROUP BY 1";
}

std::string resolved_duration_sql(size_t agencies) {
  std::string in;
  for (size_t i = 0; i < agencies; ++i) in += (in.empty() ? "$" : ", $") + std::to_string(3 + i);
  return "SELECT d.procedure_code, COUNT(*), SUM(" + kEnd + " - d.submitted_at) FROM dossiers d WHERE " + kCompetent + " IN (" + in +
         ") AND d.status IN (9,10) AND d.submitted_at IS NOT NULL AND " + kEnd + " >= $1 AND " + kEnd + " < $2 GROUP BY 1";
}

// The ratings of the dossiers the handling report counts, by row key, overall answer and exit bucket.
static std::string rated_report_sql(ReportGroup g, size_t agencies) {
  std::string in;
  for (size_t i = 0; i < agencies; ++i) in += (in.empty() ? "$" : ", $") + std::to_string(4 + i);
  std::string sql = "SELECT " + key_sql(g) + " AS k, rt.overall, " + exit_sql() + " AS ex, COUNT(*) FROM dossiers d JOIN ratings rt ON rt.dossier_id = d.id ";
  if (g == ReportGroup::field) sql += "LEFT JOIN procedure_versions pv ON pv.procedure_id = d.procedure_id AND pv.version_no = d.procedure_version ";
  return sql + "WHERE " + kCompetent + " IN (" + in + ") AND " + kCounted + " GROUP BY 1, 2, 3";
}

SatisfactionReport ReportService::satisfaction(const std::string& agency, const std::string& from, const std::string& to, const std::string& group,
                                               const accounts::Principal& who, int64_t now_ms) {
  return satisfaction_of(handling(agency, from, to, group, who, now_ms));  // access, period and the resolved counts
}

SatisfactionReport ReportService::satisfaction_of(const HandlingReport& h) {
  auto ag = agencies_.snapshot();
  std::vector<store::Value> params = {h.from_ms, h.to_ms, h.as_of_ms};
  size_t n = 0;
  for (const auto& a : ag->agencies)
    if (ag->within(a.code, h.agency)) params.emplace_back(a.code), ++n;
  SatisfactionReport out{h.agency, h.agency_name, h.from, h.to, h.group, {}, {}};
  std::map<std::string, SatisfactionRow> by_key;
  for (const auto& r : h.rows) by_key[r.key] = {r.key, r.label, r.counts.resolved(), r.counts.late, 0, 0, 0, 0, std::nullopt, 0};
  db_.read([&](store::Conn& c) {
    for (const auto& row : c.exec(rated_report_sql(h.group, n), params).rows) {
      int64_t ex = row.i64(2);
      if (ex != static_cast<int>(Exit::early) && ex != static_cast<int>(Exit::on_time) && ex != static_cast<int>(Exit::late)) continue;
      auto& x = by_key[row.str(0)];
      const std::string& o = row.str(1);
      (o == "very_satisfied" ? x.very_satisfied : o == "satisfied" ? x.satisfied : x.unsatisfied) += row.i64(3);
      x.rated += row.i64(3);
    }
  });
  auto finish = [](SatisfactionRow& x) {
    x.satisfaction = ratings::satisfaction(x.resolved, x.late, x.unsatisfied);
    x.score = x.satisfaction ? ratings::score(*x.satisfaction) : 0;
  };
  out.total.key = "total";
  out.total.label = "Tổng cộng";
  for (const auto& r : h.rows) {
    auto x = by_key[r.key];
    finish(x);
    out.total.resolved += x.resolved, out.total.late += x.late, out.total.rated += x.rated;
    out.total.very_satisfied += x.very_satisfied, out.total.satisfied += x.satisfied, out.total.unsatisfied += x.unsatisfied;
    out.rows.push_back(std::move(x));
  }
  finish(out.total);
  return out;
}

bool ReportService::may_read(const AgencySnapshot& ag, const std::string& agency, const accounts::Principal& who) const {
  if (agency.empty() || !ag.find(agency)) return false;
  return accounts::decide("report.read", who, {0, agency}, policy_context(ag)) == accounts::Decision::allow;
}

std::vector<const Agency*> ReportService::reportable_agencies(const AgencySnapshot& ag, const accounts::Principal& who) const {
  std::vector<const Agency*> out;
  for (const auto& a : ag.agencies)
    if (may_read(ag, a.code, who)) out.push_back(&a);
  return out;
}

DigitizationReport ReportService::digitization(const std::string& agency, const std::string& from, const std::string& to, const PersonalStore& store,
                                               const accounts::Principal& who) {
  auto ag = agencies_.snapshot();
  if (!may_read(*ag, agency, who))
    throw DomainError(ErrorKind::not_found, "agency_not_found", "Không tìm thấy cơ quan \"" + agency + "\" trong phạm vi của bạn.");
  Range rg = parse_range(from, to);
  std::vector<std::string> codes;
  for (const auto& a : ag->agencies)
    if (ag->within(a.code, agency)) codes.push_back(a.code);
  DigitizationReport out{agency, ag->find(agency)->name, from, to, store.counts(codes, rg.t0, rg.t1), {}};
  out.shares = docstore::shares(out.counts);
  return out;
}

OfficerReport ReportService::officers(const std::string& agency, const std::string& from, const std::string& to, const accounts::Principal& who,
                                      int64_t now_ms) {
  auto ag = agencies_.snapshot();
  if (!may_read(*ag, agency, who))
    throw DomainError(ErrorKind::not_found, "agency_not_found", "Không tìm thấy cơ quan \"" + agency + "\" trong phạm vi của bạn.");
  Range rg = parse_range(from, to);
  std::vector<store::Value> params = {rg.t0, rg.t1, reports::as_of({rg.t0, rg.t1}, now_ms)};
  size_t n = 0;
  for (const auto& a : ag->agencies)
    if (ag->within(a.code, agency)) params.emplace_back(a.code), ++n;
  OfficerReport out{agency, ag->find(agency)->name, from, to, {}};
  std::map<std::string, OfficerRow> by;
  db_.read([&](store::Conn& c) {
    for (const auto& row : c.exec(officer_report_sql(n), params).rows) {
      auto& r = by[row.str(0)];
      r.username = row.str(0);
      r.name = row.str(1);
      int64_t ex = row.i64(2), count = row.i64(4);
      if (ex == static_cast<int>(Exit::early)) r.early += count;
      else if (ex == static_cast<int>(Exit::on_time)) r.on_time += count;
      else if (ex == static_cast<int>(Exit::late)) r.late += count;
      else continue;
      r.handled += count;
      if (row.i64(3) == 1) r.online += count;
    }
  });
  for (auto& [k, r] : by) {
    if (r.handled == 0) continue;
    reports::HandlingCounts hc;
    hc.early = r.early, hc.on_time = r.on_time, hc.late = r.late;
    r.on_time_rate = reports::on_time_rate(hc);
    out.rows.push_back(r);
  }
  std::stable_sort(out.rows.begin(), out.rows.end(), [](const OfficerRow& a, const OfficerRow& b) {
    if (a.handled != b.handled) return a.handled > b.handled;
    if (a.on_time_rate.value_or(-1) != b.on_time_rate.value_or(-1)) return a.on_time_rate.value_or(-1) > b.on_time_rate.value_or(-1);
    return a.name < b.name;
  });
  return out;
}

reports::OnlineTargets ReportService::online_targets() {
  reports::OnlineTargets t;
  auto r = db_.query("SELECT unit_kind, percent FROM online_targets");
  for (const auto& row : r.rows) {
    if (row.str(0).empty()) t.others = static_cast<double>(row.i64(1));
    else t.by_unit_kind[row.str(0)] = static_cast<double>(row.i64(1));
  }
  return t;
}

HandlingReport ReportService::handling(const std::string& agency, const std::string& from, const std::string& to, const std::string& group,
                                       const accounts::Principal& who, int64_t now_ms) {
  if (!may_read(*agencies_.snapshot(), agency, who))
    throw DomainError(ErrorKind::not_found, "agency_not_found", "Không tìm thấy cơ quan \"" + agency + "\" trong phạm vi của bạn.");
  auto g = parse_report_group(group);
  if (!g) throw DomainError(ErrorKind::invalid, "bad_group", "Nhóm theo phải là agency, unit, field hoặc procedure.", {{"group", "Không hợp lệ."}});
  return handling_unchecked(agency, from, to, *g, now_ms);
}

HandlingReport ReportService::handling_unchecked(const std::string& agency, const std::string& from, const std::string& to, ReportGroup group,
                                                 int64_t now_ms, ReportSource source) {
  auto ag = agencies_.snapshot();
  if (agency.empty() || !ag->find(agency)) throw DomainError(ErrorKind::not_found, "agency_not_found", "Không tìm thấy cơ quan \"" + agency + "\".");
  const std::optional<ReportGroup> g = group;
  Range rg = parse_range(from, to);

  HandlingReport out;
  out.agency = agency;
  out.agency_name = ag->find(agency)->name;
  out.from = from;
  out.to = to;
  out.group = *g;
  out.from_ms = rg.t0;
  out.to_ms = rg.t1;
  out.as_of_ms = reports::as_of({rg.t0, rg.t1}, now_ms);

  // The subtree, in tree order (the agency rows follow it).
  std::vector<std::string> codes;
  std::map<std::string, size_t> order;
  for (const auto& a : ag->agencies)
    if (ag->within(a.code, agency)) {
      order[a.code] = codes.size();
      codes.push_back(a.code);
    }
  std::vector<store::Value> params = {rg.t0, rg.t1, out.as_of_ms};
  for (const auto& c : codes) params.emplace_back(c);
  const bool ledger = source == ReportSource::ledger;
  const std::string sql = handling_report_sql(*g, codes.size(), /*open_only=*/ledger);

  std::map<std::string, reports::HandlingCounts> by_key;
  db_.read([&](store::Conn& c) {
    for (const auto& row : c.exec(sql, params).rows) {
      int64_t en = row.i64(1), ex = row.i64(2);
      if (en < static_cast<int>(Entry::carried_over) || en > static_cast<int>(Entry::postal) || ex < static_cast<int>(Exit::early) ||
          ex > static_cast<int>(Exit::withdrawn))
        throw std::logic_error("handling report: bucket (" + std::to_string(en) + ", " + std::to_string(ex) + ") outside the rule");
      by_key[row.str(0)].add({static_cast<Entry>(en), static_cast<Exit>(ex)}, row.i64(3));
    }
    if (!ledger) return;
    const std::string key = ledger_key_sql(*g);
    const auto before_from = report_ledger::sums_before(c, key, codes, reports::day_of(rg.t0));
    for (const auto& [k, before_to] : report_ledger::sums_before(c, key, codes, reports::day_of(rg.t1))) {
      auto it = before_from.find(k);
      const auto counts = reports::counts_from_ledger(it == before_from.end() ? reports::LedgerSums{} : it->second, before_to);
      if (counts != reports::HandlingCounts{}) by_key[k] += counts;  // a key whose dossiers all ended before the period: no row
    }
  });

  const auto targets = online_targets();
  auto snap = catalog_.snapshot();
  for (auto& [k, counts] : by_key) {
    HandlingRow r;
    r.key = k;
    r.counts = counts;
    switch (*g) {
      case ReportGroup::agency: {
        const Agency* a = ag->find(k);
        r.label = a ? a->name : k;
        r.target = targets.others;
        break;
      }
      case ReportGroup::unit: {
        auto slash = k.find('/');
        std::string acode = k.substr(0, slash), ucode = slash == std::string::npos ? "" : k.substr(slash + 1);
        const Agency* a = ag->find(acode);
        std::string uname = ucode.empty() ? "Chưa chuyển xử lý" : ucode, kind;
        if (a)
          for (const auto& u : a->units)
            if (u.code == ucode) uname = u.name, kind = u.kind;
        r.label = codes.size() > 1 && a ? uname + " – " + (a->short_name.empty() ? a->name : a->short_name) : uname;
        r.target = targets.for_unit_kind(kind);
        break;
      }
      case ReportGroup::field: {
        r.label = k.empty() ? "Chưa xác định" : k;
        for (const auto& [code, name] : snap->fields)
          if (code == k) r.label = name;
        break;
      }
      case ReportGroup::procedure: {
        r.label = k;
        if (const auto* e = snap->find(k))
          if (const auto* v = e->shown(now_ms)) {
            const auto& doc = *v->doc;
            if (doc.contains("name") && doc["name"].is_string()) r.label = doc["name"].get<std::string>();
            if (doc.contains("target_online_ratio") && doc["target_online_ratio"].is_number()) r.target = doc["target_online_ratio"].get<double>();
          }
        break;
      }
    }
    finish(r);
    out.total.counts += r.counts;
    out.rows.push_back(std::move(r));
  }
  // Agency and unit rows follow the tree; fields and procedures their labels (then keys).
  std::stable_sort(out.rows.begin(), out.rows.end(), [&](const HandlingRow& a, const HandlingRow& b) {
    if (*g == ReportGroup::agency || *g == ReportGroup::unit) {
      auto oa = order.find(a.key.substr(0, a.key.find('/'))), ob = order.find(b.key.substr(0, b.key.find('/')));
      size_t ia = oa == order.end() ? codes.size() : oa->second, ib = ob == order.end() ? codes.size() : ob->second;
      if (ia != ib) return ia < ib;
      return a.key < b.key;
    }
    return a.label != b.label ? a.label < b.label : a.key < b.key;
  });
  out.total.key = "total";
  out.total.label = "Tổng cộng";
  out.total.target = targets.others;
  finish(out.total);
  return out;
}

}  // namespace motcua::services
