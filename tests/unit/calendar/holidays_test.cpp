#include "domain/calendar/holidays.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace motcua::cal {
namespace {

struct Row {
  Date date;
  std::string name;
};

std::vector<Row> rows(const std::vector<Holiday>& hs) {
  std::vector<Row> out;
  for (const auto& h : hs) out.push_back({h.date, h.name});
  return out;
}

void expect_rows(const std::vector<Holiday>& actual, const std::vector<Row>& expected) {
  const auto got = rows(actual);
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].date, expected[i].date) << i << " " << to_string(got[i].date);
    EXPECT_EQ(got[i].name, expected[i].name) << i << " " << to_string(got[i].date);
  }
}

const std::string kTet = "Tết Nguyên đán";
const std::string kHung = "Giỗ Tổ Hùng Vương";
const std::string k304 = "Ngày Giải phóng miền Nam, thống nhất đất nước";
const std::string k15 = "Ngày Quốc tế Lao động";
const std::string kQK = "Quốc khánh";

// Override mechanics on the computed days (2026 has an announced layout, tested in
// announced_holidays_test.cpp).
HolidayRules computed_only() {
  HolidayRules r;
  r.announced_layouts = false;
  return r;
}

TEST(CalHolidays, Defaults2026) {
  expect_rows(default_holidays(2026),
              {{{2026, 1, 1}, "Tết Dương lịch"},
               {{2026, 2, 16}, kTet},  // 29 tháng Chạp Ất Tỵ (last day of the lunar year)
               {{2026, 2, 17}, kTet},
               {{2026, 2, 18}, kTet},
               {{2026, 2, 19}, kTet},
               {{2026, 2, 20}, kTet},
               {{2026, 4, 26}, kHung},  // Sunday
               {{2026, 4, 27}, "Nghỉ bù " + kHung},
               {{2026, 4, 30}, k304},
               {{2026, 5, 1}, k15},
               {{2026, 9, 1}, kQK},
               {{2026, 9, 2}, kQK}});
  const auto hs = default_holidays(2026);
  EXPECT_EQ(hs[6].kind, HolidayKind::lunar);
  EXPECT_EQ(hs[7].kind, HolidayKind::compensatory);
  EXPECT_EQ(hs[10].kind, HolidayKind::national_day_extra);
  EXPECT_EQ(hs[1].kind, HolidayKind::tet);
}

TEST(CalHolidays, Defaults2025TetSaturdayIsCompensated) {
  expect_rows(default_holidays(2025),
              {{{2025, 1, 1}, "Tết Dương lịch"},
               {{2025, 1, 28}, kTet},
               {{2025, 1, 29}, kTet},
               {{2025, 1, 30}, kTet},
               {{2025, 1, 31}, kTet},
               {{2025, 2, 1}, kTet},  // Saturday
               {{2025, 2, 3}, "Nghỉ bù " + kTet},
               {{2025, 4, 7}, kHung},
               {{2025, 4, 30}, k304},
               {{2025, 5, 1}, k15},
               {{2025, 9, 1}, kQK},
               {{2025, 9, 2}, kQK}});
}

// 2023 is the textbook case: Giỗ Tổ on Saturday 29/4, 30/4 on Sunday, 1/5 on Monday → the two
// compensatory days are 2/5 and 3/5 (as the government actually announced), 1/1 on Sunday → 2/1,
// 2/9 on Saturday → 4/9.
TEST(CalHolidays, Defaults2023ChainedCompensation) {
  expect_rows(default_holidays(2023),
              {{{2023, 1, 1}, "Tết Dương lịch"},
               {{2023, 1, 2}, "Nghỉ bù Tết Dương lịch"},
               {{2023, 1, 21}, kTet},
               {{2023, 1, 22}, kTet},
               {{2023, 1, 23}, kTet},
               {{2023, 1, 24}, kTet},
               {{2023, 1, 25}, kTet},
               {{2023, 1, 26}, "Nghỉ bù " + kTet},
               {{2023, 1, 27}, "Nghỉ bù " + kTet},
               {{2023, 4, 29}, kHung},
               {{2023, 4, 30}, k304},
               {{2023, 5, 1}, k15},
               {{2023, 5, 2}, "Nghỉ bù " + kHung},
               {{2023, 5, 3}, "Nghỉ bù " + k304},
               {{2023, 9, 1}, kQK},
               {{2023, 9, 2}, kQK},
               {{2023, 9, 4}, "Nghỉ bù " + kQK}});
}

TEST(CalHolidays, NationalDayExtraOnSeptemberThird) {
  HolidayRules r;
  r.national_day_extra = NationalDayExtra::september_3;
  const auto hs = default_holidays(2026, r);
  ASSERT_EQ(hs.size(), 12U);
  EXPECT_EQ(hs[10].date, (Date{2026, 9, 2}));
  EXPECT_EQ(hs[11].date, (Date{2026, 9, 3}));
  EXPECT_EQ(hs[11].kind, HolidayKind::national_day_extra);
}

