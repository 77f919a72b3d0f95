#include "services/calendar/calendar_service.h"

#include <cmath>
#include <stdexcept>

#include "domain/errors.h"
#include "domain/format.h"
#include "domain/text.h"
#include "services/calendar/processing_time.h"

namespace motcua::services {

using nlohmann::json;

namespace {

int parse_hm(const json& v, int def) {
  if (!v.is_string()) return def;
  std::string s = v.get<std::string>();
  if (s.size() != 5 || s[2] != ':') return def;
  int h = std::atoi(s.substr(0, 2).c_str()), m = std::atoi(s.substr(3, 2).c_str());
  if (h < 0 || h > 24 || m < 0 || m > 59) return def;
  return h * 60 + m;
}

cal::WorkingCalendarConfig config_from(const json& c) {
  cal::WorkingCalendarConfig cfg = cal::WorkingCalendarConfig::standard(c.is_object() && c.value("saturday_morning", false));
  if (c.is_object() && c.contains("periods") && c["periods"].is_array() && !c["periods"].empty()) {
    std::vector<cal::Period> ps;
    for (const auto& p : c["periods"])
      if (p.is_array() && p.size() == 2) ps.push_back({parse_hm(p[0], 0), parse_hm(p[1], 0)});
    for (int d = 0; d < 5; ++d) cfg.week[d] = ps;
    if (c.value("saturday_morning", false) && !ps.empty()) cfg.week[5] = {ps.front()};
  }
  if (c.is_object() && c.contains("handover_cutoff")) cfg.handover_cutoff = parse_hm(c["handover_cutoff"], cal::hm(15));
  int year = std::stoi(fmt::iso_date(fmt::now_ms()).substr(0, 4));
  cfg.first_year = year - 3;
  cfg.last_year = year + 3;
  return cfg;
}

}  // namespace

std::shared_ptr<const cal::WorkingCalendar> CalendarService::calendar(const std::string& code) {
  auto ag = agencies_.snapshot();
  const Agency* a = ag->find(code);
  if (!a) throw DomainError(ErrorKind::bad_input, "unknown_agency", "Không tìm thấy cơ quan có mã \"" + code + "\".");
  int64_t rev = std::stoll(db_.query("SELECT value FROM meta WHERE key = 'calendar_rev'").rows.at(0).str(0));
  {
    std::lock_guard lk(mu_);
    if (rev != rev_) {
      cache_.clear();
      rev_ = rev;
    }
    auto it = cache_.find(code);
    if (it != cache_.end()) return it->second;
  }
  cal::WorkingCalendarConfig cfg = config_from(a->calendar);
  // Overrides: ancestors first, so the closest agency's entry (applied last) wins.
  std::vector<std::string> chain;
  for (const Agency* x = a; x && chain.size() < 16; x = x->parent_code.empty() ? nullptr : ag->find(x->parent_code)) chain.push_back(x->code);
  std::vector<store::Value> params;
  std::string in;
  for (const auto& c : chain) {
    params.push_back(c);
    in += (in.empty() ? "$" : ",$") + std::to_string(params.size());
  }
  auto rows = db_.query("SELECT a.code, h.day, h.kind, h.name, h.works_as FROM agency_holidays h JOIN agencies a ON a.id = h.agency_id "
                        "WHERE a.code IN (" + in + ")",
                        params);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    for (const auto& r : rows.rows) {
      if (r.str(0) != *it) continue;
      auto d = cal::parse_date(r.str(1));
      if (!d) continue;
      cal::HolidayOverride o;
      o.date = *d;
      o.name = r.str(3);
      o.kind = r.str(2) == "working_day" ? cal::OverrideKind::working_day : r.str(2) == "remove" ? cal::OverrideKind::remove : cal::OverrideKind::day_off;
      o.works_as = static_cast<cal::Weekday>(std::clamp<int64_t>(r.i64(4), 0, 6));
      cfg.holidays.set_override(o);
    }
  auto wc = std::make_shared<const cal::WorkingCalendar>(std::move(cfg));
  std::lock_guard lk(mu_);
  cache_[code] = wc;
  return wc;
}

namespace {
[[noreturn]] void bad_amount(const std::string& why) { throw DomainError(ErrorKind::bad_input, "bad_amount", why); }

void check_moment(int64_t ms) {
  int y = cal::date_of(cal::local_from_utc_ms(ms)).year;
  if (y < 2000 || y > 2100)
    throw DomainError(ErrorKind::bad_input, "bad_from", "Thời điểm phải trong khoảng năm 2000–2100.");
}
}  // namespace

CalendarService::Due CalendarService::due_at(const std::string& code, int64_t from_ms, double amount, cal::TimeUnit unit,
                                             std::optional<int> cutoff) {
  if (!std::isfinite(amount) || amount < 0 || amount > 3650) bad_amount("Thời hạn phải là số từ 0 đến 3650.");
  if (unit == cal::TimeUnit::days && std::floor(amount) != amount)
    bad_amount("Thời hạn tính theo ngày (lịch) phải là số nguyên; thời hạn lẻ chỉ dùng với ngày làm việc hoặc giờ làm việc.");
  if (cutoff && (*cutoff < 0 || *cutoff > 24 * 60))
    throw DomainError(ErrorKind::bad_input, "bad_cutoff", "Giờ chốt nhận hồ sơ trong ngày phải trong khoảng 00:00–24:00.");
  check_moment(from_ms);
  auto wc = calendar(code);
  cal::LocalDateTime from = cal::local_from_utc_ms(from_ms);
  cal::LocalDateTime d;
  try {
    d = wc->due(from, amount, unit, cutoff);
  } catch (const std::invalid_argument&) {
    bad_amount(unit == cal::TimeUnit::hours ? "Thời hạn theo giờ phải tròn phút (ví dụ 1,5 giờ = 90 phút)."
                                            : "Thời hạn theo ngày làm việc phải tròn phút (1 ngày làm việc = 8 giờ; ví dụ 0,5 ngày = 4 giờ).");
  }
  return {cal::utc_ms_from_local(wc->clock_start(from)), cal::utc_ms_from_local(d), cal::utc_ms_from_local(wc->handover_deadline(from))};
}

bool CalendarService::is_working_moment(const std::string& code, int64_t at_ms) {
  check_moment(at_ms);
  return calendar(code)->is_working_moment(cal::local_from_utc_ms(at_ms));
}

int64_t CalendarService::next_working_moment(const std::string& code, int64_t at_ms) {
  check_moment(at_ms);
  auto wc = calendar(code);
  cal::LocalDateTime t = cal::local_from_utc_ms(at_ms);
  // Keep the seconds of a moment that already is working time; otherwise the next opening.
  if (wc->is_working_moment(t)) return at_ms;
  return cal::utc_ms_from_local(wc->next_opening(t));
}

void CalendarService::check_appointment(const std::string& code, int64_t now_ms, int64_t at_ms) {
  auto wc = calendar(code);
  auto r = wc->check_appointment(cal::local_from_utc_ms(now_ms), cal::local_from_utc_ms(at_ms));
  if (r != cal::AppointmentCheck::ok) throw DomainError(ErrorKind::invalid, "bad_appointment", std::string(cal::message_vi(r)));
}

json CalendarService::due(const std::string& code, const std::string& from, double amount, const std::string& unit, const std::string& cutoff) {
  auto u = cal::parse_time_unit(unit);
  if (!u) throw DomainError(ErrorKind::bad_input, "bad_unit", "Đơn vị thời gian chỉ nhận working_days, days, hours hoặc same_day (trong ngày).");
  auto t = cal::parse_local(from);
  if (!t) throw DomainError(ErrorKind::bad_input, "bad_from", "Thời điểm bắt đầu phải theo dạng YYYY-MM-DDTHH:MM (giờ Việt Nam).");
  std::optional<int> cut;
  if (!cutoff.empty()) {
    cut = parse_hhmm(cutoff);
    if (!cut) throw DomainError(ErrorKind::bad_input, "bad_cutoff", "Giờ chốt nhận hồ sơ trong ngày phải theo dạng HH:MM (ví dụ 15:00).");
  }
  Due r = due_at(code, cal::utc_ms_from_local(*t), amount, *u, cut);
  auto local = [](int64_t ms) { return cal::to_iso8601(cal::local_from_utc_ms(ms)); };
  return {{"due", local(r.due_ms)}, {"start", local(r.start_ms)}, {"handover_deadline", local(r.handover_ms)}, {"due_display", fmt::datetime(r.due_ms)}};
}

json CalendarService::holidays(const std::string& code, int year) {
  if (year < 2000 || year > 2100) throw DomainError(ErrorKind::bad_input, "bad_year", "Năm phải trong khoảng 2000–2100.");
  auto wc = calendar(code);
  const auto& table = wc->config().holidays;
  auto source = [&](cal::Date d) { return table.find_override(d) ? "agency" : table.has_announced_layout(year) ? "announced" : "computed"; };
  json out = json::array();
  for (const auto& h : table.days_off(year))
    out.push_back({{"date", cal::to_string(h.date)}, {"name", h.name}, {"kind", "day_off"}, {"source", source(h.date)}});
  for (const auto& w : table.working_days(year))
    out.push_back({{"date", cal::to_string(w.date)}, {"name", w.name}, {"kind", "working_day"}, {"source", source(w.date)}});
  std::stable_sort(out.begin(), out.end(), [](const json& a, const json& b) { return a["date"] < b["date"]; });
  return out;
}

void CalendarService::set_override(const std::string& code, const std::string& date, const std::string& kind, const std::string& name_in,
                                   const accounts::Principal& by, const std::string& ip) {
  if (!cal::parse_date(date)) throw DomainError(ErrorKind::bad_input, "bad_date", "Ngày phải theo dạng YYYY-MM-DD.");
  if (kind != "day_off" && kind != "working_day" && kind != "remove")
    throw DomainError(ErrorKind::bad_input, "bad_kind", "Loại ngày chỉ nhận day_off (nghỉ), working_day (làm bù) hoặc remove (bỏ ngày nghỉ mặc định).");
  std::string name = text::trim(text::nfc(name_in));
  if (kind == "day_off" && name.empty()) throw DomainError(ErrorKind::invalid, "name_required", "Vui lòng nhập tên ngày nghỉ.");
  auto ag = agencies_.snapshot();
  if (!ag->find(code)) throw DomainError(ErrorKind::bad_input, "unknown_agency", "Không tìm thấy cơ quan có mã \"" + code + "\".");
  int64_t now = fmt::now_ms();
  db_.write([&](store::Conn& c) {
    c.exec("DELETE FROM agency_holidays WHERE agency_id = (SELECT id FROM agencies WHERE code = $1) AND day = $2", {code, date});
    c.exec("INSERT INTO agency_holidays (agency_id, day, kind, name, works_as, created_by, created_at) SELECT id, $2, $3, $4, 0, $5, $6 "
           "FROM agencies WHERE code = $1",
           {code, date, kind, name, by.username, now});
    c.exec("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) WHERE key = 'calendar_rev'");
    audit_.append(c, {by.user_id, by.username, "calendar.set", date, code, ip, {{"kind", kind}, {"name", name}}}, now);
  });
}

void CalendarService::clear_override(const std::string& code, const std::string& date, const accounts::Principal& by, const std::string& ip) {
  int64_t now = fmt::now_ms();
  db_.write([&](store::Conn& c) {
    auto r = c.exec("DELETE FROM agency_holidays WHERE agency_id = (SELECT id FROM agencies WHERE code = $1) AND day = $2", {code, date});
    if (r.affected == 0) throw DomainError(ErrorKind::not_found, "override_not_found", "Không có điều chỉnh lịch nào vào ngày này.");
    c.exec("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) WHERE key = 'calendar_rev'");
    audit_.append(c, {by.user_id, by.username, "calendar.clear", date, code, ip, json::object()}, now);
  });
}

}  // namespace motcua::services
