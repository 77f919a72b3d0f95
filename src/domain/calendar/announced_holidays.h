// motcua::cal — holiday layouts the government announced for civil servants (cán bộ, công chức,
// viên chức of agencies resting on Saturday + Sunday), shipped as data. Pure, no I/O.
//
// Contract
// - announced_layout(year) returns the layout of `year` (2024, 2025, 2026 today) or nullptr. A
//   layout is the COMPLETE list of that year's adjusted days for a Monday–Friday week:
//     day_off entries — every statutory day (also when it falls on a weekend: it keeps its name),
//       compensatory days ("Nghỉ bù …") and swapped days off ("Nghỉ hoán đổi …");
//     working_day entries — the swapped working Saturdays, each working with the hours of the
//       weekday it replaces (`works_as`).
//   Ordinary weekends inside an announced break are not listed (they are days off anyway).
// - HolidayTable (holidays.h) uses a layout INSTEAD of the computed default_holidays() of that
//   year when rules.announced_layouts is on (default); admin overrides still win per date.
// - Every layout names the notices it was checked against (`sources`) and what could not be
//   confirmed from a stored copy of the notice (`unconfirmed`, empty when everything was).
//   The checks themselves are recorded in announced_holidays.cpp next to the table.
#pragma once

#include <span>
#include <string_view>

#include "date.h"
#include "holidays.h"

namespace motcua::cal {

struct AnnouncedDay {
  Date date;
  bool working = false;                 // false: day off; true: swapped working day
  HolidayKind kind = HolidayKind::fixed;  // day off only
  std::string_view name;                // Vietnamese: holiday name, or the working day's note
  Weekday works_as = Weekday::monday;   // working day only
};

struct AnnouncedLayout {
  int year = 0;
  std::span<const AnnouncedDay> days;  // sorted by date
  std::string_view sources;            // notice numbers and dates
  std::string_view unconfirmed;        // what the stored sources did not show ("" = none)
};

const AnnouncedLayout* announced_layout(int year);
std::span<const AnnouncedLayout> announced_layouts();

}  // namespace motcua::cal
