// Dossiers, first slice: online submission against the pinned procedure version, desk acceptance with
// the gapless daily code and the appointment from the deadline engine, refusal, access (no IDOR),
// illegal transitions, public masked lookup, and 200 concurrent acceptances.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <thread>

#include "domain/text.h"
#include "support/dossier_fixtures.h"
#include "support/http_client.h"

#include <fstream>

using namespace motcua::testing;
using nlohmann::json;


TEST(ApiDossiers, SubmitAcceptLookup) {
  ServerProcess s({"--demo-if-empty"});
  s.login("001090000001");
  json bad = submission(s);
  bad["form"].erase(bad["form"].begin().key());
  auto r = s.post_json("/api/v1/dossiers", bad);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(s.get("/api/v1/dossiers").json()["total"], 0);  // nothing stored
  r = s.post_json("/api/v1/dossiers", submission(s));
  ASSERT_EQ(r.status, 201) << r.body;
  auto d = r.json();
  EXPECT_EQ(d["status"], 1);
  EXPECT_EQ(d["status_label"], "Mới đăng ký");
  EXPECT_EQ(d["procedure"]["version"], 1);
  std::string id = d["id"];
  // The code is given at submission (the refused attempt above took no number: gapless), and the public
  // lookup finds it at once, typed in lower case with spaces around.
  std::string submitted_code = d["code"];
  EXPECT_TRUE(std::regex_match(submitted_code, std::regex(R"(000\.01\.25\.H56-\d{6}-0001)"))) << submitted_code;
  {
    std::string lower = submitted_code;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::string typed = "%20" + lower + "%20";
    auto l0 = s.get("/api/v1/lookup/" + typed);
    EXPECT_EQ(l0.status, 200) << typed << " " << l0.body;
    EXPECT_EQ(l0.json()["status_label"], "Mới đăng ký");
  }
  EXPECT_EQ(s.post_json("/api/v1/dossiers/" + id + "/actions/accept", json::object()).status, 403);  // citizens cannot accept
  // Another citizen cannot see it.
  ServerProcess& other = s;
  (void)other;
  s.login("motcua.bensung");
  auto list = s.get("/api/v1/dossiers?status=1").json();
  ASSERT_EQ(list["total"], 1);
  r = s.post_json("/api/v1/dossiers/" + id + "/actions/accept", json::object());
  ASSERT_EQ(r.status, 200) << r.body;
  d = r.json();
  EXPECT_EQ(d["status"], 2);
  std::string code = d["code"];
  EXPECT_EQ(code, submitted_code);  // acceptance keeps it
  EXPECT_FALSE(d["due_at"].is_null());
  // Accepting again is an illegal transition that names the current status and changes nothing.
  r = s.post_json("/api/v1/dossiers/" + id + "/actions/accept", json::object());
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("Được tiếp nhận"), std::string::npos);
  EXPECT_EQ(s.get("/api/v1/dossiers/" + id).json()["row_version"], d["row_version"]);
  // Public lookup: masked name, no login.
  s.logout_local();
  auto l = s.get("/api/v1/lookup/" + code).json();
  EXPECT_EQ(l["applicant"], "Nguyễn V*** A***");
  EXPECT_EQ(l["status_label"], "Được tiếp nhận");
  EXPECT_EQ(s.get("/api/v1/lookup/khong-hop-le").status, 400);
  EXPECT_EQ(s.get("/api/v1/lookup/000.01.25.H56-260101-9999").status, 404);
  EXPECT_EQ(s.get("/api/v1/dossiers/" + id).status, 401);
  // The province supervisor sees it (read-only, subtree); the account administrator does not (least
  // privilege: administering accounts is not processing dossiers) — 404, not 403.
  s.login("giamsat.thanhhoa");
  EXPECT_EQ(s.get("/api/v1/dossiers/" + id).status, 200);
  s.login("quantri");
  EXPECT_EQ(s.get("/api/v1/dossiers/" + id).status, 404);
}

