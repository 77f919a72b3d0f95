// The OpenAPI description served as JSON (/api/v1/openapi.json): the same document as docs/api/openapi.yaml,
// with a strong ETag (304 on If-None-Match), and the response checker (support/openapi_check.h) itself: it
// refuses what does not conform, so the check every other API test gets cannot pass vacuously.
#include <gtest/gtest.h>

#include "support/http_client.h"
#include "support/openapi_check.h"

using namespace motcua::testing;
using nlohmann::json;

TEST(OpenApiServed, JsonIsTheYamlDocument) {
  ServerProcess s({"--demo-if-empty"});
  auto r = s.get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.header("Content-Type").find("application/json"), std::string::npos);
  EXPECT_EQ(r.json(), openapi_spec());
  EXPECT_EQ(r.json()["openapi"], "3.1.0");
  std::string etag = r.header("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = s.get("/api/v1/openapi.json", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(s.get("/api/v1/openapi.yaml").status, 200);
}

TEST(OpenApiServed, CheckerRefusesWhatDoesNotConform) {
  // A described success with a body that breaks its schema.
  auto p = check_response("GET", "/api/v1/sync/status", 200, "application/json", R"({"synced": "many", "pending": 0, "failed": 0})");
  EXPECT_GE(p.size(), 2u);  // synced is not an integer; dead is missing
  // A success status the operation does not list.
  EXPECT_FALSE(check_response("GET", "/api/v1/openapi.json", 201, "application/json", "{}").empty());
  // An error without the envelope.
  EXPECT_FALSE(check_response("GET", "/api/v1/procedures", 418, "application/json", R"({"message": "x"})").empty());
  // An unknown operation answered 200.
  EXPECT_FALSE(check_response("DELETE", "/api/v1/procedures", 200, "application/json", "{}").empty());
  // What conforms passes: an error with the envelope, an unknown route answered 404, a valid success body.
  EXPECT_TRUE(check_response("GET", "/api/v1/procedures", 418, "application/json", R"({"error": {"code": "x", "message": "Lỗi"}})").empty());
  EXPECT_TRUE(check_response("GET", "/api/v1/khong-co", 404, "application/json", R"({"error": {"code": "x", "message": "Lỗi"}})").empty());
  EXPECT_TRUE(check_response("GET", "/api/v1/sync/status", 200, "application/json", R"({"synced": 1, "pending": 0, "failed": 0, "dead": 0})").empty());
  EXPECT_FALSE(validate(json::parse(R"({"type": ["number", "null"]})"), "x").empty());
  EXPECT_TRUE(validate(json::parse(R"({"type": ["number", "null"]})"), nullptr).empty());
}
