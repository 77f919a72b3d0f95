#include "http/encoded_body.h"

#include <brotli/decode.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "http/body_cache.h"
#include "http/static_files.h"

using namespace motcua::http;

namespace {
Request with(std::vector<std::pair<std::string, std::string>> headers) {
  Request r;
  r.method = "GET";
  for (auto& [k, v] : headers) r.headers.emplace(k, v);
  return r;
}
std::string page(size_t n) {
  std::string s;
  while (s.size() < n) s += "<p>Thủ tục hành chính số " + std::to_string(s.size()) + "</p>\n";
  return s;
}
std::string unbrotli(const std::string& in) {
  std::string out(1 << 20, '\0');
  size_t size = out.size();
  EXPECT_EQ(BrotliDecoderDecompress(in.size(), reinterpret_cast<const uint8_t*>(in.data()), &size, reinterpret_cast<uint8_t*>(out.data())),
            BROTLI_DECODER_RESULT_SUCCESS);
  out.resize(size);
  return out;
}
std::string header(const Response& r, const std::string& name) {
  std::string v;
  for (const auto& [k, val] : r.headers)
    if (k == name) v += (v.empty() ? "" : "|") + val;
  return v;
}
}  // namespace

TEST(EncodedBody, AcceptEncodingQValues) {
  EXPECT_EQ(accepts_coding(with({}), "gzip"), 0);
  EXPECT_EQ(accepts_coding(with({{"Accept-Encoding", "gzip, deflate, br"}}), "br"), 1);
  EXPECT_EQ(accepts_coding(with({{"Accept-Encoding", "gzip;q=0, br"}}), "gzip"), 0);
  EXPECT_DOUBLE_EQ(accepts_coding(with({{"Accept-Encoding", "br;q=0.5, *;q=0.1"}}), "gzip"), 0.1);
  EXPECT_EQ(accepts_coding(with({{"Accept-Encoding", "x-gzip"}}), "gzip"), 1);
  EXPECT_EQ(accepts_coding(with({{"Accept-Encoding", "gzipped"}}), "gzip"), 0);  // no substring matches
  EXPECT_EQ(accepts_coding(with({{"Accept-Encoding", "identity"}}), "gzip"), 0);
}

TEST(EncodedBody, ChoosesTheBestAcceptedFormWithItsOwnStrongETag) {
  EncodedBody b = encode_body(page(20000), "text/html; charset=utf-8", {.brotli_quality = 5});
  ASSERT_FALSE(b.gzip.empty());
  ASSERT_FALSE(b.br.empty());
  EXPECT_EQ(b.hash, content_hash(b.identity));
  EXPECT_EQ(unbrotli(b.br), b.identity);

  Response r = respond(with({{"Accept-Encoding", "gzip, deflate, br"}}), b);
  EXPECT_EQ(header(r, "Content-Encoding"), "br");
  EXPECT_EQ(header(r, "ETag"), "\"" + b.hash + "-br\"");
  EXPECT_EQ(header(r, "Vary"), "Accept-Encoding");
  EXPECT_EQ(r.body, b.br);
  r = respond(with({{"Accept-Encoding", "gzip"}}), b);
  EXPECT_EQ(header(r, "Content-Encoding"), "gzip");
  EXPECT_EQ(header(r, "ETag"), "\"" + b.hash + "-gz\"");
  r = respond(with({}), b);
  EXPECT_EQ(header(r, "Content-Encoding"), "");
  EXPECT_EQ(header(r, "ETag"), "\"" + b.hash + "\"");
  EXPECT_EQ(r.body, b.identity);
}

TEST(EncodedBody, NotModifiedOnlyForTheSameRepresentation) {
  EncodedBody b = encode_body(page(5000), "text/css", {.brotli_quality = 0});
  b.headers = {{"Cache-Control", "public, max-age=60"}, {"Vary", "Cookie"}};
  std::string gz = "\"" + b.hash + "-gz\"";
  Response r = respond(with({{"Accept-Encoding", "gzip"}, {"If-None-Match", "\"x\", W/" + gz}}), b);
  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(header(r, "ETag"), gz);
  EXPECT_EQ(header(r, "Cache-Control"), "public, max-age=60");
  EXPECT_EQ(header(r, "Vary"), "Accept-Encoding, Cookie");
  // The gzip validator does not stand for the identity bytes.
  EXPECT_EQ(respond(with({{"If-None-Match", gz}}), b).status, 200);
  EXPECT_EQ(respond(with({{"If-None-Match", "*"}}), b).status, 304);
}

