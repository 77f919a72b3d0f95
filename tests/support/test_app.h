// Test support: an in-process App (app/app.h) on a fresh database of either dialect — demo mode, cheap password
// hashing, no scheduled jobs — in a temporary data directory removed with it. make_test_app returns nullptr when the
// dialect is unavailable (PostgreSQL without MOTCUA_TEST_PG): the caller skips.
#pragma once
#include <filesystem>
#include <memory>
#include <string>

#include "app/app.h"
#include "support/test_db.h"

namespace motcua::testing {

struct TestApp {
  std::unique_ptr<TestDb> tdb;
  std::string dir;
  std::unique_ptr<app::App> app;
  ~TestApp() {
    app.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

inline std::unique_ptr<TestApp> make_test_app(const std::string& dialect, const std::string& name) {
  auto t = std::make_unique<TestApp>();
  t->tdb = make_test_db(dialect, false);
  if (!t->tdb) return nullptr;
  t->dir = (std::filesystem::temp_directory_path() / ("motcua-" + name + "-" + random_suffix())).string();
  app::Config cfg;
  cfg.data_dir = t->dir;
  cfg.web_root = MOTCUA_SOURCE_DIR;
  cfg.fast_hash = true;
  cfg.demo_mode = true;
  cfg.jobs = false;
  if (dialect == "postgresql") cfg.db_url = t->tdb->url;
  t->app = std::make_unique<app::App>(cfg);
  return t;
}

}  // namespace motcua::testing
