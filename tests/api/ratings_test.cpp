// Satisfaction ratings through the real server: a dossier is rated only once returned; the applicant rates it
// (every answer required, staff refused), changes it, and cannot after 7 days; anyone holding the receipt rates it
// with the dossier code and the rating code printed on Mẫu 01 (a wrong code → 404, nothing changes); the
// satisfaction report counts the ratings of the resolved dossiers and applies QĐ 766's formula. SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "support/dossier_fixtures.h"
#include "support/signed_in.h"

using namespace motcua::testing;
using namespace motcua::testing::demo;
using nlohmann::json;

namespace {

json answers(const std::string& q1 = "on_time") {
  return {{"q1", q1}, {"q2", "all_on_time"}, {"q3", "none"}, {"q4", "desk_only"}, {"q6", "both"}, {"q7", "courteous"}};
}

HttpResult put(ServerProcess& s, Users& u, const std::string& user, const std::string& target, const json& body) {
  return http_request(s.port(), "PUT", target, body.dump(), {{"Authorization", "Bearer " + u.token(user)}, {"Content-Type", "application/json"}});
}

void ratings_flow(ServerProcess& s) {
  Users u{s, {}};
  auto clock = [&](const std::string& t) {
    ASSERT_EQ(http_request(s.port(), "POST", "/test/clock", json{{"now", t}}.dump(), {{"Content-Type", "application/json"}}).status, 200);
    u.tokens.clear();
  };
  clock("2026-06-01T09:00");
  json sub = submission(s);
  sub["delivery"] = "desk";
  auto r = u.post(kCitizen, "/api/v1/dossiers", sub);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = r.json()["id"];
  std::string code = u.act_ok(kDesk, id, "accept")["code"];
  const std::string rating = "/api/v1/dossiers/" + id + "/rating";
  // Not before the result is returned.
  auto g = u.get(kCitizen, rating).json();
  EXPECT_FALSE(g["may_rate"].get<bool>());
  EXPECT_EQ(put(s, u, kCitizen, rating, {{"overall", "satisfied"}, {"answers", answers()}}).status, 409);
  // The rating code is printed on the receipt (Mẫu 01).
  std::string slip = u.slip(kDesk, id, "01");
  auto at = slip.find("mã đánh giá");
  ASSERT_NE(at, std::string::npos) << slip;
  std::string rcode;
  for (size_t i = at; i < slip.size() && rcode.size() < 6; ++i)
    if (slip[i] >= '0' && slip[i] <= '9') rcode += slip[i];
  ASSERT_EQ(rcode.size(), 6u);
  u.act_ok(kDesk, id, "transfer", {{"unit", "TP"}});
  std::string pdf_id = [&] {
    const std::string b = "rtBoundary";
    auto up = http_request(s.port(), "POST", "/api/v1/files",
                           "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ket-qua.pdf\"\r\nContent-Type: application/pdf\r\n\r\n" +
                               u.get(kDesk, "/api/v1/dossiers/" + id + "/forms/01.pdf").body + "\r\n--" + b + "--\r\n",
                           {{"Content-Type", "multipart/form-data; boundary=" + b}, {"Authorization", "Bearer " + u.token(kSpecialist)}});
    EXPECT_EQ(up.status, 201) << up.body;
    return up.json()["id"].get<std::string>();
  }();
  u.act_ok(kSpecialist, id, "attach-result", {{"file_id", pdf_id}});
  u.act_ok(kLeader, id, "approve");
  u.act_ok(kDesk, id, "return-result", {{"note", "Nguyễn Văn An"}});

  // The applicant rates: every answer required; staff cannot rate for them.
  auto bad = put(s, u, kCitizen, rating, {{"overall", "satisfied"}, {"answers", {{"q1", "on_time"}, {"q9", "x"}}}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_NE(bad.body.find("\"field\":\"q2\""), std::string::npos) << bad.body;
  EXPECT_EQ(put(s, u, kDesk, rating, {{"overall", "satisfied"}, {"answers", answers()}}).status, 403);
  auto ok = put(s, u, kCitizen, rating, {{"overall", "unsatisfied"}, {"answers", answers("later")}, {"comment", "  Phải chờ lâu.  "}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(ok.json()["rated"].get<bool>());
  EXPECT_EQ(ok.json()["comment"], "Phải chờ lâu.");
  EXPECT_EQ(ok.json()["points"], 0 + 2 + 2 + 1 + 2 + 2);
  EXPECT_EQ(u.get(kDesk, rating).json()["overall"], "unsatisfied");  // staff who may read the dossier see it

  // Without signing in, with the receipt's codes: a wrong code changes nothing.
  json anon = {{"code", "  " + code + " "}, {"rating_code", rcode == "000000" ? "000001" : "000000"}, {"overall", "very_satisfied"}, {"answers", answers()}};
  auto wrong = http_request(s.port(), "POST", "/api/v1/ratings", anon.dump(), {{"Content-Type", "application/json"}});
  EXPECT_EQ(wrong.status, 404) << wrong.body;
  EXPECT_EQ(u.get(kCitizen, rating).json()["overall"], "unsatisfied");
  anon["rating_code"] = rcode;
  for (auto& ch : code) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  anon["code"] = code;  // any case
  auto kiosk = http_request(s.port(), "POST", "/api/v1/ratings", anon.dump(), {{"Content-Type", "application/json"}});
  ASSERT_EQ(kiosk.status, 200) << kiosk.body;
  EXPECT_EQ(kiosk.json()["via"], "code");
  EXPECT_EQ(u.get(kCitizen, rating).json()["overall"], "very_satisfied");
  ASSERT_EQ(put(s, u, kCitizen, rating, {{"overall", "unsatisfied"}, {"answers", answers("later")}}).status, 200);

  // The satisfaction report: one resolved dossier, rated "Không hài lòng" → 100 − (0 + 100) = 0.
  auto rep = u.get(kSupervisor, "/api/v1/reports/satisfaction?agency=000.01.25.H56&from=2026-06-01&to=2026-06-30");
  ASSERT_EQ(rep.status, 200) << rep.body;
  json total = rep.json()["total"];
  EXPECT_EQ(total["resolved"], 1) << rep.body;
  EXPECT_EQ(total["ratings"]["unsatisfied"], 1);
  EXPECT_EQ(total["ratings"]["total"], 1);
  EXPECT_DOUBLE_EQ(total["satisfaction"].get<double>(), 0.0);
  EXPECT_EQ(u.get(kCitizen, "/api/v1/reports/satisfaction?agency=000.01.25.H56&from=2026-06-01&to=2026-06-30").status, 403);
  auto empty = u.get(kSupervisor, "/api/v1/reports/satisfaction?agency=000.01.25.H56&from=2026-05-01&to=2026-05-31").json();
  EXPECT_TRUE(empty["total"]["satisfaction"].is_null());  // nothing resolved: N/A, never 0 %

  // Seven days after the first rating it is closed.
  clock("2026-06-12T09:00");
  auto late = put(s, u, kCitizen, rating, {{"overall", "satisfied"}, {"answers", answers()}});
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_FALSE(u.get(kCitizen, rating).json()["may_rate"].get<bool>());
}

}  // namespace

TEST(Ratings, OneRatingPerReturnedDossierAndTheSatisfactionReport) {
  ServerProcess s({"--demo-if-empty", "--test-clock"});
  ratings_flow(s);
}

TEST(RatingsOnPostgres, OneRatingPerReturnedDossierAndTheSatisfactionReport) {
  auto pg = make_test_db("postgresql", /*migrate=*/false);
  if (!pg) GTEST_SKIP() << "MOTCUA_TEST_PG not set";
  std::string url = pg->url;
  pg->db.reset();
  ServerProcess s({"--db", url, "--demo-if-empty", "--test-clock"});
  ratings_flow(s);
}
