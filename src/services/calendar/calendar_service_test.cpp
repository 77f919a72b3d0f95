// CalendarService typed calls (due_at, working moments, appointment check) against SQLite with the demo
// agencies: what the dossier service will call.
#include "services/calendar/calendar_service.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "domain/errors.h"
#include "services/calendar/processing_time.h"
#include "support/test_db.h"

using namespace motcua;
using namespace motcua::services;
using nlohmann::json;

namespace {

constexpr const char* kCommune = "000.01.25.H56";

int64_t ms(int y, int m, int d, int h, int min = 0) { return cal::utc_ms_from_local(cal::make_local(cal::Date{y, m, d}, h, min)); }

class CalendarServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tdb = motcua::testing::make_test_db("sqlite");
    agencies = std::make_unique<AgencyService>(*tdb->db);
    std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/agencies/demo.json");
    agencies->import_tree(json::parse(in));
    svc = std::make_unique<CalendarService>(*tdb->db, *agencies, audit);
  }
  template <class F>
  static DomainError error_of(F&& f) {
    try {
      f();
    } catch (const DomainError& e) {
      return e;
    }
    ADD_FAILURE() << "expected DomainError";
    return DomainError(ErrorKind::internal, "none", "none");
  }
  std::unique_ptr<motcua::testing::TestDb> tdb;
  std::unique_ptr<AgencyService> agencies;
  AuditLog audit;
  std::unique_ptr<CalendarService> svc;
};

TEST_F(CalendarServiceTest, DueAtIsTypedAndExact) {
  auto r = svc->due_at(kCommune, ms(2026, 3, 6, 15, 30), 0, cal::TimeUnit::same_day);  // Friday after 15:00
  EXPECT_EQ(r.start_ms, ms(2026, 3, 6, 15, 30));
  EXPECT_EQ(r.due_ms, ms(2026, 3, 9, 17));
  EXPECT_EQ(r.handover_ms, ms(2026, 3, 9, 11, 30));  // next working morning
  EXPECT_EQ(svc->due_at(kCommune, ms(2026, 3, 6, 15, 30), 0, cal::TimeUnit::same_day, cal::hm(16)).due_ms, ms(2026, 3, 6, 17));
  EXPECT_EQ(svc->due_at(kCommune, ms(2026, 3, 2, 7), 0.5, cal::TimeUnit::working_days).due_ms, ms(2026, 3, 2, 11));
  EXPECT_EQ(svc->due_at(kCommune, ms(2026, 4, 24, 10), 3, cal::TimeUnit::working_days).due_ms, ms(2026, 5, 4, 10));
  // Announced 2025 layout: Friday 24/1 + 1 working day → Monday 3/2 (27/1–31/1 off).
  EXPECT_EQ(svc->due_at(kCommune, ms(2025, 1, 24, 10), 1, cal::TimeUnit::working_days).due_ms, ms(2025, 2, 3, 10));
  // The JSON call is the same computation.
  json j = svc->due(kCommune, "2026-03-06T15:30", 0, "same_day", "16:00");
  EXPECT_EQ(j["due"], "2026-03-06T17:00:00+07:00");
}

TEST_F(CalendarServiceTest, BadInputIsAVietnameseDomainError) {
  auto e = error_of([&] { svc->due_at("khong-co", ms(2026, 3, 2, 9), 1, cal::TimeUnit::working_days); });
  EXPECT_EQ(e.kind(), ErrorKind::bad_input);
  EXPECT_EQ(e.code(), "unknown_agency");
  e = error_of([&] { svc->due_at(kCommune, ms(2026, 3, 2, 9), 1.5, cal::TimeUnit::days); });
  EXPECT_EQ(e.code(), "bad_amount");
  EXPECT_NE(std::string(e.what()).find("số nguyên"), std::string::npos) << e.what();
  for (double bad : {-1.0, std::nan(""), 4000.0, 0.001}) {
    e = error_of([&] { svc->due_at(kCommune, ms(2026, 3, 2, 9), bad, cal::TimeUnit::working_days); });
    EXPECT_EQ(e.code(), "bad_amount") << bad;
  }
  e = error_of([&] { svc->due_at(kCommune, ms(2026, 3, 2, 9), 0, cal::TimeUnit::same_day, 2000); });
  EXPECT_EQ(e.code(), "bad_cutoff");
  e = error_of([&] { svc->due_at(kCommune, ms(2200, 1, 1, 9), 1, cal::TimeUnit::hours); });
  EXPECT_EQ(e.code(), "bad_from");
  e = error_of([&] { svc->due(kCommune, "2026-03-02T09:00", 0, "same_day", "3pm"); });
  EXPECT_EQ(e.code(), "bad_cutoff");
}

