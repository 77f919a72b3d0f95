// Notifications through the real server and the stand-ins (src/standins): the applicant's e-mail in
// the test SMTP server's Maildir (subject decoded, code and appointment present, plain + HTML), the SMTP
// server down and back up, kill -9 of the server with messages pending — every message delivered exactly
// once (counted in the Maildir) — and SMS / Zalo through the HTTP gateway stand-in without leaking tokens.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "services/notify/gateways.h"
#include "services/notify/mailbox.h"
#include "support/signed_in.h"
#include "support/standins.h"

using namespace motcua::testing;
using nlohmann::json;
using motcua::services::notify::parse_mail;

namespace {

std::string accept_at_desk(Users& u, const json& applicant) {
  json body = {{"procedure_code", "local.1"}, {"agency_code", "000.01.25.H56"}, {"applicant", applicant}, {"delivery", "desk"}, {"accept", true}};
  auto r = u.post("motcua.bensung", "/api/v1/dossiers", body);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.body;
}

void acceptance_mail(ServerProcess& s, const SmtpSink& mail) {
  Users u{s, {}};
  json d = json::parse(accept_at_desk(u, {{"name", "Nguyễn Văn An"}, {"id_number", "001090000001"}, {"email", "an.nguyen@example.vn"}}));
  std::string code = d["code"], due = d["due_at"];  // YYYY-MM-DDTHH:MM:SS+07:00
  auto msgs = mail.wait_for(1);
  ASSERT_EQ(msgs.size(), 1u);
  auto m = parse_mail(msgs[0]);
  EXPECT_EQ(m.subject, "Đã tiếp nhận hồ sơ " + code) << msgs[0];
  EXPECT_EQ(m.to, "<an.nguyen@example.vn>");
  EXPECT_NE(m.from.find("Cổng Dịch vụ công"), std::string::npos) << m.from;
  EXPECT_NE(m.message_id.find("@motcua>"), std::string::npos);
  EXPECT_NE(msgs[0].find("Content-Type: multipart/alternative"), std::string::npos);
  EXPECT_NE(msgs[0].find("Content-Type: text/html; charset=UTF-8"), std::string::npos);
  EXPECT_NE(msgs[0].find("Subject: =?UTF-8?B?"), std::string::npos);  // RFC 2047 on the wire
  const std::string& text = m.text;
  std::string due_vn = due.substr(8, 2) + "/" + due.substr(5, 2) + "/" + due.substr(0, 4);
  EXPECT_NE(text.find("Mã hồ sơ: " + code), std::string::npos) << text;
  EXPECT_NE(text.find("Ngày hẹn trả kết quả: "), std::string::npos) << text;
  EXPECT_NE(text.find(due_vn), std::string::npos) << due_vn << "\n" << text;
  // A supplement request tells the applicant the reason.
  ASSERT_EQ(u.act("motcua.bensung", d["id"], "transfer", {{"unit", "TP"}}).status, 200);
  ASSERT_EQ(u.act("tuphap.bensung", d["id"], "request-supplement", {{"reason", "Thiếu bản sao giấy chứng sinh"}}).status, 200);
  msgs = mail.wait_for(2);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(parse_mail(msgs[1]).subject, "Yêu cầu bổ sung hồ sơ " + code);
  EXPECT_NE(parse_mail(msgs[1]).text.find("Thiếu bản sao giấy chứng sinh"), std::string::npos);
}

}  // namespace

TEST(NotifyMail, AcceptanceReachesTheApplicantsMailbox) {
  SmtpSink mail;
  ServerProcess s({"--demo-if-empty", "--smtp-url", mail.url()});
  acceptance_mail(s, mail);
}

TEST(NotifyMailOnPostgres, AcceptanceReachesTheApplicantsMailbox) {
  auto pg = make_test_db("postgresql", /*migrate=*/false);
  if (!pg) GTEST_SKIP() << "MOTCUA_TEST_PG not set";
  std::string url = pg->url;
  pg->db.reset();
  SmtpSink mail;
  ServerProcess s({"--db", url, "--demo-if-empty", "--smtp-url", mail.url()});
  acceptance_mail(s, mail);
}

