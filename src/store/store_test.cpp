// The store contract, run against SQLite and PostgreSQL alike.
#include <gtest/gtest.h>

#include <thread>

#include "domain/errors.h"

#include "support/test_db.h"

using namespace motcua;
using motcua::testing::DialectTest;

class StoreTest : public DialectTest {};

TEST_P(StoreTest, MigrateIsIdempotent) {
  EXPECT_EQ(store::migrate(db()), 0);
  EXPECT_GE(store::schema_version(db()), 1);
}

TEST_P(StoreTest, ParametersTypesAndReturning) {
  db().write([](store::Conn& c) {
    c.exec("INSERT INTO meta (key, value) VALUES ($1, $2)", {std::string("k1"), std::string("Đăng ký — ✓")});
  });
  auto r = db().query("SELECT value, $1, $2 FROM meta WHERE key = $3", {int64_t{42}, nullptr, std::string("k1")});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].str(0), "Đăng ký — ✓");
  EXPECT_EQ(r.rows[0].i64(1), 42);
  EXPECT_TRUE(r.rows[0].is_null(2));
  int64_t id = 0;
  db().write([&](store::Conn& c) {
    id = c.exec("INSERT INTO agencies (code, name, kind, level, created_at) VALUES ($1,$2,'ubnd_xa','xa',$3) RETURNING id",
                {std::string("A1"), std::string("UBND xã"), int64_t{1}})
             .rows.at(0)
             .i64(0);
  });
  EXPECT_GT(id, 0);
  // Parameters may be reused.
  auto q = db().query("SELECT code FROM agencies WHERE (id = $2 AND code = $1) OR (code = $1 AND id <> $2)", {std::string("A1"), int64_t{-1}});
  EXPECT_EQ(q.rows.size(), 1u);
}

TEST_P(StoreTest, FailedWriteRollsBackEverything) {
  EXPECT_THROW(db().write([](store::Conn& c) {
    c.exec("INSERT INTO meta (key, value) VALUES ('a', '1')");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_TRUE(db().query("SELECT 1 FROM meta WHERE key = 'a'").empty());
  EXPECT_THROW(db().write([](store::Conn& c) {
    c.exec("INSERT INTO meta (key, value) VALUES ('b', '1')");
    c.exec("INSERT INTO meta (key, value) VALUES ('b', '2')");
  }),
               store::UniqueViolation);
  EXPECT_TRUE(db().query("SELECT 1 FROM meta WHERE key = 'b'").empty());
}

TEST_P(StoreTest, ConcurrentWritersAreSerializedWithoutLoss) {
  db().write([](store::Conn& c) { c.exec("INSERT INTO meta (key, value) VALUES ('n', '0')"); });
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&] {
      for (int i = 0; i < 25; ++i)
        db().write([](store::Conn& c) {
          c.exec("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) WHERE key = 'n'");
        });
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(db().query("SELECT value FROM meta WHERE key = 'n'").rows.at(0).str(0), "100");
}

TEST_P(StoreTest, SyntaxErrorsAreReported) {
  EXPECT_THROW(db().query("SELEKT 1"), store::Error);
  auto s = db().stats();
  EXPECT_GT(s.queries, 0);
  EXPECT_GE(s.size, 1);
}

// Statements are cached per connection (SQLite: prepared handles; PostgreSQL: named prepared statements): the same
// text runs again with other parameters, more distinct texts than the cache holds still run, a statement that
// fails inside a transaction rolls it back without spoiling the connection's cache, and a table altered under a
// cached statement is prepared again.
TEST_P(StoreTest, CachedStatementsStayCorrect) {
  for (int i = 0; i < 5; ++i)
    db().write([&](store::Conn& c) { c.exec("INSERT INTO meta (key, value) VALUES ($1, $2)", {"p" + std::to_string(i), std::to_string(i * i)}); });
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(db().query("SELECT value FROM meta WHERE key = $1", {"p" + std::to_string(i)}).rows.at(0).str(0), std::to_string(i * i));
  for (int i = 0; i < 600; ++i)  // distinct texts: past any cache bound
    EXPECT_EQ(db().query("SELECT " + std::to_string(i) + " + CAST($1 AS BIGINT)", {int64_t{1}}).rows.at(0).i64(0), i + 1);
  for (int round = 0; round < 3; ++round) {
    EXPECT_THROW(db().write([&](store::Conn& c) {
      c.exec("INSERT INTO meta (key, value) VALUES ($1, $2)", {std::string("dup"), std::string("1")});
      c.exec("INSERT INTO meta (key, value) VALUES ($1, $2)", {std::string("dup"), std::string("2")});
    }),
                 store::UniqueViolation);
    EXPECT_TRUE(db().query("SELECT 1 FROM meta WHERE key = $1", {std::string("dup")}).empty());
    EXPECT_EQ(db().query("SELECT value FROM meta WHERE key = $1", {std::string("p3")}).rows.at(0).str(0), "9");
  }
  db().write([](store::Conn& c) { c.exec_script("CREATE TABLE t_cached (a TEXT)"); });
  db().write([](store::Conn& c) { c.exec("INSERT INTO t_cached (a) VALUES ($1)", {std::string("x")}); });
  for (int i = 0; i < 8; ++i) EXPECT_EQ(db().query("SELECT * FROM t_cached").columns.size(), 1u);  // now cached
  db().write([](store::Conn& c) { c.exec_script("ALTER TABLE t_cached ADD COLUMN b TEXT"); });
  for (int attempt = 0; attempt < 2; ++attempt)
    for (int i = 0; i < 8; ++i) {
      try {
        auto r = db().query("SELECT * FROM t_cached");
        EXPECT_EQ(r.columns.size(), 2u);
      } catch (const store::Error& e) {
        EXPECT_EQ(attempt, 0) << e.what();  // at most once per connection, then prepared again
      }
    }
}

// PostgreSQL: a writer that waits on another transaction's lock past lock_timeout gets a 503 "busy" (nothing written),
// not an internal error, and the connection serves the next request.
TEST_P(StoreTest, ALockWaitPastTheTimeoutIsBusyNotInternal) {
  if (db().dialect() != "postgresql") GTEST_SKIP() << "SQLite has one writer at a time";
  db().write([](store::Conn& c) { c.exec("INSERT INTO meta (key, value) VALUES ('locked', '0')"); });
  motcua::testing::HeldTransaction holder(db(), [](store::Conn& c) { c.exec("UPDATE meta SET value = '1' WHERE key = 'locked'"); });
  try {
    db().write([](store::Conn& c) {
      c.exec_script("SET LOCAL lock_timeout = '200ms'");
      c.exec("UPDATE meta SET value = '2' WHERE key = 'locked'");
    });
    ADD_FAILURE() << "the update did not wait for the lock";
  } catch (const DomainError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unavailable);
    EXPECT_EQ(e.code(), "db_busy");
  }
  holder.release();
  EXPECT_EQ(db().query("SELECT value FROM meta WHERE key = 'locked'").rows.at(0).str(0), "1");
}

INSTANTIATE_TEST_SUITE_P(Dialects, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });
