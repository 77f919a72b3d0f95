// Delivery of the outbox (services/notify): run() is the handler of the recurring job "notify_delivery"
// (App::define_jobs). It claims due rows, sends each through its channel (channel.h) and records the
// outcome.
//
// Contract
// - Claim: one UPDATE marks up to `batch` rows `sending` with a lease (owner, lease_until) and counts the
//   attempt BEFORE anything is sent: rows that are pending and due, or `sending` whose lease expired
//   (their sender crashed). The UPDATE re-checks the condition on each row, so two processes on one
//   PostgreSQL never claim the same row; on SQLite there is one writer.
// - Success: `sent`, sent_at, the provider's id. Transient failure: back to `pending` with
//   next_attempt_at = now + base × 2^(attempts−1) (capped); after max_attempts attempts, or on a
//   permanent failure, `dead`. A row whose lease expired after its last allowed attempt becomes `dead`
//   (it may have gone out: it is not sent again automatically). Sensitive rows lose their bodies once
//   sent or dead.
// - Never twice where the channel allows: the idempotency key travels with every attempt (e-mail
//   Message-ID, gateways' request_id); only a crash between a successful send and its bookkeeping can
//   repeat a send, and then with the same key.
// - A batch never outlives its lease: once half the lease has passed since the claim, the rows not yet
//   sent are released (pending again, the attempt not counted) for the next run or another process.
// - request_stop() (server shutdown): the current send finishes, the rest of the batch is released the
//   same way, and run() returns.
// - run() keeps claiming batches until nothing is due or `budget_ms` has passed; returns a summary.
#pragma once
#include <atomic>
#include <string>

#include "services/notify/channel.h"
#include "store/db.h"

namespace motcua::services::notify {

struct DeliveryConfig {
  std::string owner;                    // this process (lease owner)
  int64_t lease_ms = 60'000;            // a claimed batch is ours for this long
  int64_t backoff_base_ms = 30'000;
  int64_t backoff_cap_ms = 3'600'000;
  int max_attempts = 8;
  int batch = 20;
  int64_t budget_ms = 20'000;           // real time per run
};

struct DeliveryStats {
  int sent = 0, retry = 0, dead = 0;
};

class Delivery {
 public:
  Delivery(store::Db& db, const Channels& channels, DeliveryConfig cfg) : db_(db), channels_(channels), cfg_(std::move(cfg)) {}
  DeliveryStats run();
  std::string run_job();  // run() as the job's one-line result
  // One batch: claims and sends at most `batch` rows; the number claimed.
  int run_batch(DeliveryStats& stats);
  // Claims up to n due rows for this owner (exposed so tests can simulate a crash after the claim).
  std::vector<Outgoing> claim(int n);
  void request_stop() { stop_ = true; }

 private:
  void finish(const Outgoing& m, const std::string& provider_id, const std::string& error, bool permanent, DeliveryStats& stats);
  store::Db& db_;
  const Channels& channels_;
  DeliveryConfig cfg_;
  std::atomic<bool> stop_{false};
};

}  // namespace motcua::services::notify
