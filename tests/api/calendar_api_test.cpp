// Deadline calculator and holiday calendars through the real server.
#include <gtest/gtest.h>

#include "support/http_client.h"

using namespace motcua::testing;
using nlohmann::json;

TEST(ApiCalendar, DueSkipsHungKingsAndReunificationHolidays) {
  ServerProcess s({"--demo-if-empty"});
  auto r = s.get("/api/v1/calendar/due?agency=000.01.25.H56&from=2026-04-24T10:00&amount=3&unit=working_days");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["due"], "2026-05-04T10:00:00+07:00");
  // After hours: the clock starts at the next opening.
  r = s.get("/api/v1/calendar/due?agency=000.01.25.H56&from=2026-04-24T18:00&amount=4&unit=hours");
  EXPECT_EQ(r.json()["start"], "2026-04-28T07:00:00+07:00");
  auto h = s.get("/api/v1/calendar/holidays?agency=000.01.25.H56&year=2026").json();
  std::string all = h["items"].dump();
  EXPECT_NE(all.find("Giỗ Tổ Hùng Vương"), std::string::npos);
  EXPECT_NE(all.find("2026-02-17"), std::string::npos);  // Tết Nguyên đán (lunar new year)
  EXPECT_EQ(s.get("/api/v1/calendar/due?agency=000.01.25.H56&from=24/04/2026&amount=3&unit=working_days").status, 400);
  EXPECT_EQ(s.get("/api/v1/calendar/due?agency=khong&from=2026-04-24T10:00&amount=3&unit=working_days").status, 400);
  EXPECT_EQ(s.get("/api/v1/calendar/due?agency=000.01.25.H56&from=2026-04-24T10:00&amount=3&unit=weeks").status, 400);
}

TEST(ApiCalendar, ProvinceAdjustmentAppliesToCommunesAndIsScoped) {
  ServerProcess s({"--demo-if-empty"});
  // A province-wide extra day off on Tuesday 28/04/2026 moves the commune's due date by one working day.
  EXPECT_EQ(s.post_json("/api/v1/admin/calendar/000.00.00.H56/days/2026-04-28", {{"kind", "day_off"}, {"name", "Nghỉ theo quyết định"}}, "PUT").status, 401);
  s.login("quantri");
  auto r = s.post_json("/api/v1/admin/calendar/000.00.00.H56/days/2026-04-28", {{"kind", "day_off"}, {"name", "Nghỉ theo quyết định của UBND tỉnh"}}, "PUT");
  ASSERT_EQ(r.status, 200) << r.body;
  r = s.get("/api/v1/calendar/due?agency=000.01.25.H56&from=2026-04-24T10:00&amount=3&unit=working_days");
  EXPECT_EQ(r.json()["due"], "2026-05-05T10:00:00+07:00");
  // Hải Dương is outside the Thanh Hóa admin's subtree and unaffected.
  EXPECT_EQ(s.post_json("/api/v1/admin/calendar/000.00.00.H23/days/2026-04-28", {{"kind", "day_off"}, {"name", "x"}}, "PUT").status, 403);
  r = s.get("/api/v1/calendar/due?agency=000.10.04.H23&from=2026-04-24T10:00&amount=3&unit=working_days");
  EXPECT_EQ(r.json()["due"], "2026-05-04T10:00:00+07:00");
  ASSERT_EQ(http_request(s.port(), "DELETE", "/api/v1/admin/calendar/000.00.00.H56/days/2026-04-28", "", {{"Authorization", s.bearer()}}).status, 200);
  r = s.get("/api/v1/calendar/due?agency=000.01.25.H56&from=2026-04-24T10:00&amount=3&unit=working_days");
  EXPECT_EQ(r.json()["due"], "2026-05-04T10:00:00+07:00");
}

namespace {
// The item of `date` in a holidays listing, or null.
json item_on(const json& items, const std::string& date) {
  for (const auto& i : items)
    if (i["date"] == date) return i;
  return nullptr;
}
}  // namespace