TEST(CalHolidays, TetLayoutIsConfigurable) {
  HolidayRules r;
  r.tet_days_before = 2;
  r.tet_days_after = 3;
  r.compensate = false;
  std::vector<Date> tet;
  for (const auto& h : default_holidays(2026, r)) {
    if (h.kind == HolidayKind::tet) tet.push_back(h.date);
  }
  EXPECT_EQ(tet, (std::vector<Date>{{2026, 2, 15}, {2026, 2, 16}, {2026, 2, 17}, {2026, 2, 18},
                                    {2026, 2, 19}}));
}

TEST(CalHolidays, CompensationCanBeDisabledOrUseAnotherWeek) {
  HolidayRules off;
  off.compensate = false;
  EXPECT_EQ(default_holidays(2023, off).size(), 11U);

  HolidayRules sunday_only;  // desks working on Saturday: only Sunday triggers compensation
  sunday_only.rest_days = {false, false, false, false, false, false, true};
  std::vector<Date> comp;
  for (const auto& h : default_holidays(2023, sunday_only)) {
    if (h.kind == HolidayKind::compensatory) comp.push_back(h.date);
  }
  // 1/1 Sun → 2/1; 22/1 Sun → 26/1; 30/4 Sun → 2/5 (1/5 is taken).
  EXPECT_EQ(comp, (std::vector<Date>{{2023, 1, 2}, {2023, 1, 26}, {2023, 5, 2}}));
}

TEST(CalHolidays, EveryYearHasElevenStatutoryDaysAndCompensationOffRestDays) {
  for (int y = 2020; y <= 2040; ++y) {
    int statutory = 0;
    std::vector<Date> dates;
    for (const auto& h : default_holidays(y)) {
      EXPECT_EQ(h.date.year, y);
      dates.push_back(h.date);
      if (h.kind == HolidayKind::compensatory) {
        EXPECT_FALSE(is_weekend(h.date)) << to_string(h.date);
        EXPECT_EQ(h.name.rfind("Nghỉ bù ", 0), 0U);
      } else {
        ++statutory;
      }
    }
    // Dates are strictly increasing (no duplicates).
    for (std::size_t i = 1; i < dates.size(); ++i) EXPECT_LT(dates[i - 1], dates[i]) << y;
    EXPECT_TRUE(statutory == 11 || statutory == 10) << y;  // 10 only if Giỗ Tổ hits 30/4 or 1/5
  }
}

TEST(CalHolidayTable, OverridesApplyPerDate) {
  HolidayTable t(computed_only());
  t.add_day_off(Date{2026, 2, 13}, "Nghỉ Tết Nguyên đán (hoán đổi)");
  t.remove_day(Date{2026, 2, 20});
  t.add_working_day(Date{2026, 2, 28}, "Làm bù cho ngày 13/2");
  const auto hs = t.days_off(2026);
  ASSERT_EQ(hs.size(), 12U);
  EXPECT_EQ(hs[1].date, (Date{2026, 2, 13}));
  EXPECT_EQ(hs[1].kind, HolidayKind::admin);
  EXPECT_EQ(hs[5].date, (Date{2026, 2, 19}));
  EXPECT_EQ(hs[6].date, (Date{2026, 4, 26}));

  EXPECT_EQ(t.status(Date{2026, 2, 13}).status, DayStatus::day_off);
  EXPECT_EQ(t.status(Date{2026, 2, 20}).status, DayStatus::normal);
  EXPECT_EQ(t.status(Date{2026, 2, 17}).status, DayStatus::day_off);
  EXPECT_EQ(t.status(Date{2026, 2, 17}).name, kTet);
  const auto w = t.status(Date{2026, 2, 28});
  EXPECT_EQ(w.status, DayStatus::working_day);
  EXPECT_EQ(w.works_as, Weekday::monday);
  EXPECT_EQ(t.status(Date{2026, 3, 3}).status, DayStatus::normal);
  ASSERT_EQ(t.working_days(2026).size(), 1U);
  EXPECT_TRUE(t.working_days(2025).empty());
}

TEST(CalHolidayTable, LaterOverrideOnSameDateReplacesAndClearRestores) {
  HolidayTable t;
  t.add_day_off(Date{2026, 4, 27}, "Tên khác");
  EXPECT_EQ(t.status(Date{2026, 4, 27}).name, "Tên khác");
  t.add_working_day(Date{2026, 4, 27});
  EXPECT_EQ(t.status(Date{2026, 4, 27}).status, DayStatus::working_day);
  EXPECT_EQ(t.overrides().size(), 1U);
  EXPECT_TRUE(t.clear_override(Date{2026, 4, 27}));
  EXPECT_FALSE(t.clear_override(Date{2026, 4, 27}));
  EXPECT_EQ(t.status(Date{2026, 4, 27}).name, "Nghỉ bù Giỗ Tổ Hùng Vương");
  EXPECT_FALSE(t.find_override(Date{2026, 4, 27}).has_value());
}

TEST(CalHolidayTable, WorkingDayOverrideOnAComputedHoliday) {
  HolidayTable t(computed_only());
  t.add_working_day(Date{2026, 9, 1}, "Đi làm", Weekday::tuesday);
  for (const auto& h : t.days_off(2026)) EXPECT_NE(h.date, (Date{2026, 9, 1}));
  EXPECT_EQ(t.days_off(2026).size(), 11U);
  EXPECT_EQ(t.status(Date{2026, 9, 1}).works_as, Weekday::tuesday);
}

}  // namespace
}  // namespace motcua::cal
