// Scheduled jobs through the real server (services/jobs, issue "Dossier core, second pass" §3): a
// dossier whose supplement deadline passes without a supplement is stopped by the system within one job
// period — with the stop notice and the applicant told — while one that was supplied in time is left
// alone; the admins see the job and its result; nobody else does.
#include <sstream>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include "support/dossier_fixtures.h"
#include "support/http_client.h"
#include "support/signed_in.h"
#include "support/outbox_log.h"

using namespace motcua::testing;
using nlohmann::json;

namespace {

std::string supplement_requested(Users& u, const std::string& deadline) {
  json body = {{"procedure_code", "local.1"},
               {"agency_code", "000.01.25.H56"},
               {"applicant", {{"name", "Nguyễn Văn An"}, {"id_number", "001090000001"}, {"phone", "0912345678"}}},
               {"delivery", "desk"},
               {"accept", true}};
  auto r = u.post("motcua.bensung", "/api/v1/dossiers", body);
  EXPECT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"];
  EXPECT_EQ(u.act("motcua.bensung", id, "transfer", {{"unit", "TP"}}).status, 200);
  r = u.act("tuphap.bensung", id, "request-supplement", {{"reason", "Thiếu bản sao giấy chứng sinh"}, {"deadline", deadline}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["supplement_due_at"], deadline + "T17:00:00+07:00");
  return id;
}

TEST(DossierJobs, MissedSupplementDeadlineStopsTheDossierWithinOneJobPeriod) {
  ServerProcess s({"--demo-if-empty", "--test-clock", "--job-tick-ms", "100"});
  Users u{s, {}};
  auto clock = [&](const std::string& t) {
    ASSERT_EQ(http_request(s.port(), "POST", "/test/clock", json{{"now", t}}.dump(), {{"Content-Type", "application/json"}}).status, 200);
    u.tokens.clear();
  };
  clock("2026-06-01T09:00");
  std::string late = supplement_requested(u, "2026-06-05");
  std::string supplied = supplement_requested(u, "2026-06-05");
  ASSERT_EQ(u.act("001090000001", supplied, "supply", {{"note", "Đã nộp bổ sung"}}).status, 200);
  // Before the deadline the sweep finds nothing; the overdue inbox lists nothing.
  clock("2026-06-05T16:59");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(u.get("tuphap.bensung", "/api/v1/dossiers/" + late).json()["status"], 5);
  EXPECT_EQ(u.get("tuphap.bensung", "/api/v1/dossiers?overdue=1").json()["total"], 0);
  // After the deadline: stopped by the system within a job period (the test clock moved past it).
  clock("2026-06-05T17:30");
  json d;
  for (int i = 0; i < 100; ++i) {
    d = u.get("tuphap.bensung", "/api/v1/dossiers/" + late).json();
    if (d["status"] == 8) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(d["status"], 8) << d.dump();
  const json& last = d["history"].back();
  EXPECT_EQ(last["action"], "stop");
  EXPECT_EQ(last["role"], "system");
  EXPECT_EQ(last["actor"], "system");
  EXPECT_NE(last["note"].get<std::string>().find("Quá hạn bổ sung hồ sơ"), std::string::npos) << last;
  EXPECT_EQ(d["substate"], "stopped");
  EXPECT_EQ(d["actions"].size(), 0u);
  // The supplied one waits for the desk; it is not stopped.
  EXPECT_EQ(u.get("tuphap.bensung", "/api/v1/dossiers/" + supplied).json()["status"], 5);
  // Stop notice and the applicant told.
  auto pdf = u.get("001090000001", "/api/v1/dossiers/" + late + "/forms/stop.pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_NE(pdftotext(pdf.body).find("Quá hạn bổ sung hồ sơ"), std::string::npos);
  std::string log = wait_outbox_log_for(s, {"Dừng xử lý hồ sơ"});
  EXPECT_NE(log.find("Dừng xử lý hồ sơ"), std::string::npos) << log;
  // Admins see the job and its result; an officer does not.
  auto jobs = u.get("quantri", "/api/v1/jobs");
  ASSERT_EQ(jobs.status, 200) << jobs.body;
  bool seen = false;
  const json listed = jobs.json();
  for (const auto& j : listed["items"])
    if (j["kind"] == "supplement_deadline") {
      seen = true;
      EXPECT_GE(j["runs"].get<int>(), 1);
      EXPECT_EQ(j["state"], "pending");
      EXPECT_EQ(j["last_error"], "");
    }
  EXPECT_TRUE(seen) << jobs.body;
  EXPECT_EQ(u.get("tuphap.bensung", "/api/v1/jobs").status, 403);
  // Jobs are deployment-wide: a commune's administrator does not see them either.
  auto staff = u.post("quantri", "/api/v1/admin/users",
                      {{"username", "quantri.bensung"}, {"full_name", "Ngô Văn Tâm"}, {"password", "QuanTri#2026x"},
                       {"grants", {{{"role", "admin"}, {"agency", "000.01.25.H56"}}}}});
  ASSERT_EQ(staff.status, 201) << staff.body;
  u.tokens["quantri.bensung"] = s.login("quantri.bensung", "QuanTri#2026x");
  EXPECT_EQ(u.get("quantri.bensung", "/api/v1/jobs").status, 403);
  EXPECT_EQ(u.post("tuphap.bensung", "/api/v1/jobs/1/retry", json::object()).status, 403);
  EXPECT_EQ(u.post("quantri", "/api/v1/jobs/999999/retry", json::object()).status, 404);
}

TEST(DossierClockInLists, APausedDossierIsOverdueOnceItsSupplementDeadlinePassed) {
  ServerProcess s({"--demo-if-empty", "--test-clock", "--jobs", "0"});  // no sweep: the dossier stays at 5
  Users u{s, {}};
  auto clock = [&](const std::string& t) {
    ASSERT_EQ(http_request(s.port(), "POST", "/test/clock", json{{"now", t}}.dump(), {{"Content-Type", "application/json"}}).status, 200);
    u.tokens.clear();
  };
  clock("2026-06-01T09:00");
  std::string id = supplement_requested(u, "2026-06-05");
  clock("2026-06-08T09:00");  // the appointment has passed too, but the clock is paused: only the supplement deadline counts
  auto d = u.get("tuphap.bensung", "/api/v1/dossiers/" + id).json();
  EXPECT_EQ(d["status"], 5);
  EXPECT_EQ(d["clock"], "paused");
  EXPECT_EQ(d["timeliness"], "overdue");
  auto list = u.get("tuphap.bensung", "/api/v1/dossiers?overdue=1").json();
  ASSERT_EQ(list["total"], 1) << list.dump();
  EXPECT_EQ(list["items"][0]["id"], id);
  EXPECT_EQ(list["items"][0]["timeliness"], "overdue");  // the list says what the dossier page says
  EXPECT_EQ(u.get("tuphap.bensung", "/api/v1/dossiers?due_soon=1").json()["total"], 0);
  // Supplied in the end and accepted: running again, with the appointment moved by the paused time.
  ASSERT_EQ(u.act("001090000001", id, "supply", {{"note", "Nộp muộn"}}).status, 200);
  ASSERT_EQ(u.act("motcua.bensung", id, "accept-supplement").status, 200);
  d = u.get("tuphap.bensung", "/api/v1/dossiers/" + id).json();
  EXPECT_EQ(d["clock"], "running");
  EXPECT_TRUE(d["supplement_due_at"].is_null());
  EXPECT_EQ(u.get("tuphap.bensung", "/api/v1/dossiers?overdue=1").json()["total"], 0);
}

TEST(DossierJobs, TheDailyDigestTellsEachOfficerTheirOverdueDossiers) {
  ServerProcess s({"--demo-if-empty", "--test-clock", "--job-tick-ms", "100"});
  Users u{s, {}};
  auto clock = [&](const std::string& t) {
    ASSERT_EQ(http_request(s.port(), "POST", "/test/clock", json{{"now", t}}.dump(), {{"Content-Type", "application/json"}}).status, 200);
    u.tokens.clear();
  };
  clock("2026-12-07T09:00");
  json body = {{"procedure_code", "local.1"}, {"agency_code", "000.01.25.H56"}, {"applicant", {{"name", "Nguyễn Văn An"}}}, {"delivery", "desk"}, {"accept", true}};
  auto r = u.post("motcua.bensung", "/api/v1/dossiers", body);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string assigned = r.json()["id"], code = r.json()["code"];
  ASSERT_EQ(u.act("motcua.bensung", assigned, "transfer", {{"unit", "TP"}, {"assignee", "tuphap.bensung"}}).status, 200);
  r = u.post("motcua.bensung", "/api/v1/dossiers", body);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string unassigned_code = r.json()["code"];
  ASSERT_EQ(u.act("motcua.bensung", r.json()["id"], "transfer", {{"unit", "TP"}}).status, 200);
  // Three weeks later, just after the digest hour (07:00): both are overdue.
  clock("2026-12-28T07:05");
  std::string log = wait_outbox_log_for(s, {"tuphap.bensung@demo.motcua.vn", "lanhdao.bensung@demo.motcua.vn"});
  ASSERT_NE(log.find("tuphap.bensung@demo.motcua.vn"), std::string::npos) << log;
  ASSERT_NE(log.find("lanhdao.bensung@demo.motcua.vn"), std::string::npos) << log;  // nobody assigned: the leaders
  EXPECT_NE(log.find(code), std::string::npos) << log;
  EXPECT_NE(log.find(unassigned_code), std::string::npos) << log;
  EXPECT_NE(log.find("Quá hạn"), std::string::npos) << log;
  EXPECT_EQ(log.find("motcua.bensung@demo.motcua.vn\""), std::string::npos) << log;  // the desk holds nothing overdue
}

TEST(DossierJobs, NoSignedInUserActsAsTheSystem) {
  ServerProcess s({"--demo-if-empty"});
  Users u{s, {}};
  std::string id;
  {
    json body = {{"procedure_code", "local.1"}, {"agency_code", "000.01.25.H56"}, {"applicant", {{"name", "Nguyễn Văn An"}}}, {"delivery", "desk"}, {"accept", true}};
    auto r = u.post("motcua.bensung", "/api/v1/dossiers", body);
    ASSERT_EQ(r.status, 201) << r.body;
    id = r.json()["id"];
  }
  // The read-only supervisor of the province reads the dossier but may do nothing with it.
  auto before = u.get("giamsat.thanhhoa", "/api/v1/dossiers/" + id);
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(before.json()["actions"].size(), 0u) << before.body;
  for (const char* action : {"stop", "transfer", "record-payment", "return-result", "accept", "refuse"}) {
    auto r = u.act("giamsat.thanhhoa", id, action, {{"reason", "thử"}, {"note", "thử"}});
    EXPECT_TRUE(r.status == 403 || r.status == 409) << action << " " << r.status << " " << r.body;
  }
  EXPECT_EQ(u.act("giamsat.thanhhoa", id, "stop", {{"reason", "thử"}}).status, 403);
  EXPECT_EQ(u.act("giamsat.thanhhoa", id, "transfer").status, 403);
  auto after = u.get("giamsat.thanhhoa", "/api/v1/dossiers/" + id).json();
  EXPECT_EQ(after["row_version"], before.json()["row_version"]);
  EXPECT_EQ(after["history"].size(), before.json()["history"].size());
}

}  // namespace

namespace {

TEST(DossierIntakeScope, APostOperatorRecordsOnlyForTheirOwnAgencyAndARefusalWritesNothing) {
  ServerProcess s({"--demo-if-empty"});
  Users u{s, {}};
  auto count = [&](const std::string& agency) {
    auto r = u.get("giamsat.thanhhoa", "/api/v1/dossiers?agency=" + agency);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["total"].get<int>();
  };
  json body = {{"procedure_code", "local.1"}, {"agency_code", "000.07.12.H56"}, {"applicant", {{"name", "Nguyễn Văn An"}}}, {"delivery", "post"}};
  int before = count("000.07.12.H56");
  auto r = u.post("buudien.bensung", "/api/v1/dossiers", body);  // Lĩnh Toại is not their agency
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(count("000.07.12.H56"), before);
  r = u.post("motcua.bensung", "/api/v1/dossiers", body);  // nor the Bến Sung desk's
  EXPECT_EQ(r.status, 403) << r.body;
  body["agency_code"] = "000.00.25.H56";  // the parent district: not theirs either
  EXPECT_EQ(u.post("motcua.bensung", "/api/v1/dossiers", body).status, 403);
  EXPECT_EQ(count("000.07.12.H56"), before);
  body["agency_code"] = "000.01.25.H56";
  r = u.post("buudien.bensung", "/api/v1/dossiers", body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["channel"], 3);
  EXPECT_EQ(r.json()["status"], 1);
}

}  // namespace
