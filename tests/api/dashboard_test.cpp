// The live dashboard through the real server (issue 12, R43): its server-sent events deliver a snapshot at once and
// a new one within 2 s of a transition; a viewer who goes away costs nothing and the server keeps serving; the
// operations centre's JSON feed answers to its token (or a reader's report.read) and to nobody else; a graceful stop
// ends open streams.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <gtest/gtest.h>

#include "support/dossier_fixtures.h"
#include "support/signed_in.h"

using namespace motcua::testing;
using namespace motcua::testing::demo;
using nlohmann::json;

namespace {

const std::string kCommune = "000.01.25.H56";
const std::string kFeedToken = "ops-feed-token-for-tests-0123456789";

// One event-stream connection read incrementally.
class EventReader {
 public:
  EventReader(uint16_t port, const std::string& target, const std::string& token) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("connect");
    std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    if (::send(fd_, req.data(), req.size(), 0) != static_cast<ssize_t>(req.size())) throw std::runtime_error("send");
  }
  ~EventReader() { close(); }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  // Reads until `pred(buffer)` holds or the time is up; returns whether it held.
  template <class P>
  bool until(P pred, int timeout_ms) {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!pred(buf)) {
      int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()).count());
      if (left <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, left) <= 0) continue;
      char tmp[8192];
      ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n <= 0) return pred(buf);
      buf.append(tmp, static_cast<size_t>(n));
    }
    return true;
  }
  // The data of the n-th "snapshot" event (0-based), parsed; null when not (yet) there.
  json snapshot(size_t n) const {
    size_t at = 0;
    for (size_t i = 0;; ++i) {
      at = buf.find("event: snapshot\ndata: ", at);
      if (at == std::string::npos) return nullptr;
      size_t end = buf.find("\n\n", at);
      if (end == std::string::npos) return nullptr;
      if (i == n) return json::parse(buf.substr(at + 22, end - at - 22));
      at = end;
    }
  }
  std::string buf;

 private:
  int fd_ = -1;
};

std::string tile(const std::string& html, const std::string& id) {
  auto at = html.find("id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  auto v = html.find("kpi-value\">", at);
  return html.substr(v + 11, html.find('<', v + 11) - v - 11);
}

