// YAML → JSON (yaml_json.h): scalars resolved as the YAML 1.2 core schema does, quoted and block scalars stay
// strings, flow and block collections, aliases, duplicate keys and malformed input refused with the line.
#include "services/yaml_json.h"

#include <gtest/gtest.h>

namespace motcua::services {
namespace {

using nlohmann::json;

TEST(YamlJson, ScalarsCollectionsAndAliases) {
  json j = yaml_to_json(R"(openapi: 3.1.0
count: 200
code: '200'
ratio: 0.5
on: true
none: ~
empty:
words: Tờ khai điện tử
list: [a, 1, 'null', null]
flow: { type: [number, 'null'], minimum: 1 }
text: |
  hai
  dòng
base: &b { x: 1 }
copy: *b
)");
  EXPECT_EQ(j["openapi"], "3.1.0");
  EXPECT_EQ(j["count"], 200);
  EXPECT_EQ(j["code"], "200");
  EXPECT_EQ(j["ratio"], 0.5);
  EXPECT_EQ(j["on"], true);
  EXPECT_TRUE(j["none"].is_null());
  EXPECT_TRUE(j["empty"].is_null());
  EXPECT_EQ(j["words"], "Tờ khai điện tử");
  EXPECT_EQ(j["list"], json::parse(R"(["a", 1, "null", null])"));
  EXPECT_EQ(j["flow"], json::parse(R"({"type": ["number", "null"], "minimum": 1})"));
  EXPECT_EQ(j["text"], "hai\ndòng\n");
  EXPECT_EQ(j["copy"], json::parse(R"({"x": 1})"));
}

TEST(YamlJson, RefusesMalformedInputAndDuplicateKeys) {
  EXPECT_THROW(yaml_to_json("a: [1, 2\nb: 3\n"), std::runtime_error);
  try {
    yaml_to_json("a: 1\nb: 2\na: 3\n");
    FAIL() << "duplicate key accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
  }
  EXPECT_THROW(yaml_to_json("a: *missing\n"), std::runtime_error);
}

}  // namespace
}  // namespace motcua::services
