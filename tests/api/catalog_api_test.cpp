// API tests: the real `motcua serve` binary on a free port with a fresh database and demo data.
#include <gtest/gtest.h>

#include "support/http_client.h"
#include "support/test_db.h"

using namespace motcua::testing;
using nlohmann::json;

namespace {
ServerProcess& demo() {
  static ServerProcess s({"--demo-if-empty"});
  return s;
}
ServerProcess& admin() {
  static ServerProcess s({"--demo-if-empty"});
  static bool signed_in = (s.login("quantri"), true);
  (void)signed_in;
  return s;
}
std::string err_code(const HttpResult& r) { return r.json()["error"]["code"]; }
std::string err_msg(const HttpResult& r) { return r.json()["error"]["message"]; }
}  // namespace

TEST(ApiCatalog, ListsAllFifteenSeedProceduresWithFieldLevelTarget) {
  auto r = demo().get("/api/v1/procedures?per_page=100");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.header("Content-Type").find("application/json"), std::string::npos);
  auto j = r.json();
  EXPECT_EQ(j["total"], 15);
  ASSERT_EQ(j["items"].size(), 15u);
  int level4 = 0;
  for (const auto& it : j["items"]) {
    EXPECT_FALSE(it["field"]["name"].get<std::string>().empty());
    EXPECT_TRUE(it["legacy_online_level"] == 3 || it["legacy_online_level"] == 4);
    EXPECT_TRUE(it["target_online_ratio"] == 50 || it["target_online_ratio"] == 100);
    if (it["legacy_online_level"] == 4) ++level4;
  }
  EXPECT_EQ(level4, 4);
}

TEST(ApiCatalog, SearchWithoutDiacriticsFindsEverySeedProcedure) {
  auto all = demo().get("/api/v1/procedures?per_page=100").json();
  for (const auto& it : all["items"]) {
    // Fold the name the way a user types it on a phone without Vietnamese input.
    std::string name = it["name"];
    auto folded = demo().get("/api/v1/procedures?q=" + motcua::http::percent_encode(name)).json();
    ASSERT_GE(folded["total"].get<int>(), 1) << name;
    EXPECT_EQ(folded["items"][0]["code"], it["code"]) << name;
  }
  auto r = demo().get("/api/v1/procedures?q=dang+ky+khai+sinh").json();
  EXPECT_EQ(r["items"][0]["name"], "Đăng ký khai sinh");
  r = demo().get("/api/v1/procedures?q=ket%20hon").json();
  EXPECT_EQ(r["items"][0]["name"], "Đăng ký kết hôn");
  r = demo().get("/api/v1/procedures?q=DANG%20KY%20KHAI%20TU").json();
  EXPECT_EQ(r["items"][0]["name"], "Đăng ký khai tử");
  r = demo().get("/api/v1/procedures?q=le+hoi").json();
  EXPECT_EQ(r["items"][0]["code"], "1.003622");
}

TEST(ApiCatalog, FiltersAndPaging) {
  auto r = demo().get("/api/v1/procedures?field=TG&per_page=100").json();
  EXPECT_EQ(r["total"], 6);
  r = demo().get("/api/v1/procedures?online_level=toan_trinh").json();
  EXPECT_EQ(r["total"], 2);  // kết hôn and khai tử need the applicant in person: một phần (ND 42/2022)
  r = demo().get("/api/v1/procedures?agency=000.01.25.H56&per_page=5&page=3").json();
  EXPECT_EQ(r["total"], 15);
  EXPECT_EQ(r["items"].size(), 5u);
  r = demo().get("/api/v1/procedures?agency=000.00.00.H56").json();
  EXPECT_EQ(r["total"], 0);  // commune procedures do not apply at the province
}

