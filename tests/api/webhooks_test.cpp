// Webhooks through the real server and the HTTP stand-in (motcua-gateway with --webhook-secrets-file, which checks
// the HMAC-SHA256 signature and its timestamp): a subscription gets the events it asked for, signed; a forged or
// stale signature is refused by the receiver; a rotated secret keeps both signatures for a while so the receiver
// switches without losing a delivery; test-send, disable and the delivery log; who may manage subscriptions.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include <ctime>

#include "services/webhooks/webhook_channel.h"
#include "support/signed_in.h"
#include "support/standins.h"

using namespace motcua::testing;
using namespace motcua::testing::demo;
using nlohmann::json;

namespace {

std::vector<json> webhooks_received(const GatewaySink& gw, size_t n, int timeout_ms = 20000) {
  std::vector<json> out;
  for (int waited = 0; waited < timeout_ms; waited += 50) {
    out.clear();
    for (const auto& r : gw.requests())
      if (r["path"].get<std::string>().rfind("/webhook", 0) == 0) out.push_back(r);
    if (out.size() >= n) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return out;
}

json desk_intake(Users& u) {
  json body = {{"procedure_code", "local.1"},
               {"agency_code", "000.01.25.H56"},
               {"applicant", {{"name", "Nguyễn Văn An"}, {"id_number", kCitizen}, {"phone", "0912345678"}}},
               {"delivery", "desk"},
               {"accept", true}};
  auto r = u.post(kDesk, "/api/v1/dossiers", body);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json();
}

void webhooks(ServerProcess& s) {
  GatewaySink gw;
  Users u{s, {}};
  // Who may subscribe, and what is checked.
  json good = {{"agency", "000.01.25.H56"}, {"url", gw.url("/webhook/buu-dien")}, {"events", {"dossier.accept", "dossier.transfer"}},
               {"description", "Bưu điện huyện Như Thanh"}};
  EXPECT_EQ(u.post(kDesk, "/api/v1/webhooks", good).status, 403);
  EXPECT_EQ(u.post(kSupervisor, "/api/v1/webhooks", good).status, 403);
  json bad = good;
  bad["url"] = "ftp://example.vn/hook";
  EXPECT_EQ(u.post("quantri", "/api/v1/webhooks", bad).status, 422);
  bad = good;
  bad["url"] = "https://user:pass@example.vn/hook";
  EXPECT_EQ(u.post("quantri", "/api/v1/webhooks", bad).status, 422);
  bad = good;
  bad["events"] = {"dossier.explode"};
  EXPECT_EQ(u.post("quantri", "/api/v1/webhooks", bad).status, 422);
  bad = good;
  bad["agency"] = "000.99.99.H99";
  EXPECT_EQ(u.post("quantri", "/api/v1/webhooks", bad).status, 422);
  auto created = u.post("quantri", "/api/v1/webhooks", good);
  ASSERT_EQ(created.status, 201) << created.body;
  std::string secret = created.json()["secret"];
  int64_t id = created.json()["webhook"]["id"];
  EXPECT_EQ(secret.rfind("whsec_", 0), 0u);
  gw.webhook_secrets({secret});
  EXPECT_EQ(u.get("quantri", "/api/v1/webhooks").json()["items"][0].contains("secret"), false);  // never shown again

  // Events: the submission is not subscribed, the acceptance and the hand-over are.
  json d = desk_intake(u);
  u.act_ok(kDesk, d["id"], "transfer", {{"unit", "TP"}});
  auto got = webhooks_received(gw, 2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0]["event"], "dossier.accept");
  EXPECT_EQ(got[1]["event"], "dossier.transfer");
  for (const auto& g : got) {
    EXPECT_TRUE(g["verified"].get<bool>()) << g.dump();
    EXPECT_EQ(g["body"]["dossier"]["code"], d["code"]);
    EXPECT_EQ(g.dump().find("Nguyễn Văn An"), std::string::npos) << "no personal data in events";
  }
  EXPECT_EQ(got[1]["body"]["dossier"]["status"], 4);

  // The receiving side refuses a forged signature and a stale one.
  std::string body = got[0]["body"].dump();
  auto forged = http_request(static_cast<uint16_t>(gw.p.port()), "POST", "/webhook/buu-dien", body,
                             {{"Content-Type", "application/json"}, {"X-Motcua-Signature", "t=" + std::to_string(std::time(nullptr)) + ",v1=" + std::string(64, 'a')}});
  EXPECT_EQ(forged.status, 401);
  int64_t old = std::time(nullptr) - 3600;
  auto stale = http_request(static_cast<uint16_t>(gw.p.port()), "POST", "/webhook/buu-dien", body,
                            {{"Content-Type", "application/json"},
                             {"X-Motcua-Signature", "t=" + std::to_string(old) + ",v1=" + motcua::services::webhook_signature(secret, old, body)}});
  EXPECT_EQ(stale.status, 401);
  int64_t now = std::time(nullptr);
  auto genuine = http_request(static_cast<uint16_t>(gw.p.port()), "POST", "/webhook/buu-dien", body,
                              {{"Content-Type", "application/json"},
                               {"X-Motcua-Signature", "t=" + std::to_string(now) + ",v1=" + motcua::services::webhook_signature(secret, now, body)}});
  EXPECT_EQ(genuine.status, 200);

  // Rotation: the receiver still knows only the old secret, then only the new one — both work meanwhile.
  auto rot = u.post("quantri", "/api/v1/webhooks/" + std::to_string(id) + "/rotate", json::object());
  ASSERT_EQ(rot.status, 200) << rot.body;
  std::string fresh = rot.json()["secret"];
  EXPECT_NE(fresh, secret);
  json d2 = desk_intake(u);
  got = webhooks_received(gw, 6);  // 2 events + 3 hand-made requests + this acceptance
  ASSERT_GE(got.size(), 6u);
  EXPECT_TRUE(got.back()["verified"].get<bool>()) << "old secret still signs during the overlap";
  gw.webhook_secrets({fresh});
  u.act_ok(kDesk, d2["id"], "transfer", {{"unit", "TP"}});
  got = webhooks_received(gw, 7);
  ASSERT_GE(got.size(), 7u);
  EXPECT_TRUE(got.back()["verified"].get<bool>()) << "the new secret signs too";

  // Test-send, the delivery log, disable.
  EXPECT_EQ(u.post("quantri", "/api/v1/webhooks/" + std::to_string(id) + "/test", json::object()).status, 202);
  got = webhooks_received(gw, 8);
  ASSERT_GE(got.size(), 8u);
  EXPECT_EQ(got.back()["event"], "webhook.test");
  // The receiver has the request before the server records the outcome: wait for the log to say so.
  auto deliveries = [&] { return u.get("quantri", "/api/v1/webhooks/" + std::to_string(id) + "/deliveries").json(); };
  auto log = deliveries();
  for (int i = 0; i < 100 && std::any_of(log["items"].begin(), log["items"].end(), [](const json& x) { return x["status"] != "sent"; }); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    log = deliveries();
  }
  EXPECT_EQ(log["items"].size(), 5u) << log.dump();
  for (const auto& x : log["items"]) EXPECT_EQ(x["status"], "sent") << x.dump();
  EXPECT_EQ(u.get(kDesk, "/api/v1/webhooks/" + std::to_string(id) + "/deliveries").status, 403);
  EXPECT_EQ(u.post("quantri", "/api/v1/webhooks/" + std::to_string(id) + "/disable", json::object()).status, 200);
  desk_intake(u);
  EXPECT_EQ(webhooks_received(gw, 9, 1500).size(), 8u) << "a disabled subscription gets nothing";
  EXPECT_EQ(u.post("quantri", "/api/v1/webhooks/999999/test", json::object()).status, 404);
  auto audit = u.get("quantri", "/api/v1/audit?action=webhook.rotate");
  EXPECT_NE(audit.body.find("webhook.rotate"), std::string::npos) << audit.body;
}

}  // namespace

TEST(Webhooks, SignedEventsForgedRefusedRotationWithoutLoss) {
  ServerProcess s({"--demo-if-empty"});
  webhooks(s);
}

TEST(WebhooksOnPostgres, SignedEventsForgedRefusedRotationWithoutLoss) {
  auto pg = make_test_db("postgresql", /*migrate=*/false);
  if (!pg) GTEST_SKIP() << "MOTCUA_TEST_PG not set";
  std::string url = pg->url;
  pg->db.reset();
  ServerProcess s({"--db", url, "--demo-if-empty"});
  webhooks(s);
}
