// The public pages' cache (web/page_cache, issue 14): strong ETags and 304, Cache-Control and Vary, compressed
// forms, signed-in visitors never given a body drawn for someone else, a catalog change re-renders, static files
// under content-hashed immutable names, the counters in /metrics.
#include <brotli/decode.h>
#include <gtest/gtest.h>

#include <regex>

#include "support/signed_in.h"

using namespace motcua::testing;
using nlohmann::json;

namespace {

ServerProcess& srv() {
  static ServerProcess s({"--demo-if-empty"});
  return s;
}

HttpResult page(ServerProcess& s, const std::string& target, std::vector<std::pair<std::string, std::string>> h = {}) {
  h.emplace_back("Accept", "text/html");
  return http_request(s.port(), "GET", target, "", h);
}

HttpResult page_as(Users& u, const std::string& user, const std::string& target, std::vector<std::pair<std::string, std::string>> h = {}) {
  h.emplace_back("Authorization", "Bearer " + u.token(user));
  return page(u.s, target, std::move(h));
}

double metric(ServerProcess& s, const std::string& name) {
  std::string m = s.get("/metrics").body;
  auto at = m.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::stod(m.substr(at + name.size() + 2));
}

std::string unbrotli(const std::string& in) {
  std::string out(4 << 20, '\0');
  size_t size = out.size();
  if (BrotliDecoderDecompress(in.size(), reinterpret_cast<const uint8_t*>(in.data()), &size, reinterpret_cast<uint8_t*>(out.data())) !=
      BROTLI_DECODER_RESULT_SUCCESS)
    return "";
  out.resize(size);
  return out;
}

}  // namespace

TEST(PageCache, AnonymousPagesHaveStrongETagsAnd304AndMayBeKeptByAProxy) {
  for (const std::string target : {"/", "/thu-tuc", "/thu-tuc/1.001193", "/thu-tuc?field=HT&page=1", "/thong-bao"}) {
    auto r = page(srv(), target);
    ASSERT_EQ(r.status, 200) << target;
    std::string etag = r.header("ETag");
    EXPECT_TRUE(std::regex_match(etag, std::regex("\"[0-9a-f]{16}\""))) << target << " " << etag;
    EXPECT_EQ(r.header("Cache-Control"), "public, max-age=60") << target;
    EXPECT_NE(r.header("Vary").find("Accept-Encoding"), std::string::npos) << target;
    EXPECT_NE(r.header("Vary").find("Cookie"), std::string::npos) << target;
    EXPECT_EQ(r.header("Set-Cookie"), "") << target;  // nothing personal, nothing to remember
    EXPECT_EQ(r.body.find("_csrf"), std::string::npos) << target;
    // The same bytes again, and 304 without a body for the validator.
    auto again = page(srv(), target);
    EXPECT_EQ(again.body, r.body) << target;
    EXPECT_EQ(again.header("ETag"), etag) << target;
    auto nm = page(srv(), target, {{"If-None-Match", etag}});
    EXPECT_EQ(nm.status, 304) << target;
    EXPECT_TRUE(nm.body.empty()) << target;
    EXPECT_EQ(nm.header("ETag"), etag) << target;
    EXPECT_EQ(nm.header("Cache-Control"), "public, max-age=60") << target;
    EXPECT_EQ(page(srv(), target, {{"If-None-Match", "\"0000000000000000\""}}).status, 200) << target;
  }
}