// The SMTP server is down while messages are written, the server is killed (-9) with them pending, the
// mail server comes back and a new server process starts on the same database: each message arrives once.
TEST(NotifyMail, KillDashNineWithMessagesPendingAndTheMailServerDownDeliversEachOnce) {
  SmtpSink mail;
  mail.down(true);
  std::string db = make_temp_dir("motcua-notify-db-") + "/motcua.db";
  constexpr int kDossiers = 12;
  std::set<std::string> codes;
  {
    ServerProcess s({"--demo-if-empty", "--db", db, "--smtp-url", mail.url(), "--notify-backoff-ms", "200", "--notify-lease-ms", "2000"});
    Users u{s, {}};
    for (int i = 0; i < kDossiers; ++i)
      codes.insert(json::parse(accept_at_desk(u, {{"name", "Trần Thị Bình"}, {"email", "binh" + std::to_string(i) + "@example.vn"}}))["code"]);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // several refused attempts
    EXPECT_EQ(mail.messages().size(), 0u);
    s.kill_hard();
  }
  mail.down(false);
  ServerProcess s({"--db", db, "--smtp-url", mail.url(), "--notify-backoff-ms", "200", "--notify-lease-ms", "2000"});
  auto msgs = mail.wait_for(kDossiers, 30000);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // nothing more arrives
  msgs = mail.messages();
  ASSERT_EQ(msgs.size(), static_cast<size_t>(kDossiers));
  std::set<std::string> ids, subjects;
  for (const auto& raw : msgs) {
    auto m = parse_mail(raw);
    ids.insert(m.message_id);
    subjects.insert(m.subject);
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kDossiers));
  for (const auto& c : codes) EXPECT_TRUE(subjects.count("Đã tiếp nhận hồ sơ " + c)) << c;
  EXPECT_EQ(mail.duplicates(), 0u);
}

TEST(NotifyGateways, SmsGoesWithoutDiacriticsAndTheGatewayTokenIsNeverLogged) {
  GatewaySink gw;
  gw.fail(true);  // down at first: retried with backoff
  ServerProcess s({"--demo-if-empty", "--sms-url", gw.url("/sms/send"), "--sms-token", "tok-sms-secret", "--notify-backoff-ms", "200",
                   "--log-level", "info"},
                  {}, {.capture_stderr = true});
  Users u{s, {}};
  std::string code = json::parse(accept_at_desk(u, {{"name", "Lê Văn Cường"}, {"phone", "0912345678"}}))["code"];
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  EXPECT_EQ(gw.requests().size(), 0u);
  gw.fail(false);
  auto reqs = gw.wait_for(1);
  ASSERT_EQ(reqs.size(), 1u);
  const json& r = reqs[0];
  EXPECT_EQ(r["path"], "/sms/send");
  EXPECT_EQ(r["authorization"], "Bearer tok-sms-secret");
  EXPECT_EQ(r["body"]["to"], "0912345678");
  std::string text = r["body"]["text"];
  EXPECT_NE(text.find("Ho so"), std::string::npos) << text;
  EXPECT_NE(text.find("da duoc tiep nhan"), std::string::npos) << text;
  EXPECT_NE(text.find(code), std::string::npos) << text;
  EXPECT_EQ(r["body"]["encoding"], "gsm7");
  EXPECT_EQ(r["body"]["segments"], text.size() <= 160 ? 1 : (text.size() + 152) / 153);
  EXPECT_EQ(r["request_id"], r["body"]["request_id"]);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(gw.requests().size(), 1u);  // once
  s.stop();
  std::string log = s.log();
  EXPECT_NE(log.find("notify_channels"), std::string::npos);
  EXPECT_EQ(log.find("tok-sms-secret"), std::string::npos) << log;
}

TEST(NotifyGateways, ZaloChannelPostsTheOfficialAccountMessageShape) {
  using namespace motcua::services::notify;
  GatewaySink gw;
  auto zalo = make_zalo_channel({gw.url("/v3.0/oa/message/cs"), "zalo-access-token", "", false});
  Outgoing m{1, "dossier.approve", "zalo", "4927172388431", "Đã có kết quả hồ sơ", "Hồ sơ đã có kết quả.", "", "k1", 1, ""};
  EXPECT_EQ(zalo->send(m), "gw-1");
  auto r = gw.requests().at(0);
  EXPECT_EQ(r["access_token"], "zalo-access-token");
  EXPECT_EQ(r["body"]["recipient"]["user_id"], "4927172388431");
  EXPECT_EQ(r["body"]["message"]["text"], "Đã có kết quả hồ sơ\nHồ sơ đã có kết quả.");
  EXPECT_EQ(r["request_id"], m.message_id());
  gw.fail(true);
  try {
    zalo->send(m);
    ADD_FAILURE() << "a failing gateway must throw";
  } catch (const SendError& e) {
    EXPECT_FALSE(e.permanent());
  }
  EXPECT_EQ(zalo->describe().find("zalo-access-token"), std::string::npos);
}

