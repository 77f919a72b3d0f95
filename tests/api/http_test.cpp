// Platform behaviour of the HTTP server: headers, limits, static files, metrics, HTML errors, shutdown.
#include <gtest/gtest.h>

#include "support/http_client.h"

using namespace motcua::testing;

namespace {
ServerProcess& srv() {
  static ServerProcess s({"--demo-if-empty"});
  return s;
}
}  // namespace

TEST(ApiHttp, SecurityHeadersOnEveryResponse) {
  for (const char* path : {"/healthz", "/thu-tuc", "/api/v1/procedures", "/nothing"}) {
    auto r = srv().get(path);
    EXPECT_NE(r.header("Content-Security-Policy").find("script-src 'self'"), std::string::npos) << path;
    EXPECT_NE(r.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_FALSE(r.header("Referrer-Policy").empty()) << path;
    EXPECT_EQ(r.header("X-Request-Id").size(), 16u) << path;
  }
}

TEST(ApiHttp, GzipAndStaticCaching) {
  auto r = srv().get("/thu-tuc", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(r.header("Content-Encoding"), "gzip");
  auto css = srv().get("/static/css/app.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_NE(css.header("Content-Type").find("text/css"), std::string::npos);
  std::string etag = css.header("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_NE(css.header("Cache-Control").find("max-age"), std::string::npos);
  EXPECT_EQ(srv().get("/static/css/app.css", {{"If-None-Match", etag}}).status, 304);
  EXPECT_EQ(srv().get("/static/../CMakeLists.txt").status, 404);
  EXPECT_EQ(srv().get("/static/%2e%2e/CMakeLists.txt").status, 404);
  EXPECT_EQ(srv().get("/static/vendor/htmx.min.js").status, 200);
}

TEST(ApiHttp, HtmlErrorPagesInVietnamese) {
  auto r = srv().get("/khong-ton-tai", {{"Accept", "text/html"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.header("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(r.body.find("Không tìm thấy trang"), std::string::npos);
  r = srv().get("/thu-tuc/9.999999", {{"Accept", "text/html"}});
  EXPECT_EQ(r.status, 404);
  r = srv().get("/thu-tuc?page=-1", {{"Accept", "text/html"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("Yêu cầu không hợp lệ"), std::string::npos);
}

TEST(ApiHttp, MalformedAndOversizedRequests) {
  std::string raw = raw_request(srv().port(), "GARBAGE\r\n\r\n");
  EXPECT_NE(raw.find(" 400 "), std::string::npos) << raw.substr(0, 100);
  std::string big = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n";
  raw = raw_request(srv().port(), big);
  EXPECT_NE(raw.find(" 431 "), std::string::npos) << raw.substr(0, 100);
  auto r = http_request(srv().port(), "POST", "/thu-tuc/1.001193/nop-truc-tuyen", "", {{"Content-Length", "99999999"}});
  EXPECT_EQ(r.status, 413);
}

TEST(ApiHttp, EformRequiresCsrf) {
  auto r = http_request(srv().port(), "POST", "/thu-tuc/1.001193/nop-truc-tuyen", "ho_ten=A",
                        {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "text/html"}});
  EXPECT_EQ(r.status, 403);
}

TEST(ApiHttp, MetricsAndHead) {
  srv().get("/healthz");
  auto m = srv().get("/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("motcua_http_requests_total{route=\"/healthz\""), std::string::npos);
  EXPECT_NE(m.body.find("motcua_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(m.body.find("motcua_db_pool_connections"), std::string::npos);
  auto h = http_request(srv().port(), "HEAD", "/api/v1/procedures");
  EXPECT_EQ(h.status, 200);
  EXPECT_TRUE(h.body.empty());
}

TEST(ApiHttp, GracefulShutdownFinishesCleanly) {
  ServerProcess s;
  EXPECT_EQ(s.get("/healthz").status, 200);
  EXPECT_EQ(s.stop(), 0);
}

TEST(ApiHttp, RateLimitPerClientBehindATrustedProxy) {
  // Loopback is the trusted reverse proxy here, so the forwarded address is the client.
  ServerProcess s({"--demo-if-empty", "--trusted-proxies", "127.0.0.1", "--rate-limit", "1", "--rate-burst", "5"});
  auto get = [&](const std::string& ip, const std::string& target = "/api/v1/procedures") {
    return http_request(s.port(), "GET", target, "", {{"X-Forwarded-For", "6.6.6.6, " + ip}});
  };
  for (int i = 0; i < 5; ++i) EXPECT_EQ(get("203.0.113.7").status, 200) << i;
  auto r = get("203.0.113.7");
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(r.header("Retry-After").empty());
  EXPECT_NE(r.body.find("quá nhiều yêu cầu"), std::string::npos) << r.body;
  EXPECT_EQ(get("198.51.100.1").status, 200);                // another client is unaffected
  EXPECT_EQ(get("203.0.113.7", "/healthz").status, 200);     // health and static files are never limited
  EXPECT_EQ(http_request(s.port(), "GET", "/api/v1/procedures").status, 200);  // the proxy itself (no header)
}
