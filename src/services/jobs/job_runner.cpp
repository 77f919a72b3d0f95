#include "services/jobs/job_runner.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "domain/format.h"

namespace motcua::services {

using nlohmann::json;

JobRunner::JobRunner(store::Db& db, JobRunnerConfig cfg) : db_(db), cfg_(std::move(cfg)) {}

JobRunner::~JobRunner() { stop(); }

void JobRunner::define(const std::string& kind, Handler h, int64_t lease_ms) {
  std::lock_guard lk(mu_);
  handlers_[kind] = std::move(h);
  if (lease_ms > 0) leases_[kind] = lease_ms;
}

void JobRunner::ensure_recurring(const std::string& kind, const std::string& key, int64_t period_ms, int64_t first_run_ms) {
  int64_t now = fmt::now_ms();
  db_.write([&](store::Conn& c) {
    c.exec("INSERT INTO jobs (kind, job_key, run_at, period_ms, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$5) ON CONFLICT DO NOTHING",
           {kind, key, first_run_ms, period_ms, now});
    c.exec("UPDATE jobs SET period_ms = $2, state = 'pending' WHERE job_key = $1 AND (period_ms <> $2 OR state <> 'pending')", {key, period_ms});
  });
}

void JobRunner::enqueue(const std::string& kind, const std::string& key, const json& payload, int64_t run_at_ms, int max_attempts) {
  int64_t now = fmt::now_ms();
  db_.write([&](store::Conn& c) {
    c.exec("INSERT INTO jobs (kind, job_key, payload, run_at, max_attempts, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$6) "
           "ON CONFLICT DO NOTHING",
           {kind, key, payload.dump(), run_at_ms, int64_t{max_attempts}, now});
  });
}

int JobRunner::run_due() {
  int ran = 0;
  for (int guard = 0; guard < 1000 && !stopping_; ++guard) {
    int64_t now = fmt::now_ms();
    std::optional<Job> job;
    int64_t max_attempts = 8;
    db_.write([&](store::Conn& c) {
      auto r = c.exec("UPDATE jobs SET lease_owner = $1, lease_until = $2, last_run_at = $3, updated_at = $3 "
                      "WHERE id = (SELECT id FROM jobs WHERE state = 'pending' AND (run_at <= $3 OR (period_ms > 0 AND run_at > $3 + period_ms)) "
                      "AND lease_until < $3 ORDER BY run_at, id LIMIT 1) "
                      "AND state = 'pending' AND lease_until < $3 "
                      "RETURNING id, kind, job_key, payload, period_ms, attempts, max_attempts",
                      {cfg_.owner, now + cfg_.lease_ms, now});
      if (r.rows.empty()) return;
      const auto& x = r.rows[0];
      job = Job{x.i64(0), x.str(1), x.str(2), json::parse(x.str(3), nullptr, false), x.i64(4), x.i64(5)};
      max_attempts = x.i64(6);
      std::lock_guard lk(mu_);
      if (auto it = leases_.find(job->kind); it != leases_.end())
        c.exec("UPDATE jobs SET lease_until = $2 WHERE id = $1", {job->id, now + it->second});
    });
    if (!job) break;
    ++ran;
    Handler h;
    {
      std::lock_guard lk(mu_);
      auto it = handlers_.find(job->kind);
      if (it != handlers_.end()) h = it->second;
    }
    std::string result, error;
    try {
      if (!h) throw std::runtime_error("no handler for job kind " + job->kind);
      result = h(*job);
    } catch (const std::exception& e) {
      error = e.what();
    }
    int64_t done = fmt::now_ms();
    db_.write([&](store::Conn& c) {
      if (error.empty()) {
        if (job->period_ms > 0)
          c.exec("UPDATE jobs SET run_at = $2, attempts = 0, lease_owner = '', lease_until = 0, last_ok_at = $3, last_error = '', last_result = $4, "
                 "runs = runs + 1, updated_at = $3 WHERE id = $1",
                 {job->id, done + job->period_ms, done, result.substr(0, 500)});
        else
          c.exec("UPDATE jobs SET state = 'done', lease_owner = '', lease_until = 0, last_ok_at = $2, last_error = '', last_result = $3, "
                 "runs = runs + 1, updated_at = $2 WHERE id = $1",
                 {job->id, done, result.substr(0, 500)});
        return;
      }
      int64_t attempts = job->attempts + 1;
      int64_t cap = job->period_ms > 0 ? job->period_ms : 3600'000;
      int64_t backoff = std::min(cap, cfg_.backoff_base_ms << std::min<int64_t>(attempts - 1, 20));
      bool dead = job->period_ms == 0 && attempts >= max_attempts;
      c.exec("UPDATE jobs SET state = $2, attempts = $3, run_at = $4, lease_owner = '', lease_until = 0, last_error = $5, runs = runs + 1, "
             "updated_at = $6 WHERE id = $1",
             {job->id, std::string(dead ? "dead" : "pending"), attempts, done + backoff, error.substr(0, 500), done});
    });
    if (!error.empty())
      spdlog::warn(R"("event":"job_failed","kind":"{}","key":"{}","attempt":{},"error":{})", job->kind, job->key, job->attempts + 1,
                   json(error).dump(-1, ' ', false, json::error_handler_t::replace));
  }
  return ran;
}

void JobRunner::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    while (!stopping_) {
      try {
        run_due();
      } catch (const std::exception& e) {
        spdlog::error(R"("event":"job_runner_error","error":{})", json(std::string(e.what())).dump(-1, ' ', false, json::error_handler_t::replace));
      }
      std::unique_lock lk(cv_mu_);
      cv_.wait_for(lk, std::chrono::milliseconds(cfg_.tick_ms), [this] { return stopping_.load(); });
    }
  });
}

void JobRunner::stop() {
  stopping_ = true;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::vector<JobInfo> JobRunner::jobs(int limit) {
  std::vector<JobInfo> out;
  auto r = db_.query("SELECT id, kind, job_key, state, run_at, period_ms, attempts, last_run_at, last_ok_at, last_error, last_result, runs "
                     "FROM jobs ORDER BY id LIMIT $1",
                     {int64_t{limit}});
  for (const auto& x : r.rows) {
    auto opt = [&](size_t i) { return x.is_null(i) ? int64_t{0} : x.i64(i); };
    out.push_back({x.i64(0), x.str(1), x.str(2), x.str(3), x.i64(4), x.i64(5), x.i64(6), opt(7), opt(8), x.i64(11), x.str(9), x.str(10)});
  }
  return out;
}

json JobRunner::list(int limit) {
  json out = json::array();
  auto t = [](int64_t ms) { return ms ? json(fmt::iso_datetime(ms)) : json(nullptr); };
  for (const auto& j : jobs(limit))
    out.push_back({{"id", j.id}, {"kind", j.kind}, {"key", j.key}, {"state", j.state}, {"run_at", t(j.run_at)}, {"period_ms", j.period_ms},
                   {"attempts", j.attempts}, {"last_run_at", t(j.last_run_at)}, {"last_ok_at", t(j.last_ok_at)}, {"last_error", j.last_error},
                   {"last_result", j.last_result}, {"runs", j.runs}});
  return out;
}

bool JobRunner::retry(int64_t id) {
  int64_t now = fmt::now_ms();
  bool ok = false;
  db_.write([&](store::Conn& c) {
    ok = c.exec("UPDATE jobs SET state = 'pending', attempts = 0, run_at = $2, lease_until = 0, updated_at = $2 WHERE id = $1", {id, now}).affected == 1;
  });
  return ok;
}

}  // namespace motcua::services