// The province administrator's outbox page (sent message, delivery rate, resend behind CSRF) and the demo
// mailbox page showing the mail as the citizen got it; other staff are refused at the gate.
TEST(NotifyPages, OutboxAndDemoMailboxForTheProvinceAdministrator) {
  SmtpSink mail;
  ServerProcess s({"--demo-if-empty", "--smtp-url", mail.url(), "--demo-maildir", mail.p.dir() + "/mail"});
  Users u{s, {}};
  json d = json::parse(accept_at_desk(u, {{"name", "Nguyễn Văn An"}, {"email", "an.nguyen@example.vn"}}));
  std::string code = d["code"];
  ASSERT_EQ(mail.wait_for(1).size(), 1u);
  HttpResult page;
  for (int i = 0; i < 100; ++i) {  // the row is marked sent just after the SMTP transaction
    page = u.get("quantri", "/quan-tri/thu-gui?trang-thai=sent");
    if (page.body.find(code) != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find(code), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("an.nguyen@example.vn"), std::string::npos);
  EXPECT_NE(page.body.find("100%"), std::string::npos);  // delivery rate of e-mail
  EXPECT_NE(page.body.find("/gui-lai"), std::string::npos);
  EXPECT_NE(page.body.find(mail.url()), std::string::npos);  // where e-mail goes
  EXPECT_NE(page.body.find("Chưa cấu hình cổng gửi"), std::string::npos);  // SMS and Zalo only reach the log
  EXPECT_EQ(u.get("motcua.bensung", "/quan-tri/thu-gui").status, 403);
  auto box = u.get("quantri", "/quan-tri/hop-thu-demo");
  ASSERT_EQ(box.status, 200);
  EXPECT_NE(box.body.find("Đã tiếp nhận hồ sơ " + code), std::string::npos) << box.body;
  EXPECT_NE(box.body.find("Ngày hẹn trả kết quả"), std::string::npos);
  EXPECT_EQ(u.get("tuphap.bensung", "/quan-tri/hop-thu-demo").status, 403);
  // Resend is a form POST: without the CSRF token nothing happens.
  auto id_at = page.body.find("/quan-tri/thu-gui/");
  std::string target = page.body.substr(id_at, page.body.find('"', id_at) - id_at);
  auto r = http_request(s.port(), "POST", target, "", {{"Authorization", "Bearer " + u.token("quantri")}, {"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 403);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(mail.messages().size(), 1u);
}

// Credentials per agency (MOTCUA_NOTIFY_AGENCIES): the district's own SMS brandname and token send the
// messages of a commune below it; account codes (no agency) go through the deployment's gateway.
TEST(NotifyGateways, AnAgencysOwnGatewaySendsForTheAgenciesBelowIt) {
  GatewaySink gw;
  std::string file = gw.p.dir() + "/agencies.json";
  std::ofstream(file) << json{{"000.00.25.H56", {{"sms", {{"url", gw.url("/district/sms")}, {"token", "tok-district"}, {"brandname", "UBND HUYEN"}}}}}}.dump();
  ServerProcess s({"--demo-if-empty", "--sms-url", gw.url("/deployment/sms"), "--sms-token", "tok-deployment", "--notify-agencies", file});
  Users u{s, {}};
  std::string code = json::parse(accept_at_desk(u, {{"name", "Lê Văn Cường"}, {"phone", "0912345678"}}))["code"];
  ASSERT_EQ(s.post_json("/api/v1/auth/register", {{"id_number", "038305012345"}, {"full_name", "Trần Thị Bình"}, {"date_of_birth", "2005-03-04"},
                                                  {"phone", "0987654321"}, {"password", "Binh#2026an"}})
                .status,
            201);
  auto reqs = gw.wait_for(2);
  ASSERT_EQ(reqs.size(), 2u);
  for (const auto& r : reqs) {
    if (r["body"]["to"] == "0912345678") {
      EXPECT_EQ(r["path"], "/district/sms");
      EXPECT_EQ(r["authorization"], "Bearer tok-district");
      EXPECT_EQ(r["body"]["brandname"], "UBND HUYEN");
      EXPECT_NE(r["body"]["text"].get<std::string>().find(code), std::string::npos);
    } else {
      EXPECT_EQ(r["body"]["to"], "0987654321");
      EXPECT_EQ(r["path"], "/deployment/sms");
      EXPECT_EQ(r["authorization"], "Bearer tok-deployment");
    }
  }
}
