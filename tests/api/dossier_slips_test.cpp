// Slips print what happened (issue "Dossier core, second pass" §4), through the real server and
// pdftotext: Mẫu 01 lists the components actually received with their copy types, the statutory time
// used and the ledger book/number (which the ledger agrees with); officers are named by full name;
// every slip is dated by its event, so a reprint after the clock moved is identical; the form era is
// configurable; the procedure's applicant types are enforced at submission and intake.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <cstdlib>
#include <regex>
#include <sstream>

#include "domain/dossier/dossier_code.h"
#include "support/dossier_fixtures.h"
#include "support/http_client.h"
#include "support/signed_in.h"
#include "support/test_db.h"
#include "support/outbox_log.h"

using namespace motcua::testing;
using nlohmann::json;

namespace {

const char* kDesk = "motcua.bensung";        // Lê Thị Hoa, desk MC
const char* kSpecialist = "tuphap.bensung";  // Trần Văn Bình
const char* kLeader = "lanhdao.bensung";     // Phạm Văn Cường
const char* kCitizen = "001090000001";       // Nguyễn Văn An
const char* kBenSung = "000.01.25.H56";
const char* kPhone = "0237 3868 123";        // set on Bến Sung for these tests (demo data has none)


// A database with the demo data and a phone for the Bến Sung desk; returns its path.
std::string demo_db_with_phone() {
  std::string db = make_temp_dir("motcua-slips-") + "/motcua.db";
  { ServerProcess first({"--demo-if-empty", "--db", db}); }
  auto d = motcua::store::open_sqlite(db, 1);
  d->write([](motcua::store::Conn& c) { c.exec("UPDATE agencies SET phone = $1 WHERE code = $2", {std::string(kPhone), std::string(kBenSung)}); });
  return db;
}

void set_clock(ServerProcess& s, Users& u, const std::string& t) {
  ASSERT_EQ(http_request(s.port(), "POST", "/test/clock", json{{"now", t}}.dump(), {{"Content-Type", "application/json"}}).status, 200);
  u.tokens.clear();  // sessions expire when the clock jumps
}

// Whitespace runs (layout spaces, wrapped lines, page breaks) as one space.
std::string flat(const std::string& s) {
  std::string out;
  for (char ch : s) {
    bool ws = ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t' || ch == '\f';
    if (!ws) out += ch;
    else if (!out.empty() && out.back() != ' ') out += ' ';
  }
  return out;
}
bool has(const std::string& hay, const std::string& needle) { return flat(hay).find(flat(motcua::text::nfc(needle))) != std::string::npos; }

// Code-point column of byte offset `at` in a UTF-8 line (pdftotext -layout aligns by characters).
size_t column(const std::string& line, size_t at) {
  size_t col = 0;
  for (size_t i = 0; i < at && i < line.size(); ++i) col += (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;
  return col;
}

// The counts printed on the first line of the Mẫu 01 table row whose name starts with `name`, as
// "bản chính,bản chứng thực,bản photo" (blank when none): each number goes to the nearest column of
// the header words "chính", "thực", "photo" (the header cells wrap over several lines).
std::string copy_counts(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::string line;
  long c_orig = -1, c_cert = -1, c_photo = -1;
  while (std::getline(in, line)) {
    auto word = [&](const char* w, long& c) {
      auto at = line.find(motcua::text::nfc(w));
      if (at != std::string::npos) c = static_cast<long>(column(line, at)) + 2;
    };
    word("chính", c_orig);
    word("thực", c_cert);
    word("photo", c_photo);
    auto at = line.find(motcua::text::nfc(name));
    if (at == std::string::npos || c_photo < 0) continue;
    std::string cells[3];
    for (size_t i = at + name.size(); i < line.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(line[i]))) continue;
      long c = static_cast<long>(column(line, i));
      long d[3] = {std::labs(c - c_orig), std::labs(c - c_cert), std::labs(c - c_photo)};
      int best = d[0] <= d[1] && d[0] <= d[2] ? 0 : d[1] <= d[2] ? 1 : 2;
      cells[best] += line[i];
    }
    return cells[0] + "," + cells[1] + "," + cells[2];
  }
  return "(not found)";
}

