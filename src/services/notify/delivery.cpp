// Delivery of the outbox (see delivery.h).
#include "services/notify/delivery.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "domain/format.h"

namespace motcua::services::notify {

namespace {
// Due: pending and never tried, or its retry time has come (or lies beyond the longest backoff: the clock
// went back), or claimed by a sender whose lease expired.
constexpr const char* kDue =
    "((status = 'pending' AND (attempts = 0 OR next_attempt_at <= $3 OR next_attempt_at > $6)) OR (status = 'sending' AND lease_until < $3)) "
    "AND attempts < $4";
constexpr const char* kScrub = "body_text = CASE WHEN sensitive = 1 THEN '' ELSE body_text END, body_html = CASE WHEN sensitive = 1 THEN '' ELSE body_html END";
}  // namespace

Delivery::Delivery(store::Db& db, const Channels& channels, DeliveryConfig cfg) : db_(db), channels_(channels), cfg_(std::move(cfg)) {
  auto list = [](const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) {
      if (n.empty() || n.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos) throw std::invalid_argument("channel name " + n);
      out += (out.empty() ? "'" : ", '") + n + "'";
    }
    return out;
  };
  if (!cfg_.channels.empty()) filter_ += " AND channel IN (" + list(cfg_.channels) + ")";
  if (!cfg_.skip.empty()) filter_ += " AND channel NOT IN (" + list(cfg_.skip) + ")";
  if (cfg_.in_order_per_dossier)
    filter_ += " AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.dossier_id = outbox.dossier_id AND p.channel = outbox.channel AND p.id < outbox.id "
               "AND p.status <> 'sent')";
}

std::vector<Outgoing> Delivery::claim(int n) {
  std::vector<Outgoing> out;
  int64_t now = fmt::now_ms();
  // A read first: an idle outbox costs no write transaction (the job runs every second).
  if (db_.query("SELECT 1 FROM outbox WHERE ((status = 'pending' AND (attempts = 0 OR next_attempt_at <= $1 OR next_attempt_at > $2)) "
                "OR (status = 'sending' AND lease_until < $1))" + filter_ + " LIMIT 1",
                {now, now + cfg_.backoff_cap_ms})
          .rows.empty())
    return out;
  db_.write([&](store::Conn& c) {
    // A row whose sender crashed during its last allowed attempt may have gone out: dead, not resent.
    c.exec(std::string("UPDATE outbox SET status = 'dead', lease_owner = '', lease_until = 0, ") + kScrub +
               ", last_error = 'Lần gửi cuối bị gián đoạn (máy chủ dừng giữa chừng); không tự gửi lại.' "
               "WHERE status = 'sending' AND lease_until < $1 AND attempts >= $2" + filter_,
           {now, int64_t{cfg_.max_attempts}});
    // The rows to claim, picked once (a CTE is evaluated once; "id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)" may be
    // re-run per row by PostgreSQL and claim more than n). PostgreSQL: two deliverers claiming at once skip each
    // other's rows instead of locking them in different orders (a deadlock, seen under load); SQLite has one writer.
    const std::string pick = std::string("SELECT id FROM outbox WHERE ") + kDue + filter_ + " ORDER BY next_attempt_at, id LIMIT $5" +
                             (db_.dialect() == "postgresql" ? " FOR UPDATE SKIP LOCKED" : "");
    auto r = c.exec("WITH picked AS (" + pick +
                        ") UPDATE outbox SET status = 'sending', lease_owner = $1, lease_until = $2, attempts = attempts + 1 "
                        "WHERE id IN (SELECT id FROM picked) AND " + kDue +
                        " RETURNING id, event, channel, recipient, subject, body_text, body_html, idempotency_key, attempts, agency_code",
                    {cfg_.owner, now + cfg_.lease_ms, now, int64_t{cfg_.max_attempts}, int64_t{n}, now + cfg_.backoff_cap_ms});
    for (const auto& x : r.rows) {
      Outgoing m{x.i64(0), x.str(1), x.str(2), x.str(3), x.str(4), x.str(5), x.str(6), "", x.i64(8), x.str(9)};
      m.key = m.event + "/" + m.channel + "/" + m.recipient + "/" + x.str(7);
      out.push_back(std::move(m));
    }
  });
  std::sort(out.begin(), out.end(), [](const Outgoing& a, const Outgoing& b) { return a.id < b.id; });
  return out;
}

