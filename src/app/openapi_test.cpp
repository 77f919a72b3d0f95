// docs/api/openapi.yaml ↔ route table: every route is described and every described path exists.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "app/app.h"
#include "services/yaml_json.h"
#include "support/test_db.h"

using namespace motcua;

namespace {
std::set<std::string> spec_routes() {
  std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/docs/api/openapi.yaml");
  std::set<std::string> out;
  std::string line, path;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (line == "paths:") {
      in_paths = true;
      continue;
    }
    if (!in_paths) continue;
    if (!line.empty() && line[0] != ' ') break;
    if (line.size() > 3 && line.rfind("  /", 0) == 0 && line.back() == ':') path = line.substr(2, line.size() - 3);
    for (const char* m : {"get", "post", "put", "delete", "patch"})
      if (line == std::string("    ") + m + ":") {
        std::string M = m;
        for (auto& c : M) c = static_cast<char>(std::toupper(c));
        out.insert(M + " " + path);
      }
  }
  return out;
}
}  // namespace

TEST(OpenApi, RoutesMatchTheSpec) {
  std::string dir = (std::filesystem::temp_directory_path() / ("motcua-openapi-" + motcua::testing::random_suffix())).string();
  app::Config cfg;
  cfg.data_dir = dir;
  cfg.web_root = MOTCUA_SOURCE_DIR;
  std::set<std::string> routes;
  {
    app::App a(cfg);
    for (const auto& r : a.router().routes()) {
      std::string p = r.pattern;
      auto star = p.find("*}");
      if (star != std::string::npos) p.erase(star, 1);
      routes.insert(r.method + " " + p);
    }
  }
  std::filesystem::remove_all(dir);
  auto spec = spec_routes();
  ASSERT_GT(spec.size(), 10u);
  for (const auto& r : routes) EXPECT_TRUE(spec.count(r)) << "route not described in docs/api/openapi.yaml: " << r;
  for (const auto& s : spec) EXPECT_TRUE(routes.count(s)) << "described in openapi.yaml but not served: " << s;
}

namespace {
void refs_in(const nlohmann::json& node, std::vector<std::string>& out) {
  if (node.is_object()) {
    for (const auto& [k, v] : node.items()) {
      if (k == "$ref" && v.is_string()) out.push_back(v.get<std::string>());
      refs_in(v, out);
    }
  } else if (node.is_array()) {
    for (const auto& v : node) refs_in(v, out);
  }
}
}  // namespace

// The description itself: OpenAPI 3.1 (no 3.0 `nullable`), every $ref resolves, every operation lists a
// success response, response keys are status codes, and every {param} of a path is declared as a path parameter.
TEST(OpenApi, SpecIsOpenApi31AndConsistent) {
  std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/docs/api/openapi.yaml");
  std::ostringstream ss;
  ss << in.rdbuf();
  nlohmann::json spec = services::yaml_to_json(ss.str());
  EXPECT_EQ(spec["openapi"], "3.1.0");
  EXPECT_EQ(ss.str().find("nullable:"), std::string::npos) << "3.1 writes type: [x, 'null']";
  std::vector<std::string> refs;
  refs_in(spec, refs);
  ASSERT_GT(refs.size(), 50u);
  for (const auto& r : refs) {
    ASSERT_EQ(r.rfind("#/", 0), 0u) << r;
    EXPECT_TRUE(spec.contains(nlohmann::json::json_pointer(r.substr(1)))) << "unresolved $ref " << r;
  }
  auto deref = [&](const nlohmann::json& p) { return p.contains("$ref") ? spec.at(nlohmann::json::json_pointer(p["$ref"].get<std::string>().substr(1))) : p; };
  static const std::regex code("[1-5][0-9][0-9]|[1-5]XX|default"), param("\\{([a-z_]+)\\}");
  int operations = 0;
  for (const auto& [path, item] : spec["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      if (method == "parameters") continue;
      ++operations;
      std::string where = method + " " + path;
      ASSERT_TRUE(op.contains("responses")) << where;
      bool success = false;
      for (const auto& [k, v] : op["responses"].items()) {
        EXPECT_TRUE(std::regex_match(k, code)) << where << ": response key " << k;
        success |= k[0] == '2' || k[0] == '3';
      }
      EXPECT_TRUE(success) << where << " lists no success response";
      std::set<std::string> declared;
      for (const auto* list : {&item, &op})
        if (list->contains("parameters"))
          for (const auto& p : (*list)["parameters"]) {
            auto d = deref(p);
            if (d.value("in", std::string()) == "path") {
              declared.insert(d.value("name", std::string()));
              EXPECT_TRUE(d.value("required", false)) << where << ": path parameter " << d.value("name", std::string()) << " must be required";
            }
          }
      for (std::sregex_iterator m(path.begin(), path.end(), param), end; m != end; ++m)
        EXPECT_TRUE(declared.count((*m)[1].str())) << where << ": {" << (*m)[1].str() << "} is not declared as a path parameter";
    }
  }
  EXPECT_GT(operations, 100);
}
