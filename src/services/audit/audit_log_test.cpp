// The audit log's contract on SQLite and PostgreSQL: an entry is written with the change it records (and gone with
// it when that rolls back), listed at once as pending, sealed in order into a gapless hash chain that verify()
// checks; a writer never waits for another transaction's audit entry (PostgreSQL, where writers run concurrently —
// the "paused node" of issue 14), and a change to a sealed row is detected.
#include "services/audit/audit_log.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "support/test_db.h"

using namespace motcua;
using motcua::testing::DialectTest;
using services::AuditLog;

namespace {

class AuditLogTest : public DialectTest {
 protected:
  void append(const std::string& action, int64_t at) {
    db().write([&](store::Conn& c) { log.append(c, {7, "tuphap.bensung", action, "HS-1", "000.01.25.H56", "127.0.0.1", {{"k", action}}}, at); });
  }
  nlohmann::json list(int* total, int page = 1, int per_page = 20) { return AuditLog::list(db(), {}, "", "", page, per_page, total); }
  AuditLog log;
};

TEST_P(AuditLogTest, PendingThenSealedInOrderAndVerified) {
  append("a.first", 1000);
  append("a.second", 2000);
  EXPECT_THROW(db().write([&](store::Conn& c) {
    log.append(c, {0, "system", "a.rolled_back", "", "", "", {}}, 2500);
    throw std::runtime_error("the change failed");
  }),
               std::runtime_error);
  append("a.third", 3000);
  int total = 0;
  auto items = list(&total);
  ASSERT_EQ(total, 3);
  EXPECT_TRUE(items[0]["pending"].get<bool>());
  EXPECT_TRUE(items[0]["seq"].is_null());
  EXPECT_EQ(items[0]["action"], "a.third");  // newest first
  EXPECT_EQ(items[2]["action"], "a.first");
  EXPECT_EQ(AuditLog::seal(db(), 2), 2);  // a batch takes the oldest
  items = list(&total);
  ASSERT_EQ(total, 3);
  EXPECT_EQ(items[0]["action"], "a.third");
  EXPECT_TRUE(items[0]["pending"].get<bool>());
  EXPECT_EQ(items[1]["seq"], 2);
  EXPECT_EQ(items[1]["action"], "a.second");
  EXPECT_EQ(items[2]["seq"], 1);
  // Pages cross from the pending entries into the chain.
  auto p2 = list(&total, 2, 2);
  ASSERT_EQ(p2.size(), 1u);
  EXPECT_EQ(p2[0]["seq"], 1);
  auto v = AuditLog::verify(db());  // seals the rest first
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.rows, 3);
  items = list(&total);
  EXPECT_EQ(items[0]["seq"], 3);
  EXPECT_EQ(items[0]["action"], "a.third");
  EXPECT_EQ(items[0]["detail"]["k"], "a.third");
  EXPECT_EQ(AuditLog::seal(db()), 0);
  // Tampering with a sealed row, or removing the last one, is detected.
  db().write([](store::Conn& c) { c.exec("UPDATE audit_log SET actor = 'ke-gian' WHERE seq = 2"); });
  v = AuditLog::verify(db());
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 2);
  db().write([](store::Conn& c) { c.exec("UPDATE audit_log SET actor = 'tuphap.bensung' WHERE seq = 2"); });
  EXPECT_TRUE(AuditLog::verify(db()).ok);
  db().write([](store::Conn& c) { c.exec("DELETE FROM audit_log WHERE seq = 3"); });
  EXPECT_FALSE(AuditLog::verify(db()).ok);
}

// PostgreSQL: one transaction holds its audit entry uncommitted (a node paused mid-request); other writers go on,
// the sealer seals what is committed, and the late entry joins the chain when it commits.
TEST_P(AuditLogTest, AWriterNeverWaitsForAnotherTransactionsEntry) {
  if (db().dialect() != "postgresql") GTEST_SKIP() << "SQLite has one writer at a time by design";
  motcua::testing::HeldTransaction paused(db(), [&](store::Conn& c) { log.append(c, {0, "system", "a.paused", "", "", "", {}}, 500); });
  auto t0 = std::chrono::steady_clock::now();
  auto other = std::async(std::launch::async, [&] {
    for (int i = 0; i < 20; ++i) append("a.other", 1000 + i);
  });
  const bool done = other.wait_for(std::chrono::seconds(3)) == std::future_status::ready;
  EXPECT_TRUE(done) << "a writer waited for the paused transaction";
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(3));
  auto sealer = std::async(std::launch::async, [&] { return AuditLog::seal(db()); });
  const bool sealed_in_time = sealer.wait_for(std::chrono::seconds(3)) == std::future_status::ready;
  EXPECT_TRUE(sealed_in_time) << "the sealer waited for the paused transaction";
  paused.release();
  if (!done) other.wait();
  EXPECT_EQ(sealer.get(), 20);
  auto v = AuditLog::verify(db());
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.rows, 21);
  int total = 0;
  auto items = list(&total, 1, 1);
  EXPECT_EQ(items[0]["seq"], 21);
  EXPECT_EQ(items[0]["action"], "a.paused");  // committed last, sealed last
}

INSTANTIATE_TEST_SUITE_P(Dialects, AuditLogTest, ::testing::Values("sqlite", "postgresql"), [](const auto& info) { return info.param; });

}  // namespace
