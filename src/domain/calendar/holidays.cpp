#include "holidays.h"

#include <algorithm>
#include <set>
#include <utility>

#include "announced_holidays.h"
#include "lunar.h"

namespace motcua::cal {
namespace {

constexpr const char* kNewYear = "Tết Dương lịch";
constexpr const char* kTet = "Tết Nguyên đán";
constexpr const char* kHungKings = "Giỗ Tổ Hùng Vương";
constexpr const char* kReunification = "Ngày Giải phóng miền Nam, thống nhất đất nước";
constexpr const char* kLabour = "Ngày Quốc tế Lao động";
constexpr const char* kNationalDay = "Quốc khánh";
constexpr const char* kCompensatoryPrefix = "Nghỉ bù ";

bool is_rest_day(const HolidayRules& rules, Date d) {
  const auto w = static_cast<std::size_t>(weekday(d));
  return w < rules.rest_days.size() && rules.rest_days[w];
}

}  // namespace

std::vector<Holiday> default_holidays(int year, const HolidayRules& rules) {
  std::vector<Holiday> statutory;
  statutory.push_back({Date{year, 1, 1}, kNewYear, HolidayKind::fixed});

  const Date tet = lunar_new_year(year);
  const int before = std::clamp(rules.tet_days_before, 0, 5);
  const int after = std::clamp(rules.tet_days_after, 0, 10);
  for (int i = -before; i < after; ++i) statutory.push_back({add_days(tet, i), kTet, HolidayKind::tet});

  if (const auto hung = lunar_to_solar(LunarDate{10, 3, year, false})) {
    statutory.push_back({*hung, kHungKings, HolidayKind::lunar});
  }
  statutory.push_back({Date{year, 4, 30}, kReunification, HolidayKind::fixed});
  statutory.push_back({Date{year, 5, 1}, kLabour, HolidayKind::fixed});
  const Date extra = rules.national_day_extra == NationalDayExtra::september_1 ? Date{year, 9, 1}
                                                                                : Date{year, 9, 3};
  statutory.push_back({Date{year, 9, 2}, kNationalDay, HolidayKind::fixed});
  statutory.push_back({extra, kNationalDay, HolidayKind::national_day_extra});
  std::stable_sort(statutory.begin(), statutory.end(),
                   [](const Holiday& a, const Holiday& b) { return a.date < b.date; });

  std::set<std::int64_t> taken;  // statutory dates
  for (const auto& h : statutory) taken.insert(to_days(h.date));

  std::vector<Holiday> result;
  std::set<std::int64_t> seen;
  std::set<std::int64_t> compensatory;
  for (const auto& h : statutory) {
    const bool duplicate = !seen.insert(to_days(h.date)).second;
    if (!duplicate) result.push_back(h);
    if (!rules.compensate || (!duplicate && !is_rest_day(rules, h.date))) continue;
    Date c = add_days(h.date, 1);
    // A week always holds a non-rest day unless all 7 are rest days; guard anyway.
    for (int guard = 0; guard < 400; ++guard, c = add_days(c, 1)) {
      const std::int64_t n = to_days(c);
      if (!is_rest_day(rules, c) && !taken.contains(n) && !compensatory.contains(n)) break;
    }
    compensatory.insert(to_days(c));
    result.push_back({c, kCompensatoryPrefix + h.name, HolidayKind::compensatory});
  }
  std::stable_sort(result.begin(), result.end(),
                   [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return result;
}

// ------------------------------------------------------------------------------------------------

void HolidayTable::set_override(HolidayOverride o) {
  const std::int64_t key = to_days(o.date);
  overrides_.insert_or_assign(key, std::move(o));
}

void HolidayTable::add_day_off(Date d, std::string name) {
  set_override({d, OverrideKind::day_off, std::move(name), Weekday::monday});
}

void HolidayTable::add_working_day(Date d, std::string note, Weekday works_as) {
  set_override({d, OverrideKind::working_day, std::move(note), works_as});
}

void HolidayTable::remove_day(Date d) { set_override({d, OverrideKind::remove, {}, Weekday::monday}); }

bool HolidayTable::clear_override(Date d) { return overrides_.erase(to_days(d)) > 0; }

std::optional<HolidayOverride> HolidayTable::find_override(Date d) const {
  const auto it = overrides_.find(to_days(d));
  if (it == overrides_.end()) return std::nullopt;
  return it->second;
}

std::vector<HolidayOverride> HolidayTable::overrides() const {
  std::vector<HolidayOverride> out;
  out.reserve(overrides_.size());
  for (const auto& [key, o] : overrides_) out.push_back(o);
  return out;
}

bool HolidayTable::has_announced_layout(int year) const {
  return rules_.announced_layouts && announced_layout(year) != nullptr;
}

std::vector<Holiday> HolidayTable::base_days_off(int year) const {
  if (!has_announced_layout(year)) return default_holidays(year, rules_);
  std::vector<Holiday> out;
  for (const auto& a : announced_layout(year)->days)
    if (!a.working) out.push_back({a.date, std::string(a.name), a.kind});
  return out;
}

std::vector<HolidayOverride> HolidayTable::base_working_days(int year) const {
  std::vector<HolidayOverride> out;
  if (!has_announced_layout(year)) return out;
  for (const auto& a : announced_layout(year)->days)
    if (a.working) out.push_back({a.date, OverrideKind::working_day, std::string(a.name), a.works_as});
  return out;
}

std::vector<Holiday> HolidayTable::days_off(int year) const {
  std::vector<Holiday> out;
  for (auto& h : base_days_off(year)) {
    if (h.date.year != year) continue;
    const auto it = overrides_.find(to_days(h.date));
    if (it == overrides_.end()) out.push_back(std::move(h));
  }
  const auto first = overrides_.lower_bound(to_days(Date{year, 1, 1}));
  const auto last = overrides_.lower_bound(to_days(Date{year + 1, 1, 1}));
  for (auto it = first; it != last; ++it) {
    if (it->second.kind == OverrideKind::day_off) {
      out.push_back({it->second.date, it->second.name, HolidayKind::admin});
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return out;
}

std::vector<HolidayOverride> HolidayTable::working_days(int year) const {
  std::vector<HolidayOverride> out;
  for (auto& w : base_working_days(year))
    if (!overrides_.contains(to_days(w.date))) out.push_back(std::move(w));
  const auto first = overrides_.lower_bound(to_days(Date{year, 1, 1}));
  const auto last = overrides_.lower_bound(to_days(Date{year + 1, 1, 1}));
  for (auto it = first; it != last; ++it) {
    if (it->second.kind == OverrideKind::working_day) out.push_back(it->second);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const HolidayOverride& a, const HolidayOverride& b) { return a.date < b.date; });
  return out;
}

DayResolution HolidayTable::status(Date d) const {
  if (const auto o = find_override(d)) {
    switch (o->kind) {
      case OverrideKind::day_off: return {DayStatus::day_off, o->name, Weekday::monday};
      case OverrideKind::working_day: return {DayStatus::working_day, o->name, o->works_as};
      case OverrideKind::remove: return {};
    }
  }
  for (const auto& w : base_working_days(d.year)) {
    if (w.date == d) return {DayStatus::working_day, w.name, w.works_as};
  }
  for (const auto& h : base_days_off(d.year)) {
    if (h.date == d) return {DayStatus::day_off, h.name, Weekday::monday};
  }
  return {};
}

}  // namespace motcua::cal
