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