TEST(ApiCalendar, AnnouncedLayoutsAreTheDefaultAndAnAgencyOverrideWins) {
  ServerProcess s({"--demo-if-empty"});
  const std::string q = "/api/v1/calendar/holidays?agency=000.01.25.H56&year=";
  auto r = s.get(q + "2025");
  ASSERT_EQ(r.status, 200) << r.body;
  json items = r.json()["items"];
  EXPECT_EQ(item_on(items, "2025-01-27")["kind"], "day_off");
  EXPECT_EQ(item_on(items, "2025-01-27")["source"], "announced");
  EXPECT_EQ(item_on(items, "2025-01-29")["name"], "Tết Nguyên đán");
  EXPECT_EQ(item_on(items, "2025-02-15")["kind"], "working_day");
  EXPECT_EQ(item_on(items, "2025-05-02")["kind"], "day_off");
  EXPECT_EQ(item_on(items, "2025-04-26")["kind"], "working_day");
  EXPECT_TRUE(item_on(items, "2025-02-03").is_null());  // work resumed Monday 3/2
  items = s.get(q + "2026").json()["items"];
  EXPECT_EQ(item_on(items, "2026-02-16")["kind"], "day_off");
  EXPECT_EQ(item_on(items, "2026-01-10")["kind"], "working_day");
  EXPECT_EQ(item_on(s.get(q + "2027").json()["items"], "2027-01-01")["source"], "computed");
  // The swapped working Saturday counts: Friday 14/2/2025 16:00 + 2 working hours → Saturday 08:00.
  r = s.get("/api/v1/calendar/due?agency=000.01.25.H56&from=2025-02-14T16:00&amount=2&unit=hours");
  EXPECT_EQ(r.json()["due"], "2025-02-15T08:00:00+07:00");

  s.login("quantri");
  ASSERT_EQ(s.post_json("/api/v1/admin/calendar/000.00.00.H56/days/2025-02-15", {{"kind", "remove"}}, "PUT").status, 200);
  ASSERT_EQ(s.post_json("/api/v1/admin/calendar/000.00.00.H56/days/2025-05-02", {{"kind", "working_day"}, {"name", "Trực lễ"}}, "PUT").status, 200);
  items = s.get(q + "2025").json()["items"];
  EXPECT_TRUE(item_on(items, "2025-02-15").is_null());
  EXPECT_EQ(item_on(items, "2025-05-02")["kind"], "working_day");
  EXPECT_EQ(item_on(items, "2025-05-02")["source"], "agency");
  r = s.get("/api/v1/calendar/due?agency=000.01.25.H56&from=2025-02-14T16:00&amount=2&unit=hours");
  EXPECT_EQ(r.json()["due"], "2025-02-17T08:00:00+07:00");
}

TEST(ApiCalendar, SameDayAndExactFractions) {
  ServerProcess s({"--demo-if-empty"});
  const std::string base = "/api/v1/calendar/due?agency=000.01.25.H56";
  // Friday 15:30 is past the 15:00 cut-off → Monday 17:00; a 16:00 cut-off keeps it on Friday.
  auto r = s.get(base + "&from=2026-03-06T15:30&unit=same_day");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["due"], "2026-03-09T17:00:00+07:00");
  EXPECT_EQ(s.get(base + "&from=2026-03-06T15:30&unit=same_day&cutoff=16:00").json()["due"], "2026-03-06T17:00:00+07:00");
  EXPECT_EQ(s.get(base + "&from=2026-03-06T15:30&unit=same_day&cutoff=4pm").status, 400);
  // Half a working day is 4 working hours, not a whole day.
  EXPECT_EQ(s.get(base + "&from=2026-03-02T07:00&amount=0.5&unit=working_days").json()["due"], "2026-03-02T11:00:00+07:00");
  EXPECT_EQ(s.get(base + "&from=2026-03-02T16:00&amount=1,5&unit=hours").json()["due"], "2026-03-03T07:30:00+07:00");
  r = s.get(base + "&from=2026-03-02T07:00&amount=1.5&unit=days");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("số nguyên"), std::string::npos) << r.body;
  EXPECT_EQ(s.get(base + "&from=2026-03-02T07:00&amount=0.001&unit=working_days").status, 400);
  EXPECT_EQ(s.get(base + "&from=2026-03-02T07:00&amount=-1&unit=hours").status, 400);
  EXPECT_EQ(s.get(base + "&from=2026-03-02T07:00&amount=1e3&unit=hours").status, 400);
}
