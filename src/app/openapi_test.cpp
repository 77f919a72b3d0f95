// docs/api/openapi.yaml ↔ route table: every route is described and every described path exists.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "app/app.h"
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