TEST_F(CalendarServiceTest, WorkingMoments) {
  EXPECT_TRUE(svc->is_working_moment(kCommune, ms(2026, 3, 2, 10)));
  EXPECT_FALSE(svc->is_working_moment(kCommune, ms(2026, 3, 8, 10)));   // Sunday
  EXPECT_FALSE(svc->is_working_moment(kCommune, ms(2026, 3, 2, 12)));   // lunch
  EXPECT_FALSE(svc->is_working_moment(kCommune, ms(2026, 2, 17, 10)));  // Tết
  EXPECT_TRUE(svc->is_working_moment(kCommune, ms(2026, 1, 10, 10)));   // swapped working Saturday
  EXPECT_EQ(svc->next_working_moment(kCommune, ms(2026, 3, 7, 10)), ms(2026, 3, 9, 7));
  EXPECT_EQ(svc->next_working_moment(kCommune, ms(2026, 3, 2, 10) + 30'000), ms(2026, 3, 2, 10) + 30'000);
}

TEST_F(CalendarServiceTest, AppointmentValidation) {
  const int64_t now = ms(2026, 3, 2, 9);
  EXPECT_NO_THROW(svc->check_appointment(kCommune, now, ms(2026, 3, 5, 17)));
  for (int64_t bad : {ms(9999, 12, 31, 10), ms(2026, 3, 8, 10), ms(2026, 3, 1, 10), ms(2026, 4, 30, 9)}) {
    auto e = error_of([&] { svc->check_appointment(kCommune, now, bad); });
    EXPECT_EQ(e.kind(), ErrorKind::invalid);
    EXPECT_EQ(e.code(), "bad_appointment");
    EXPECT_FALSE(std::string(e.what()).empty());
  }
}

TEST_F(CalendarServiceTest, HolidayListingShowsAnnouncedDaysWithKindAndSource) {
  json items = svc->holidays(kCommune, 2025);
  auto find = [&](const std::string& d) {
    for (const auto& i : items)
      if (i["date"] == d) return i;
    return json();
  };
  EXPECT_EQ(find("2025-01-27")["kind"], "day_off");
  EXPECT_EQ(find("2025-02-15")["kind"], "working_day");
  EXPECT_EQ(find("2025-02-15")["source"], "announced");
  EXPECT_EQ(find("2025-04-26")["kind"], "working_day");
  EXPECT_EQ(find("2025-05-02")["kind"], "day_off");
  EXPECT_TRUE(find("2025-02-03").is_null());
  EXPECT_EQ(svc->holidays(kCommune, 2027)[0]["source"], "computed");
}

TEST_F(CalendarServiceTest, ProcessingTimeOfAProcedureFeedsDueAt) {
  auto pt = processing_time_of({{"amount", 0}, {"unit", "same_day"}, {"cutoff", "11:00"}}, false);
  EXPECT_EQ(pt.unit, cal::TimeUnit::same_day);
  EXPECT_EQ(pt.cutoff_minutes, cal::hm(11));
  EXPECT_EQ(svc->due_at(kCommune, ms(2026, 3, 2, 11), pt.amount, pt.unit, pt.cutoff_minutes).due_ms, ms(2026, 3, 3, 17));
  pt = processing_time_of({{"amount", 3}, {"online_amount", 0.5}, {"unit", "working_days"}}, true);
  EXPECT_EQ(pt.amount, 0.5);
  EXPECT_FALSE(pt.cutoff_minutes);
  EXPECT_EQ(processing_time_of({{"amount", 3}, {"online_amount", 0.5}, {"unit", "working_days"}}, false).amount, 3);
  EXPECT_EQ(processing_time_of({{"amount", 2}}, false).unit, cal::TimeUnit::working_days);
  EXPECT_EQ(parse_hhmm("15:00"), cal::hm(15));
  EXPECT_EQ(parse_hhmm("24:00"), cal::hm(24));
  EXPECT_FALSE(parse_hhmm("24:01"));
  EXPECT_FALSE(parse_hhmm("3pm"));
  for (const json& bad : {json{{"amount", 1}, {"unit", "weeks"}}, json{{"unit", "hours"}}, json{{"amount", -1}, {"unit", "hours"}},
                          json{{"amount", 0}, {"unit", "same_day"}, {"cutoff", "25:00"}}, json()}) {
    auto e = error_of([&] { processing_time_of(bad, false); });
    EXPECT_EQ(e.code(), "bad_processing_time") << bad.dump();
  }
}

}  // namespace
