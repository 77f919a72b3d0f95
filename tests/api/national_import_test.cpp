// API tests of POST /api/v1/catalog/national-import: the national procedure database's export (the sample in
// data/national/csdl-tthc-mau.json, and the same records as an XLSX written with libxlsxwriter) against the demo
// catalog on SQLite and PostgreSQL — a dry run writes nothing, apply creates and amends in one go, a second apply
// finds everything unchanged, a stale revision is refused, bad input gets a Vietnamese 4xx.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/http_client.h"
#include "support/national_export.h"
#include "support/test_db.h"

using namespace motcua::testing;
using nlohmann::json;

namespace {

const char* const kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

json sample() {
  std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/national/csdl-tthc-mau.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

HttpResult send(const ServerProcess& s, const std::string& query, const std::string& body, const std::string& type) {
  return http_request(s.port(), "POST", "/api/v1/catalog/national-import" + query, body,
                      {{"Content-Type", type}, {"Authorization", s.bearer()}});
}

std::map<std::string, std::string> statuses(const json& report) {
  std::map<std::string, std::string> out;
  for (const auto& i : report["items"]) out[i["code"].get<std::string>() + "@" + i["where"].get<std::string>()] = i["status"];
  return out;
}

// The whole flow on one server (demo catalog loaded, signed in as the catalog administrator).
void dry_run_apply_and_again(ServerProcess& s) {
  const std::string file = sample().dump();

  auto dry = send(s, "?mode=dry-run", file, "application/json");
  ASSERT_EQ(dry.status, 200) << dry.body;
  json d = dry.json();
  EXPECT_EQ(d["mode"], "dry-run");
  EXPECT_EQ(d["format"], "json");
  EXPECT_EQ(d["summary"], (json{{"total", 5}, {"new", 2}, {"changed", 2}, {"unchanged", 0}, {"refused", 1}}));
  for (const auto& i : d["items"]) {
    if (i["status"] == "changed") {
      EXPECT_FALSE(i["changed"].empty()) << i.dump();
    }
    if (i["status"] == "refused") {
      EXPECT_EQ(i["code"], "1.004227");
      EXPECT_NE(i["problems"][0].get<std::string>().find("Không đọc được thời hạn giải quyết"), std::string::npos);
    }
  }
  // Nothing written: the new procedure does not exist, the amended one still has one version, same revision.
  EXPECT_EQ(s.get("/api/v1/procedures/1.001022").status, 404);
  EXPECT_EQ(s.get("/api/v1/procedures/1.001193").json()["versions"].size(), 1u);
  EXPECT_EQ(send(s, "?mode=dry-run", file, "application/json").json()["catalog_rev"], d["catalog_rev"]);

  const int64_t rev = d["catalog_rev"];
  auto no_rev = send(s, "?mode=apply", file, "application/json");
  EXPECT_EQ(no_rev.status, 400);
  EXPECT_EQ(no_rev.json()["error"]["code"], "expected_rev_required");
  auto stale = send(s, "?mode=apply&expected_rev=" + std::to_string(rev - 1), file, "application/json");
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.json()["error"]["code"], "catalog_changed");

  auto applied = send(s, "?mode=apply&expected_rev=" + std::to_string(rev), file, "application/json");
  ASSERT_EQ(applied.status, 200) << applied.body;
  json a = applied.json();
  EXPECT_EQ(a["applied"], (json{{"created", 2}, {"amended", 2}, {"unchanged", 0}}));
  EXPECT_GT(a["catalog_rev"].get<int64_t>(), rev);
  EXPECT_EQ(statuses(a), statuses(d));
  auto created = s.get("/api/v1/procedures/1.001022").json();
  EXPECT_EQ(created["name"], "Đăng ký nhận cha, mẹ, con");
  EXPECT_EQ(created["fees"][0]["amount"], 15000);
  auto amended = s.get("/api/v1/procedures/1.001193").json();
  EXPECT_EQ(amended["versions"].size(), 2u);
  EXPECT_FALSE(amended["internal_process"].empty());  // local content the national database does not carry is kept
  EXPECT_EQ(s.get("/api/v1/procedures/1.004227").status, 404);  // the refused record
  auto history = s.get("/api/v1/admin/procedures/1.001022/history").json();
  EXPECT_EQ(history["items"][0]["note"], "Nhập từ CSDL quốc gia về thủ tục hành chính.");
  // Audited, in the import's transaction, with where the file came from.
  auto audit = s.get("/api/v1/audit?action=catalog.import&per_page=1").json();
  ASSERT_EQ(audit["items"].size(), 1u) << audit.dump();
  EXPECT_EQ(audit["items"][0]["detail"], (json{{"created", 2}, {"amended", 2}, {"unchanged", 0}, {"source", "CSDL quốc gia về thủ tục hành chính"}}));

  // The same records as the portal's XLSX download: everything now unchanged; applying again changes nothing.
  const std::string xlsx = national_xlsx(sample()["data"]);
  auto again = send(s, "", xlsx, kXlsx);
  ASSERT_EQ(again.status, 200) << again.body;
  json g = again.json();
  EXPECT_EQ(g["format"], "xlsx");
  EXPECT_EQ(g["summary"], (json{{"total", 5}, {"new", 0}, {"changed", 0}, {"unchanged", 4}, {"refused", 1}}));
  EXPECT_EQ(g["items"][4]["where"], "Dòng 7");
  auto second = send(s, "?mode=apply&expected_rev=" + g["catalog_rev"].dump(), xlsx, kXlsx);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json()["applied"], (json{{"created", 0}, {"amended", 0}, {"unchanged", 4}}));
  EXPECT_EQ(s.get("/api/v1/procedures/1.001193").json()["versions"].size(), 2u);
  // The revision of the first dry run is stale now.
  EXPECT_EQ(send(s, "?mode=apply&expected_rev=" + std::to_string(rev), file, "application/json").status, 409);
}

}  // namespace