TEST(ApiDossiers, RefuseNeedsAReason) {
  ServerProcess s({"--demo-if-empty"});
  s.login("001090000001");
  std::string id = s.post_json("/api/v1/dossiers", submission(s)).json()["id"];
  s.login("motcua.bensung");
  auto r = s.post_json("/api/v1/dossiers/" + id + "/actions/refuse", json::object());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(s.get("/api/v1/dossiers/" + id).json()["status"], 1);
  r = s.post_json("/api/v1/dossiers/" + id + "/actions/refuse", {{"reason", "Thủ tục không thuộc thẩm quyền của UBND thị trấn."}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], 3);
  EXPECT_EQ(s.post_json("/api/v1/dossiers/" + id + "/actions/accept", json::object()).status, 409);
  EXPECT_EQ(s.post_json("/api/v1/dossiers/" + id + "/actions/fly", json::object()).status, 404);
}

// Codes are given at submission: 200 concurrent submissions get distinct, gapless codes; 200 concurrent
// acceptances keep them.
TEST(ApiDossiers, TwoHundredConcurrentSubmissionsGetDistinctGaplessCodes) {
  ServerProcess s({"--demo-if-empty", "--workers", "8"});
  s.login("001090000001");
  json sub = submission(s);
  const std::string citizen = s.bearer();
  std::vector<std::string> ids(200), codes(200);
  auto run = [&](auto&& one) {
    std::vector<std::thread> ts;
    std::atomic<size_t> next{0};
    for (int t = 0; t < 16; ++t)
      ts.emplace_back([&] {
        for (size_t i; (i = next++) < ids.size();) one(i);
      });
    for (auto& t : ts) t.join();
  };
  run([&](size_t i) {
    auto r = http_request(s.port(), "POST", "/api/v1/dossiers", sub.dump(), {{"Content-Type", "application/json"}, {"Authorization", citizen}});
    if (r.status == 201) ids[i] = r.json()["id"], codes[i] = r.json()["code"];
  });
  std::set<int> seqs;
  for (const auto& c : codes) {
    ASSERT_FALSE(c.empty());
    seqs.insert(std::stoi(c.substr(c.size() - 4)));
  }
  ASSERT_EQ(seqs.size(), 200u);  // distinct
  EXPECT_EQ(*seqs.begin(), 1);
  EXPECT_EQ(*seqs.rbegin(), 200);  // gapless
  s.login("motcua.bensung");
  const std::string desk = s.bearer();
  std::vector<std::string> accepted(ids.size());
  run([&](size_t i) {
    auto r = http_request(s.port(), "POST", "/api/v1/dossiers/" + ids[i] + "/actions/accept", "{}",
                          {{"Content-Type", "application/json"}, {"Authorization", desk}});
    if (r.status == 200) accepted[i] = r.json()["code"];
  });
  EXPECT_EQ(accepted, codes);  // acceptance keeps the code
}


