// The outbox and its delivery on SQLite and PostgreSQL: a message exists exactly when the change that
// wrote it committed; delivery retries with backoff and gives up (dead) after max_attempts or on a
// permanent failure; a crashed sender's rows are claimed again after the lease and never before; two
// deliverers racing over one database send every message exactly once.
#include "services/notify/outbox.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "domain/format.h"
#include "services/notify/delivery.h"
#include "support/test_db.h"

namespace motcua::services::notify {
namespace {

// A channel that records what it was asked to send and fails while `failures` > 0.
class Recorder final : public Channel {
 public:
  std::string send(const Outgoing& m) override {
    std::lock_guard lk(mu);
    if (failures > 0) {
      --failures;
      throw SendError("mất kết nối", permanent);
    }
    ++by_key[m.key];
    sent.push_back(m);
    return "id-" + std::to_string(m.id);
  }
  std::string describe() const override { return "recorder"; }
  std::mutex mu;
  int failures = 0;
  bool permanent = false;
  std::map<std::string, int> by_key;
  std::vector<Outgoing> sent;
};

struct ClockGuard {
  int64_t offset = 0;
  void advance(int64_t ms) { fmt::set_clock_offset_ms(offset += ms); }
  ~ClockGuard() { fmt::set_clock_offset_ms(0); }
};

Message msg(const std::string& to, const std::string& key) {
  Message m;
  m.event = "dossier.accept";
  m.channel = "email";
  m.recipient = to;
  m.subject = "Đã tiếp nhận hồ sơ";
  m.body_text = "Mã hồ sơ: H56.22-261201-0001\nNgày hẹn trả kết quả: 03/12/2026.";
  m.key = key;
  m.dossier_code = "H56.22-261201-0001";
  return m;
}

int64_t count(store::Db& db, const std::string& status) {
  return db.query("SELECT COUNT(*) FROM outbox WHERE status = $1", {status}).rows.at(0).i64(0);
}

class OutboxTest : public ::testing::TestWithParam<std::string> {};

TEST_P(OutboxTest, MessagesExistExactlyWhenTheChangeCommitted) {
  auto t = motcua::testing::make_test_db(GetParam());
  if (!t) GTEST_SKIP() << "PostgreSQL not configured";
  Outbox box(*t->db, {"https://dichvucong.example.vn", "Cổng Dịch vụ công"});
  int64_t now = fmt::now_ms();
  EXPECT_THROW(t->db->write([&](store::Conn& c) {
    EXPECT_TRUE(box.enqueue(c, msg("a@example.vn", "d1#2"), now));
    throw std::runtime_error("the change failed");
  }),
               std::runtime_error);
  EXPECT_EQ(count(*t->db, "pending"), 0);
  bool first = false, again = true;
  t->db->write([&](store::Conn& c) {
    first = box.enqueue(c, msg("a@example.vn", "d1#2"), now);
    again = box.enqueue(c, msg("a@example.vn", "d1#2"), now);  // the same occurrence: once
  });
  EXPECT_TRUE(first);
  EXPECT_FALSE(again);
  EXPECT_EQ(count(*t->db, "pending"), 1);
  // A person with an e-mail address gets e-mail, otherwise SMS, otherwise nothing.
  t->db->write([&](store::Conn& c) {
    EXPECT_TRUE(box.enqueue_for(c, {"", "0912345678"}, msg("", "d1#3"), now));
    EXPECT_FALSE(box.enqueue_for(c, {"", ""}, msg("", "d1#4"), now));
  });
  auto rows = box.list("");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].channel, "sms");
  EXPECT_EQ(rows[0].recipient, "0912345678");
  EXPECT_EQ(rows[1].channel, "email");
  auto html = t->db->query("SELECT body_html FROM outbox WHERE channel = 'email'").rows.at(0).str(0);
  EXPECT_NE(html.find("https://dichvucong.example.vn/tra-cuu?ma=H56.22-261201-0001"), std::string::npos) << html;
  EXPECT_NE(html.find("<p>Mã hồ sơ: H56.22-261201-0001</p>"), std::string::npos) << html;
}

