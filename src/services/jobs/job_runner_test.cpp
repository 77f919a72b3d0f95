// The job runner on SQLite and PostgreSQL: a due job runs once even when two runners (two server
// processes) race for it; recurring jobs move by their period; failures back off; one-shot jobs die
// after max_attempts and come back with retry(); enqueue is idempotent by key.
#include "services/jobs/job_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "domain/format.h"
#include "support/test_db.h"

namespace motcua::services {
namespace {

class JobRunnerTest : public ::testing::TestWithParam<std::string> {};

TEST_P(JobRunnerTest, TwoRunnersNeverRunTheSameJobTwice) {
  auto t = motcua::testing::make_test_db(GetParam());
  if (!t) GTEST_SKIP() << "PostgreSQL not configured";
  JobRunner a(*t->db, {.owner = "a"}), b(*t->db, {.owner = "b"});
  std::atomic<int> runs{0};
  auto slow = [&](const Job&) {
    ++runs;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return std::string("ok");
  };
  a.define("count", slow);
  b.define("count", slow);
  int64_t now = fmt::now_ms();
  for (int i = 0; i < 20; ++i) a.enqueue("count", "k" + std::to_string(i), {{"i", i}}, now - 1);
  a.enqueue("count", "k0", {}, now - 1);  // idempotent by key
  std::thread ta([&] { a.run_due(); }), tb([&] { b.run_due(); });
  ta.join();
  tb.join();
  EXPECT_EQ(runs.load(), 20);
  EXPECT_EQ(a.run_due() + b.run_due(), 0);
  int done = 0;
  for (const auto& j : a.list()) done += j["state"] == "done";
  EXPECT_EQ(done, 20);
}

TEST_P(JobRunnerTest, RecurringJobsMoveByTheirPeriodAndFailuresBackOff) {
  auto t = motcua::testing::make_test_db(GetParam());
  if (!t) GTEST_SKIP() << "PostgreSQL not configured";
  JobRunner r(*t->db, {.owner = "r", .backoff_base_ms = 1000});
  int calls = 0;
  bool fail = true;
  r.define("tick", [&](const Job&) {
    ++calls;
    if (fail) throw std::runtime_error("gateway down");
    return std::string("ok");
  });
  int64_t now = fmt::now_ms();
  r.ensure_recurring("tick", "tick", 60'000, now - 1);
  r.ensure_recurring("tick", "tick", 60'000, now - 1);  // one row per key
  EXPECT_EQ(r.run_due(), 1);
  EXPECT_EQ(r.run_due(), 0);  // backing off
  auto j = r.list().at(0);
  EXPECT_EQ(j["attempts"], 1);
  EXPECT_EQ(j["state"], "pending");  // recurring jobs never die
  EXPECT_EQ(j["last_error"], "gateway down");
  fail = false;
  ASSERT_TRUE(r.retry(j["id"]));
  EXPECT_EQ(r.run_due(), 1);
  j = r.list().at(0);
  EXPECT_EQ(j["attempts"], 0);
  EXPECT_EQ(j["last_result"], "ok");
  EXPECT_EQ(r.run_due(), 0);  // next run one period later
  EXPECT_EQ(calls, 2);
  // The clock went back (scheduled far more than one period ahead): due at once, not silenced.
  r.ensure_recurring("tick", "later", 60'000, fmt::now_ms() + 3'600'000);
  EXPECT_EQ(r.run_due(), 1);
  EXPECT_EQ(calls, 3);
}

TEST_P(JobRunnerTest, OneShotJobsDieAfterMaxAttempts) {
  auto t = motcua::testing::make_test_db(GetParam());
  if (!t) GTEST_SKIP() << "PostgreSQL not configured";
  JobRunner r(*t->db, {.owner = "r", .backoff_base_ms = 0});
  r.define("bad", [](const Job&) -> std::string { throw std::runtime_error("always"); });
  r.enqueue("bad", "bad-1", {}, fmt::now_ms() - 1, 3);
  EXPECT_EQ(r.run_due(), 3);  // no backoff in this test: three attempts, then dead
  EXPECT_EQ(r.list().at(0)["state"], "dead");
  EXPECT_EQ(r.run_due(), 0);
  EXPECT_TRUE(r.retry(r.list().at(0)["id"]));
  EXPECT_EQ(r.list().at(0)["state"], "pending");
  EXPECT_FALSE(r.retry(123456));
}

INSTANTIATE_TEST_SUITE_P(Dialects, JobRunnerTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace motcua::services