TEST(ApiDossiers, ReceiptPdfAndLookupPage) {
  ServerProcess s({"--demo-if-empty"});
  s.login("001090000001");
  std::string id = s.post_json("/api/v1/dossiers", submission(s)).json()["id"];
  EXPECT_EQ(s.get("/api/v1/dossiers/" + id + "/forms/01.pdf").status, 409);  // not accepted yet
  s.login("motcua.bensung");
  std::string code = s.post_json("/api/v1/dossiers/" + id + "/actions/accept", json::object()).json()["code"];
  auto pdf = s.get("/api/v1/dossiers/" + id + "/forms/01.pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.header("Content-Type"), "application/pdf");
  std::string text = pdftotext(pdf.body);
  EXPECT_NE(text.find(code), std::string::npos) << text.substr(0, 500);
  EXPECT_NE(text.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), std::string::npos);
  EXPECT_NE(text.find("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"), std::string::npos);
  EXPECT_NE(text.find("Nguyễn Văn An"), std::string::npos);
  EXPECT_EQ(s.get("/api/v1/dossiers/" + id + "/forms/03.pdf").status, 409);
  EXPECT_EQ(s.get("/api/v1/dossiers/" + id + "/forms/09.pdf").status, 404);
  s.login("001090000001");  // "Hồ sơ của tôi" on the account page lists it
  auto mine = s.get("/tai-khoan", {{"Accept", "text/html"}});
  ASSERT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find(code), std::string::npos);
  EXPECT_NE(mine.body.find("Được tiếp nhận"), std::string::npos);
  s.logout_local();
  EXPECT_EQ(s.get("/api/v1/dossiers/" + id + "/forms/01.pdf").status, 401);
  auto page = s.get("/tra-cuu?ma=" + code, {{"Accept", "text/html"}});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Được tiếp nhận"), std::string::npos);
  EXPECT_NE(page.body.find("Nguyễn V*** A***"), std::string::npos);
  EXPECT_EQ(page.body.find("Nguyễn Văn An"), std::string::npos);  // never the full name
  EXPECT_EQ(s.get("/tra-cuu?ma=000.01.25.H56-260101-9999", {{"Accept", "text/html"}}).status, 404);
}

TEST(ApiDossiers, ProcessingChainToReturnedAndWithdrawal) {
  ServerProcess s({"--demo-if-empty"});
  s.login("001090000001");
  std::string id = s.post_json("/api/v1/dossiers", submission(s)).json()["id"];
  std::string id2 = s.post_json("/api/v1/dossiers", submission(s)).json()["id"];
  auto act = [&](const std::string& dossier, const std::string& action, const json& body = json::object()) {
    return motcua::testing::act(s, dossier, action, body);
  };
  s.login("motcua.bensung");
  ASSERT_EQ(act(id, "accept").status, 200);
  ASSERT_EQ(act(id2, "accept").status, 200);
  EXPECT_EQ(act(id, "approve").status, 409);  // not being processed yet
  auto r = act(id, "transfer", {{"note", "Chuyển Tư pháp – Hộ tịch"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], 4);
  s.login("tuphap.bensung");
  ASSERT_EQ(act(id, "submit-for-approval").status, 200);
  // The specialist attaches the result document they uploaded (a PDF checked by content).
  std::string file = upload_pdf(s, "ket-qua.pdf");
  ASSERT_FALSE(file.empty());
  EXPECT_EQ(act(id, "attach-result", {{"file_id", "000000000000000000000000"}}).status, 422);
  ASSERT_EQ(act(id, "attach-result", {{"file_id", file}}).status, 200);
  EXPECT_EQ(act(id, "approve").status, 403);  // a specialist cannot approve
  s.login("lanhdao.bensung");
  r = act(id, "approve");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], 9);
  s.login("motcua.bensung");
  r = act(id, "return-result", {{"note", "Ông Nguyễn Văn An nhận trực tiếp"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = r.json();
  EXPECT_EQ(d["status"], 10);
  EXPECT_EQ(d["history"].size(), 7u);  // submit, accept, transfer, submit-for-approval, attach-result, approve, return-result
  EXPECT_EQ(act(id, "stop", {{"reason", "x"}}).status, 409);
  // Withdrawal: the applicant asks, the desk confirms; a returned dossier cannot be withdrawn.
  s.login("001090000001");
  EXPECT_EQ(act(id, "withdraw").status, 409);
  ASSERT_EQ(act(id2, "withdraw", {{"note", "Tôi nộp nhầm thủ tục"}}).status, 200);
  EXPECT_EQ(act(id2, "confirm-withdrawal").status, 403);
  s.login("motcua.bensung");
  r = act(id2, "confirm-withdrawal");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], 8);
  s.logout_local();
  std::string code = d["code"];
  EXPECT_EQ(s.get("/api/v1/lookup/" + code).json()["status_label"], "Đã trả kết quả");
}
