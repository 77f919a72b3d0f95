// The public KPIs of an agency — contract in public_kpis.h.
#include "services/reports/public_kpis.h"

#include <cmath>
#include <cstdio>

#include "domain/calendar/date.h"
#include "domain/errors.h"

namespace motcua::services {

namespace {

std::string ymd(int y, int m, int d) { return cal::to_string(cal::Date{y, m, d}); }

// "12.5" with `decimals` places; "" for N/A.
std::string num(std::optional<double> v, int decimals) {
  if (!v) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
  return buf;
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv_line(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_cell(cells[i]);
  return out + "\r\n";
}

const char* const kBom = "\xEF\xBB\xBF";

}  // namespace

std::shared_ptr<const PublicKpis> PublicKpiService::of(const std::string& agency, int64_t now_ms) {
  {
    std::lock_guard lk(mu_);
    auto it = cache_.find(agency);
    if (it != cache_.end() && now_ms >= it->second.first && now_ms - it->second.first < kTtlMs) return it->second.second;
  }
  auto k = compute(agency, now_ms);
  std::lock_guard lk(mu_);
  if (cache_.size() > 4096) cache_.clear();  // bounded: one entry per agency of the deployment in practice
  cache_[agency] = {now_ms, k};
  return k;
}

std::shared_ptr<const PublicKpis> PublicKpiService::compute(const std::string& agency, int64_t now_ms) {
  auto ag = reports_.agencies();
  const Agency* a = agency.empty() ? nullptr : ag->find(agency);
  if (!a) throw DomainError(ErrorKind::not_found, "agency_not_found", "Không tìm thấy cơ quan \"" + agency + "\".");
  const cal::Date today = cal::date_of(cal::local_from_utc_ms(now_ms));
  auto out = std::make_shared<PublicKpis>();
  out->agency = agency;
  out->agency_name = a->name;
  out->to = cal::to_string(today);

  // Twelve months, the current one to today.
  int y = today.year, m = today.month - 11;
  while (m < 1) m += 12, --y;
  out->from = ymd(y, m, 1);
  for (int i = 0; i < 12; ++i) {
    const bool current = y == today.year && m == today.month;
    const std::string from = ymd(y, m, 1), to = current ? out->to : ymd(y, m, cal::days_in_month(y, m));
    auto h = reports_.handling_unchecked(agency, from, to, ReportGroup::agency, now_ms);
    char label[16];
    std::snprintf(label, sizeof label, "%02d/%04d", m, y);
    out->months.push_back({from.substr(0, 7), label, h.total.counts, reports::online_ratio(h.total.counts), reports::on_time_rate(h.total.counts)});
    if (++m > 12) m = 1, ++y;
  }

  // The whole window by procedure: the totals, the satisfaction and the rows.
  auto w = reports_.handling_unchecked(agency, out->from, out->to, ReportGroup::procedure, now_ms);
  out->as_of_ms = w.as_of_ms;
  out->total = w.total.counts;
  out->online_ratio = reports::online_ratio(out->total);
  out->on_time_rate = reports::on_time_rate(out->total);
  auto sat = reports_.satisfaction_of(w);
  out->satisfaction = sat.total.satisfaction;
  out->rated = sat.total.rated;

  std::vector<store::Value> params = {w.from_ms, w.to_ms};
  size_t n = 0;
  for (const auto& x : ag->agencies)
    if (ag->within(x.code, agency)) params.emplace_back(x.code), ++n;
  std::map<std::string, std::pair<int64_t, int64_t>> durations;  // procedure → (count, sum ms)
  db_.read([&](store::Conn& c) {
    for (const auto& row : c.exec(resolved_duration_sql(n), params).rows) durations[row.str(0)] = {row.i64(1), row.is_null(2) ? 0 : row.i64(2)};
  });
  int64_t all_count = 0, all_ms = 0;
  for (const auto& r : w.rows) {
    KpiProcedure p;
    p.code = r.key;
    p.name = r.label;
    p.received = r.counts.received();
    p.online = r.counts.online;
    p.resolved = r.counts.resolved();
    p.on_time = r.counts.early + r.counts.on_time;
    p.late = r.counts.late;
    p.online_ratio = r.online_ratio;
    p.on_time_rate = reports::on_time_rate(r.counts);
    if (auto it = durations.find(r.key); it != durations.end() && it->second.first > 0) {
      p.avg_days = static_cast<double>(it->second.second) / static_cast<double>(it->second.first) / 86'400'000.0;
      all_count += it->second.first, all_ms += it->second.second;
    }
    out->procedures.push_back(std::move(p));
  }
  if (all_count > 0) out->avg_days = static_cast<double>(all_ms) / static_cast<double>(all_count) / 86'400'000.0;
  return out;
}

std::string csv_months(const PublicKpis& k) {
  std::string out = kBom + csv_line({"Tháng", "Tiếp nhận", "Trực tuyến", "Trực tiếp", "Bưu chính công ích", "Đã giải quyết", "Trước hạn",
                                     "Đúng hạn", "Quá hạn", "Đang giải quyết", "Tỷ lệ trực tuyến (%)", "Tỷ lệ đúng hạn (%)"});
  for (const auto& m : k.months) {
    const auto& c = m.counts;
    out += csv_line({m.month, std::to_string(c.received()), std::to_string(c.online), std::to_string(c.direct), std::to_string(c.postal),
                     std::to_string(c.resolved()), std::to_string(c.early), std::to_string(c.on_time), std::to_string(c.late),
                     std::to_string(c.in_progress()), num(m.online_ratio, 2), num(m.on_time_rate, 2)});
  }
  return out;
}

std::string csv_procedures(const PublicKpis& k) {
  std::string out = kBom + csv_line({"Mã thủ tục", "Tên thủ tục", "Tiếp nhận", "Trực tuyến", "Đã giải quyết", "Đúng hạn", "Quá hạn",
                                     "Tỷ lệ trực tuyến (%)", "Tỷ lệ đúng hạn (%)", "Thời gian giải quyết trung bình (ngày)"});
  for (const auto& p : k.procedures)
    out += csv_line({p.code, p.name, std::to_string(p.received), std::to_string(p.online), std::to_string(p.resolved), std::to_string(p.on_time),
                     std::to_string(p.late), num(p.online_ratio, 2), num(p.on_time_rate, 2), num(p.avg_days, 1)});
  return out;
}

}  // namespace motcua::services