TEST(ApiCatalog, DetailHasAllPartsAndVersions) {
  auto r = demo().get("/api/v1/procedures/1.001193");
  ASSERT_EQ(r.status, 200);
  auto j = r.json();
  for (const char* k : {"steps", "methods", "components", "processing_time", "applicants", "competent_agency", "result", "fees",
                        "legal_basis", "internal_process", "form_schema", "versions"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["versions"].size(), 1u);
  EXPECT_EQ(j["versions"][0]["status"], "current");
  EXPECT_EQ(j["effective_from"], "2020-04-07");
  EXPECT_FALSE(j.contains("row_version"));
}

TEST(ApiCatalog, BadInputGetsVietnamese4xx) {
  auto r = demo().get("/api/v1/procedures/9.999999");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(err_code(r), "procedure_not_found");
  EXPECT_NE(err_msg(r).find("Không tìm thấy"), std::string::npos);
  r = demo().get("/api/v1/procedures?page=abc");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(err_msg(r).find("Số trang"), std::string::npos);
  EXPECT_EQ(demo().get("/api/v1/procedures?per_page=1000").status, 400);
  EXPECT_EQ(demo().get("/api/v1/procedures?page=0").status, 400);
  EXPECT_EQ(demo().get("/api/v1/procedures?level=thon").status, 400);
  EXPECT_EQ(demo().get("/api/v1/procedures?agency=khong-co").status, 400);
  EXPECT_EQ(demo().get("/api/v1/procedures?q=%C3%28").status, 400);  // invalid UTF-8
  EXPECT_EQ(demo().get("/api/v1/procedures?q=" + std::string(300, 'a')).status, 400);
  EXPECT_EQ(demo().get("/api/v1/procedures/1.001193/versions/7").status, 404);
  EXPECT_EQ(demo().get("/api/v1/nothing").status, 404);
  EXPECT_EQ(http_request(demo().port(), "DELETE", "/api/v1/procedures/1.001193").status, 405);
}

TEST(ApiCatalog, AdministrationNeedsTheCatalogRole) {
  auto r = demo().post_json("/api/v1/procedures", {{"code", "1.9"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(err_code(r), "unauthenticated");
  ServerProcess s({"--demo-if-empty"});
  s.login("motcua.bensung");  // desk officer: no catalog role
  r = s.post_json("/api/v1/procedures/1.001193/actions/abolish", {{"reason", "x"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(err_code(r), "forbidden");
  EXPECT_EQ(s.get("/api/v1/catalog/export").status, 403);
  s.login("001090000001");  // citizen
  EXPECT_EQ(s.get("/api/v1/admin/procedures").status, 403);
  EXPECT_EQ(demo().get("/api/v1/procedures/1.001193").json()["state"], "active");
}

TEST(ApiCatalogAdmin, CreatePublishAmendAbolish) {
  auto& s = admin();
  json p = {{"code", "1.777001"}, {"name", "Thủ tục kiểm thử API"}, {"field", {{"code", "HT"}, {"name", "Hộ tịch"}}},
            {"levels", {"xa"}}, {"online_level", "toan_trinh"}, {"processing_time", {{"amount", 2}, {"unit", "working_days"}}}};
  auto r = s.post_json("/api/v1/procedures", p);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(s.get("/api/v1/procedures/1.777001").status, 404);  // draft is not public
  r = s.post_json("/api/v1/procedures/1.777001/actions/publish", {{"note", "QĐ số 9/QĐ-UBND"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(s.get("/api/v1/procedures?q=kiem+thu+api").json()["total"], 1);
  r = s.post_json("/api/v1/procedures/1.777001/actions/amend", json::object());
  ASSERT_EQ(r.status, 200);
  p["name"] = "Thủ tục kiểm thử API (sửa đổi)";
  r = s.post_json("/api/v1/procedures/1.777001/draft", p, "PUT");
  ASSERT_EQ(r.status, 200) << r.body;
  r = s.post_json("/api/v1/procedures/1.777001/actions/publish", json::object());
  ASSERT_EQ(r.status, 200);
  auto d = s.get("/api/v1/procedures/1.777001").json();
  EXPECT_EQ(d["name"], "Thủ tục kiểm thử API (sửa đổi)");
  ASSERT_EQ(d["versions"].size(), 2u);
  EXPECT_EQ(s.get("/api/v1/procedures/1.777001/versions/1").json()["name"], "Thủ tục kiểm thử API");
  auto ann = s.get("/api/v1/announcements").json();
  EXPECT_GE(ann["total"].get<int>(), 17);
  r = s.post_json("/api/v1/procedures/1.777001/actions/abolish", {{"reason", "Bãi bỏ theo QĐ số 10/QĐ-UBND"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(s.get("/api/v1/procedures?q=kiem+thu+api").json()["total"], 0);
  auto gone = s.get("/api/v1/procedures/1.777001");
  EXPECT_EQ(gone.status, 200);
  EXPECT_EQ(gone.json()["state"], "abolished");
  auto h = s.get("/api/v1/admin/procedures/1.777001/history").json();
  ASSERT_EQ(h["items"].size(), 6u);
  EXPECT_EQ(h["items"][5]["actor"], "quantri");
}

TEST(ApiCatalogAdmin, InvalidTransitionsAndBodiesChangeNothing) {
  auto& s = admin();
  auto before = s.get("/api/v1/admin/procedures/1.000894").json();
  auto r = s.post_json("/api/v1/procedures/1.000894/actions/resume", json::object());
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(err_msg(r).find("Đang áp dụng"), std::string::npos);
  EXPECT_EQ(s.post_json("/api/v1/procedures/1.000894/actions/publish", json::object()).status, 409);
  EXPECT_EQ(s.post_json("/api/v1/procedures/1.000894/actions/suspend", json::object()).status, 422);  // reason required
  EXPECT_EQ(s.post_json("/api/v1/procedures/1.000894/actions/explode", json::object()).status, 404);
  EXPECT_EQ(s.post_json("/api/v1/procedures/1.000894/actions/suspend", {{"reason", "x"}, {"expected_row_version", 999}}).status, 409);
  r = http_request(s.port(), "POST", "/api/v1/procedures", "{\"code\": ", {{"Content-Type", "application/json"}, {"Authorization", s.bearer()}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(err_code(r), "bad_json");
  r = http_request(s.port(), "POST", "/api/v1/procedures", "code=1", {{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", s.bearer()}});
  EXPECT_EQ(r.status, 415);
  r = s.post_json("/api/v1/procedures", {{"code", "x"}, {"name", ""}});
  EXPECT_EQ(r.status, 422);
  EXPECT_GE(r.json()["error"]["details"].size(), 3u);
  std::string big(2 * 1024 * 1024, 'a');
  r = http_request(s.port(), "POST", "/api/v1/procedures", big, {{"Content-Type", "application/json"}, {"Authorization", s.bearer()}});
  EXPECT_EQ(r.status, 413);
  auto after = s.get("/api/v1/admin/procedures/1.000894").json();
  EXPECT_EQ(before, after);
}

TEST(ApiCatalogAdmin, ExportImportRoundTrip) {
  auto& s = admin();
  auto exp = s.get("/api/v1/catalog/export");
  ASSERT_EQ(exp.status, 200);
  auto r = s.post_json("/api/v1/catalog/import", exp.json());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["created"], 0);
  EXPECT_EQ(r.json()["amended"], 0);
}

TEST(ApiAgencies, TreeHasTheSeedLocalities) {
  auto j = demo().get("/api/v1/agencies").json();
  std::string dump = j.dump();
  for (const char* n : {"Thanh Hóa", "Như Thanh", "Bến Sung", "Hà Trung", "Lĩnh Toại", "Hải Dương", "Cẩm Hoàng", "Hà Tĩnh",
                        "Hương Sơn", "Sơn Trung", "Hà Nam", "Bộ phận Một cửa", "Tư pháp – Hộ tịch"})
    EXPECT_NE(dump.find(n), std::string::npos) << n;
  EXPECT_EQ(j["items"][0]["level"], "tinh");
}

// The whole server on PostgreSQL (MOTCUA_DB / --db postgresql://…): demo load, search, admin write.
TEST(ApiOnPostgres, ServesTheCatalogFromPostgres) {
  auto pg = make_test_db("postgresql", /*migrate=*/false);
  if (!pg) GTEST_SKIP() << "MOTCUA_TEST_PG not set";
  std::string url = pg->url;
  pg->db.reset();
  ServerProcess s({"--db", url, "--demo-if-empty"});
  s.login("quantri");
  auto r = s.get("/api/v1/procedures?q=dang+ky+ket+hon").json();
  EXPECT_EQ(r["items"][0]["code"], "1.000894");
  EXPECT_EQ(s.get("/api/v1/procedures?per_page=100").json()["total"], 15);
  auto a = s.post_json("/api/v1/procedures/1.000894/actions/suspend", {{"reason", "Rà soát"}});
  EXPECT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(s.get("/api/v1/procedures/1.000894").json()["state"], "suspended");
  EXPECT_EQ(s.stop(), 0);
}