TEST(ApiNationalImport, DryRunWritesNothingApplyCreatesAndAmendsThenUnchanged) {
  ServerProcess s({"--demo-if-empty"});
  s.login("quantri");
  dry_run_apply_and_again(s);
}

TEST(ApiNationalImport, DryRunWritesNothingApplyCreatesAndAmendsThenUnchangedOnPostgres) {
  auto pg = make_test_db("postgresql", /*migrate=*/false);
  if (!pg) GTEST_SKIP() << "MOTCUA_TEST_PG not set";
  std::string url = pg->url;
  pg->db.reset();
  ServerProcess s({"--db", url, "--demo-if-empty"});
  s.login("quantri");
  dry_run_apply_and_again(s);
  EXPECT_EQ(s.stop(), 0);
}

TEST(ApiNationalImport, BadInputIsRefusedInVietnamese) {
  ServerProcess s({"--demo-if-empty"});
  s.login("quantri");
  auto code = [](const HttpResult& r) { return r.json()["error"]["code"].get<std::string>(); };
  auto empty = send(s, "", "", "application/json");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(code(empty), "empty_file");
  EXPECT_NE(empty.json()["error"]["message"].get<std::string>().find("rỗng"), std::string::npos);
  auto bad_json = send(s, "", "{\"data\": [", "application/json");
  EXPECT_EQ(bad_json.status, 400);
  EXPECT_EQ(code(bad_json), "bad_json");
  auto not_xlsx = send(s, "", "MaTTHC;TenTTHC\n1.000001;A", kXlsx);
  EXPECT_EQ(not_xlsx.status, 400);
  EXPECT_EQ(code(not_xlsx), "not_xlsx");
  std::string broken = national_xlsx(sample()["data"]);
  broken.resize(broken.size() / 2);
  EXPECT_EQ(send(s, "", broken, kXlsx).status, 400);
  EXPECT_EQ(send(s, "", "a,b", "text/csv").status, 415);
  auto no_records = send(s, "", "{\"data\": []}", "application/json");
  EXPECT_EQ(no_records.status, 400);
  EXPECT_EQ(code(no_records), "national_import_empty");
  EXPECT_EQ(send(s, "", "{\"x\": 1}", "application/json").status, 400);
  EXPECT_EQ(send(s, "?mode=later", sample().dump(), "application/json").status, 400);
  EXPECT_EQ(send(s, "?mode=apply&expected_rev=abc", sample().dump(), "application/json").status, 400);
  // Only the catalog administrators.
  s.login("001090000001");
  EXPECT_EQ(send(s, "", sample().dump(), "application/json").status, 403);
  s.logout_local();
  EXPECT_EQ(send(s, "", sample().dump(), "application/json").status, 401);
}
