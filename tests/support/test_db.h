// Test support: a fresh, migrated database of either dialect.
//  - "sqlite": a file in a new temp directory.
//  - "postgresql": a new schema in the cluster named by MOTCUA_TEST_PG (./test starts one), selected with
//    search_path, dropped at the end — so tests can run in parallel on one cluster. When MOTCUA_TEST_PG
//    is unset the test is skipped (./test always sets it).
#pragma once
#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>
#include <memory>
#include <random>
#include <string>

#include "store/db.h"
#include "store/migrations.h"

namespace motcua::testing {

struct TestDb {
  std::unique_ptr<store::Db> db;
  std::string dir, schema, base_url, url;  // url: the database URL selecting this schema
  ~TestDb() {
    db.reset();
    if (!schema.empty()) {
      try {
        auto admin = store::open_postgres(base_url, 1);
        admin->write([&](store::Conn& c) { c.exec_script("DROP SCHEMA IF EXISTS " + schema + " CASCADE"); });
      } catch (...) {
      }
    }
    if (!dir.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  }
};

inline std::string random_suffix() {
  std::random_device rd;
  std::string s;
  for (int i = 0; i < 10; ++i) s.push_back("abcdefghijklmnopqrstuvwxyz"[rd() % 26]);
  return s;
}

// Returns nullptr (and marks the test skipped by the caller) when the dialect is unavailable.
inline std::unique_ptr<TestDb> make_test_db(const std::string& dialect, bool migrate = true) {
  auto t = std::make_unique<TestDb>();
  if (dialect == "sqlite") {
    t->dir = (std::filesystem::temp_directory_path() / ("motcua-store-" + random_suffix())).string();
    std::filesystem::create_directories(t->dir);
    t->db = store::open_sqlite(t->dir + "/test.db", 2);
  } else {
    const char* url = std::getenv("MOTCUA_TEST_PG");
    if (!url || !*url) {
      // ./test sets MOTCUA_REQUIRE_PG: there a missing cluster is a failure, never a silent skip.
      if (std::getenv("MOTCUA_REQUIRE_PG")) throw std::runtime_error("MOTCUA_TEST_PG is not set but MOTCUA_REQUIRE_PG is");
      return nullptr;
    }
    t->base_url = url;
    t->schema = "t_" + random_suffix();
    {
      auto admin = store::open_postgres(url, 1);
      admin->write([&](store::Conn& c) { c.exec_script("CREATE SCHEMA " + t->schema); });
    }
    t->url = t->base_url + (t->base_url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + t->schema;
    t->db = store::open_postgres(t->url, 2);
  }
  if (migrate) store::migrate(*t->db);
  return t;
}

// A write transaction held open on another thread (a node stopped in the middle of one): the constructor returns once
// fn ran inside it; release() (or the destructor) lets it commit.
class HeldTransaction {
 public:
  HeldTransaction(store::Db& db, std::function<void(store::Conn&)> fn) {
    thread_ = std::thread([this, &db, fn = std::move(fn)] {
      db.write([&](store::Conn& c) {
        fn(c);
        std::unique_lock lk(mu_);
        holding_ = true;
        cv_.notify_all();
        cv_.wait(lk, [&] { return released_; });
      });
    });
    std::unique_lock lk(mu_);
    cv_.wait(lk, [&] { return holding_; });
  }
  void release() {
    {
      std::lock_guard lk(mu_);
      released_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  ~HeldTransaction() { release(); }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool holding_ = false, released_ = false;
  std::thread thread_;
};

class DialectTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = make_test_db(GetParam());
    if (!tdb_) GTEST_SKIP() << "MOTCUA_TEST_PG not set: PostgreSQL tests skipped (./test starts a cluster)";
  }
  store::Db& db() { return *tdb_->db; }
  std::unique_ptr<TestDb> tdb_;
};

}  // namespace motcua::testing