TEST(PageCache, CompressedFormsFollowAcceptEncodingEachWithItsOwnETag) {
  auto plain = page(srv(), "/thu-tuc/1.001193");
  auto br = page(srv(), "/thu-tuc/1.001193", {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(br.header("Content-Encoding"), "br");
  EXPECT_EQ(unbrotli(br.body), plain.body);
  EXPECT_LT(br.body.size(), plain.body.size() / 3);
  auto gz = page(srv(), "/thu-tuc/1.001193", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gz.header("Content-Encoding"), "gzip");
  std::string base = plain.header("ETag").substr(1, 16);
  EXPECT_EQ(br.header("ETag"), "\"" + base + "-br\"");
  EXPECT_EQ(gz.header("ETag"), "\"" + base + "-gz\"");
  EXPECT_EQ(page(srv(), "/thu-tuc/1.001193", {{"Accept-Encoding", "gzip"}, {"If-None-Match", gz.header("ETag")}}).status, 304);
  // q=0 refuses a coding.
  EXPECT_EQ(page(srv(), "/thu-tuc/1.001193", {{"Accept-Encoding", "br;q=0, gzip"}}).header("Content-Encoding"), "gzip");
}

TEST(PageCache, HtmxPartialAndFullPageAreDifferentBodies) {
  auto full = page(srv(), "/thu-tuc?q=khai+sinh");
  auto part = page(srv(), "/thu-tuc?q=khai+sinh", {{"HX-Request", "true"}});
  ASSERT_EQ(part.status, 200);
  EXPECT_NE(full.body.find("<html"), std::string::npos);
  EXPECT_EQ(part.body.find("<html"), std::string::npos);
  EXPECT_NE(part.body.find("Đăng ký khai sinh"), std::string::npos);
  EXPECT_NE(part.header("ETag"), full.header("ETag"));
  EXPECT_NE(part.header("Vary").find("HX-Request"), std::string::npos);
  // Parameters the page does not read share its body.
  EXPECT_EQ(page(srv(), "/thu-tuc?q=khai+sinh&utm_source=zalo").header("ETag"), full.header("ETag"));
}

TEST(PageCache, SignedInVisitorsNeverGetABodyDrawnForSomeoneElse) {
  ServerProcess s({"--demo-if-empty"});
  Users u{s, {}};
  std::string citizen = u.get(demo::kCitizen, "/api/v1/me").json()["full_name"];
  std::string officer = u.get(demo::kDesk, "/api/v1/me").json()["full_name"];
  ASSERT_FALSE(citizen.empty());
  ASSERT_NE(citizen, officer);
  std::string csrf_a(64, 'a'), csrf_b(64, 'b');
  for (const std::string target : {"/thu-tuc/1.001193", "/", "/thu-tuc?q=ket+hon"}) {
    // Anonymous first: the body every anonymous visitor shares.
    auto anon = page(s, target);
    ASSERT_EQ(anon.status, 200);
    EXPECT_NE(anon.body.find("Đăng nhập"), std::string::npos) << target;
    for (int round = 0; round < 2; ++round) {  // the second round is served from the cache
      auto a = page_as(u, demo::kCitizen, target, {{"Cookie", "motcua_csrf=" + csrf_a}});
      auto b = page_as(u, demo::kDesk, target, {{"Cookie", "motcua_csrf=" + csrf_b}});
      ASSERT_EQ(a.status, 200) << target;
      ASSERT_EQ(b.status, 200) << target;
      EXPECT_NE(a.body.find(citizen), std::string::npos) << target;
      EXPECT_EQ(a.body.find(officer), std::string::npos) << target;
      EXPECT_NE(a.body.find(csrf_a), std::string::npos) << target;  // their own sign-out form
      EXPECT_EQ(a.body.find(csrf_b), std::string::npos) << target;
      EXPECT_NE(b.body.find(officer), std::string::npos) << target;
      EXPECT_EQ(b.body.find(citizen), std::string::npos) << target;
      EXPECT_EQ(b.body.find(csrf_a), std::string::npos) << target;
      EXPECT_NE(b.body.find("Xử lý hồ sơ"), std::string::npos) << target;  // the officer's menu
      EXPECT_EQ(a.body.find("Xử lý hồ sơ"), std::string::npos) << target;
      for (const auto* r : {&a, &b}) {
        EXPECT_EQ(r->header("Cache-Control"), "private, no-store") << target;
        EXPECT_NE(r->header("Vary").find("Cookie"), std::string::npos) << target;
        EXPECT_EQ(r->header("ETag"), "") << target;
        EXPECT_NE(r->body, anon.body) << target;
      }
    }
    // And anonymous again: still nobody's page.
    auto anon2 = page(s, target);
    EXPECT_EQ(anon2.body, anon.body) << target;
    for (const std::string& secret : {citizen, officer, csrf_a, csrf_b}) EXPECT_EQ(anon2.body.find(secret), std::string::npos) << target;
  }
  EXPECT_GT(metric(s, "motcua_page_cache_hits_total"), 0);
}

TEST(PageCache, ACatalogChangeMakesTheNextRequestRenderAgain) {
  ServerProcess s({"--demo-if-empty"});
  Users u{s, {}};
  auto before = page(s, "/thu-tuc/1.001193");
  auto list_before = page(s, "/thu-tuc?q=kiem+thu+bo+nho+dem");
  auto home_before = page(s, "/");
  ASSERT_EQ(before.status, 200);
  EXPECT_NE(list_before.body.find("Không tìm thấy"), std::string::npos);
  json p = {{"code", "1.777014"}, {"name", "Thủ tục kiểm thử bộ nhớ đệm"}, {"field", {{"code", "HT"}, {"name", "Hộ tịch"}}},
            {"levels", {"xa"}}, {"online_level", "toan_trinh"}, {"processing_time", {{"amount", 2}, {"unit", "working_days"}}}};
  ASSERT_EQ(u.post("quantri", "/api/v1/procedures", p).status, 201);
  // A draft changes the revision but no public page's content: re-rendered, same bytes, same validator.
  EXPECT_EQ(page(s, "/thu-tuc/1.001193").header("ETag"), before.header("ETag"));
  ASSERT_EQ(u.post("quantri", "/api/v1/procedures/1.777014/actions/publish", {{"note", "QĐ số 14"}}).status, 200);
  auto list_after = page(s, "/thu-tuc?q=kiem+thu+bo+nho+dem");
  EXPECT_NE(list_after.body.find("Thủ tục kiểm thử bộ nhớ đệm"), std::string::npos);
  EXPECT_NE(list_after.header("ETag"), list_before.header("ETag"));
  EXPECT_EQ(page(s, "/thu-tuc?q=kiem+thu+bo+nho+dem", {{"If-None-Match", list_before.header("ETag")}}).status, 200);
  auto home_after = page(s, "/");
  EXPECT_NE(home_after.body.find("Công bố thủ tục hành chính: Thủ tục kiểm thử bộ nhớ đệm"), std::string::npos);
  EXPECT_NE(home_after.header("ETag"), home_before.header("ETag"));
  // Suspending a procedure changes its own page.
  ASSERT_EQ(u.post("quantri", "/api/v1/procedures/1.001193/actions/suspend", {{"reason", "Rà soát bộ nhớ đệm"}}).status, 200);
  auto after = page(s, "/thu-tuc/1.001193");
  EXPECT_NE(after.header("ETag"), before.header("ETag"));
  EXPECT_NE(after.body, before.body);
  EXPECT_GE(metric(s, "motcua_page_cache_evictions_total"), 1);  // the older revision's bodies were dropped
}

TEST(PageCache, AScheduledVersionTakingEffectChangesThePageWithoutANewRevision) {
  ServerProcess s({"--demo-if-empty", "--test-clock"});
  auto clock = [&](const std::string& t) {
    ASSERT_EQ(http_request(s.port(), "POST", "/test/clock", json{{"now", t}}.dump(), {{"Content-Type", "application/json"}}).status, 200);
  };
  clock("2026-03-02T09:00");
  Users u{s, {}};
  json p = {{"code", "1.777015"}, {"name", "Thủ tục hẹn ngày hiệu lực"}, {"field", {{"code", "HT"}, {"name", "Hộ tịch"}}},
            {"levels", {"xa"}}, {"online_level", "toan_trinh"}, {"processing_time", {{"amount", 2}, {"unit", "working_days"}}}};
  ASSERT_EQ(u.post("quantri", "/api/v1/procedures", p).status, 201);
  ASSERT_EQ(u.post("quantri", "/api/v1/procedures/1.777015/actions/publish", json::object()).status, 200);
  ASSERT_EQ(u.post("quantri", "/api/v1/procedures/1.777015/actions/amend", json::object()).status, 200);
  p["name"] = "Thủ tục hẹn ngày hiệu lực (phiên bản mới)";
  auto put = http_request(s.port(), "PUT", "/api/v1/procedures/1.777015/draft", p.dump(),
                          {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + u.token("quantri")}});
  ASSERT_EQ(put.status, 200) << put.body;
  ASSERT_EQ(u.post("quantri", "/api/v1/procedures/1.777015/actions/publish", {{"effective_from", "2026-03-10"}}).status, 200);
  auto now = page(s, "/thu-tuc/1.777015");
  ASSERT_EQ(now.status, 200);
  EXPECT_EQ(now.body.find("(phiên bản mới)</h1>"), std::string::npos);
  EXPECT_EQ(page(s, "/thu-tuc/1.777015").header("ETag"), now.header("ETag"));
  clock("2026-03-10T08:00");
  auto later = page(s, "/thu-tuc/1.777015");
  EXPECT_NE(later.body.find("(phiên bản mới)</h1>"), std::string::npos);
  EXPECT_NE(later.header("ETag"), now.header("ETag"));
}

TEST(PageCache, StaticFilesUnderContentHashedImmutableNames) {
  auto home = page(srv(), "/");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(home.body, m, std::regex("href=\"(/static/css/app\\.[0-9a-f]{12}\\.css)\"")));
  std::string css = m[1];
  auto r = srv().get(css, {{"Accept-Encoding", "gzip, br"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(r.header("Content-Encoding"), "br");
  EXPECT_NE(r.header("Content-Type").find("text/css"), std::string::npos);
  auto plain = srv().get("/static/css/app.css");
  EXPECT_EQ(unbrotli(r.body), plain.body);
  EXPECT_EQ(plain.header("Cache-Control"), "public, max-age=3600");
  EXPECT_EQ(srv().get("/static/css/app.css", {{"Accept-Encoding", "gzip"}}).header("Content-Encoding"), "gzip");
  EXPECT_EQ(srv().get("/static/css/app.css?v=1").header("Cache-Control"), "public, max-age=31536000, immutable");  // the older form
  EXPECT_EQ(srv().get("/static/css/app.000000000000.css").header("Cache-Control"), "no-cache");
  EXPECT_EQ(srv().get(css, {{"Accept-Encoding", "br"}, {"If-None-Match", r.header("ETag")}}).status, 304);
  for (const char* js : {"/static/vendor/htmx\\.min\\.[0-9a-f]{12}\\.js", "/static/js/app\\.[0-9a-f]{12}\\.js"}) {
    ASSERT_TRUE(std::regex_search(home.body, m, std::regex(js))) << js;
    EXPECT_EQ(srv().get(m[0]).status, 200) << js;
  }
}

TEST(PageCache, CountersInMetrics) {
  page(srv(), "/thu-tuc/1.001193");
  page(srv(), "/thu-tuc/1.001193");
  for (const char* name : {"motcua_page_cache_hits_total", "motcua_page_cache_misses_total", "motcua_page_cache_evictions_total",
                           "motcua_page_cache_bytes", "motcua_page_cache_entries", "motcua_page_cache_max_bytes", "motcua_page_cache_hit_ratio"})
    EXPECT_GE(metric(srv(), name), 0) << name;
  EXPECT_GE(metric(srv(), "motcua_page_cache_hits_total"), 1);
  EXPECT_GT(metric(srv(), "motcua_page_cache_bytes"), 1000);
  EXPECT_EQ(metric(srv(), "motcua_page_cache_max_bytes"), 32.0 * 1024 * 1024);
}

TEST(PageCache, BoundedByTheConfiguredSize) {
  ServerProcess s({"--demo-if-empty", "--page-cache-mb", "1"});
  for (int i = 1; i <= 120; ++i)  // ~8 KB each, with its brotli and gzip forms ~13 KB
    for (const char* coding : {"br", "gzip"}) page(s, "/thu-tuc?q=thu+tuc+" + std::to_string(i), {{"Accept-Encoding", coding}});
  EXPECT_LE(metric(s, "motcua_page_cache_bytes"), 1024 * 1024);
  EXPECT_GT(metric(s, "motcua_page_cache_evictions_total"), 0);
  ServerProcess off({"--demo-if-empty", "--page-cache-mb", "0"});
  auto r = page(off, "/thu-tuc/1.001193");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Cache-Control"), "public, max-age=60");  // still drawn as a public page, just never kept
  EXPECT_EQ(metric(off, "motcua_page_cache_entries"), 0);
}
