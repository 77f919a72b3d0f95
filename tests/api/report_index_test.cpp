// Per-officer figures and the QĐ 766 index through the real server (issue 12, R40, R51, DOMAIN §5): every staff
// member who acted on a resolved dossier counts it once, with its timeliness and channel; the index scores each
// indicator from the data (below its threshold proportionally), leaves out what has no data (N/A, never 0) and
// reads the total against the points available. Access as the handling report. SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "support/dossier_fixtures.h"
#include "support/signed_in.h"
#include "support/xlsx_csv.h"

using namespace motcua::testing;
using namespace motcua::testing::demo;
using nlohmann::json;

namespace {

const std::string kCommune = "000.01.25.H56";

const json* find_by(const json& rows, const std::string& key, const std::string& value) {
  for (const auto& r : rows)
    if (r[key] == value) return &r;
  return nullptr;
}

void index_flow(ServerProcess& s) {
  Users u{s, {}};
  auto clock = [&](const std::string& t) {
    ASSERT_EQ(http_request(s.port(), "POST", "/test/clock", json{{"now", t}}.dump(), {{"Content-Type", "application/json"}}).status, 200);
    u.tokens.clear();
  };
  clock("2026-05-04T09:00");
  // An online dossier resolved by the specialist and the leader; a desk dossier left open.
  auto a = u.post(kCitizen, "/api/v1/dossiers", submission(s));
  ASSERT_EQ(a.status, 201) << a.body;
  const std::string id = a.json()["id"];
  u.act_ok(kDesk, id, "accept");
  u.act_ok(kDesk, id, "transfer", {{"unit", "TP"}});
  auto desk = u.post(kDesk, "/api/v1/dossiers", demo_desk_intake());
  ASSERT_EQ(desk.status, 201);
  const std::string open_id = desk.json()["id"];
  clock("2026-05-05T09:00");
  u.act_ok(kSpecialist, id, "attach-result", {{"file_id", upload_pdf_as(s.port(), u.token(kSpecialist), "ket-qua.pdf")}});
  u.act_ok(kLeader, id, "approve");
  const std::string q = "?agency=" + kCommune + "&from=2026-05-01&to=2026-05-31";

  // Per officer: the three who acted on the resolved dossier, once each; the open one counts for nobody.
  auto o = u.get(kSupervisor, "/api/v1/reports/officers" + q);
  ASSERT_EQ(o.status, 200) << o.body;
  json rows = o.json()["rows"];
  ASSERT_EQ(rows.size(), 3u) << rows.dump();
  for (const char* who : {kDesk, kSpecialist, kLeader}) {
    const json* r = find_by(rows, "username", who);
    ASSERT_NE(r, nullptr) << who;
    EXPECT_EQ((*r)["handled"], 1) << who;
    EXPECT_EQ((*r)["online"], 1) << who;
    EXPECT_EQ((*r)["late"], 0) << who;
    EXPECT_DOUBLE_EQ((*r)["on_time_rate"].get<double>(), 100.0) << who;
    EXPECT_FALSE((*r)["name"].get<std::string>().empty());
  }
  EXPECT_EQ(u.get(kCitizen, "/api/v1/reports/officers" + q).status, 403);
  EXPECT_EQ(u.get(kSupervisor, "/api/v1/reports/officers?agency=KHONG.CO&from=2026-05-01&to=2026-05-31").status, 404);

  // The index.
  auto x = u.get(kSupervisor, "/api/v1/reports/index766" + q);
  ASSERT_EQ(x.status, 200) << x.body;
  json ix = x.json();
  const json* on_time = find_by(ix["indicators"], "id", "on_time");
  ASSERT_NE(on_time, nullptr);
  EXPECT_DOUBLE_EQ((*on_time)["rate"].get<double>(), 100.0);  // one resolved on time, one open within due
  EXPECT_DOUBLE_EQ((*on_time)["score"].get<double>(), 20.0);
  EXPECT_EQ((*on_time)["numerator"], 2);
  EXPECT_EQ((*on_time)["denominator"], 2);
  const json* share = find_by(ix["indicators"], "id", "online_share");
  EXPECT_DOUBLE_EQ((*share)["rate"].get<double>(), 50.0);  // full points at 50 %
  EXPECT_DOUBLE_EQ((*share)["score"].get<double>(), 8.0);
  const json* pay = find_by(ix["indicators"], "id", "online_payment");
  EXPECT_TRUE((*pay)["rate"].is_null());  // no payment: N/A, never 0
  EXPECT_TRUE((*pay)["score"].is_null());
  EXPECT_TRUE((*find_by(ix["indicators"], "id", "publicity"))["score"].is_null());
  const json* digitized = find_by(ix["indicators"], "id", "digitized");
  ASSERT_FALSE((*digitized)["rate"].is_null());
  double expect_digitized = std::min(7.0, (*digitized)["rate"].get<double>() * 7.0 / 80.0);
  EXPECT_NEAR((*digitized)["score"].get<double>(), expect_digitized, 1e-9);  // below the threshold: rate × max ÷ threshold
  const json* sat = find_by(ix["indicators"], "id", "satisfaction");
  EXPECT_DOUBLE_EQ((*sat)["score"].get<double>(), 18.0);
  double sum = 0, avail = 0;
  for (const auto& i : ix["indicators"])
    if (!i["score"].is_null()) sum += i["score"].get<double>(), avail += i["max"].get<double>();
  EXPECT_NEAR(ix["score"].get<double>(), sum, 0.05);
  EXPECT_NEAR(ix["available_max"].get<double>(), avail, 1e-9);
  EXPECT_NEAR(ix["index"].get<double>(), sum / avail * 100.0, 0.1);  // rounded to 2 decimals
  ASSERT_EQ(ix["groups"].size(), 5u);
  // The post beside the index: nothing received by post (0 of 2), the one result by post (the submission asks for it).
  EXPECT_EQ(ix["post"]["postal_received"]["numerator"], 0);
  EXPECT_EQ(ix["post"]["postal_received"]["denominator"], 2);
  EXPECT_EQ(ix["post"]["postal_result"]["denominator"], 1);
  EXPECT_EQ(u.get(kCitizen, "/api/v1/reports/index766" + q).status, 403);

  // The 9-indicator evaluation of the one resolved dossier: online, no supplement, no consultation, returned by
  // post, the commune's online ratio 50 % with nothing late → 2 points each except time (and attitude, which follows
  // it without a rating).
  auto nine = u.get(kSupervisor, "/api/v1/reports/nine-indicators" + q + "&group=unit");
  ASSERT_EQ(nine.status, 200) << nine.body;
  json nt = nine.json()["total"];
  EXPECT_EQ(nt["dossiers"], 1) << nine.body;
  json ind = nt["indicators"];
  ASSERT_EQ(ind.size(), 9u);
  for (int i : {1, 2, 3, 4, 5, 7, 8}) EXPECT_DOUBLE_EQ(ind[i].get<double>(), 2.0) << "indicator " << i + 1;
  const double t = ind[0].get<double>();
  EXPECT_TRUE(t == 1.0 || t == 2.0);
  EXPECT_DOUBLE_EQ(ind[6].get<double>(), t);
  EXPECT_DOUBLE_EQ(nt["average"].get<double>(), 14 + 2 * t);
  EXPECT_EQ(nt["grade"], "Xuất sắc");  // 18 or 16
  EXPECT_EQ(nt["grades"]["Xuất sắc"], 1);
  const json* tp = nullptr;
  const json nine_rows = nine.json()["rows"];  // a copy: the loop must not outlive it
  for (const auto& r : nine_rows)
    if (r["key"] == kCommune + "/TP") tp = &r;
  ASSERT_NE(tp, nullptr) << nine.body;
  EXPECT_EQ((*tp)["dossiers"], 1);
  EXPECT_EQ(u.get(kSupervisor, "/api/v1/reports/nine-indicators" + q + "&group=field").status, 422);

  // The same dossier's own evaluation: the month of its end, the points the report averaged.
  auto ev = u.get(kSpecialist, "/api/v1/dossiers/" + id + "/evaluation");
  ASSERT_EQ(ev.status, 200) << ev.body;
  const json e = ev.json();
  EXPECT_TRUE(e["evaluated"].get<bool>()) << ev.body;
  EXPECT_EQ(e["month"], "05/2026");
  ASSERT_EQ(e["indicators"].size(), 9u);
  EXPECT_EQ(e["total"], 14 + 2 * static_cast<int>(t));
  EXPECT_EQ(e["grade"], "Xuất sắc");
  EXPECT_EQ(e["indicators"][0]["name"], "Tổng thời gian giải quyết thủ tục hành chính so với thời gian quy định");
  EXPECT_EQ(e["indicators"][8]["points"], 2);
  EXPECT_DOUBLE_EQ(e["agency_online_ratio"].get<double>(), 50.0);
  EXPECT_FALSE(e["agency_late_online"].get<bool>());
  EXPECT_EQ(u.get(kCitizen, "/api/v1/dossiers/" + id + "/evaluation").status, 200);  // the applicant's own dossier
  auto open_ev = u.get(kDesk, "/api/v1/dossiers/" + open_id + "/evaluation");
  ASSERT_EQ(open_ev.status, 200) << open_ev.body;
  EXPECT_FALSE(open_ev.json()["evaluated"].get<bool>());  // not resolved yet
  EXPECT_EQ(u.get(kCitizen, "/api/v1/dossiers/" + open_id + "/evaluation").status, 404);  // someone else's dossier

  // R39: May's online-services report of the commune — one online service used (1.001653, toàn trình), two
  // dossiers received of which one online, one resolved on time, no payment (N/A, never 0 %).
  auto m = u.get(kSupervisor, "/api/v1/reports/online-services?agency=" + kCommune + "&month=2026-05");
  ASSERT_EQ(m.status, 200) << m.body;
  const json mj = m.json();
  ASSERT_EQ(mj["rows"].size(), 1u) << m.body;
  EXPECT_EQ(mj["rows"][0]["code"], kCommune);
  const json mt = mj["total"];
  EXPECT_EQ(mt["received"], 2) << m.body;
  EXPECT_EQ(mt["online"], 1);
  EXPECT_DOUBLE_EQ(mt["online_ratio"].get<double>(), 50.0);
  EXPECT_EQ(mt["resolved"], 1);
  EXPECT_EQ(mt["on_time"], 1);
  EXPECT_DOUBLE_EQ(mt["on_time_rate"].get<double>(), 100.0);
  EXPECT_EQ(mt["used_online"], 1);
  EXPECT_GE(mt["full_online"].get<int>(), 1);
  EXPECT_GE(mt["procedures"].get<int>(), mt["full_online"].get<int>() + mt["partly_online"].get<int>());
  EXPECT_NEAR(mt["used_ratio"].get<double>(), 100.0 / (mt["full_online"].get<double>() + mt["partly_online"].get<double>()), 0.01);
  EXPECT_EQ(mt["payments"], 0);
  EXPECT_TRUE(mt["online_payment_ratio"].is_null());
  auto mx = u.get(kSupervisor, "/api/v1/reports/online-services?agency=" + kCommune + "&month=2026-05&format=xlsx");
  ASSERT_EQ(mx.status, 200);
  EXPECT_NE(mx.header("Content-Disposition").find("bao-cao-dvctt-2026-05.xlsx"), std::string::npos);
  const std::string csv = csv_of_xlsx(mx.body);  // opened by a real reader
  for (const char* h : {"BÁO CÁO KẾT QUẢ CUNG CẤP DỊCH VỤ CÔNG TRỰC TUYẾN", "Tháng 05/2026", "DVCTT toàn trình", "Tỷ lệ DVCTT có phát sinh hồ sơ (%)",
                        "Thanh toán phí, lệ phí", "Tổng cộng", "Không có"})
    EXPECT_NE(csv.find(h), std::string::npos) << h << "\n" << csv;
  EXPECT_NE(csv.find(",2,1,50,1,1,100,0,0,"), std::string::npos) << csv;  // received, online, ratio, resolved, on time, rate, payments
  EXPECT_EQ(u.get(kSupervisor, "/api/v1/reports/online-services?agency=" + kCommune + "&month=2026-13").status, 422);
  EXPECT_EQ(u.get(kSupervisor, "/api/v1/reports/online-services?agency=" + kCommune + "&month=2026-05&format=pdf").status, 422);
  EXPECT_EQ(u.get(kCitizen, "/api/v1/reports/online-services?agency=" + kCommune + "&month=2026-05").status, 403);
  EXPECT_EQ(u.get(kSupervisor, "/api/v1/reports/index766?agency=" + kCommune + "&from=2026-05-31&to=2026-05-01").status, 422);
}

// Five weeks of one desk dossier per office day: the next weeks expect five each; too little history for a backtest.
void forecast_flow(ServerProcess& s) {
  Users u{s, {}};
  auto clock = [&](const std::string& t) {
    ASSERT_EQ(http_request(s.port(), "POST", "/test/clock", json{{"now", t}}.dump(), {{"Content-Type", "application/json"}}).status, 200);
    u.tokens.clear();
  };
  clock("2026-03-01T09:00");
  auto early = u.get(kSupervisor, "/api/v1/reports/forecast?agency=" + kCommune).json();
  EXPECT_FALSE(early["enough_history"].get<bool>());  // nothing yet: no forecast rather than a guess
  EXPECT_TRUE(early["next"].empty());
  for (int day = 2; day <= 36; ++day) {  // 2 March (a Monday) … 5 April 2026
    if ((day - 2) % 7 >= 5) continue;
    char when[32];
    std::snprintf(when, sizeof when, "2026-%02d-%02dT09:00", day <= 31 ? 3 : 4, day <= 31 ? day : day - 31);
    clock(when);
    ASSERT_EQ(u.post(kDesk, "/api/v1/dossiers", demo_desk_intake()).status, 201) << when;
  }
  clock("2026-04-06T08:00");
  auto r = u.get(kSupervisor, "/api/v1/reports/forecast?agency=" + kCommune);
  ASSERT_EQ(r.status, 200) << r.body;
  json f = r.json();
  ASSERT_TRUE(f["enough_history"].get<bool>()) << r.body;
  ASSERT_EQ(f["next"].size(), 4u);
  EXPECT_EQ(f["next"][0]["from"], "2026-04-06");
  EXPECT_EQ(f["next"][0]["to"], "2026-04-12");
  for (const auto& w : f["next"]) EXPECT_NEAR(w["expected"].get<double>(), 5.0, 0.01) << r.body;
  ASSERT_EQ(f["history"].size(), 12u);
  EXPECT_EQ(f["history"][11]["from"], "2026-03-30");
  EXPECT_EQ(f["history"][11]["actual"], 5);
  EXPECT_EQ(f["history"][0]["actual"], 0);
  EXPECT_TRUE(f["backtest"]["mae"].is_null());  // 35 days: not enough for the 8-week backtest
  auto p = u.get(kSupervisor, "/api/v1/reports/forecast?agency=" + kCommune + "&procedure=1.001653").json();
  EXPECT_EQ(p["procedure_name"].is_string(), true);
  EXPECT_NEAR(p["next"][0]["expected"].get<double>(), 5.0, 0.01);
  EXPECT_EQ(u.get(kSupervisor, "/api/v1/reports/forecast?agency=" + kCommune + "&procedure=9.999999").status, 404);
  EXPECT_EQ(u.get(kCitizen, "/api/v1/reports/forecast?agency=" + kCommune).status, 403);
}

}  // namespace

TEST(ReportIndex, DemandForecastFromFiveWeeks) {
  ServerProcess s({"--demo-if-empty", "--test-clock"});
  forecast_flow(s);
}

TEST(ReportIndex, OfficersAndTheQd766Index) {
  ServerProcess s({"--demo-if-empty", "--test-clock"});
  index_flow(s);
}

TEST(ReportIndexOnPostgres, OfficersAndTheQd766Index) {
  auto pg = make_test_db("postgresql", /*migrate=*/false);
  if (!pg) GTEST_SKIP() << "MOTCUA_TEST_PG not set";
  std::string url = pg->url;
  pg->db.reset();
  ServerProcess s({"--db", url, "--demo-if-empty", "--test-clock"});
  index_flow(s);
}