json desk_intake(Users& u, const std::string& procedure, const json& documents, json applicant = json::object()) {
  json ap = {{"name", "Nguyễn Văn An"}, {"id_number", kCitizen}, {"phone", "0912345678"}, {"address", "Khu phố 1, thị trấn Bến Sung"}};
  for (auto& [k, v] : applicant.items()) ap[k] = v;
  auto r = u.post(kDesk, "/api/v1/dossiers",
                  {{"procedure_code", procedure}, {"agency_code", kBenSung}, {"applicant", ap}, {"delivery", "desk"}, {"documents", documents}, {"accept", true}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json();
}

const json kBirthDocs = {{{"component_code", "KS-01"}, {"copy_type", "original"}},
                         {{"component_code", "KS-02"}, {"copy_type", "certified"}},
                         {{"component_code", "KS-02"}, {"copy_type", "photo"}},
                         {{"component_code", "KS-06"}, {"copy_type", "photo"}},
                         {{"component_code", "KS-06"}, {"copy_type", "photo"}}};

}  // namespace


ON_BOTH_DATABASES(DossierSlips, ReceiptListsWhatWasReceivedByFullNameAndTheLedgerAgrees) {
  Users u{s, {}};
  json d = desk_intake(u, "1.001193", kBirthDocs);
  std::string id = d["id"], year = d["received_at"].get<std::string>().substr(0, 4);
  std::string t = u.slip(kDesk, id, "01");
  // The components received, with the copy types recorded at the desk — not the catalog's list.
  EXPECT_TRUE(has(t, "Tờ khai đăng ký khai sinh theo mẫu")) << t;
  EXPECT_TRUE(has(t, "Giấy chứng sinh")) << t;
  EXPECT_TRUE(has(t, "Hộ chiếu, Căn cước công dân")) << t;
  EXPECT_FALSE(has(t, "Biên bản xác nhận việc trẻ bị bỏ rơi")) << t;        // KS-03: not received
  EXPECT_FALSE(has(t, "Giấy chứng nhận kết hôn của cha, mẹ")) << t;          // KS-07: not received
  EXPECT_EQ(copy_counts(t, "Tờ khai đăng ký khai sinh"), "1,,") << t;
  EXPECT_EQ(copy_counts(t, "Giấy chứng sinh"), ",1,1") << t;
  EXPECT_EQ(copy_counts(t, "Hộ chiếu, Căn cước"), ",,2") << t;
  // The statutory time used for the appointment, the receiving officer's full name, book and number.
  EXPECT_TRUE(has(t, "Thời gian giải quyết hồ sơ theo quy định là: trong ngày (tiếp nhận sau 15 giờ")) << t;
  EXPECT_TRUE(has(t, "Lê Thị Hoa")) << t;
  EXPECT_FALSE(has(t, kDesk)) << t;
  EXPECT_TRUE(has(t, "Quyển số: MC/" + year)) << t;
  EXPECT_TRUE(has(t + " ", "Số thứ tự: 1 ")) << t;
  // The next dossier received at the desk takes the next number of the same book.
  std::string id2 = desk_intake(u, "local.1", json::array(), {{"name", "Trần Thị Bình"}, {"id_number", ""}})["id"];
  std::string t2 = u.slip(kDesk, id2, "01");
  EXPECT_TRUE(has(t2, "Số thứ tự: 2")) << t2;
  EXPECT_TRUE(has(t2, "Quyển số: MC/" + year)) << t2;
  EXPECT_TRUE(has(t2, "3 ngày làm việc")) << t2;
  // The ledger (Mẫu 07 in the 2025 era) numbers the same way.
  std::string day = d["received_at"].get<std::string>().substr(0, 10);
  auto l = u.get(kDesk, "/api/v1/ledger?agency=" + std::string(kBenSung) + "&from=" + day + "&to=" + day).json();
  ASSERT_EQ(l["rows"].size(), 2u) << l.dump();
  EXPECT_EQ(l["rows"][0]["code"], d["code"]);
  EXPECT_EQ(l["rows"][0]["number"], 1);
  EXPECT_EQ(l["rows"][1]["number"], 2);
  EXPECT_EQ(l["rows"][0]["book"], "MC/" + year);
  auto lp = u.get(kDesk, "/api/v1/ledger?agency=" + std::string(kBenSung) + "&from=" + day + "&to=" + day + "&format=pdf");
  ASSERT_EQ(lp.status, 200);
  std::string lt = pdftotext(lp.body);
  EXPECT_TRUE(has(lt, "Quyển số: MC/" + year)) << lt;
  EXPECT_TRUE(has(lt, "Mẫu số 07 (Thông tư số 03/2025/TT-VPCP)")) << lt;
  std::string one = u.slip(kDesk, id2, "05");  // the dossier's line of the book
  EXPECT_TRUE(has(one, "Trần Thị Bình")) << one;
  EXPECT_TRUE(std::regex_search(one, std::regex("\\n\\s*2\\s+000\\.01\\.25\\.H56-"))) << one;
}

TEST(DossierSlips, OnlineDossierBeforeAndAfterAcceptance) {
  ServerProcess s({"--demo-if-empty", "--db", demo_db_with_phone()});
  Users u{s, {}};
  s.login(kCitizen);
  std::string file = upload_pdf(s, "giay-to.pdf");
  json sub = submission(s, "1.000894");  // Đăng ký kết hôn, 1 working day; KH-04 (identity papers) mandatory
  sub["documents"] = {{{"component_code", "KH-04"}, {"file_id", file}}};
  std::string comp_name;
  json proc = s.get("/api/v1/procedures/1.000894").json();
  for (const auto& c : proc["components"])
    if (c["code"] == "KH-04") comp_name = c["name"];
  ASSERT_FALSE(comp_name.empty());
  auto r = u.post(kCitizen, "/api/v1/dossiers", sub);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"];
  // The dossier has its code from submission (issue 15), so Mẫu 02 before acceptance carries it (never the
  // internal id), with the issuing officer by name and the desk's phone.
  std::string code = r.json()["code"];
  EXPECT_TRUE(motcua::dossier::is_valid_code(code)) << code;
  EXPECT_EQ(r.json()["status"], 1);
  u.act_ok(kDesk, id, "request-completion", {{"reason", "Ảnh chụp mờ"}, {"items", {"Chụp lại giấy xác nhận"}}});
  std::string t = u.slip(kCitizen, id, "02");
  EXPECT_FALSE(has(t, id)) << t;
  EXPECT_TRUE(has(t, code)) << t;
  EXPECT_TRUE(has(t, "liên hệ với Lê Thị Hoa, số điện thoại " + std::string(kPhone))) << t;
  EXPECT_TRUE(has(t, "Chụp lại giấy xác nhận")) << t;
  EXPECT_FALSE(has(t, kDesk)) << t;
  // Accepted: the receipt lists the upload (no copy type recorded online: an electronic copy, bản photo).
  json d = u.act_ok(kDesk, id, "accept");
  std::string t1 = u.slip(kCitizen, id, "01");
  EXPECT_EQ(d["code"], code);  // acceptance keeps the code given at submission
  EXPECT_TRUE(has(t1, code)) << t1;
  EXPECT_TRUE(has(t1, "Thời gian giải quyết hồ sơ theo quy định là: trong ngày (tiếp nhận sau 15 giờ")) << t1;
  EXPECT_EQ(copy_counts(t1, "Hộ chiếu, Căn cước"), ",,1") << t1;
  EXPECT_FALSE(has(t1, "Tờ khai đăng ký kết hôn")) << t1;  // the e-form, not a received paper
  // The earlier Mẫu 02 prints the same after acceptance.
  EXPECT_EQ(u.slip(kCitizen, id, "02"), t);
}

TEST(DossierSlips, ReprintsAreIdenticalAfterTheClockMoves) {
  ServerProcess s({"--demo-if-empty", "--test-clock", "--db", demo_db_with_phone()});
  Users u{s, {}};
  set_clock(s, u, "2026-04-21T09:00");  // Tuesday
  std::string id = desk_intake(u, "local.1", json::array())["id"];
  std::string r01 = u.slip(kCitizen, id, "01");
  EXPECT_TRUE(has(r01, "Bến Sung, ngày 21 tháng 04 năm 2026")) << r01;
  EXPECT_TRUE(has(r01, "09 giờ 00 phút, ngày 21/04/2026")) << r01;
  EXPECT_TRUE(has(r01, "Lê Thị Hoa")) << r01;
  u.act_ok(kDesk, id, "transfer", {{"unit", "TP"}});
  set_clock(s, u, "2026-04-22T10:00");
  u.act_ok(kSpecialist, id, "request-supplement", {{"reason", "Thiếu văn bản đề xuất"}, {"items", {"Văn bản đề xuất của công chức tư pháp"}}});
  std::string r02 = u.slip(kCitizen, id, "02");
  EXPECT_TRUE(has(r02, "ngày 22 tháng 04 năm 2026")) << r02;
  EXPECT_TRUE(has(r02, "Trần Văn Bình")) << r02;
  EXPECT_TRUE(has(r02, kPhone)) << r02;
  set_clock(s, u, "2026-04-24T14:00");
  u.act_ok(kCitizen, id, "supply", {{"note", "Đã nộp"}});
  json after = u.act_ok(kDesk, id, "accept-supplement");  // the due date moves …
  EXPECT_EQ(u.slip(kCitizen, id, "01"), r01);          // … the receipt does not
  EXPECT_EQ(u.slip(kCitizen, id, "02"), r02);
  u.act_ok(kLeader, id, "apologize", {{"reason", "Chờ xác minh"}, {"new_due", "2026-06-15"}});  // signed by the head (a leader)
  std::string r04 = u.slip(kCitizen, id, "04");
  EXPECT_TRUE(has(r04, "ngày 24 tháng 04 năm 2026")) << r04;
  EXPECT_TRUE(has(r04, "Phạm Văn Cường")) << r04;
  EXPECT_TRUE(has(r04, "THỦ TRƯỞNG CƠ QUAN")) << r04;
  EXPECT_FALSE(has(r04, "TL. THỦ TRƯỞNG CƠ QUAN")) << r04;
  EXPECT_TRUE(has(r04, "15/06/2026")) << r04;
  set_clock(s, u, "2026-04-28T08:30");
  EXPECT_EQ(u.slip(kCitizen, id, "04"), r04);
  u.act_ok(kSpecialist, id, "stop", {{"reason", "Người nộp đề nghị dừng"}});  // in processing: the competent agency stops it
  std::string rstop = u.slip(kCitizen, id, "stop");
  EXPECT_TRUE(has(rstop, "ngày 28 tháng 04 năm 2026")) << rstop;
  EXPECT_TRUE(has(rstop, "Trần Văn Bình")) << rstop;
  EXPECT_TRUE(has(rstop, "Người nộp đề nghị dừng")) << rstop;
  EXPECT_TRUE(has(rstop, "21/04/2026")) << rstop;  // received
  set_clock(s, u, "2026-05-06T15:00");
  EXPECT_EQ(u.slip(kCitizen, id, "stop"), rstop);
  EXPECT_EQ(u.slip(kCitizen, id, "04"), r04);
  EXPECT_EQ(u.slip(kCitizen, id, "01"), r01);
  // A refusal (Mẫu 03): dated the refusal, named by the refusing officer, the desk's phone.
  auto sub = u.post(kCitizen, "/api/v1/dossiers", submission(s, "local.1"));
  ASSERT_EQ(sub.status, 201) << sub.body;
  std::string other = sub.json()["id"];
  u.act_ok(kDesk, other, "refuse", {{"reason", "Không thuộc thẩm quyền"}});
  std::string r03 = u.slip(kCitizen, other, "03");
  EXPECT_TRUE(has(r03, "ngày 06 tháng 05 năm 2026")) << r03;
  EXPECT_TRUE(has(r03, "Lê Thị Hoa")) << r03;
  EXPECT_TRUE(has(r03, kPhone)) << r03;
  EXPECT_TRUE(has(r03, "Không thuộc thẩm quyền")) << r03;
  set_clock(s, u, "2026-05-11T09:00");
  EXPECT_EQ(u.slip(kCitizen, other, "03"), r03);
}

TEST(DossierSlips, FormsEraIsConfigurable) {
  auto run = [](ServerProcess& s) {
    Users u{s, {}};
    std::string id = desk_intake(u, "local.1", json::array())["id"];
    u.act_ok(kDesk, id, "stop", {{"reason", "Dừng thử"}});
    return std::pair{u.slip(kDesk, id, "01"), u.slip(kDesk, id, "stop")};
  };
  ServerProcess y2025({"--demo-if-empty"});
  auto [r25, s25] = run(y2025);
  EXPECT_TRUE(has(r25, "Mẫu số 01 (Thông tư số 03/2025/TT-VPCP)")) << r25;
  EXPECT_TRUE(has(s25, "Mẫu số 05 (Thông tư số 03/2025/TT-VPCP)")) << s25;
  ServerProcess y2018({"--demo-if-empty", "--forms-era", "2018"});
  auto [r18, s18] = run(y2018);
  EXPECT_TRUE(has(r18, "Mẫu số 01 (Thông tư số 01/2018/TT-VPCP)")) << r18;
  EXPECT_FALSE(has(s18, "Mẫu số")) << s18;  // no numbered stop notice in TT 01/2018
  EXPECT_TRUE(has(s18, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ")) << s18;
  // The environment works too.
  ServerProcess env({"--demo-if-empty"}, {"MOTCUA_FORMS_ERA=2018"});
  EXPECT_TRUE(has(run(env).first, "Thông tư số 01/2018/TT-VPCP"));
}

TEST(DossierSlips, ApplicantTypesAreEnforcedAtSubmissionAndIntake) {
  ServerProcess s({"--demo-if-empty"});
  Users u{s, {}};
  // local.3 is for religious organisations only (LoaiDoiTuong 4): a citizen cannot file it online …
  auto r = u.post(kCitizen, "/api/v1/dossiers", submission(s, "local.3"));
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "applicant_type_not_allowed");
  EXPECT_TRUE(has(r.json()["error"]["message"].get<std::string>(), "Tổ chức khác")) << r.body;
  EXPECT_TRUE(has(r.json()["error"]["message"].get<std::string>(), "Công dân không được nộp")) << r.body;
  // … nor at the desk; an organisation of type 4 can (here by post), and its type is recorded.
  json base = {{"procedure_code", "local.3"}, {"agency_code", kBenSung}, {"delivery", "desk"}};
  json citizen = base;
  citizen["applicant"] = {{"name", "Nguyễn Văn An"}, {"type", 1}};
  r = u.post(kDesk, "/api/v1/dossiers", citizen);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "applicant_type_not_allowed");
  json org = base;  // local.3 takes organisations online or by post, not at the desk
  org["applicant"] = {{"name", "Giáo xứ Bến Sung"}, {"type", 4}};
  r = u.post("buudien.bensung", "/api/v1/dossiers", org);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["applicant"]["type"], 4);
  EXPECT_EQ(r.json()["channel"], 3);
  // A business's identification number is its enterprise code.
  json biz = {{"procedure_code", "2.000635"}, {"agency_code", kBenSung}, {"applicant", {{"name", "Công ty TNHH A"}, {"type", 2}, {"id_number", "12ab"}}}};
  r = u.post(kDesk, "/api/v1/dossiers", biz);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("applicant.id_number"), std::string::npos) << r.body;
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers").json()["total"], 1);
  // An organisation account files as a business (2): Đăng ký kết hôn is for citizens only.
  ASSERT_EQ(s.post_json("/api/v1/auth/register", {{"tax_code", "0101234567"}, {"name", "Công ty TNHH Minh An"}, {"representative", "Lê Văn Minh"},
                                                  {"phone", "0912000111"}, {"email", "minhan@example.vn"}, {"password", "MinhAn#2026x"}})
                .status,
            201);
  std::string code;
  {
    std::istringstream in(wait_outbox_log_for(s, {"minhan@example.vn"}));
    std::string line;
    std::regex digits("([0-9]{6,8})");
    while (std::getline(in, line)) {
      auto j = json::parse(line);
      std::smatch m;
      std::string body = j["body"];
      if (j["to"] == "minhan@example.vn" && std::regex_search(body, m, digits)) code = m[1];
    }
  }
  ASSERT_EQ(s.post_json("/api/v1/auth/verify", {{"username", "0101234567"}, {"code", code}, {"purpose", "verify_email"}}).status, 200);
  s.login("0101234567", "MinhAn#2026x");
  r = s.post_json("/api/v1/dossiers", submission(s, "1.000894"));
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "applicant_type_not_allowed");
  EXPECT_TRUE(has(r.json()["error"]["message"].get<std::string>(), "Doanh nghiệp không được nộp")) << r.body;
}