TEST_P(OutboxTest, RetriesWithBackoffThenDead) {
  auto t = motcua::testing::make_test_db(GetParam());
  if (!t) GTEST_SKIP() << "PostgreSQL not configured";
  ClockGuard clock;
  Outbox box(*t->db, {});
  Channels channels;
  auto rec = std::make_unique<Recorder>();
  Recorder& r = *rec;
  channels.add("email", std::move(rec));
  Delivery d(*t->db, channels, {.owner = "n1", .backoff_base_ms = 60'000, .max_attempts = 3});
  int64_t now = fmt::now_ms();
  t->db->write([&](store::Conn& c) {
    box.enqueue(c, msg("a@example.vn", "k1"), now);
    Message code = msg("b@example.vn", "k2");
    code.sensitive = true;
    box.enqueue(c, code, now);
  });
  r.failures = 2;  // both fail once
  auto s = d.run();
  EXPECT_EQ(s.retry, 2);
  EXPECT_EQ(d.run().retry + d.run().sent, 0);  // backing off: nothing is due
  clock.advance(60'001);                        // first retry after base
  s = d.run();
  EXPECT_EQ(s.sent, 2);
  EXPECT_EQ(count(*t->db, "sent"), 2);
  auto scrubbed = t->db->query("SELECT body_text, attempts, provider_id FROM outbox WHERE recipient = 'b@example.vn'").rows.at(0);
  EXPECT_EQ(scrubbed.str(0), "");  // a one-time code does not stay in the database
  EXPECT_EQ(scrubbed.i64(1), 2);
  EXPECT_FALSE(scrubbed.str(2).empty());

  // Always failing: 1 min, then 2 min, then dead after the third attempt.
  t->db->write([&](store::Conn& c) { box.enqueue(c, msg("c@example.vn", "k3"), fmt::now_ms()); });
  r.failures = 100;
  EXPECT_EQ(d.run().retry, 1);
  clock.advance(60'001);
  EXPECT_EQ(d.run().retry, 1);
  clock.advance(60'001);
  EXPECT_EQ(d.run().retry, 0);  // the second backoff is 2 minutes
  clock.advance(60'001);
  EXPECT_EQ(d.run().dead, 1);
  auto dead = box.list("dead");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].attempts, 3);
  EXPECT_EQ(dead[0].last_error, "mất kết nối");
  // An admin sends it again.
  r.failures = 0;
  EXPECT_TRUE(box.resend(dead[0].id, fmt::now_ms()));
  EXPECT_EQ(d.run().sent, 1);
  // A permanent failure is dead at once; sensitive rows are not resent (their bodies are gone).
  t->db->write([&](store::Conn& c) { box.enqueue(c, msg("d@example.vn", "k4"), fmt::now_ms()); });
  r.failures = 1;
  r.permanent = true;
  EXPECT_EQ(d.run().dead, 1);
  auto sensitive_id = t->db->query("SELECT id FROM outbox WHERE recipient = 'b@example.vn'").rows.at(0).i64(0);
  EXPECT_FALSE(box.resend(sensitive_id, fmt::now_ms()));
}

TEST_P(OutboxTest, CrashedSendersRowsAreClaimedAgainOnlyAfterTheLease) {
  auto t = motcua::testing::make_test_db(GetParam());
  if (!t) GTEST_SKIP() << "PostgreSQL not configured";
  ClockGuard clock;
  Outbox box(*t->db, {});
  Channels channels;
  auto rec = std::make_unique<Recorder>();
  Recorder& r = *rec;
  channels.add("email", std::move(rec));
  Delivery crashed(*t->db, channels, {.owner = "dead-node", .lease_ms = 30'000});
  Delivery survivor(*t->db, channels, {.owner = "live-node", .lease_ms = 30'000});
  t->db->write([&](store::Conn& c) {
    for (int i = 0; i < 5; ++i) box.enqueue(c, msg("p" + std::to_string(i) + "@example.vn", "k"), fmt::now_ms());
  });
  auto claimed = crashed.claim(3);  // …and the process dies before sending
  ASSERT_EQ(claimed.size(), 3u);
  EXPECT_EQ(claimed[0].attempts, 1);  // the attempt is recorded before the send
  EXPECT_EQ(survivor.run().sent, 2);  // the other two; the claimed ones are leased
  EXPECT_EQ(count(*t->db, "sending"), 3);
  clock.advance(30'001);
  EXPECT_EQ(survivor.run().sent, 3);
  EXPECT_EQ(count(*t->db, "sent"), 5);
  for (const auto& [key, n] : r.by_key) EXPECT_EQ(n, 1) << key;
  auto row = t->db->query("SELECT attempts FROM outbox WHERE recipient = $1", {claimed[0].recipient}).rows.at(0);
  EXPECT_EQ(row.i64(0), 2);
  // The same message id on both attempts: a receiver can recognise the resend.
  EXPECT_EQ(claimed[0].message_id(), std::find_if(r.sent.begin(), r.sent.end(), [&](const Outgoing& o) { return o.id == claimed[0].id; })->message_id());
}

TEST_P(OutboxTest, TwoDeliverersSendEveryMessageExactlyOnce) {
  auto t = motcua::testing::make_test_db(GetParam());
  if (!t) GTEST_SKIP() << "PostgreSQL not configured";
  Outbox box(*t->db, {});
  Channels channels;
  auto rec = std::make_unique<Recorder>();
  Recorder& r = *rec;
  channels.add("email", std::move(rec));
  constexpr int kMessages = 300;
  t->db->write([&](store::Conn& c) {
    for (int i = 0; i < kMessages; ++i) box.enqueue(c, msg("n" + std::to_string(i) + "@example.vn", "k"), fmt::now_ms());
  });
  Delivery a(*t->db, channels, {.owner = "a", .batch = 7}), b(*t->db, channels, {.owner = "b", .batch = 5});
  std::thread ta([&] { a.run(); }), tb([&] { b.run(); });
  ta.join();
  tb.join();
  EXPECT_EQ(static_cast<int>(r.by_key.size()), kMessages);
  for (const auto& [key, n] : r.by_key) EXPECT_EQ(n, 1) << key;
  EXPECT_EQ(count(*t->db, "sent"), kMessages);
}

TEST_P(OutboxTest, StoppingReleasesTheRestOfTheBatchUncounted) {
  auto t = motcua::testing::make_test_db(GetParam());
  if (!t) GTEST_SKIP() << "PostgreSQL not configured";
  Outbox box(*t->db, {});
  Delivery* running = nullptr;
  // The server is asked to stop while the first message is being sent.
  class StopOnSend final : public Channel {
   public:
    explicit StopOnSend(Delivery*& d) : d_(d) {}
    std::string send(const Outgoing&) override {
      d_->request_stop();
      return "";
    }
    std::string describe() const override { return "stop"; }

   private:
    Delivery*& d_;
  };
  Channels channels;
  channels.add("email", std::make_unique<StopOnSend>(running));
  t->db->write([&](store::Conn& c) {
    for (int i = 0; i < 5; ++i) box.enqueue(c, msg("s" + std::to_string(i) + "@example.vn", "k"), fmt::now_ms());
  });
  Delivery d(*t->db, channels, {.owner = "stopping"});
  running = &d;
  EXPECT_EQ(d.run().sent, 1);
  EXPECT_EQ(count(*t->db, "sent"), 1);
  EXPECT_EQ(count(*t->db, "pending"), 4);
  EXPECT_EQ(t->db->query("SELECT MAX(attempts) FROM outbox WHERE status = 'pending'").rows.at(0).i64(0), 0);
}

TEST_P(OutboxTest, AnAgencysOwnGatewaySendsItsMessagesAndThoseOfAgenciesBelow) {
  auto t = motcua::testing::make_test_db(GetParam());
  if (!t) GTEST_SKIP() << "PostgreSQL not configured";
  Outbox box(*t->db, {});
  Channels channels;
  auto province = std::make_unique<Recorder>(), deployment = std::make_unique<Recorder>();
  Recorder &p = *province, &dep = *deployment;
  channels.add("sms", std::move(deployment));
  channels.add_for_agency("000.00.00.H56", "sms", std::move(province));
  channels.set_lineage([](const std::string& code) {  // commune → district → province
    if (code == "000.01.25.H56") return std::vector<std::string>{"000.01.25.H56", "000.00.25.H56", "000.00.00.H56"};
    return std::vector<std::string>{code};
  });
  t->db->write([&](store::Conn& c) {
    Message a = msg("0912000001", "k"), b = msg("0912000002", "k"), d = msg("0912000003", "k");
    a.channel = b.channel = d.channel = "sms";
    a.agency = "000.01.25.H56";  // a commune of the province: the province's brandname
    b.agency = "000.00.01.H40";  // another province: the deployment's gateway
    box.enqueue(c, a, fmt::now_ms());
    box.enqueue(c, b, fmt::now_ms());
    box.enqueue(c, d, fmt::now_ms());  // no agency (account codes): the deployment's gateway
  });
  Delivery dl(*t->db, channels, {.owner = "n"});
  EXPECT_EQ(dl.run().sent, 3);
  ASSERT_EQ(p.sent.size(), 1u);
  EXPECT_EQ(p.sent[0].recipient, "0912000001");
  EXPECT_EQ(dep.sent.size(), 2u);
  EXPECT_EQ(channels.describe().count("000.00.00.H56/sms"), 1u);
}

INSTANTIATE_TEST_SUITE_P(Dialects, OutboxTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace motcua::services::notify
