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
// - One outbox, several deliveries: `channels` limits a delivery to those channels, `skip` excludes some
//   (the people's messages and the national portal's payloads are delivered by two jobs). With
//   `in_order_per_dossier` a row is claimed only when every earlier row of its dossier on its channel was
//   sent — a later payload never overtakes an earlier one, and a dead row holds its dossier's later rows back
//   until it is resent. With `pause_on_transient` a transient failure ends the run and hands the rest of the
//   batch back uncounted: the peer is down, trying every other row now would only burn their attempts.
// - `sent_per_batch`: for a peer that drops replays by message id (the national portal's X-Request-Id), the
//   rows of a batch that went out are recorded `sent` together in one transaction after the batch (or before
//   its rest is handed back) instead of one commit each; a crash in between resends them, which the peer
//   ignores. Failures are still recorded one by one. Off for messages to people (a resent e-mail is seen).
#pragma once
#include <atomic>
#include <string>
#include <vector>

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
  std::vector<std::string> channels{};  // only these channels (empty = all but `skip`); names are [a-z_]
  std::vector<std::string> skip{};
  bool in_order_per_dossier = false;
  bool pause_on_transient = false;
  bool sent_per_batch = false;
};

struct DeliveryStats {
  int sent = 0, retry = 0, dead = 0;
};

class Delivery {
 public:
  Delivery(store::Db& db, const Channels& channels, DeliveryConfig cfg);
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
  std::string filter_;  // the SQL condition of `channels`, `skip` and `in_order_per_dossier` (" AND …" or "")
  std::atomic<bool> stop_{false};
  bool peer_down_ = false;  // this run met a transient failure with pause_on_transient
};

}  // namespace motcua::services::notify