void Delivery::finish(const Outgoing& m, const std::string& provider_id, const std::string& error, bool permanent, DeliveryStats& stats) {
  int64_t now = fmt::now_ms();
  db_.write([&](store::Conn& c) {
    if (error.empty()) {
      c.exec(std::string("UPDATE outbox SET status = 'sent', sent_at = $3, provider_id = $4, last_error = '', lease_owner = '', lease_until = 0, ") +
                 kScrub + " WHERE id = $1 AND lease_owner = $2 AND status = 'sending'",
             {m.id, cfg_.owner, now, provider_id});
      ++stats.sent;
      return;
    }
    bool dead = permanent || m.attempts >= cfg_.max_attempts;
    int64_t backoff = std::min(cfg_.backoff_cap_ms, cfg_.backoff_base_ms << std::min<int64_t>(std::max<int64_t>(m.attempts - 1, 0), 20));
    if (dead)
      c.exec(std::string("UPDATE outbox SET status = 'dead', last_error = $3, lease_owner = '', lease_until = 0, ") + kScrub +
                 " WHERE id = $1 AND lease_owner = $2 AND status = 'sending'",
             {m.id, cfg_.owner, error.substr(0, 500)});
    else
      c.exec("UPDATE outbox SET status = 'pending', last_error = $3, next_attempt_at = $4, lease_owner = '', lease_until = 0 "
             "WHERE id = $1 AND lease_owner = $2 AND status = 'sending'",
             {m.id, cfg_.owner, error.substr(0, 500), now + backoff});
    ++(dead ? stats.dead : stats.retry);
  });
  if (!error.empty())
    spdlog::warn(R"("event":"notify_failed","id":{},"channel":"{}","attempt":{},"permanent":{},"error":{})", m.id, m.channel, m.attempts, permanent,
                 nlohmann::json(error).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

int Delivery::run_batch(DeliveryStats& stats) {
  auto claimed_at = std::chrono::steady_clock::now();
  auto batch = claim(cfg_.batch);
  std::vector<std::pair<int64_t, std::string>> went;  // sent_per_batch: (row id, provider id), recorded together
  auto record_went = [&] {
    if (went.empty()) return;
    int64_t now = fmt::now_ms();
    db_.write([&](store::Conn& c) {
      for (const auto& [id, provider] : went)
        c.exec(std::string("UPDATE outbox SET status = 'sent', sent_at = $3, provider_id = $4, last_error = '', lease_owner = '', lease_until = 0, ") +
                   kScrub + " WHERE id = $1 AND lease_owner = $2 AND status = 'sending'",
               {id, cfg_.owner, now, provider});
    });
    stats.sent += static_cast<int>(went.size());
    went.clear();
  };
  for (size_t i = 0; i < batch.size(); ++i) {
    const Outgoing& m = batch[i];
    if (stop_ || peer_down_ || std::chrono::steady_clock::now() - claimed_at > std::chrono::milliseconds(cfg_.lease_ms / 2)) {
      record_went();
      // Stopping, or too slow for the lease: hand the rest back rather than risk sending what another
      // process reclaimed.
      db_.write([&](store::Conn& c) {
        for (size_t j = i; j < batch.size(); ++j)
          c.exec("UPDATE outbox SET status = 'pending', attempts = attempts - 1, lease_owner = '', lease_until = 0 "
                 "WHERE id = $1 AND lease_owner = $2 AND status = 'sending'",
                 {batch[j].id, cfg_.owner});
      });
      return static_cast<int>(i);
    }
    std::string provider_id, error;
    bool permanent = false;
    try {
      Channel* ch = channels_.find(m.channel, m.agency);
      if (!ch) throw SendError("kênh \"" + m.channel + "\" chưa được cấu hình", false);
      provider_id = ch->send(m);
    } catch (const SendError& e) {
      error = e.what();
      permanent = e.permanent();
    } catch (const std::exception& e) {
      error = e.what();
    }
    if (error.empty() && provider_id.empty()) provider_id = m.message_id();
    if (error.empty() && cfg_.sent_per_batch) went.emplace_back(m.id, provider_id);
    else finish(m, provider_id, error, permanent, stats);
    if (!error.empty() && !permanent && cfg_.pause_on_transient) peer_down_ = true;
  }
  record_went();
  return static_cast<int>(batch.size());
}

DeliveryStats Delivery::run() {
  DeliveryStats stats;
  peer_down_ = false;
  auto start = std::chrono::steady_clock::now();
  while (!stop_ && !peer_down_ && run_batch(stats) > 0)
    if (std::chrono::steady_clock::now() - start > std::chrono::milliseconds(cfg_.budget_ms)) break;
  return stats;
}

std::string Delivery::run_job() {
  auto s = run();
  return "Đã gửi " + std::to_string(s.sent) + " tin; chờ gửi lại " + std::to_string(s.retry) + "; hỏng " + std::to_string(s.dead);
}

}  // namespace motcua::services::notify