void dashboard_flow(ServerProcess& s) {
  Users u{s, {}};
  ASSERT_EQ(u.post(kDesk, "/api/v1/dossiers", demo_desk_intake(false)).status, 201);
  const std::string target = "/giam-sat/bang-dieu-khien/su-kien?agency=" + kCommune;

  // The stream: headers, then a snapshot at once.
  EventReader ev(s.port(), target, u.token(kSupervisor));
  ASSERT_TRUE(ev.until([](const std::string& b) { return b.find("event: snapshot") != std::string::npos && b.find("\n\n", b.find("event: snapshot")) != std::string::npos; }, 3000)) << ev.buf;
  EXPECT_EQ(ev.buf.rfind("HTTP/1.1 200", 0), 0u) << ev.buf.substr(0, 300);
  EXPECT_NE(ev.buf.find("Content-Type: text/event-stream"), std::string::npos);
  EXPECT_NE(ev.buf.find("Cache-Control: no-store"), std::string::npos);
  EXPECT_EQ(ev.buf.find("Content-Length"), std::string::npos);
  json first = ev.snapshot(0);
  ASSERT_TRUE(first.is_object());
  const std::string html0 = first["html"];
  EXPECT_EQ(tile(html0, "tile-waiting-desk"), "1") << html0;
  EXPECT_EQ(tile(html0, "tile-received"), "1");
  EXPECT_EQ(html0.find("Trần Thị Bình"), std::string::npos);  // never a person

  // A transition elsewhere: a new snapshot within 2 s.
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(u.post(kDesk, "/api/v1/dossiers", demo_desk_intake(false)).status, 201);
  ASSERT_TRUE(ev.until([&](const std::string&) { return !ev.snapshot(1).is_null(); }, 2000)) << ev.buf;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(ms, 2000);
  EXPECT_EQ(tile(ev.snapshot(1)["html"], "tile-waiting-desk"), "2");
  EXPECT_EQ(tile(ev.snapshot(1)["html"], "tile-received"), "2");
  ev.close();  // the viewer leaves: the server notices at its next write and keeps serving
  EXPECT_EQ(http_request(s.port(), "GET", "/healthz").status, 200);

  // Who may watch: the stream and the page need report.read at the agency.
  EXPECT_EQ(http_request(s.port(), "GET", target).status, 401);
  EXPECT_EQ(http_request(s.port(), "GET", target, "", {{"Authorization", "Bearer " + u.token(kCitizen)}}).status, 403);
  auto outside = http_request(s.port(), "GET", "/giam-sat/bang-dieu-khien/su-kien?agency=KHONG.CO", "", {{"Authorization", "Bearer " + u.token(kSupervisor)}});
  EXPECT_EQ(outside.status, 404);
  auto page = u.get(kSupervisor, "/giam-sat/bang-dieu-khien?agency=" + kCommune);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-stream=\"/giam-sat/bang-dieu-khien/su-kien?agency=" + kCommune + "\""), std::string::npos);

  // The operations centre's feed.
  const std::string feed = "/api/v1/ops/dashboard?agency=" + kCommune;
  EXPECT_EQ(http_request(s.port(), "GET", feed).status, 401);
  EXPECT_EQ(http_request(s.port(), "GET", feed, "", {{"Authorization", "Bearer wrong-" + kFeedToken.substr(6)}}).status, 401);
  auto f = http_request(s.port(), "GET", feed, "", {{"Authorization", "Bearer " + kFeedToken}});
  ASSERT_EQ(f.status, 200) << f.body;
  json d = f.json();
  EXPECT_EQ(d["today"]["received"]["direct"], 2);
  EXPECT_EQ(d["waiting"]["1"], 2);
  EXPECT_EQ(d["today"]["in_progress"]["total"], 2);
  EXPECT_EQ(f.body.find("Trần Thị Bình"), std::string::npos);
  EXPECT_EQ(u.get(kSupervisor, feed).status, 200);
  EXPECT_EQ(u.get(kCitizen, feed).status, 404);
  EXPECT_EQ(http_request(s.port(), "GET", "/api/v1/ops/dashboard?agency=KHONG.CO", "", {{"Authorization", "Bearer " + kFeedToken}}).status, 404);
  auto log = s.log();
  EXPECT_EQ(log.find(kFeedToken), std::string::npos);  // the token is never logged

  // A graceful stop ends an open stream instead of waiting for it.
  EventReader open(s.port(), target, u.token(kSupervisor));
  ASSERT_TRUE(open.until([](const std::string& b) { return b.find("event: snapshot") != std::string::npos; }, 3000));
  auto t1 = std::chrono::steady_clock::now();
  EXPECT_EQ(s.stop(), 0);
  EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - t1).count(), 5);
}

}  // namespace

TEST(Dashboard, EventsWithinTwoSecondsAndTheOperationsFeed) {
  ServerProcess s({"--demo-if-empty", "--ops-feed-token", kFeedToken}, {}, {.open_files = 0, .capture_stderr = true});
  dashboard_flow(s);
}

TEST(DashboardOnPostgres, EventsWithinTwoSecondsAndTheOperationsFeed) {
  auto pg = make_test_db("postgresql", /*migrate=*/false);
  if (!pg) GTEST_SKIP() << "MOTCUA_TEST_PG not set";
  std::string url = pg->url;
  pg->db.reset();
  ServerProcess s({"--db", url, "--demo-if-empty", "--ops-feed-token", kFeedToken}, {}, {.open_files = 0, .capture_stderr = true});
  dashboard_flow(s);
}