TEST(EncodedBody, FormsMadeOneAtATimeAsClientsAsk) {
  EncodedBody b = encode_body(page(8000), "text/html; charset=utf-8", {.gzip = false, .gzip_level = 6, .brotli_quality = 0, .min_size = 512});
  EXPECT_TRUE(b.negotiated);
  EXPECT_TRUE(b.gzip.empty() && b.br.empty());
  Response r = respond(with({{"Accept-Encoding", "gzip"}}), b);  // not made yet: identity, but it varies
  EXPECT_EQ(header(r, "Content-Encoding"), "");
  EXPECT_EQ(header(r, "Vary"), "Accept-Encoding");
  EXPECT_EQ(preferred_coding(with({{"Accept-Encoding", "gzip, br"}})), Coding::br);
  EXPECT_EQ(preferred_coding(with({{"Accept-Encoding", "br;q=0.5, gzip"}})), Coding::gzip);
  EXPECT_EQ(preferred_coding(with({})), Coding::identity);
  EXPECT_TRUE(lacks(b, Coding::br));
  EXPECT_FALSE(lacks(b, Coding::identity));
  EncodedBody with_br = add_coding(b, Coding::br);
  EXPECT_FALSE(lacks(with_br, Coding::br));
  EXPECT_EQ(unbrotli(with_br.br), b.identity);
  EXPECT_EQ(with_br.hash, b.hash);
  EXPECT_EQ(header(respond(with({{"Accept-Encoding", "gzip, br"}}), with_br), "Content-Encoding"), "br");
  EXPECT_FALSE(lacks(encode_body("tiny", "text/html"), Coding::gzip));  // never compressed
}

TEST(EncodedBody, SmallOrBinaryBodiesStayAsTheyAre) {
  EncodedBody small = encode_body("body{}", "text/css");
  EXPECT_TRUE(small.gzip.empty() && small.br.empty());
  Response r = respond(with({{"Accept-Encoding", "gzip, br"}}), small);
  EXPECT_EQ(header(r, "Content-Encoding"), "");
  EXPECT_EQ(header(r, "Vary"), "");
  EncodedBody png = encode_body(std::string(4000, '\x89'), "image/png");
  EXPECT_TRUE(png.gzip.empty() && png.br.empty());
}

TEST(BodyCache, LeastRecentlyUsedOutWithinTheByteBound) {
  BodyCache c(64 * 1024);
  auto body = [](size_t n) { return std::make_shared<const EncodedBody>(encode_body(std::string(n, 'a'), "application/octet-stream")); };
  c.put("a", body(6000));
  c.put("b", body(6000));
  EXPECT_NE(c.get("a"), nullptr);  // a is now the most recent
  for (int i = 0; i < 12; ++i) c.put("k" + std::to_string(i), body(6000));
  auto s = c.stats();
  EXPECT_LE(s.bytes, s.max_bytes);
  EXPECT_GT(s.evictions, 0u);
  EXPECT_EQ(c.get("b"), nullptr);
  c.put("huge", body(20000));  // more than an eighth of the bound: not kept
  EXPECT_EQ(c.get("huge"), nullptr);
  s = c.stats();
  EXPECT_EQ(s.hits, 1u);
  EXPECT_EQ(s.misses, 2u);
  std::string m = c.metrics_text();
  EXPECT_NE(m.find("motcua_page_cache_hits_total 1\n"), std::string::npos);
  EXPECT_NE(m.find("motcua_page_cache_hit_ratio 0.3333\n"), std::string::npos);
  c.clear();
  EXPECT_EQ(c.stats().entries, 0u);
  EXPECT_EQ(c.stats().bytes, 0u);
}

TEST(StaticFiles, HashedImmutableNamesAndPlainNames) {
  namespace fs = std::filesystem;
  std::string root = (fs::temp_directory_path() / ("motcua-static-" + std::to_string(::getpid()))).string();
  fs::create_directories(root + "/css");
  std::ofstream(root + "/css/app.css") << page(4000);
  std::ofstream(root + "/LICENSE") << "text";
  StaticFiles s(root);
  std::string url = s.url("css/app.css");
  EXPECT_EQ(url, "/static/" + hashed_name("css/app.css", content_hash(page(4000))));
  EXPECT_EQ(hashed_name("css/app.css", "0123456789abcdef"), "css/app.0123456789ab.css");
  EXPECT_EQ(hashed_name("LICENSE", "0123456789abcdef"), "LICENSE.0123456789ab");
  auto get = [&](const std::string& rel, std::vector<std::pair<std::string, std::string>> h = {}) { return s.serve(with(std::move(h)), rel); };
  auto r = get(url.substr(8), {{"Accept-Encoding", "br, gzip"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(header(*r, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(*r, "Content-Encoding"), "br");
  EXPECT_EQ(unbrotli(r->body), page(4000));
  r = get("css/app.css");
  ASSERT_TRUE(r);
  EXPECT_EQ(header(*r, "Cache-Control"), "public, max-age=3600");
  EXPECT_EQ(r->body, page(4000));
  r = get("css/app.0123456789ab.css");  // an older content's name
  ASSERT_TRUE(r);
  EXPECT_EQ(header(*r, "Cache-Control"), "no-cache");
  EXPECT_TRUE(get(s.url("LICENSE").substr(8)));
  EXPECT_FALSE(get("css/app.0123456789ab.js"));
  EXPECT_FALSE(get("css/other.0123456789ab.css"));
  EXPECT_FALSE(get("../css/app.css"));
  fs::remove_all(root);
}
