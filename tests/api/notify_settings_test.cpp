// Notification settings through the real server and the stand-ins: an administrator's template changes the next
// e-mail (bad templates refused, preview without saving, others 403); a citizen links Zalo through the Official
// Account's signed webhook (forged → 401, replayed → nothing more), chooses channels and mutes an event — the muted
// event sends nothing, a required one goes to every chosen channel (the SMTP server's Maildir and the Zalo
// gateway stand-in, shown to the administrator in the demo mailbox), and after unfollow Zalo is gone. On SQLite and
// PostgreSQL.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "domain/format.h"
#include "services/audit/audit_log.h"
#include "services/notify/mailbox.h"
#include "support/dossier_fixtures.h"
#include "support/signed_in.h"
#include "support/standins.h"

using namespace motcua::testing;
using namespace motcua::testing::demo;
using nlohmann::json;
using motcua::services::notify::parse_mail;

namespace {

constexpr const char* kAppId = "3046541812345";
constexpr const char* kOaSecret = "oa-secret-not-for-logs";
constexpr const char* kFollower = "8815206931427123456";

HttpResult send(ServerProcess& s, Users& u, const std::string& user, const std::string& method, const std::string& target, const json& body) {
  return http_request(s.port(), method, target, body.is_null() ? "" : body.dump(),
                      {{"Authorization", "Bearer " + u.token(user)}, {"Content-Type", "application/json"}});
}

// What the Zalo Official Account posts: X-ZEvent-Signature: mac=sha256(app_id + body + timestamp + OA secret).
HttpResult zalo_event(ServerProcess& s, const json& event, const std::string& secret = kOaSecret) {
  std::string body = event.dump();
  std::string ts = event["timestamp"].get<std::string>();
  std::string mac = "mac=" + motcua::services::sha256_hex(std::string(kAppId) + body + ts + secret);
  return http_request(s.port(), "POST", "/api/v1/zalo/webhook", body, {{"Content-Type", "application/json"}, {"X-ZEvent-Signature", mac}});
}

json text_event(const std::string& text) {
  return {{"app_id", kAppId}, {"sender", {{"id", kFollower}}}, {"recipient", {{"id", "579745863508352884"}}}, {"event_name", "user_send_text"},
          {"message", {{"text", text}, {"msg_id", "msg-1"}}}, {"timestamp", std::to_string(motcua::fmt::now_ms())}};
}

void settings(ServerProcess& s, const SmtpSink& mail, const GatewaySink& gw) {
  Users u{s, {}};
  // --- Templates (province administrator) ---
  const std::string tpl = "/api/v1/notify/templates/dossier.accept/email";
  EXPECT_EQ(send(s, u, kCitizen, "PUT", tpl, {{"subject", "x"}, {"text", "{{ma_ho_so}}"}}).status, 403);
  EXPECT_EQ(send(s, u, kDesk, "GET", "/api/v1/notify/templates", nullptr).status, 403);
  auto bad = send(s, u, "quantri", "PUT", tpl, {{"subject", "Hồ sơ {{ma_ho_so}}"}, {"text", "Mật khẩu {{mat_khau}} {{ma_ho_so}}"}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_NE(bad.body.find("mat_khau"), std::string::npos) << bad.body;
  EXPECT_EQ(send(s, u, "quantri", "PUT", tpl, {{"subject", "Hồ sơ"}, {"text", "<b>{{ma_ho_so}}</b>"}}).status, 422);
  EXPECT_EQ(send(s, u, "quantri", "PUT", "/api/v1/notify/templates/dossier.explode/email", {{"text", "x"}}).status, 404);
  auto preview = send(s, u, "quantri", "POST", tpl + "/preview", {{"subject", "Hồ sơ {{ma_ho_so}} đã nhận"}, {"text", "A & B: {{thu_tuc}} {{ma_ho_so}}, hẹn {{ngay_hen}}."}});
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.json()["text"], "A & B: Đăng ký khai sinh 000.01.25.H56-261202-0007, hẹn 04/12/2026 16:30.");
  EXPECT_NE(preview.json()["html"].get<std::string>().find("A &amp; B"), std::string::npos);  // escaped in the HTML body
  EXPECT_FALSE(send(s, u, "quantri", "GET", tpl, nullptr).json()["custom"].get<bool>());  // a preview stores nothing
  auto saved = send(s, u, "quantri", "PUT", tpl,
                    {{"subject", "Hồ sơ {{ma_ho_so}} đã được nhận"}, {"text", "Kính gửi ông/bà,\r\nHồ sơ {{thu_tuc}} mã {{ma_ho_so}} hẹn trả {{ngay_hen}}.\x01"}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_TRUE(saved.json()["custom"].get<bool>());
  EXPECT_EQ(saved.json()["text"], "Kính gửi ông/bà,\nHồ sơ {{thu_tuc}} mã {{ma_ho_so}} hẹn trả {{ngay_hen}}.");  // sanitised

  // --- Preferences and the Zalo link (citizen) ---
  auto p = u.get(kCitizen, "/api/v1/me/notifications").json();
  EXPECT_FALSE(p["chosen"].get<bool>());
  EXPECT_EQ(p["channels"], json::array({"email"}));  // the default rule: e-mail when there is an address
  auto refused = send(s, u, kCitizen, "PUT", "/api/v1/me/notifications", {{"channels", {"zalo"}}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("liên kết Zalo"), std::string::npos);
  auto link = u.post(kCitizen, "/api/v1/me/zalo-link", json::object());
  ASSERT_EQ(link.status, 200) << link.body;
  std::string code = link.json()["code"];
  ASSERT_EQ(code.size(), 8u);
  EXPECT_EQ(zalo_event(s, text_event("MC " + code), "wrong-secret").status, 401);  // forged
  auto unsigned_call = http_request(s.port(), "POST", "/api/v1/zalo/webhook", text_event(code).dump(), {{"Content-Type", "application/json"}});
  EXPECT_EQ(unsigned_call.status, 401);
  EXPECT_FALSE(u.get(kCitizen, "/api/v1/me/notifications").json()["addresses"]["zalo_linked"].get<bool>());
  auto linked = zalo_event(s, text_event("Mã liên kết: " + code.substr(0, 4) + " " + code.substr(4)));
  ASSERT_EQ(linked.status, 200) << linked.body;
  EXPECT_EQ(linked.json()["result"], "linked");
  EXPECT_EQ(zalo_event(s, text_event(code)).json()["result"], "ignored");  // the code is used once
  p = u.get(kCitizen, "/api/v1/me/notifications").json();
  EXPECT_TRUE(p["addresses"]["zalo_linked"].get<bool>());
  EXPECT_EQ(p["channels"], json::array({"email", "zalo"}));
  // The confirmation reaches the follower through the Zalo gateway.
  auto zr = gw.wait_for(1);
  ASSERT_EQ(zr.size(), 1u);
  EXPECT_EQ(zr[0]["body"]["recipient"]["user_id"], kFollower);
  EXPECT_NE(zr[0]["body"]["message"]["text"].get<std::string>().find("liên kết với Zalo"), std::string::npos);
  // The administrator sees it in the demo mailbox, without the gateway's token.
  auto demo = u.get("quantri", "/quan-tri/hop-thu-demo");
  ASSERT_EQ(demo.status, 200);
  EXPECT_NE(demo.body.find("Zalo · Đến " + std::string(kFollower)), std::string::npos) << demo.body;
  EXPECT_EQ(demo.body.find("zalo-token"), std::string::npos);
  EXPECT_EQ(send(s, u, kCitizen, "PUT", "/api/v1/me/notifications", {{"channels", {"email"}}, {"muted", {"dossier.accept"}}}).status, 422);  // required
  auto chose = send(s, u, kCitizen, "PUT", "/api/v1/me/notifications", {{"channels", {"email", "zalo"}}, {"muted", {"dossier.submit"}}});
  ASSERT_EQ(chose.status, 200) << chose.body;
  EXPECT_TRUE(chose.json()["chosen"].get<bool>());

  // --- A muted event sends nothing; a required one goes to both channels, with the administrator's template ---
  auto sub = u.post(kCitizen, "/api/v1/dossiers", submission(s));
  ASSERT_EQ(sub.status, 201) << sub.body;
  std::string id = sub.json()["id"];
  auto accepted = u.act_ok(kDesk, id, "accept");
  std::string dcode = accepted["code"];
  auto msgs = mail.wait_for(1);
  ASSERT_EQ(msgs.size(), 1u);
  auto m = parse_mail(msgs[0]);
  EXPECT_EQ(m.subject, "Hồ sơ " + dcode + " đã được nhận") << msgs[0];
  EXPECT_NE(m.text.find("Kính gửi ông/bà,"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("mã " + dcode + " hẹn trả "), std::string::npos) << m.text;
  zr = gw.wait_for(2);
  ASSERT_EQ(zr.size(), 2u);
  std::string ztext = zr[1]["body"]["message"]["text"];
  EXPECT_EQ(zr[1]["body"]["recipient"]["user_id"], kFollower);
  EXPECT_NE(ztext.find("Đã tiếp nhận hồ sơ " + dcode), std::string::npos) << ztext;  // Zalo keeps the default template
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(mail.messages().size(), 1u);  // nothing for the muted submission
  EXPECT_EQ(gw.requests().size(), 2u);

  // --- Unfollow forgets the follower; resetting the template brings the default back ---
  json unfollow = {{"app_id", kAppId}, {"event_name", "unfollow"}, {"follower", {{"id", kFollower}}}, {"timestamp", std::to_string(motcua::fmt::now_ms())}};
  EXPECT_EQ(zalo_event(s, unfollow).json()["result"], "unlinked");
  p = u.get(kCitizen, "/api/v1/me/notifications").json();
  EXPECT_FALSE(p["addresses"]["zalo_linked"].get<bool>());
  EXPECT_EQ(p["channels"], json::array({"email"}));
  auto reset = send(s, u, "quantri", "DELETE", tpl, nullptr);
  ASSERT_EQ(reset.status, 200);
  EXPECT_FALSE(reset.json()["custom"].get<bool>());
  EXPECT_EQ(reset.json()["subject"], "Đã tiếp nhận hồ sơ {{ma_ho_so}}");
  s.stop();
  EXPECT_EQ(s.log().find(kOaSecret), std::string::npos);  // the OA secret is never logged
}

std::vector<std::string> args(const SmtpSink& mail, const GatewaySink& gw) {
  return {"--smtp-url", mail.url(), "--zalo-url", gw.url("/v3.0/oa/message/cs"), "--zalo-token", "zalo-token", "--zalo-app-id", kAppId,
          "--zalo-oa-secret", kOaSecret, "--demo-gateway-log", gw.p.dir() + "/requests.jsonl"};
}

}  // namespace

TEST(NotifySettings, TemplatesPreferencesAndTheZaloLink) {
  SmtpSink mail;
  GatewaySink gw;
  auto a = args(mail, gw);
  a.insert(a.begin(), "--demo-if-empty");
  ServerProcess s(a);
  settings(s, mail, gw);
}

TEST(NotifySettingsOnPostgres, TemplatesPreferencesAndTheZaloLink) {
  auto pg = make_test_db("postgresql", /*migrate=*/false);
  if (!pg) GTEST_SKIP() << "MOTCUA_TEST_PG not set";
  std::string url = pg->url;
  pg->db.reset();
  SmtpSink mail;
  GatewaySink gw;
  auto a = args(mail, gw);
  for (const char* x : {"--demo-if-empty", url.c_str(), "--db"}) a.insert(a.begin(), x);
  ServerProcess s(a);
  settings(s, mail, gw);
}
