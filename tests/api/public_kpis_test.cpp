// Public KPIs through the real server (issue 12, R37, R42): without signing in, an agency's last 12 months — the
// monthly counts and ratios, the procedures with the average processing time, the satisfaction — as JSON, as CSV
// and as the /cong-khai page with its SVG charts; the parent agency counts its communes; no name, ID number or
// dossier code ever appears; figures are recomputed at most once a minute; bad input refused. SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "support/dossier_fixtures.h"
#include "support/signed_in.h"

using namespace motcua::testing;
using namespace motcua::testing::demo;
using nlohmann::json;

namespace {

const std::string kCommune = "000.01.25.H56";

HttpResult anon(ServerProcess& s, const std::string& target) { return http_request(s.port(), "GET", target, "", {}); }

void kpis_flow(ServerProcess& s) {
  Users u{s, {}};
  auto clock = [&](const std::string& t) {
    ASSERT_EQ(http_request(s.port(), "POST", "/test/clock", json{{"now", t}}.dump(), {{"Content-Type", "application/json"}}).status, 200);
    u.tokens.clear();
  };
  // May: one online dossier resolved two days after it was submitted, one desk dossier left open.
  clock("2026-05-04T09:00");
  auto a = u.post(kCitizen, "/api/v1/dossiers", submission(s));
  ASSERT_EQ(a.status, 201) << a.body;
  const std::string a_id = a.json()["id"];
  const std::string a_code = u.act_ok(kDesk, a_id, "accept")["code"];
  auto b = u.post(kDesk, "/api/v1/dossiers", demo_desk_intake());
  ASSERT_EQ(b.status, 201) << b.body;
  const std::string b_code = b.json()["code"];
  u.act_ok(kDesk, a_id, "transfer", {{"unit", "TP"}});
  clock("2026-05-06T09:00");
  u.act_ok(kSpecialist, a_id, "attach-result", {{"file_id", upload_pdf_as(s.port(), u.token(kSpecialist), "ket-qua.pdf")}});
  u.act_ok(kLeader, a_id, "approve");
  // June: one more at the desk.
  clock("2026-06-10T10:00");
  ASSERT_EQ(u.post(kDesk, "/api/v1/dossiers", demo_desk_intake()).status, 201);

  auto r = anon(s, "/api/v1/public/agencies/" + kCommune + "/kpis");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.header("cache-control").find("public"), std::string::npos);
  json k = r.json();
  EXPECT_EQ(k["from"], "2025-07-01");
  EXPECT_EQ(k["to"], "2026-06-10");
  ASSERT_EQ(k["months"].size(), 12u);
  EXPECT_EQ(k["months"][0]["month"], "2025-07");
  json may = k["months"][10], june = k["months"][11];
  EXPECT_EQ(may["month"], "2026-05");
  EXPECT_EQ(may["received"], 2);
  EXPECT_EQ(may["online"], 1);
  EXPECT_EQ(may["direct"], 1);
  EXPECT_EQ(may["resolved"], 1);
  EXPECT_EQ(may["early"].get<int>() + may["on_time"].get<int>(), 1);
  EXPECT_EQ(may["in_progress"], 1);
  EXPECT_DOUBLE_EQ(may["online_ratio"].get<double>(), 50.0);
  EXPECT_DOUBLE_EQ(may["on_time_rate"].get<double>(), 100.0);
  EXPECT_EQ(june["received"], 1);
  EXPECT_EQ(june["resolved"], 0);
  EXPECT_TRUE(june["on_time_rate"].is_null());   // nothing resolved: N/A, never 0 %
  EXPECT_TRUE(k["months"][0]["online_ratio"].is_null());
  json t = k["total"];
  EXPECT_EQ(t["received"], 3);
  EXPECT_EQ(t["online"], 1);
  EXPECT_EQ(t["resolved"], 1);
  EXPECT_EQ(t["in_progress"], 2);
  EXPECT_DOUBLE_EQ(t["online_ratio"].get<double>(), 33.33);
  EXPECT_DOUBLE_EQ(t["on_time_rate"].get<double>(), 100.0);
  EXPECT_DOUBLE_EQ(t["avg_days"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(t["satisfaction"].get<double>(), 100.0);  // not late, nobody unsatisfied
  EXPECT_EQ(t["rated"], 0);
  ASSERT_EQ(k["procedures"].size(), 1u) << k["procedures"].dump();
  EXPECT_EQ(k["procedures"][0]["code"], "1.001653");
  EXPECT_EQ(k["procedures"][0]["received"], 3);
  EXPECT_DOUBLE_EQ(k["procedures"][0]["avg_days"].get<double>(), 2.0);
  // Aggregates only.
  for (const std::string& personal : {std::string("Nguyễn Văn An"), std::string("Trần Thị Bình"), std::string("001090000001"),
                                      std::string("038190000777"), a_code, b_code})
    EXPECT_EQ(r.body.find(personal), std::string::npos) << personal;

  // The parent agency counts the commune.
  auto tree = anon(s, "/api/v1/agencies").json();
  std::string root = tree["items"][0]["code"];
  ASSERT_NE(root, kCommune);
  auto pk = anon(s, "/api/v1/public/agencies/" + root + "/kpis").json();
  EXPECT_EQ(pk["total"]["received"], 3) << root;

  // CSV: the same months, Vietnamese headings, a BOM for spreadsheet programs, N/A as an empty cell.
  auto csv = anon(s, "/api/v1/public/agencies/" + kCommune + "/kpis?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBFTháng,Tiếp nhận,Trực tuyến,Trực tiếp,Bưu chính công ích,Đã giải quyết", 0), 0u) << csv.body;
  EXPECT_NE(csv.body.find("\r\n2026-05,2,1,1,0,1,"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("\r\n2025-07,0,0,0,0,0,0,0,0,0,,\r\n"), std::string::npos) << csv.body;
  auto pcsv = anon(s, "/api/v1/public/agencies/" + kCommune + "/kpis?format=csv&table=procedures");
  EXPECT_NE(pcsv.body.find("\r\n1.001653,"), std::string::npos) << pcsv.body;
  EXPECT_NE(pcsv.body.find(",33.33,100.00,2.0\r\n"), std::string::npos) << pcsv.body;

  // The page: figures, two accessible charts and the tables.
  auto page = anon(s, "/cong-khai/" + kCommune);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("33,33 %"), std::string::npos);
  EXPECT_NE(page.body.find("2,0 ngày"), std::string::npos);
  EXPECT_NE(page.body.find("role=\"img\" aria-labelledby=\"bieu-do-giai-quyet-t bieu-do-giai-quyet-d\""), std::string::npos);
  EXPECT_NE(page.body.find("<desc id=\"bieu-do-ty-le-d\">Tỷ lệ trực tuyến: 07/2025 không có"), std::string::npos);
  EXPECT_EQ(page.body.find("Trần Thị Bình"), std::string::npos);
  EXPECT_EQ(anon(s, "/cong-khai").status, 200);

  // Recomputed at most once a minute: a new dossier shows after the minute.
  ASSERT_EQ(u.post(kDesk, "/api/v1/dossiers", demo_desk_intake()).status, 201);
  EXPECT_EQ(anon(s, "/api/v1/public/agencies/" + kCommune + "/kpis").json()["total"]["received"], 3);
  clock("2026-06-10T10:02");
  EXPECT_EQ(anon(s, "/api/v1/public/agencies/" + kCommune + "/kpis").json()["total"]["received"], 4);

  // Bad input changes nothing and says why.
  auto unknown = anon(s, "/api/v1/public/agencies/KHONG.CO/kpis");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_NE(unknown.body.find("Không tìm thấy cơ quan"), std::string::npos);
  EXPECT_EQ(anon(s, "/cong-khai/KHONG.CO").status, 404);
  EXPECT_EQ(anon(s, "/api/v1/public/agencies/" + kCommune + "/kpis?format=xml").status, 422);
  EXPECT_EQ(anon(s, "/api/v1/public/agencies/" + kCommune + "/kpis?format=csv&table=x").status, 422);
  EXPECT_EQ(anon(s, "/api/v1/public/agencies/%FF/kpis").status / 100, 4);
}

}  // namespace

TEST(PublicKpis, MonthlyProceduresCsvAndPageWithoutPersonalData) {
  ServerProcess s({"--demo-if-empty", "--test-clock"});
  kpis_flow(s);
}

TEST(PublicKpisOnPostgres, MonthlyProceduresCsvAndPageWithoutPersonalData) {
  auto pg = make_test_db("postgresql", /*migrate=*/false);
  if (!pg) GTEST_SKIP() << "MOTCUA_TEST_PG not set";
  std::string url = pg->url;
  pg->db.reset();
  ServerProcess s({"--db", url, "--demo-if-empty", "--test-clock"});
  kpis_flow(s);
}
