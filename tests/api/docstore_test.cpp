// The personal data store through the real server (issue 9): a returned birth registration result (Đăng ký khai
// sinh declares result_doc_type GKS) enters the citizen's store under the R14 code <CCCD>.GKS; the citizen files
// "Cấp bản sao trích lục hộ tịch" online and reuses it for component BS-05 (doc_type GKS) without uploading; the
// dossier records the reuse and the officer reads the reused file; wrong uses are 422 and change nothing; the
// digitization measures count the reuse; a paper whose digitization is mandatory (R15) received without its scan
// is flagged and counted.
#include <gtest/gtest.h>

#include "domain/format.h"
#include "support/dossier_fixtures.h"
#include "support/http_client.h"
#include "support/signed_in.h"
#include "support/uploads.h"

using namespace motcua::testing;
using nlohmann::json;

namespace {

using namespace motcua::testing::demo;

HttpResult upload_as(Users& u, const std::string& user, const std::string& bytes, const std::string& name) {
  return upload_pdf(u.s.port(), u.token(user), bytes, name);
}

// A birth registration recorded at the desk for the demo citizen, processed and returned at the desk.
std::string returned_birth_registration(Users& u) {
  json body = {{"procedure_code", "1.001193"},
               {"agency_code", "000.01.25.H56"},
               {"applicant", {{"name", "Nguyễn Văn An"}, {"id_number", kCitizen}, {"phone", "0912345678"}}},
               {"delivery", "desk"},
               {"documents", {{{"component_code", "KS-01"}, {"copy_type", "original"}},
                              {{"component_code", "KS-02"}, {"copy_type", "original"}},
                              {{"component_code", "KS-06"}, {"copy_type", "original"}}}},
               {"accept", true}};
  auto r = u.post(kDesk, "/api/v1/dossiers", body);
  EXPECT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"];
  u.act_ok(kDesk, id, "transfer", {{"unit", "TP"}});
  auto slip = u.get(kDesk, "/api/v1/dossiers/" + id + "/forms/01.pdf");
  auto up = upload_as(u, kSpecialist, slip.body, "giay-khai-sinh.pdf");
  EXPECT_EQ(up.status, 201) << up.body;
  u.act_ok(kSpecialist, id, "attach-result", {{"file_id", up.json()["id"]}});
  u.act_ok(kLeader, id, "approve");
  u.act_ok(kDesk, id, "return-result", {{"note", "Ông Nguyễn Văn An nhận"}});
  return id;
}

ON_BOTH_DATABASES(DocStore, ReturnedResultIsReusedInANewDossierAndCounted) {
  Users u{s, {}};
  auto mine = u.get(kCitizen, "/api/v1/me/documents").json();
  EXPECT_EQ(mine["total"], 0);
  const std::string birth = returned_birth_registration(u);
  mine = u.get(kCitizen, "/api/v1/me/documents").json();
  ASSERT_EQ(mine["total"], 1) << mine.dump();
  json item = mine["items"][0];
  EXPECT_EQ(item["code"], std::string(kCitizen) + ".GKS");
  EXPECT_EQ(item["doc_type"]["code"], "GKS");
  EXPECT_EQ(item["doc_type"]["name"], "Giấy khai sinh");
  EXPECT_EQ(item["dossier"]["id"], birth);
  EXPECT_TRUE(item["valid"].get<bool>());
  // A second return adds nothing (once per dossier); staff have no store.
  EXPECT_EQ(u.get(kDesk, "/api/v1/me/documents").status, 403);

  // The citizen files "Cấp bản sao trích lục hộ tịch" reusing the item for BS-05, uploading only BS-04.
  json sub = {{"procedure_code", "2.000635"}, {"agency_code", "000.01.25.H56"}, {"delivery", "post"}, {"form", valid_form(s, "2.000635")}};
  auto cccd = upload_as(u, kCitizen, "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n", "cccd.pdf");
  ASSERT_EQ(cccd.status, 201) << cccd.body;
  // Wrong uses first: a component that names no document type, an unknown item — 422, nothing created.
  json bad = sub;
  bad["documents"] = {{{"component_code", "BS-04"}, {"reuse", item["id"]}}};  // BS-04 names no document type
  auto r = u.post(kCitizen, "/api/v1/dossiers", bad);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("không đúng loại giấy tờ"), std::string::npos) << r.body;
  bad["documents"] = {{{"component_code", "BS-05"}, {"reuse", "0123456789abcdef01234567"}}, {{"component_code", "BS-04"}, {"file_id", cccd.json()["id"]}}};
  r = u.post(kCitizen, "/api/v1/dossiers", bad);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("không có trong kho dữ liệu"), std::string::npos) << r.body;
  const int before = u.get(kCitizen, "/api/v1/dossiers?per_page=100").json()["total"];

  sub["documents"] = {{{"component_code", "BS-05"}, {"reuse", item["id"]}}, {{"component_code", "BS-04"}, {"file_id", cccd.json()["id"]}}};
  r = u.post(kCitizen, "/api/v1/dossiers", sub);
  ASSERT_EQ(r.status, 201) << r.body;
  json d = r.json();
  EXPECT_EQ(u.get(kCitizen, "/api/v1/dossiers?per_page=100").json()["total"], before + 1);
  json reused;
  for (const auto& x : d["documents"])
    if (x["component_code"] == "BS-05") reused = x;
  ASSERT_TRUE(reused.is_object()) << d.dump();
  EXPECT_EQ(reused["source"], "reuse");
  EXPECT_EQ(reused["reused_from"]["code"], std::string(kCitizen) + ".GKS");
  EXPECT_EQ(reused["reused_from"]["doc_type"], "Giấy khai sinh");

  // The desk collects the upfront fee, accepts it and reads the reused file (officers of a dossier that reuses an
  // item may read it).
  EXPECT_EQ(u.post(kDesk, "/api/v1/dossiers/" + d["id"].get<std::string>() + "/payments", {{"gateway", "cash"}}).status, 201);
  u.act_ok(kDesk, d["id"], "accept");
  auto f = u.get(kDesk, "/api/v1/dossiers/" + d["id"].get<std::string>() + "/documents/" + reused["file_id"].get<std::string>());
  EXPECT_EQ(f.status, 200);
  EXPECT_EQ(f.body.rfind("%PDF-", 0), 0u);
  // At the counter the desk picks from the store of the applicant the dossier is linked to (by CCCD) — and only theirs.
  json desk = {{"procedure_code", "2.000635"}, {"agency_code", "000.01.25.H56"},
               {"applicant", {{"name", "Nguyễn Văn An"}, {"id_number", kCitizen}}},
               {"documents", {{{"component_code", "BS-05"}, {"reuse", item["id"]}}}}};
  auto at_desk = u.post(kDesk, "/api/v1/dossiers", desk);
  ASSERT_EQ(at_desk.status, 201) << at_desk.body;
  EXPECT_EQ(at_desk.json()["documents"][0]["source"], "reuse");
  desk["applicant"] = {{"name", "Lê Thị Hoa"}, {"id_number", "038195001122"}};  // someone without that item
  auto other = u.post(kDesk, "/api/v1/dossiers", desk);
  EXPECT_EQ(other.status, 422) << other.body;
  EXPECT_NE(other.body.find("không có trong kho dữ liệu"), std::string::npos) << other.body;

  // The measures count it: today's dossiers at Bến Sung with a reused component.
  const std::string today = motcua::fmt::iso_date(motcua::fmt::now_ms());
  auto m = u.get(kLeader, "/api/v1/reports/digitization?agency=000.01.25.H56&from=" + today + "&to=" + today);
  ASSERT_EQ(m.status, 200) << m.body;
  json mj = m.json();
  EXPECT_EQ(mj["reused"]["count"], 1) << m.body;
  EXPECT_EQ(mj["dossiers"], 2) << m.body;
  EXPECT_DOUBLE_EQ(mj["reused"]["percent"].get<double>(), 50.0) << m.body;
  EXPECT_EQ(mj["e_result"]["count"], 0) << m.body;
  EXPECT_EQ(u.get(kLeader, "/api/v1/reports/digitization?agency=000.07.12.H56&from=" + today + "&to=" + today).status, 404);

  // A paper of that type scanned at the desk enters the citizen's store too (source digitized, same R14 code).
  auto scan = upload_as(u, kDesk, "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n", "giay-khai-sinh-quet.pdf");
  ASSERT_EQ(scan.status, 201) << scan.body;
  json walk_in = {{"procedure_code", "2.000635"}, {"agency_code", "000.01.25.H56"},
                  {"applicant", {{"name", "Nguyễn Văn An"}, {"id_number", kCitizen}, {"phone", "0912345678"}}},
                  {"documents", {{{"component_code", "BS-05"}, {"file_id", scan.json()["id"]}, {"copy_type", "photo"}}}}};
  ASSERT_EQ(u.post(kDesk, "/api/v1/dossiers", walk_in).status, 201);
  mine = u.get(kCitizen, "/api/v1/me/documents").json();
  ASSERT_EQ(mine["total"], 2) << mine.dump();
  EXPECT_EQ(mine["items"][0]["source"], "digitized");
  EXPECT_EQ(mine["items"][0]["code"], std::string(kCitizen) + ".GKS");
  auto scanned = u.get(kCitizen, mine["items"][0]["file_url"].get<std::string>());
  EXPECT_EQ(scanned.status, 200) << "the owner reads the scan of their own dossier";

  // R15: BS-05 names a document type (a result of an earlier procedure), so digitizing it is mandatory; received on
  // paper without its scan it shows and is counted. The applicant's own paper (BS-04) is not mandatory.
  json paper = {{"procedure_code", "2.000635"}, {"agency_code", "000.01.25.H56"},
                {"applicant", {{"name", "Nguyễn Văn An"}, {"id_number", kCitizen}, {"phone", "0912345678"}}},
                {"documents", {{{"component_code", "BS-05"}, {"copy_type", "original"}}, {{"component_code", "BS-04"}, {"copy_type", "original"}}}}};
  auto pr = u.post(kDesk, "/api/v1/dossiers", paper);
  ASSERT_EQ(pr.status, 201) << pr.body;
  const json pj = pr.json();
  for (const auto& x : pj["documents"]) {
    EXPECT_EQ(x["digitization_mandatory"], x["component_code"] == "BS-05") << x.dump();
    EXPECT_FALSE(x["digitized"].get<bool>()) << x.dump();
  }
  const std::string pid = pj["id"];
  u.act_ok(kDesk, pid, "accept");  // received: now in the measures
  m = u.get(kLeader, "/api/v1/reports/digitization?agency=000.01.25.H56&from=" + today + "&to=" + today);
  EXPECT_EQ(m.json()["mandatory_not_digitized"], 1) << m.body;
}

}  // namespace
