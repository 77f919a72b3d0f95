// The scheduled-job runner (tác vụ định kỳ): one durable runner per server process, jobs as rows in the
// database (table `jobs`, migration 8). Later capabilities (notification delivery, national sync,
// reports) add their kinds here instead of starting threads of their own.
//
// Contract
// - define(kind, handler[, lease_ms]): the code for a kind; lease_ms (> 0) replaces the runner's lease for
//   that kind — a short one for a job that is safe to run concurrently (it has its own row leases, like
//   notification delivery), so a crashed process does not silence it for the whole default lease. A handler returns a short result text (shown to admins)
//   or throws; it does its own transactions and must be idempotent (a job may run again after a crash
//   between its effect and the bookkeeping).
// - ensure_recurring(kind, key, period_ms, first_run_ms): one row per key (INSERT … ON CONFLICT DO
//   NOTHING); an existing row keeps its schedule, its period is updated to the configured one.
//   enqueue(kind, key, payload, run_at): a one-shot job, idempotent by key (a second enqueue is a no-op).
// - run_due(): claims due jobs one at a time with a lease — UPDATE … WHERE id = (oldest due, pending,
//   lease expired) AND lease expired — so two processes on one PostgreSQL never run the same job at once
//   (the loser's UPDATE re-checks the lease and matches nothing). A recurring job scheduled more than
//   one period ahead is due too: the clock went back (an NTP step, a restored VM, the tests' clock), and
//   waiting for the old schedule would silence it for as long as the jump. Success: recurring jobs move to
//   now + period (attempts reset), one-shot jobs become `done`. Failure: attempts + 1 and a retry after
//   an exponential backoff (base × 2^(attempts−1), capped at the period for recurring jobs, 1 h
//   otherwise); a one-shot job becomes `dead` after max_attempts; recurring jobs never die. A job whose
//   runner crashed is picked up again when its lease expires.
// - start()/stop(): a background thread calls run_due() every tick (real time). Time for scheduling is
//   fmt::now_ms(), so the tests' clock (--test-clock) moves jobs too.
// - list()/retry(): the admins' view (GET /api/v1/jobs, role admin) and "run again now".
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "store/db.h"

namespace motcua::services {

struct Job {
  int64_t id = 0;
  std::string kind, key;
  nlohmann::json payload;
  int64_t period_ms = 0;
  int64_t attempts = 0;
};

// A job as the admins see it (times in epoch ms, 0 = never).
struct JobInfo {
  int64_t id = 0;
  std::string kind, key, state;
  int64_t run_at = 0, period_ms = 0, attempts = 0, last_run_at = 0, last_ok_at = 0, runs = 0;
  std::string last_error, last_result;
};

struct JobRunnerConfig {
  std::string owner;              // this process (host:pid:random) — recorded as the lease owner
  int64_t tick_ms = 1000;         // how often the thread looks for due jobs (real time)
  int64_t lease_ms = 10 * 60'000; // a claimed job is someone's for this long
  int64_t backoff_base_ms = 30'000;
};

class JobRunner {
 public:
  using Handler = std::function<std::string(const Job&)>;
  JobRunner(store::Db& db, JobRunnerConfig cfg);
  ~JobRunner();

  void define(const std::string& kind, Handler h, int64_t lease_ms = 0);
  void ensure_recurring(const std::string& kind, const std::string& key, int64_t period_ms, int64_t first_run_ms);
  void enqueue(const std::string& kind, const std::string& key, const nlohmann::json& payload, int64_t run_at_ms, int max_attempts = 8);
  int run_due();  // returns how many jobs ran (successfully or not)
  void start();
  void stop();
  // Jobs for the admin page: [{id, kind, key, state, run_at, period_ms, attempts, last_run_at, last_ok_at, last_error, last_result, runs}].
  nlohmann::json list(int limit = 200);
  std::vector<JobInfo> jobs(int limit = 200);
  // Makes a job due now (dead → pending, attempts reset). Returns false when there is no such job.
  bool retry(int64_t id);

 private:
  store::Db& db_;
  JobRunnerConfig cfg_;
  std::mutex mu_;
  std::map<std::string, Handler> handlers_;
  std::map<std::string, int64_t> leases_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::condition_variable cv_;
  std::mutex cv_mu_;
};

}  // namespace motcua::services
