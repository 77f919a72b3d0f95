// Hand-over between two deployments (services/handover; liên thông): two real servers that pin each other's
// Ed25519 keys. A hands a dossier to B (papers travel with their bytes and SHA-256); B's desk finds it waiting
// (status 1) and accepts it; A sees B's status; B hands it back and A links the return to the original dossier,
// keeping B's papers; each side then follows the other's status. Forged, unknown, stale and replayed requests are
// refused or harmless.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "domain/handover/handover.h"
#include "services/audit/audit_log.h"
#include "services/handover/peer_keys.h"
#include "support/dossier_fixtures.h"
#include "support/signed_in.h"

using namespace motcua::testing;
using namespace motcua::testing::demo;
using motcua::services::PeerKey;
using nlohmann::json;

namespace {

uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t n = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
  ::close(fd);
  return ntohs(a.sin_port);
}

// Polls `get` until `ok` holds (or 20 s); returns the last value.
template <class Get, class Ok>
json wait_until(Get get, Ok ok) {
  json v = get();
  for (int i = 0; i < 400 && !ok(v); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    v = get();
  }
  return v;
}

HttpResult signed_post(uint16_t port, const PeerKey& key, const std::string& peer, const std::string& path, const std::string& body, int64_t ts) {
  std::string sig = key.sign(motcua::handover::signing_input("POST", path, ts, motcua::services::sha256_hex(body)));
  return http_request(port, "POST", path, body,
                      {{"Content-Type", "application/json"}, {"X-Motcua-Peer", peer}, {"X-Motcua-Timestamp", std::to_string(ts)}, {"X-Motcua-Signature", sig}});
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

TEST(Handover, OverAndBackBetweenTwoDeployments) {
  std::string dir = make_temp_dir("motcua-handover-");
  auto ka = PeerKey::load_or_create(dir + "/a.key"), kb = PeerKey::load_or_create(dir + "/b.key");
  uint16_t pa = free_port(), pb = free_port();
  std::ofstream(dir + "/peers-a.json") << json{{"tinh-b", {{"name", "Hệ thống một cửa tỉnh B"}, {"url", "http://127.0.0.1:" + std::to_string(pb)}, {"public_key", kb.public_key_b64()}}}}.dump();
  std::ofstream(dir + "/peers-b.json") << json{{"tinh-a", {{"name", "Hệ thống một cửa tỉnh A"}, {"url", "http://127.0.0.1:" + std::to_string(pa)}, {"public_key", ka.public_key_b64()}}}}.dump();
  auto args = [&](const char* self, uint16_t port, const std::string& key, const std::string& peers) {
    return std::vector<std::string>{"--demo-if-empty", "--port", std::to_string(port), "--peer-id", self, "--handover-key", key, "--peers", peers,
                                    "--notify-period-ms", "100", "--notify-backoff-ms", "200"};
  };
  ServerProcess a(args("tinh-a", pa, dir + "/a.key", dir + "/peers-a.json"));
  ServerProcess b(args("tinh-b", pb, dir + "/b.key", dir + "/peers-b.json"));
  ASSERT_EQ(a.port(), pa);
  ASSERT_EQ(b.port(), pb);
  EXPECT_EQ(a.get("/api/v1/handover/key").json()["public_key"], ka.public_key_b64());
  Users ua{a, {}}, ub{b, {}};

  // A: a walk-in dossier with a scanned paper, accepted, then handed to B.
  a.login(kDesk);
  std::string pdf_id = upload_pdf(a, "don-de-nghi.pdf");
  json intake = demo_desk_intake();
  intake["documents"][0]["file_id"] = pdf_id;
  auto d = ua.post(kDesk, "/api/v1/dossiers", intake);
  ASSERT_EQ(d.status, 201) << d.body;
  std::string aid = d.json()["id"], acode = d.json()["code"];
  EXPECT_EQ(ua.post(kSpecialist, "/api/v1/dossiers/" + aid + "/handover", {{"peer", "tinh-b"}, {"agency", "000.01.25.H56"}}).status, 403);
  EXPECT_EQ(ua.post(kDesk, "/api/v1/dossiers/" + aid + "/handover", {{"peer", "tinh-c"}, {"agency", "000.01.25.H56"}}).status, 422);
  auto sent = ua.post(kDesk, "/api/v1/dossiers/" + aid + "/handover", {{"peer", "tinh-b"}, {"agency", "000.01.25.H56"}, {"note", "Người nộp chuyển nơi cư trú"}});
  ASSERT_EQ(sent.status, 201) << sent.body;

  // A learns B's dossier and its status (1: waiting for B's desk).
  auto a_links = [&] { return ua.get(kDesk, "/api/v1/dossiers/" + aid + "/handover").json()["items"]; };
  json la = wait_until(a_links, [](const json& l) { return l.size() == 1 && l[0]["remote_status"] == 1 && !l[0]["remote_id"].get<std::string>().empty(); });
  ASSERT_EQ(la.size(), 1u) << la.dump();
  ASSERT_EQ(la[0]["remote_status"], 1) << la.dump();
  std::string bid = la[0]["remote_id"];
  EXPECT_EQ(la[0]["direction"], "out");
  EXPECT_EQ(la[0]["peer_name"], "Hệ thống một cửa tỉnh B");

  // B: the dossier with the applicant, the paper's very bytes, and A's side of the link.
  json bd = ub.get(kDesk, "/api/v1/dossiers/" + bid).json();
  EXPECT_EQ(bd["status"], 1);
  EXPECT_EQ(bd["applicant"]["name"], "Trần Thị Bình");
  ASSERT_EQ(bd["documents"].size(), 1u) << bd.dump();
  b.login(kDesk);
  a.login(kDesk);
  std::string bfile = bd["documents"][0]["file_id"];
  EXPECT_EQ(b.get("/api/v1/dossiers/" + bid + "/documents/" + bfile).body, a.get("/api/v1/dossiers/" + aid + "/documents/" + pdf_id).body);
  auto b_links = [&] { return ub.get(kDesk, "/api/v1/dossiers/" + bid + "/handover").json()["items"]; };
  json lb = b_links();
  ASSERT_EQ(lb.size(), 1u);
  EXPECT_EQ(lb[0]["direction"], "in");
  EXPECT_EQ(lb[0]["remote_code"], acode);
  EXPECT_EQ(lb[0]["remote_status"], 2);
  EXPECT_FALSE(lb[0]["history"].empty());

  // B accepts: A sees 2.
  ub.act_ok(kDesk, bid, "accept");
  la = wait_until(a_links, [](const json& l) { return l[0]["remote_status"] == 2; });
  EXPECT_EQ(la[0]["remote_status"], 2);
  EXPECT_FALSE(la[0]["remote_code"].get<std::string>().empty());

  // B hands it back: no new dossier at A, the return is linked to A's dossier with B's papers.
  auto back = ub.post(kDesk, "/api/v1/dossiers/" + bid + "/handover", {{"peer", "tinh-a"}, {"agency", "000.01.25.H56"}, {"note", "Trả lại để giải quyết"}});
  ASSERT_EQ(back.status, 201) << back.body;
  EXPECT_TRUE(back.json()["return"].get<bool>());
  la = wait_until(a_links, [](const json& l) { return l.size() == 2; });
  ASSERT_EQ(la.size(), 2u) << la.dump();
  EXPECT_FALSE(la[0]["returned_at"].is_null());
  EXPECT_EQ(la[1]["direction"], "in");
  EXPECT_EQ(la[1]["files"].size(), 1u);
  // A moves on; B follows A's status on both of its links.
  ua.act_ok(kDesk, aid, "transfer", {{"unit", "TP"}});
  lb = wait_until(b_links, [](const json& l) { return l.size() == 2 && l[0]["remote_status"] == 4 && l[1]["remote_status"] == 4; });
  ASSERT_EQ(lb.size(), 2u) << lb.dump();
  EXPECT_EQ(lb[0]["remote_status"], 4) << lb.dump();
  EXPECT_EQ(lb[1]["remote_status"], 4) << lb.dump();
  EXPECT_EQ(lb[1]["remote_code"], acode);

  // The officer's page shows the link and the other side's status.
  auto page = http_request(pa, "GET", "/can-bo/ho-so/" + aid, "", {{"Authorization", "Bearer " + a.login(kDesk)}});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Liên thông với hệ thống một cửa khác"), std::string::npos);
  EXPECT_NE(page.body.find(la[0]["remote_code"].get<std::string>()), std::string::npos) << "B's code";
  EXPECT_NE(page.body.find("Được tiếp nhận"), std::string::npos) << "B's status is named";

  // Requests that are not from a pinned peer with a fresh signature change nothing.
  json pkg = {{"format", "motcua.handover/1"}, {"handover_id", "forged-1"}, {"target_agency", "000.01.25.H56"},
              {"dossier", {{"id", "x"}, {"code", "X"}, {"procedure_code", "1.001653"}, {"procedure_name", "Thử"}, {"status", 2}, {"applicant", {{"name", "Giả mạo"}}}}},
              {"documents", json::array()}};
  std::string body = pkg.dump();
  auto forger = PeerKey::load_or_create(dir + "/forger.key");
  EXPECT_EQ(signed_post(pb, forger, "tinh-a", "/api/v1/handover/packages", body, now_ms()).status, 401);  // wrong key
  EXPECT_EQ(signed_post(pb, ka, "tinh-x", "/api/v1/handover/packages", body, now_ms()).status, 401);      // unknown peer
  EXPECT_EQ(signed_post(pb, ka, "tinh-a", "/api/v1/handover/packages", body, now_ms() - 600'000).status, 401);  // stale
  EXPECT_EQ(http_request(pb, "POST", "/api/v1/handover/packages", body, {{"Content-Type", "application/json"}}).status, 401);
  // A genuine package twice: one dossier.
  auto first = signed_post(pb, ka, "tinh-a", "/api/v1/handover/packages", body, now_ms());
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = signed_post(pb, ka, "tinh-a", "/api/v1/handover/packages", body, now_ms());
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json()["id"], first.json()["id"]);
  EXPECT_TRUE(again.json()["replay"].get<bool>());
  // A malformed package is refused with the reason.
  auto bad = signed_post(pb, ka, "tinh-a", "/api/v1/handover/packages", R"({"format": "x"})", now_ms());
  EXPECT_EQ(bad.status, 422) << bad.body;
  std::filesystem::remove_all(dir);
}
