// Prefill from the national databases (services/natdb; R26, R46) through the real server and the national
// platform's stand-in (src/standins/national_portal.cpp, data/national/population.json and businesses.json):
//  - a citizen looks themselves up in the population database; the e-form fields submitted unchanged are recorded
//    on the dossier as taken from it (form_sources), a changed one is not; the national portal is told
//    DuocLayTuKhoDMQG = 1 for the e-form; the lookup is audited with its purpose and then with the dossier
//    (SQLite and PostgreSQL);
//  - who may look up whom: someone else's ID number (403), the post office (403), anonymous (401), a bad key or
//    source (422); the desk needs a purpose (422) and then may look anyone up and use it at intake;
//  - the platform down: 503 with a Vietnamese message, nothing stored; an unknown person: 404.
#include <gtest/gtest.h>

#include "support/dossier_fixtures.h"
#include "support/signed_in.h"
#include "support/standins.h"
#include "support/test_db.h"

using namespace motcua::testing;
using namespace motcua::testing::demo;
using nlohmann::json;

namespace {

const char* kLookups = "/api/v1/national-data/lookups";

// An e-form of 2.000751 whose householder fields are the given facts.
json householder_form(const ServerProcess& s, const json& facts) {
  json form = valid_form(s, "2.000751");
  form["chu_ho_ho_ten"] = facts["full_name"];
  form["chu_ho_ngay_sinh"] = facts["date_of_birth"];
  form["chu_ho_so_dinh_danh"] = facts["id_number"];
  form["chu_ho_noi_cu_tru"] = facts["residence"];
  return form;
}

json audit(Users& u, const std::string& action) { return u.get(kSupervisor, "/api/v1/audit?action=" + action).json()["items"]; }

void citizen_prefill(ServerProcess& s, const NationalPortal& portal) {
  Users u{s, {}};
  auto r = u.post(kCitizen, kLookups, {{"source", "population"}, {"key", kCitizen}, {"procedure_code", "2.000751"}});
  ASSERT_EQ(r.status, 201) << r.body;
  json l = r.json();
  EXPECT_EQ(l["source_label"], "CSDL quốc gia về dân cư");
  EXPECT_EQ(l["facts"]["full_name"], "Nguyễn Văn An");
  EXPECT_EQ(l["facts"]["date_of_birth"], "1990-05-12");
  EXPECT_EQ(l["facts"]["residence"], "Số 12, khu phố 2, thị trấn Bến Sung, tỉnh Thanh Hóa");
  EXPECT_EQ(l["facts"]["ethnicity"], "Kinh");
  // The account is not verified through VNeID: the platform was asked with its name and date of birth.
  auto asked = portal.lookups();
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0]["key"], kCitizen);
  EXPECT_TRUE(asked[0]["found"].get<bool>());
  EXPECT_NE(asked[0]["purpose"].get<std::string>().find("2.000751"), std::string::npos) << asked[0].dump();

  // Submitted with the lookup: the unchanged fields are recorded as taken, the residence typed anew is not.
  json form = householder_form(s, l["facts"]);
  form["chu_ho_noi_cu_tru"] = "Thôn 4, thị trấn Bến Sung, tỉnh Thanh Hóa";
  json body = {{"procedure_code", "2.000751"}, {"agency_code", "000.01.25.H56"}, {"delivery", "post"}, {"form", form}, {"national_lookup", l["id"]}};
  auto sub = u.post(kCitizen, "/api/v1/dossiers", body);
  ASSERT_EQ(sub.status, 201) << sub.body;
  json d = sub.json();
  EXPECT_EQ(d["form_sources"], (json{{"chu_ho_ho_ten", "population_db"}, {"chu_ho_ngay_sinh", "population_db"}, {"chu_ho_so_dinh_danh", "population_db"}}))
      << d["form_sources"].dump();

  // Without the lookup (or with a lookup id that is not the applicant's own) nothing is claimed.
  body.erase("national_lookup");
  EXPECT_EQ(u.post(kCitizen, "/api/v1/dossiers", body).json()["form_sources"], json::object());

  // The portal hears that the e-form's data came from the national database.
  bool told = false;
  for (const auto& a : portal.wait_for(2))
    if (a["service"] == "DongBoHoSoMC" && a["payload"]["MaHoSo"] == d["code"])
      for (const auto& t : a["payload"]["TaiLieuNop"]) told |= t["MaThanhPhanHoSo"] == "NO-01" && t["DuocLayTuKhoDMQG"] == 1;
  EXPECT_TRUE(told);
  EXPECT_EQ(portal.stats()["rejected"], 0);

  // Audited: who, why, and — once used — which dossier.
  json looked = audit(u, "natdb.lookup");
  ASSERT_EQ(looked.size(), 1u) << looked.dump();
  EXPECT_EQ(looked[0]["actor"], kCitizen);
  EXPECT_EQ(looked[0]["target"], kCitizen);
  EXPECT_EQ(looked[0]["detail"]["source"], "population");
  json used = audit(u, "natdb.used");
  ASSERT_EQ(used.size(), 1u) << used.dump();
  EXPECT_EQ(used[0]["target"], d["code"]);
}

}  // namespace

TEST(NationalData, CitizenPrefillIsRecordedAndTold) {
  NationalPortal portal;
  auto args = portal.server_args();
  args.insert(args.begin(), "--demo-if-empty");
  ServerProcess s(args);
  citizen_prefill(s, portal);
}