TEST(DossierSlips, MarriageAndDeathRegistrationAreMotPhan) {
  ServerProcess s({"--demo-if-empty"});
  for (const char* code : {"1.000894", "1.000656"}) {
    auto p = s.get(std::string("/api/v1/procedures/") + code).json();
    EXPECT_EQ(p["online_level"], "mot_phan") << code;
    EXPECT_EQ(p["legacy_online_level"], 4) << code;
  }
  // Một phần: the result is not delivered online.
  Users u{s, {}};
  json sub = submission(s, "1.000894");
  sub["delivery"] = "online";
  auto r = u.post(kCitizen, "/api/v1/dossiers", sub);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "delivery_not_allowed");
}

// The slips a dossier lists (GET …/{id} "slips", what both dossier pages show) are exactly the ones the
// PDF endpoint prints for that reader — one rule (domain/dossier/slips.h) — at every step.
TEST(DossierSlips, ListedSlipsAreExactlyThePrintableOnes) {
  ServerProcess s({"--demo-if-empty"});
  Users u{s, {}};
  s.login(kCitizen);
  std::string file = upload_pdf(s, "giay-to.pdf");
  auto check = [&](const std::string& id, const std::string& step) {
    for (const char* who : {kCitizen, kDesk}) {
      json d = u.get(who, "/api/v1/dossiers/" + std::string(id)).json();
      std::set<std::string> listed;
      for (const auto& k : d["slips"]) listed.insert(k.get<std::string>());
      for (const char* form : {"01", "02", "03", "04", "05", "06", "stop"}) {
        int status = u.get(who, "/api/v1/dossiers/" + id + "/forms/" + form + ".pdf").status;
        if (listed.count(form)) EXPECT_EQ(status, 200) << step << " " << who << " " << form;
        else EXPECT_TRUE(status == 409 || status == 404) << step << " " << who << " " << form << " " << status;
      }
    }
  };
  json sub = submission(s, "1.000894");
  sub["documents"] = {{{"component_code", "KH-04"}, {"file_id", file}}};
  auto r = u.post(kCitizen, "/api/v1/dossiers", sub);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"];
  check(id, "submitted");
  EXPECT_TRUE(r.json()["slips"].empty());
  u.act_ok(kDesk, id, "request-completion", {{"reason", "Ảnh chụp mờ"}});
  check(id, "completion requested");
  u.act_ok(kDesk, id, "accept");
  check(id, "accepted");
  json staff_view = u.get(kDesk, "/api/v1/dossiers/" + id).json();
  EXPECT_EQ(staff_view["slips"], json({"01", "02", "05", "06"})) << staff_view["slips"];
  json citizen_view = u.get(kCitizen, "/api/v1/dossiers/" + id).json();
  EXPECT_EQ(citizen_view["slips"], json({"01", "02"})) << citizen_view["slips"];
  u.act_ok(kDesk, id, "stop", {{"reason", "Người nộp đề nghị dừng"}});
  check(id, "stopped");
  // A refused dossier: only Mẫu 03.
  auto r2 = u.post(kCitizen, "/api/v1/dossiers", sub);
  ASSERT_EQ(r2.status, 201) << r2.body;
  std::string id2 = r2.json()["id"];
  u.act_ok(kDesk, id2, "refuse", {{"reason", "Không thuộc thẩm quyền"}});
  check(id2, "refused");
  EXPECT_EQ(u.get(kCitizen, "/api/v1/dossiers/" + id2).json()["slips"], json({"03"}));
}
