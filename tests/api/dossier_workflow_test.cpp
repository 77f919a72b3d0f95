// Dossier workflow through the real server: every illegal transition from every status (table test),
// the deadline acceptance case and the supplement clock pause (with the server's test clock), desk and
// postal intake with R16 routing, assignment / consultation / send-back and the inboxes, payment,
// apology and the slips (pdftotext), documents access, the ledger, and optimistic concurrency.
#include <sstream>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>

#include "domain/dossier/state_machine.h"
#include "support/dossier_fixtures.h"
#include "support/http_client.h"
#include "support/signed_in.h"
#include "support/test_db.h"
#include "support/outbox_log.h"

using namespace motcua::testing;
using nlohmann::json;
namespace dossier = motcua::dossier;

namespace {

const char* kDesk = "motcua.bensung";
const char* kSpecialist = "tuphap.bensung";
const char* kLeader = "lanhdao.bensung";
const char* kCitizen = "001090000001";
const char* kPost = "buudien.bensung";

// A walk-in dossier recorded and accepted at the Bến Sung desk for the demo citizen (linked by CCCD).
json desk_intake(Users& u, const std::string& procedure = "local.1", json extra = json::object()) {
  json body = {{"procedure_code", procedure},
               {"agency_code", "000.01.25.H56"},
               {"applicant", {{"name", "Nguyễn Văn An"}, {"id_number", kCitizen}, {"phone", "0912345678"}, {"address", "Khu phố 1, thị trấn Bến Sung"}}},
               {"delivery", "desk"},
               {"accept", true}};
  for (auto& [k, v] : extra.items()) body[k] = v;
  auto r = u.post(kDesk, "/api/v1/dossiers", body);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json();
}

std::string at_status(Users& u, int status) {
  if (status == 1) {
    auto r = u.post(kCitizen, "/api/v1/dossiers", submission(u.s, "local.1"));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  if (status == 3) {
    std::string id = at_status(u, 1);
    EXPECT_EQ(u.act(kDesk, id, "refuse", {{"reason", "Không thuộc thẩm quyền"}}).status, 200);
    return id;
  }
  std::string id = desk_intake(u)["id"];
  auto ok = [&](const char* user, const char* action, json body = json::object()) {
    auto r = u.act(user, id, action, body);
    EXPECT_EQ(r.status, 200) << action << ": " << r.body;
  };
  if (status == 2) return id;
  if (status == 7) return ok(kCitizen, "withdraw"), id;
  if (status == 8) return ok(kDesk, "stop", {{"reason", "Người nộp không bổ sung"}}), id;  // the desk stops it while it is still at the desk (2)
  ok(kDesk, "transfer", {{"unit", "TP"}});
  if (status == 4) return id;
  if (status == 5) return ok(kSpecialist, "request-supplement", {{"reason", "Thiếu giấy tờ"}}), id;
  if (status == 6) return ok(kSpecialist, "request-payment", {{"amount", 50000}, {"reason", "Lệ phí"}}), id;
  std::string file;
  {
    u.s.login(kSpecialist);
    file = upload_pdf(u.s, "ket-qua.pdf");
  }
  ok(kSpecialist, "attach-result", {{"file_id", file}});
  ok(kLeader, "approve");
  if (status == 9) return id;
  ok(kDesk, "return-result", {{"note", "Ông An nhận"}});
  return id;
}

const char* user_for(dossier::Action a) {
  using dossier::Actor;
  for (auto [actor, user] : {std::pair{Actor::desk, kDesk}, std::pair{Actor::specialist, kSpecialist}, std::pair{Actor::leader, kLeader},
                             std::pair{Actor::applicant, kCitizen}, std::pair{Actor::post, kPost}})
    if (dossier::permitted(a, actor)) return user;
  return kDesk;
}

}  // namespace


ON_BOTH_DATABASES(DossierWorkflow, EveryIllegalTransitionFromEveryStatusIs409AndChangesNothing) {
  Users u{s, {}};
  // Everything an action could need, so that only the transition itself is wrong.
  json body = {{"reason", "Lý do kiểm thử"}, {"note", "Ghi chú"}, {"amount", 1000}, {"new_due", "2035-01-02"}, {"assignee", kSpecialist},
               {"unit", "TP"}, {"items", {"Bản sao giấy tờ"}}, {"agency", "000.00.25.H56"}};
  int checked = 0;
  for (int code = 1; code <= 10; ++code) {
    std::string id = at_status(u, code);
    auto before = u.get(kDesk, "/api/v1/dossiers/" + id).json();
    ASSERT_EQ(before["status"], code) << before.dump();
    auto st = *dossier::status_from_code(code);
    for (auto a : dossier::all_actions()) {
      if (dossier::allowed_from(a, st)) continue;
      auto r = u.act(user_for(a), id, std::string(dossier::to_string(a)), body);
      EXPECT_EQ(r.status, 409) << "action " << dossier::to_string(a) << " from status " << code << ": " << r.body;
      if (r.status == 409) {
        auto e = r.json()["error"];
        EXPECT_EQ(e["code"], "illegal_transition") << r.body;
        EXPECT_NE(e["message"].get<std::string>().find(std::string(dossier::label_vi(st))), std::string::npos) << r.body;
      }
      ++checked;
    }
    auto after = u.get(kDesk, "/api/v1/dossiers/" + id).json();
    EXPECT_EQ(after["row_version"], before["row_version"]) << "status " << code;
    EXPECT_EQ(after["history"].size(), before["history"].size());
    EXPECT_EQ(after["requests"].size(), before["requests"].size());
  }
  EXPECT_GT(checked, 150);
}

TEST(DossierWorkflow, DeadlineAcrossHolidaysAndSupplementPauseMovesTheDueDateExactly) {
  ServerProcess s({"--demo-if-empty", "--test-clock"});
  Users u{s, {}};
  auto clock = [&](const std::string& t) {
    ASSERT_EQ(http_request(s.port(), "POST", "/test/clock", json{{"now", t}}.dump(), {{"Content-Type", "application/json"}}).status, 200);
    u.forget();
  };
  // Friday 24/04/2026 10:00, 3 working days: Giỗ Tổ (26/4, compensated Monday 27/4) and 30/4–1/5 are skipped.
  clock("2026-04-24T10:00");
  json d = desk_intake(u);
  EXPECT_EQ(d["due_at"], "2026-05-04T10:00:00+07:00");
  EXPECT_TRUE(d["code"].get<std::string>().find("-260424-") != std::string::npos) << d["code"];
  std::string id = d["id"];
  ASSERT_EQ(u.act(kDesk, id, "transfer", {{"unit", "TP"}}).status, 200);
  // Supplement requested Tuesday 28/04 09:00, supplied and accepted Wednesday 29/04 10:00:
  // 150 + 210 + 180 = 540 working minutes = 9 working hours of pause.
  clock("2026-04-28T09:00");
  auto r = u.act(kSpecialist, id, "request-supplement", {{"reason", "Thiếu bản sao giấy chứng sinh"}, {"items", {"Giấy chứng sinh"}}, {"deadline", "2026-05-15"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], 5);
  EXPECT_TRUE(r.json()["clock_paused"].get<bool>());
  EXPECT_EQ(r.json()["supplement_count"], 1);
  clock("2026-04-29T10:00");
  ASSERT_EQ(u.act(kCitizen, id, "supply", {{"note", "Đã nộp bổ sung tại quầy"}}).status, 200);
  r = u.act(kDesk, id, "accept-supplement");
  ASSERT_EQ(r.status, 200) << r.body;
  d = r.json();
  EXPECT_EQ(d["status"], 4);
  EXPECT_FALSE(d["clock_paused"].get<bool>());
  EXPECT_EQ(d["due_at"], "2026-05-05T11:00:00+07:00");
  auto calc = u.get(kDesk, "/api/v1/calendar/due?agency=000.01.25.H56&from=2026-05-04T10:00&amount=9&unit=hours").json();
  EXPECT_EQ(calc["due"], d["due_at"]);  // exactly N working hours later
  // Overdue inbox once the appointment has passed.
  clock("2026-05-06T08:00");
  auto list = u.get(kSpecialist, "/api/v1/dossiers?overdue=1").json();
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["timeliness"], "overdue");
  EXPECT_EQ(u.get(kSpecialist, "/api/v1/dossiers?due_soon=1").json()["total"], 0);
}

ON_BOTH_DATABASES(DossierWorkflow, DeskAndPostIntakeWithComponentsAndRouting) {
  Users u{s, {}};
  json base = {{"procedure_code", "1.001193"},
               {"agency_code", "000.01.25.H56"},
               {"applicant", {{"name", "Nguyễn Văn An"}, {"id_number", kCitizen}}},
               {"accept", true}};
  // Mandatory components not received → 422 naming them; nothing stored.
  auto r = u.post(kDesk, "/api/v1/dossiers", base);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["code"], "documents_missing");
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers").json()["total"], 0);
  // A wrong CCCD is named precisely.
  json bad = base;
  bad["applicant"]["id_number"] = "999090000001";
  r = u.post(kDesk, "/api/v1/dossiers", bad);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("applicant.id_number"), std::string::npos);
  // With the components ticked (one scanned by the desk) and R16 routing to another commune.
  s.login(kDesk);
  std::string scan = upload_pdf(s, "giay-chung-sinh.pdf");
  json good = base;
  good["documents"] = {{{"component_code", "KS-01"}, {"copy_type", "original"}}, {{"component_code", "KS-02"}, {"copy_type", "original"}, {"file_id", scan}}, {{"component_code", "KS-06"}, {"copy_type", "photo"}}};
  good["handling_agency_code"] = "000.07.12.H56";
  r = u.post(kDesk, "/api/v1/dossiers", good);
  ASSERT_EQ(r.status, 201) << r.body;
  json d = r.json();
  EXPECT_EQ(d["status"], 2);
  EXPECT_EQ(d["channel"], 1);
  EXPECT_EQ(d["handling_agency"], "000.07.12.H56");
  EXPECT_EQ(d["documents"].size(), 3u);
  EXPECT_EQ(d["documents"][1]["copy_type"], "original");
  EXPECT_EQ(d["documents"][2]["copy_type"], "photo");
  // The citizen with that CCCD sees it in their own list (R12 link), and can read the desk's scan.
  auto mine = u.get(kCitizen, "/api/v1/dossiers").json();
  ASSERT_EQ(mine["total"], 1);
  EXPECT_EQ(u.get(kCitizen, "/api/v1/dossiers/" + d["id"].get<std::string>() + "/documents/" + scan).status, 200);
  // Transfer goes to a unit of the competent agency, chosen from its units.
  EXPECT_EQ(u.act(kDesk, d["id"], "transfer", {{"unit", "KHONG-CO"}}).status, 422);
  r = u.act(kDesk, d["id"], "transfer");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], 4);
  EXPECT_FALSE(r.json()["unit"].get<std::string>().empty());
  // A procedure that is not received regardless of boundary cannot be routed elsewhere.
  json local = {{"procedure_code", "local.1"}, {"agency_code", "000.01.25.H56"}, {"handling_agency_code", "000.07.12.H56"},
                {"applicant", {{"name", "Trần Thị Bình"}}}};
  EXPECT_EQ(u.post(kDesk, "/api/v1/dossiers", local).status, 422);
  // The post office records a postal arrival (channel 3) but cannot accept it.
  local.erase("handling_agency_code");
  r = u.post(kPost, "/api/v1/dossiers", local);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["channel"], 3);
  EXPECT_EQ(r.json()["status"], 1);
  local["accept"] = true;
  EXPECT_EQ(u.post(kPost, "/api/v1/dossiers", local).status, 403);
  // A specialist does not record dossiers (desk and post only).
  EXPECT_EQ(u.post(kSpecialist, "/api/v1/dossiers", local).status, 403);
}

