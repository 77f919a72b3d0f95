// Request-target decoding, header value checks, safe JSON quoting for logs and media-type parsing.
#include "http/message.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace motcua::http;

TEST(HttpTarget, DecodesPathAndQuery) {
  auto t = parse_target("/thu-t%E1%BB%A5c/1.001193?q=khai+sinh&page=2&x");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/thu-tục/1.001193");
  ASSERT_EQ(t->query.size(), 3u);
  EXPECT_EQ(t->query[0], (std::pair<std::string, std::string>{"q", "khai sinh"}));
  EXPECT_EQ(t->query[2].first, "x");
  EXPECT_TRUE(parse_target("/"));
  EXPECT_TRUE(parse_target("/thu-tục"));  // raw UTF-8 that decodes validly is accepted
}

TEST(HttpTarget, RefusesWhatCannotBeDecodedSafely) {
  EXPECT_FALSE(parse_target(""));
  EXPECT_FALSE(parse_target("*"));
  EXPECT_FALSE(parse_target("http://example.org/"));
  EXPECT_FALSE(parse_target("/%ff"));                // invalid UTF-8 after decoding
  EXPECT_FALSE(parse_target("/\xff"));               // raw invalid UTF-8
  EXPECT_FALSE(parse_target("/%C3%28"));
  EXPECT_FALSE(parse_target("/a%00b"));              // NUL
  EXPECT_FALSE(parse_target("/a%0d%0aSet-Cookie:x"));  // CR LF
  EXPECT_FALSE(parse_target("/a%7f"));
  EXPECT_FALSE(parse_target(std::string("/a\0b", 4)));
  EXPECT_FALSE(parse_target("/a b"));
  EXPECT_FALSE(parse_target("/?q=%ff"));
  EXPECT_FALSE(parse_target("/?%ff=1"));
  EXPECT_FALSE(parse_target("/?q=%00"));
  EXPECT_TRUE(parse_target("/?q=%0A"));              // a newline in a query value is data, not an attack
  EXPECT_FALSE(parse_target("/" + std::string(9000, 'a')));
  EXPECT_TRUE(parse_target("/" + std::string(8000, 'a')));
}

TEST(HttpHeaders, ValueCharacters) {
  EXPECT_TRUE(valid_header_value("Mozilla/5.0 (X11; Linux x86_64)\tok"));
  EXPECT_TRUE(valid_header_value("caf\xc3\xa9 \xff"));  // obs-text: allowed, sanitized by consumers
  EXPECT_FALSE(valid_header_value(std::string("a\0b", 3)));
  EXPECT_FALSE(valid_header_value("a\rb"));
  EXPECT_FALSE(valid_header_value("a\nb"));
  EXPECT_FALSE(valid_header_value("a\x1b[31m"));
  EXPECT_FALSE(valid_header_value("a\x7f"));
}

TEST(HttpLog, JsonQuoteNeverThrowsAndIsValid) {
  EXPECT_EQ(json_quote("/thu-tục"), "\"/thu-tục\"");
  std::string q = json_quote(std::string("/\xff\xfe\"\\\n\0", 7));
  auto back = nlohmann::json::parse(q);  // valid JSON, valid UTF-8
  EXPECT_EQ(back.get<std::string>(), "/\xEF\xBF\xBD\xEF\xBF\xBD\"\\\n" + std::string(1, '\0'));
}

TEST(HttpMediaType, ParsesTypeSubtypeAndParameters) {
  auto m = parse_media_type("Application/JSON; Charset=\"UTF-8\" ;q=1");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->type, "application");
  EXPECT_EQ(m->subtype, "json");
  ASSERT_EQ(m->params.size(), 2u);
  EXPECT_EQ(m->params[0], (std::pair<std::string, std::string>{"charset", "UTF-8"}));
  auto x = parse_media_type("application/jsonx");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->subtype, "jsonx");
  EXPECT_FALSE(parse_media_type(""));
  EXPECT_FALSE(parse_media_type("application"));
  EXPECT_FALSE(parse_media_type("application/"));
  EXPECT_FALSE(parse_media_type("application/json, text/plain"));
  EXPECT_FALSE(parse_media_type("application/json; charset"));
  EXPECT_FALSE(parse_media_type("application/json; charset=\"utf-8"));
  EXPECT_FALSE(parse_media_type("application/json garbage"));
}
