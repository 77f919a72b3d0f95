// motcua::cal — statutory public holidays (Labour Code 2019, art. 112) and the admin-edited
// holiday table. Pure, no I/O.
//
// Contract
// - default_holidays(year, rules) returns the computed days off of solar `year`, sorted by date
//   (ties keep the order below), each with a Vietnamese name and a kind:
//     1/1 "Tết Dương lịch"; "Tết Nguyên đán" = rules.tet_days_before days before lunar 1/1 (the
//     last day(s) of the previous lunar year) + rules.tet_days_after days from lunar 1/1 on,
//     default 1 + 4 = 5 days (each clamped to 0..5 / 0..10); 10/3 lunar
//     "Giỗ Tổ Hùng Vương"; 30/4 "Ngày Giải phóng miền Nam, thống nhất đất nước"; 1/5 "Ngày Quốc tế
//     Lao động"; 2/9 "Quốc khánh" plus one adjacent day (rules.national_day_extra: 1/9 (default,
//     the 2025–2026 practice) or 3/9), also named "Quốc khánh".
//   Lunar dates use the Vietnamese calendar (UTC+7, lunar.h).
// - Compensation (art. 112.3, rules.compensate, default on): every statutory day that falls on a
//   weekly rest day (rules.rest_days, default Saturday + Sunday) — or on a date already taken by
//   another statutory day (e.g. Giỗ Tổ on 30/4) — gets one compensatory day "Nghỉ bù <name>": the
//   first later date that is not a rest day, not a statutory day and not already a compensatory
//   day. They are assigned in date order. This applies to Tết days too (the real Tết layout is
//   announced yearly: admins adjust it with overrides). A statutory day never appears twice in the
//   result (the duplicate date yields only its compensatory day).
// - HolidayTable = rules + per-date admin overrides (at most one per date; setting another one on
//   the same date replaces it):
//     day_off     — the date is a day off with the given name (added or renamed);
//     working_day — the date is a working day (swapped working Saturday, or a computed holiday the
//                   government moved); it works with the hours of weekday `works_as` (default Monday);
//     remove      — a computed day off on that date is dropped; the date follows the normal week.
//   Overrides are applied after computation (they do not re-trigger compensation).
// - Announced layouts (announced_holidays.h, rules.announced_layouts, default on): for a year with
//   a shipped government layout (2024–2026) the table's base is that layout — its days off replace
//   default_holidays(year) and its swapped working Saturdays are working days; other years use the
//   computed defaults. default_holidays() itself always computes (it never looks at layouts).
// - Precedence for one date: admin override > announced layout / computed default > normal week.
// - days_off(year) = base days off dated in `year` (minus any date with an override) + the day_off
//   overrides dated in `year`, sorted by date; working_days(year) = the layout's working days
//   (minus overridden dates) + the working_day overrides, sorted. status(date) resolves one date.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "date.h"

namespace motcua::cal {

// swapped: a working day turned into a day off by an announced swap ("nghỉ hoán đổi").
enum class HolidayKind { fixed, lunar, tet, national_day_extra, compensatory, admin, swapped };
enum class NationalDayExtra { september_1, september_3 };

struct Holiday {
  Date date;
  std::string name;
  HolidayKind kind = HolidayKind::fixed;
  friend bool operator==(const Holiday&, const Holiday&) = default;
};

struct HolidayRules {
  int tet_days_before = 1;  // days before lunar 1/1 (0..5)
  int tet_days_after = 4;   // days from lunar 1/1 inclusive (0..10)
  NationalDayExtra national_day_extra = NationalDayExtra::september_1;
  bool compensate = true;
  // Weekly rest days that trigger compensation, indexed by Weekday (monday = 0).
  std::vector<bool> rest_days = {false, false, false, false, false, true, true};
  // Use the shipped government layout of a year instead of the computed days (announced_holidays.h).
  bool announced_layouts = true;
};

std::vector<Holiday> default_holidays(int year, const HolidayRules& rules = {});

enum class OverrideKind { day_off, working_day, remove };

struct HolidayOverride {
  Date date;
  OverrideKind kind = OverrideKind::day_off;
  std::string name;                     // day_off: holiday name; working_day: note (e.g. "Làm bù")
  Weekday works_as = Weekday::monday;  // working_day only
};

enum class DayStatus { normal, day_off, working_day };

struct DayResolution {
  DayStatus status = DayStatus::normal;
  std::string name;                     // holiday name or working-day note
  Weekday works_as = Weekday::monday;  // meaningful for working_day
};

class HolidayTable {
 public:
  HolidayTable() = default;
  explicit HolidayTable(HolidayRules rules) : rules_(std::move(rules)) {}

  const HolidayRules& rules() const noexcept { return rules_; }
  void set_rules(HolidayRules rules) { rules_ = std::move(rules); }

  void set_override(HolidayOverride o);
  void add_day_off(Date d, std::string name);
  void add_working_day(Date d, std::string note = "Làm bù", Weekday works_as = Weekday::monday);
  void remove_day(Date d);
  bool clear_override(Date d);  // returns whether one existed
  std::optional<HolidayOverride> find_override(Date d) const;
  std::vector<HolidayOverride> overrides() const;  // sorted by date

  std::vector<Holiday> days_off(int year) const;
  std::vector<HolidayOverride> working_days(int year) const;  // swapped working days in `year`
  // Base of a year before overrides: the announced layout's days off, else default_holidays().
  std::vector<Holiday> base_days_off(int year) const;
  std::vector<HolidayOverride> base_working_days(int year) const;  // announced swapped Saturdays
  bool has_announced_layout(int year) const;
  DayResolution status(Date d) const;

 private:
  HolidayRules rules_;
  std::map<std::int64_t, HolidayOverride> overrides_;  // key: to_days(date)
};

}  // namespace motcua::cal