ON_BOTH_DATABASES(DossierWorkflow, AssignConsultSendBackAndInboxes) {
  Users u{s, {}};
  std::string id = desk_intake(u)["id"];
  ASSERT_EQ(u.act(kDesk, id, "transfer", {{"unit", "TP"}}).status, 200);
  EXPECT_EQ(u.act(kLeader, id, "assign", {{"assignee", "quantri"}}).status, 422);  // not a processing officer there
  auto r = u.act(kLeader, id, "assign", {{"assignee", kSpecialist}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto mine = u.get(kSpecialist, "/api/v1/dossiers?assignee=me&open=1").json();
  ASSERT_EQ(mine["total"], 1);
  EXPECT_EQ(mine["items"][0]["unit"], "TP");
  EXPECT_EQ(u.get(kSpecialist, "/api/v1/dossiers?unit=TP").json()["total"], 1);
  EXPECT_EQ(u.get(kSpecialist, "/api/v1/dossiers?unit=MC").json()["total"], 0);
  // Consult the district (liên thông): only an officer of the consulted agency replies — never the one
  // who asked; reply once; a second reply has nothing to answer.
  auto staff = u.post("quantri", "/api/v1/admin/users",
                      {{"username", "tuphap.nhuthanh"}, {"full_name", "Đỗ Thị Mai"}, {"password", "TuPhap#2026x"},
                       {"grants", {{{"role", "specialist"}, {"agency", "000.00.25.H56"}, {"unit", "TP"}}}}});
  ASSERT_EQ(staff.status, 201) << staff.body;
  const char* kDistrict = "tuphap.nhuthanh";
  u.tokens[kDistrict] = u.s.login(kDistrict, "TuPhap#2026x");
  EXPECT_EQ(u.get(kDistrict, "/api/v1/dossiers/" + id).status, 200);  // the district reads its communes' dossiers…
  EXPECT_EQ(u.act(kDistrict, id, "reply", {{"note", "Chưa được hỏi"}}).status, 409);  // …but nothing was asked yet
  r = u.act(kSpecialist, id, "consult", {{"agency", "000.00.25.H56"}, {"hours", 8}, {"note", "Xin ý kiến Phòng Tư pháp huyện"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["substate"], "at_consulted_agency");
  EXPECT_FALSE(r.json()["requests"][0]["deadline"].is_null());
  EXPECT_EQ(u.act(kSpecialist, id, "reply", {{"note", "Tự trả lời"}}).status, 403);  // the asker does not answer
  EXPECT_EQ(u.act(kDistrict, id, "reply").status, 422);  // the reply needs content
  r = u.act(kDistrict, id, "reply", {{"note", "Đồng ý đăng ký"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["requests"][0]["answer"], "Đồng ý đăng ký");
  EXPECT_EQ(u.act(kDistrict, id, "reply", {{"note", "lần hai"}}).status, 409);  // nothing left to answer
  EXPECT_EQ(u.get(kDistrict, "/api/v1/dossiers/" + id).status, 200);  // the consulted agency keeps read access
  // Submit to the leader, who sends it back with a reason: it returns to the specialist.
  r = u.act(kSpecialist, id, "submit-for-approval", {{"assignee", kLeader}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["assignee"], kLeader);
  EXPECT_EQ(u.act(kLeader, id, "send-back").status, 422);  // reason mandatory
  r = u.act(kLeader, id, "send-back", {{"reason", "Kiểm tra lại họ tên người cha"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["assignee"], kSpecialist);
  // The control slip (Mẫu 06) lists the hand-overs.
  auto pdf = u.get(kSpecialist, "/api/v1/dossiers/" + id + "/forms/06.pdf");
  ASSERT_EQ(pdf.status, 200);
  std::string text = pdftotext(pdf.body);
  EXPECT_NE(text.find("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"), std::string::npos) << text;
  EXPECT_NE(text.find("Tư pháp"), std::string::npos) << text;
  // Internal slips are not for the applicant.
  EXPECT_EQ(u.get(kCitizen, "/api/v1/dossiers/" + id + "/forms/06.pdf").status, 404);
  // The applicant sees the timeline without officers' account names.
  auto seen = u.get(kCitizen, "/api/v1/dossiers/" + id).json();
  EXPECT_FALSE(seen["history"][1].contains("actor"));
  EXPECT_FALSE(seen.contains("assignee"));
}

ON_BOTH_DATABASES(DossierWorkflow, PaymentApologyStopAndTheirSlips) {
  Users u{s, {}};
  std::string id = desk_intake(u)["id"];
  ASSERT_EQ(u.act(kDesk, id, "transfer").status, 200);
  EXPECT_EQ(u.act(kSpecialist, id, "request-payment", {{"amount", -5}}).status, 422);
  EXPECT_EQ(u.act(kSpecialist, id, "request-payment", {{"amount", "50000"}}).status, 422);
  auto r = u.act(kSpecialist, id, "request-payment", {{"amount", 1250000}, {"reason", "Lệ phí đăng ký"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], 6);
  EXPECT_EQ(r.json()["fee_amount"], 1250000);
  EXPECT_FALSE(r.json()["clock_paused"].get<bool>());  // DOMAIN: the clock runs at 6 unless the procedure says otherwise
  EXPECT_EQ(r.json()["clock"], "running");
  r = u.act(kDesk, id, "record-payment", {{"note", "Biên lai số 0001234"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], 4);
  EXPECT_FALSE(r.json()["paid_at"].is_null());
  // Apology (Mẫu 04): reason and a later appointment — a working day of the solving agency, within a
  // year — at most once.
  std::string due = r.json()["due_at"];
  std::string later = u.get(kDesk, "/api/v1/calendar/due?agency=000.01.25.H56&from=" + due.substr(0, 16) + "&amount=10&unit=working_days")
                          .json()["due"].get<std::string>().substr(0, 10);
  std::string later_vn = later.substr(8, 2) + "/" + later.substr(5, 2) + "/" + later.substr(0, 4);
  // Mẫu 04 is signed by the head of the solving agency: a specialist may not issue it.
  EXPECT_EQ(u.act(kSpecialist, id, "apologize", {{"reason", "Chờ xác minh"}, {"new_due", later}}).status, 403);
  EXPECT_EQ(u.act(kLeader, id, "apologize", {{"reason", "Chờ xác minh"}}).status, 422);
  EXPECT_EQ(u.act(kLeader, id, "apologize", {{"reason", "Chờ xác minh"}, {"new_due", "2020-01-01"}}).status, 422);
  EXPECT_EQ(u.act(kLeader, id, "apologize", {{"reason", "Chờ xác minh"}, {"new_due", "9999-12-31"}}).status, 422);  // not years away
  r = u.act(kLeader, id, "apologize", {{"reason", "Cần xác minh thông tin với cơ quan khác"}, {"new_due", later}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["original_due_at"], due);
  EXPECT_EQ(r.json()["due_at"], later + "T17:00:00+07:00");
  auto again = u.act(kLeader, id, "apologize", {{"reason", "Lần hai"}, {"new_due", later}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.json()["error"]["code"], "apology_limit");
  auto pdf = u.get(kCitizen, "/api/v1/dossiers/" + id + "/forms/04.pdf");
  ASSERT_EQ(pdf.status, 200);
  std::string text = pdftotext(pdf.body);
  EXPECT_NE(text.find("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"), std::string::npos) << text;  // TT 03/2025 (default era)
  EXPECT_NE(text.find(later_vn), std::string::npos) << text;
  // Supplement request → Mẫu 02 with the list; then stop → stop notice.
  r = u.act(kSpecialist, id, "request-supplement", {{"reason", "Thiếu giấy tờ"}, {"items", {"Bản sao Giấy chứng sinh", "Giấy xác nhận cư trú"}}});
  ASSERT_EQ(r.status, 200) << r.body;
  text = pdftotext(u.get(kCitizen, "/api/v1/dossiers/" + id + "/forms/02.pdf").body);
  EXPECT_NE(text.find("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"), std::string::npos) << text;
  EXPECT_NE(text.find("Giấy xác nhận cư trú"), std::string::npos) << text;
  EXPECT_EQ(u.get(kCitizen, "/api/v1/dossiers/" + id + "/forms/stop.pdf").status, 409);
  // In processing the competent agency stops it, not the desk (which only stops at 2).
  EXPECT_EQ(u.act(kDesk, id, "stop", {{"reason", "Quá hạn bổ sung hồ sơ"}}).status, 403);
  EXPECT_EQ(u.act(kSpecialist, id, "stop").status, 422);
  r = u.act(kSpecialist, id, "stop", {{"reason", "Quá hạn bổ sung hồ sơ"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], 8);
  text = pdftotext(u.get(kCitizen, "/api/v1/dossiers/" + id + "/forms/stop.pdf").body);
  EXPECT_NE(text.find("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"), std::string::npos) << text;
  EXPECT_NE(text.find("Quá hạn bổ sung hồ sơ"), std::string::npos) << text;
  // The applicant was told (through the outbox; the log channel in tests).
  std::string log = wait_outbox_log_for(s, {"Thư xin lỗi và hẹn lại ngày trả kết quả", "Yêu cầu bổ sung hồ sơ", "Dừng xử lý hồ sơ"});
  EXPECT_NE(log.find("Thư xin lỗi và hẹn lại ngày trả kết quả"), std::string::npos) << log;
  EXPECT_NE(log.find("Yêu cầu bổ sung hồ sơ"), std::string::npos) << log;
  EXPECT_NE(log.find("Dừng xử lý hồ sơ"), std::string::npos) << log;
}

ON_BOTH_DATABASES(DossierWorkflow, DocumentsAccessLedgerAndOptimisticConcurrency) {
  Users u{s, {}};
  // Online submission with an attachment of the citizen's own upload; a foreign file id is refused.
  s.login(kCitizen);
  std::string file = upload_pdf(s, "to-khai.pdf");
  s.login(kDesk);
  std::string desk_file = upload_pdf(s, "scan.pdf");
  json sub = submission(s, "1.000894");
  sub["documents"] = {{{"component_code", "KH-04"}, {"file_id", desk_file}}};
  EXPECT_EQ(u.post(kCitizen, "/api/v1/dossiers", sub).status, 422);  // not my upload
  sub["documents"] = json::array();
  auto r = u.post(kCitizen, "/api/v1/dossiers", sub);
  EXPECT_EQ(r.status, 422);  // mandatory component missing
  EXPECT_EQ(r.json()["error"]["code"], "documents_missing");
  sub["documents"] = {{{"component_code", "KH-04"}, {"file_id", file}}};
  r = u.post(kCitizen, "/api/v1/dossiers", sub);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"];
  // Staff of the agency read the citizen's upload through the dossier; the file API stays owner-only.
  auto doc = u.get(kDesk, "/api/v1/dossiers/" + id + "/documents/" + file);
  ASSERT_EQ(doc.status, 200);
  EXPECT_EQ(doc.header("Content-Type"), "application/pdf");
  EXPECT_EQ(u.get(kDesk, "/api/v1/files/" + file).status, 404);
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers/" + id + "/documents/" + desk_file).status, 404);  // not attached here
  // Optimistic concurrency: a stale If-Match / row_version is 409 and changes nothing.
  auto cur = u.get(kDesk, "/api/v1/dossiers/" + id);
  std::string etag = cur.header("ETag");
  ASSERT_FALSE(etag.empty());
  r = u.act(kDesk, id, "request-completion", {{"reason", "Ảnh chụp mờ"}, {"items", {"Chụp lại giấy tờ"}}, {"row_version", cur.json()["row_version"]}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], 1);
  EXPECT_EQ(r.json()["substate"], "waiting_for_completion");
  auto stale = u.post(kDesk, "/api/v1/dossiers/" + id + "/actions/accept", json::object(), {{"If-Match", etag}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.json()["error"]["code"], "stale_version");
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers/" + id).json()["status"], 1);
  EXPECT_EQ(u.post(kDesk, "/api/v1/dossiers/" + id + "/actions/accept", json::object(), {{"If-Match", "garbage"}}).status, 400);
  // The applicant completes it (adds a file) and the desk accepts.
  s.login(kCitizen);
  std::string more = upload_pdf(s, "anh-ro.pdf");
  r = u.post(kCitizen, "/api/v1/dossiers/" + id + "/documents", {{"documents", {{{"component_code", "KH-04"}, {"file_id", more}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["documents"].size(), 2u);
  r = u.act(kDesk, id, "accept");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["requests"][0]["closed_at"].is_string());
  // Ledger (Mẫu 05) of the desk for today.
  std::string today = r.json()["received_at"].get<std::string>().substr(0, 10);
  auto l = u.get(kDesk, "/api/v1/ledger?agency=000.01.25.H56&from=" + today + "&to=" + today);
  ASSERT_EQ(l.status, 200) << l.body;
  ASSERT_EQ(l.json()["rows"].size(), 1u);
  EXPECT_EQ(l.json()["rows"][0]["code"], r.json()["code"]);
  auto lp = u.get(kDesk, "/api/v1/ledger?agency=000.01.25.H56&from=" + today + "&to=" + today + "&format=pdf");
  ASSERT_EQ(lp.status, 200);
  std::string text = pdftotext(lp.body);
  EXPECT_NE(text.find("SỔ THEO DÕI HỒ SƠ"), std::string::npos) << text;
  EXPECT_EQ(u.get(kDesk, "/api/v1/ledger?agency=000.07.12.H56&from=" + today + "&to=" + today).status, 404);  // not my agency
  EXPECT_EQ(u.get(kDesk, "/api/v1/ledger?agency=000.01.25.H56&from=2026-02-01&to=2026-01-01").status, 422);
  EXPECT_EQ(u.get(kSpecialist, "/api/v1/ledger?agency=000.01.25.H56&from=" + today + "&to=" + today).status, 403);
}

TEST(DossierWorkflow, DraftsMayBeIncompleteButSubmissionIsCheckedInFull) {
  ServerProcess s({"--demo-if-empty"});
  Users u{s, {}};
  json draft = {{"procedure_code", "1.001653"}, {"agency_code", "000.01.25.H56"}, {"form", {{"ho_ten", "Nguyễn Văn An"}}}, {"submit", false}};
  auto r = u.post(kCitizen, "/api/v1/dossiers", draft);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["status"], 0);
  EXPECT_EQ(r.json()["status_label"], "Bản nháp");
  draft["form"] = {{"x", {{"nested", 1}}}};
  EXPECT_EQ(u.post(kCitizen, "/api/v1/dossiers", draft).status, 422);  // shape still checked
  draft["form"] = {{"ho_ten", "Nguyễn Văn An"}};
  draft["submit"] = true;
  r = u.post(kCitizen, "/api/v1/dossiers", draft);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["code"], "form_invalid");
  // Drafts are invisible to the desk.
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers").json()["total"], 0);
}

ON_BOTH_DATABASES(DossierWorkflow, InboxSearchByCodePrefixOrName) {
  Users u{s, {}};
  json d = desk_intake(u);
  std::string code = d["code"];
  json other = desk_intake(u, "local.1", {{"applicant", {{"name", "Trần Thị Bình"}}}});
  auto q = [&](const std::string& term) { return u.get(kDesk, "/api/v1/dossiers?q=" + term).json()["total"].get<int>(); };
  EXPECT_EQ(q(code), 1);
  EXPECT_EQ(q(code.substr(0, code.size() - 4)), 2);  // same agency and day
  EXPECT_EQ(q("000.99"), 0);
  EXPECT_EQ(q("B%C3%ACnh"), 1);  // "Bình"
  EXPECT_EQ(q(other["id"].get<std::string>()), 1);
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers?status=0").json()["total"], 0);  // staff never see drafts
}

ON_BOTH_DATABASES(DossierWorkflow, MalformedAndOversizedInputChangesNothing) {
  Users u{s, {}};
  std::string id = desk_intake(u)["id"];
  auto before = u.get(kDesk, "/api/v1/dossiers/" + id).json();
  auto raw = [&](const std::string& target, const std::string& body) {
    return http_request(s.port(), "POST", target, body, {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + u.token(kDesk)}});
  };
  std::string act = "/api/v1/dossiers/" + id + "/actions/transfer";
  EXPECT_EQ(raw(act, "{\"unit\":").status, 400);                       // malformed JSON
  EXPECT_EQ(raw(act, "[1,2]").status, 400);                            // not an object
  EXPECT_EQ(raw(act, "{\"row_version\":\"x\"}").status, 422);          // wrong type
  EXPECT_EQ(raw(act, "{\"note\":\"" + std::string(20000, 'a') + "\"}").status, 413);  // over the route's body limit
  EXPECT_EQ(raw(act, "{\"note\":\"" + std::string(2500, 'a') + "\"}").status, 422);   // over the note limit
  auto r = raw("/api/v1/dossiers/" + id + "/actions/request-payment", "{\"amount\":1e30}");
  EXPECT_TRUE(r.status == 409 || r.status == 422) << r.body;           // not at status 4 yet, and not an integer anyway
  EXPECT_EQ(raw("/api/v1/dossiers/" + id + "/documents", "{\"documents\":\"KS-01\"}").status, 409);  // accepted: documents closed
  EXPECT_EQ(raw("/api/v1/dossiers", "{\"procedure_code\":\"local.1\",\"agency_code\":\"000.01.25.H56\",\"applicant\":{\"name\":\"\"}}").status, 422);
  auto after = u.get(kDesk, "/api/v1/dossiers/" + id).json();
  EXPECT_EQ(after["row_version"], before["row_version"]);
  EXPECT_EQ(after["history"].size(), before["history"].size());
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers").json()["total"], 1);
  auto bad = r.json()["error"]["message"].get<std::string>();
  EXPECT_FALSE(bad.empty());
}