TEST(NationalDataOnPostgres, CitizenPrefillIsRecordedAndTold) {
  auto pg = make_test_db("postgresql", /*migrate=*/false);
  if (!pg) GTEST_SKIP() << "MOTCUA_TEST_PG not set";
  std::string url = pg->url;
  pg->db.reset();
  NationalPortal portal;
  auto args = portal.server_args();
  args.insert(args.begin(), {"--db", url, "--demo-if-empty"});
  ServerProcess s(args);
  citizen_prefill(s, portal);
}

TEST(NationalData, WhoMayLookUpWhom) {
  NationalPortal portal;
  auto args = portal.server_args();
  args.insert(args.begin(), "--demo-if-empty");
  ServerProcess s(args);
  Users u{s, {}};
  auto other = u.post(kCitizen, kLookups, {{"source", "population"}, {"key", "038185000123"}});
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_NE(other.json()["error"]["message"].get<std::string>().find("chính mình"), std::string::npos);
  EXPECT_EQ(u.post(kCitizen, kLookups, {{"source", "business"}, {"key", "2801234567"}}).status, 403);
  EXPECT_EQ(u.post(kPost, kLookups, {{"source", "population"}, {"key", "038185000123"}, {"purpose", "Thu gom hồ sơ tại nhà"}}).status, 403);
  EXPECT_EQ(u.post(kCitizen, kLookups, {{"source", "tax"}, {"key", kCitizen}}).status, 422);
  EXPECT_EQ(u.post(kDesk, kLookups, {{"source", "population"}, {"key", "03818500012"}, {"purpose", "Tiếp nhận hồ sơ trực tiếp"}}).status, 422);
  EXPECT_EQ(http_request(s.port(), "POST", kLookups, json{{"source", "population"}, {"key", kCitizen}}.dump(), {{"Content-Type", "application/json"}}).status,
            401);
  // The desk must say why.
  auto why = u.post(kDesk, kLookups, {{"source", "population"}, {"key", "038185000123"}});
  EXPECT_EQ(why.status, 422) << why.body;
  EXPECT_TRUE(portal.lookups().empty()) << "refused lookups never reach the platform";

  // With a purpose the desk looks up a walk-in applicant and records the intake with it.
  auto r = u.post(kDesk, kLookups, {{"source", "population"}, {"key", "038185000123"}, {"purpose", "Tiếp nhận hồ sơ hỗ trợ làm nhà ở tại quầy"}});
  ASSERT_EQ(r.status, 201) << r.body;
  json facts = r.json()["facts"];
  EXPECT_EQ(facts["full_name"], "Lê Thị Mai");
  EXPECT_EQ(facts["residence"], "Thôn Đồng Mưa, xã Xuân Thái, tỉnh Thanh Hóa");
  json intake = {{"procedure_code", "2.000751"}, {"agency_code", "000.01.25.H56"}, {"delivery", "desk"}, {"accept", true},
                 {"applicant", {{"name", facts["full_name"]}, {"id_number", "038185000123"}}}, {"form", householder_form(s, facts)},
                 {"documents", {{{"component_code", "NO-01"}, {"copy_type", "original"}}}}, {"national_lookup", r.json()["id"]}};
  auto in = u.post(kDesk, "/api/v1/dossiers", intake);
  ASSERT_EQ(in.status, 201) << in.body;
  // The four householder fields of the e-form and the applicant's name typed from the lookup.
  EXPECT_EQ(in.json()["form_sources"].size(), 5u) << in.json()["form_sources"].dump();
  EXPECT_EQ(in.json()["form_sources"]["applicant.name"], "population_db");
  // The citizen cannot borrow the desk's lookup.
  json own = {{"procedure_code", "2.000751"}, {"agency_code", "000.01.25.H56"}, {"delivery", "post"}, {"form", householder_form(s, facts)},
              {"national_lookup", r.json()["id"]}};
  EXPECT_EQ(u.post(kCitizen, "/api/v1/dossiers", own).json()["form_sources"], json::object());
  json looked = audit(u, "natdb.lookup");
  ASSERT_EQ(looked.size(), 1u);
  EXPECT_EQ(looked[0]["detail"]["purpose"], "Tiếp nhận hồ sơ hỗ trợ làm nhà ở tại quầy");
  EXPECT_EQ(looked[0]["agency"], "000.01.25.H56");

  // Unknown person: 404; the platform down: 503, nothing stored.
  auto unknown = u.post(kDesk, kLookups, {{"source", "population"}, {"key", "038099000001"}, {"purpose", "Tiếp nhận hồ sơ tại quầy một cửa"}});
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  portal.control("down");
  auto down = u.post(kDesk, kLookups, {{"source", "business"}, {"key", "2801234567"}, {"purpose", "Tiếp nhận hồ sơ của doanh nghiệp"}});
  EXPECT_EQ(down.status, 503) << down.body;
  EXPECT_NE(down.json()["error"]["message"].get<std::string>().find("CSDL quốc gia về đăng ký doanh nghiệp"), std::string::npos);
  portal.control("");
  auto biz = u.post(kDesk, kLookups, {{"source", "business"}, {"key", "2801234567"}, {"purpose", "Tiếp nhận hồ sơ của doanh nghiệp"}});
  ASSERT_EQ(biz.status, 201) << biz.body;
  EXPECT_EQ(biz.json()["facts"]["organisation_name"], "Công ty TNHH Nông sản Bến Sung");
  EXPECT_EQ(biz.json()["facts"]["representative"], "Phạm Thị Thu");
  EXPECT_EQ(audit(u, "natdb.lookup").size(), 2u);
}
