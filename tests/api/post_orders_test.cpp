// Orders to the post operator (BCCI) through the outbox, with the stand-in operator motcua-bcci (src/standins/bcci/)
// playing the courier:
//  - approving a dossier whose result goes by post writes the order in the approve transaction; the operator
//    receives exactly one order with the shipment's fields, and its signed courier events bring the dossier to
//    status 10 (SQLite and PostgreSQL);
//  - a pickup asked by an applicant is ordered too; the courier brings it to the desk, where it becomes a dossier;
//  - the operator down: the order stays pending in the outbox, and goes exactly once when it is back;
//  - a failed delivery carries the operator's reason;
//  - the channel's rules against the stand-in: replay with the same Idempotency-Key, 409 for an existing order
//    counted as sent, 503 transient, a wrong token or a refused order permanent;
//  - without the operator's API configured, no order is written.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "domain/post/shipment.h"
#include "services/post/post_channel.h"
#include "store/db.h"
#include "support/signed_in.h"
#include "support/standins.h"
#include "support/uploads.h"

using namespace motcua::testing;
using namespace motcua::testing::demo;
using nlohmann::json;

namespace {

constexpr const char* kToken = "ma-truy-cap-bcci-kiem-thu";
constexpr const char* kSecret = "bi-mat-webhook-bcci-kiem-thu";

// motcua-bcci with its log at <dir>/orders.jsonl, modes through <dir>/control and motcua's webhook URL in
// <dir>/callback (written once the server's port is known).
struct Bcci {
  StandIn p{MOTCUA_BCCI_BIN, {"--log", "{dir}/orders.jsonl", "--token", kToken, "--control-file", "{dir}/control", "--callback-file",
                              "{dir}/callback", "--secret", kSecret, "--step-seconds", "0.2"}};
  std::string base() const { return "http://127.0.0.1:" + std::to_string(p.port()); }
  std::vector<std::string> server_args() const {
    return {"--post-api-url", base(), "--post-api-token", kToken, "--post-webhook-secret", kSecret, "--notify-backoff-ms", "200",
            "--notify-period-ms", "200"};
  }
  void callback_to(uint16_t server_port) const {
    std::ofstream(p.dir() + "/callback") << "http://127.0.0.1:" << server_port << "/api/v1/post/webhook\n";
  }
  void control(const std::string& mode) const {
    if (mode.empty()) std::filesystem::remove(p.dir() + "/control");
    else std::ofstream(p.dir() + "/control") << mode << "\n";
  }
  json orders() const { return json::parse(http_request(static_cast<uint16_t>(p.port()), "GET", "/orders", "", {}).body); }
  // The order for a tracking number once it has arrived (null after the timeout).
  json wait_order(const std::string& tracking, int timeout_ms = 20000) const {
    for (int waited = 0; waited <= timeout_ms; waited += 100) {
      const json all = orders();  // a copy: the loop must not outlive it
      for (const auto& o : all["orders"])
        if (o["tracking_no"] == tracking) return o;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return json();
  }
  HttpResult post_order(const json& body, const std::string& key, const std::string& token = kToken) const {
    std::vector<std::pair<std::string, std::string>> h = {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}};
    if (!key.empty()) h.emplace_back("Idempotency-Key", key);
    return http_request(static_cast<uint16_t>(p.port()), "POST", "/orders", body.dump(), h);
  }
};

// A desk dossier of 1.001653 whose result goes by post, approved by the leader; returns {id, code}.
std::pair<std::string, std::string> approved_by_post(Users& u, const std::string& name) {
  json body = {{"procedure_code", "1.001653"}, {"agency_code", "000.01.25.H56"}, {"delivery", "post"}, {"accept", true},
               {"applicant", {{"name", name}, {"id_number", "038190000123"}, {"phone", "0912000222"}, {"email", "nhan@example.vn"},
                              {"address", "Số 5 đường Lê Lợi, phường Bến Sung"}}},
               {"documents", {{{"component_code", "KTT-01"}, {"copy_type", "original"}}}}};
  auto r = u.post(kDesk, "/api/v1/dossiers", body);
  EXPECT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"], code = r.json()["code"];
  u.act_ok(kDesk, id, "transfer", {{"unit", "TP"}});
  auto slip = u.get(kDesk, "/api/v1/dossiers/" + id + "/forms/01.pdf");
  auto up = upload_pdf(u.s.port(), u.token(kSpecialist), slip.body, "ket-qua.pdf");
  EXPECT_EQ(up.status, 201) << up.body;
  u.act_ok(kSpecialist, id, "attach-result", {{"file_id", up.json()["id"]}});
  u.act_ok(kLeader, id, "approve");
  return {id, code};
}

std::string tracking_of(Users& u, const std::string& dossier_id) {
  const json items = u.get(kPost, "/api/v1/shipments?limit=200").json()["items"];
  for (const auto& s : items)
    if (s["dossier_id"] == dossier_id) return s["tracking_no"];
  return "";
}

// Polls the shipment until `done(shipment)` holds (at most timeout_ms); returns the last one read.
json wait_shipment(Users& u, const std::string& tracking, const std::function<bool(const json&)>& done, int timeout_ms = 30000) {
  json sh;
  for (int waited = 0; waited <= timeout_ms; waited += 100) {
    sh = u.get(kPost, "/api/v1/shipments/" + tracking).json();
    if (done(sh)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return sh;
}

// The outbox rows of channel "post": {status, provider_id, attempts} by key.
std::vector<json> post_rows(const std::string& db_url) {
  auto db = motcua::store::open(db_url, 1);
  std::vector<json> out;
  for (const auto& x : db->query("SELECT idempotency_key, status, provider_id, attempts, recipient, event FROM outbox WHERE channel = 'post' ORDER BY id").rows)
    out.push_back({{"key", x.str(0)}, {"status", x.str(1)}, {"provider_id", x.str(2)}, {"attempts", x.i64(3)}, {"recipient", x.str(4)}, {"event", x.str(5)}});
  return out;
}

void delivered_by_the_operator(ServerProcess& s, const Bcci& bcci, const std::string& db_url) {
  bcci.callback_to(s.port());
  Users u{s, {}};
  auto [id, code] = approved_by_post(u, "Lê Văn Nhận");
  const std::string tracking = tracking_of(u, id);
  ASSERT_EQ(tracking.size(), 13u);
  json o = bcci.wait_order(tracking);
  ASSERT_TRUE(o.is_object()) << bcci.orders().dump();
  EXPECT_EQ(o["kind"], "delivery");
  EXPECT_FALSE(o["idempotency_key"].get<std::string>().empty());
  const json& order = o["order"];
  EXPECT_EQ(order["tracking_no"], tracking);
  EXPECT_EQ(order["kind"], "delivery");
  EXPECT_EQ(order["sender"]["agency_code"], "000.01.25.H56");
  EXPECT_FALSE(order["sender"]["name"].get<std::string>().empty()) << order.dump();
  EXPECT_EQ(order["receiver"]["name"], "Lê Văn Nhận");
  EXPECT_EQ(order["receiver"]["address"], "Số 5 đường Lê Lợi, phường Bến Sung");
  EXPECT_EQ(order["receiver"]["phone"], "0912000222");
  EXPECT_EQ(order["dossier_code"], code);
  EXPECT_EQ(order["cod"], 0);
  EXPECT_EQ(order["created_at"].get<std::string>().substr(19), "+07:00") << order.dump();
  EXPECT_FALSE(order.contains("time_window"));
  // The courier's signed events bring the dossier to 10 (returned by the system).
  json d;
  for (int waited = 0; waited <= 30000; waited += 100) {
    d = u.get(kDesk, "/api/v1/dossiers/" + id).json();
    if (d["status"] == 10) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(d["status"], 10) << bcci.orders().dump();
  EXPECT_NE(d["history"].back()["note"].get<std::string>().find(tracking), std::string::npos);
  json sh = u.get(kPost, "/api/v1/shipments/" + tracking).json();
  EXPECT_EQ(sh["state"], "delivered");
  std::vector<std::string> states;
  for (const auto& e : sh["events"]) {
    states.push_back(e["state"]);
    if (e["state"] != "requested") {
      EXPECT_EQ(e["actor"], "bcci") << e.dump();
    }
  }
  EXPECT_EQ(states, (std::vector<std::string>{"requested", "picked_up", "in_transit", "delivered"}));
  // Exactly one order, sent once, the operator's id kept.
  json all = bcci.orders();
  EXPECT_EQ(all["counts"]["accepted"], 1) << all.dump();
  EXPECT_EQ(all["counts"]["replayed"], 0);
  EXPECT_EQ(all["counts"]["conflicts"], 0);
  auto rows = post_rows(db_url);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["key"], tracking);
  EXPECT_EQ(rows[0]["status"], "sent");
  EXPECT_EQ(rows[0]["recipient"], "bcci");
  EXPECT_EQ(rows[0]["event"], "post.order");
  EXPECT_EQ(rows[0]["provider_id"], o["order_id"]);
}

}  // namespace

TEST(PostOrders, ApprovedDeliveryIsOrderedAndDeliveredByTheOperator) {
  Bcci bcci;
  auto args = bcci.server_args();
  args.insert(args.begin(), "--demo-if-empty");
  ServerProcess s(args);
  delivered_by_the_operator(s, bcci, s.data_dir() + "/motcua.db");
}

TEST(PostOrdersOnPostgres, ApprovedDeliveryIsOrderedAndDeliveredByTheOperator) {
  auto pg = make_test_db("postgresql", /*migrate=*/false);
  if (!pg) GTEST_SKIP() << "MOTCUA_TEST_PG not set";
  std::string url = pg->url;
  pg->db.reset();
  Bcci bcci;
  auto args = bcci.server_args();
  args.insert(args.begin(), {"--db", url, "--demo-if-empty"});
  ServerProcess s(args);
  delivered_by_the_operator(s, bcci, url);
}

TEST(PostOrders, PickupIsOrderedAndCollectedByTheCourier) {
  Bcci bcci;
  auto args = bcci.server_args();
  args.insert(args.begin(), "--demo-if-empty");
  ServerProcess s(args);
  bcci.callback_to(s.port());
  Users u{s, {}};
  json ask = {{"procedure_code", "local.1"}, {"agency_code", "000.01.25.H56"}, {"address", "Thôn Đông, xã Bến Sung"}, {"phone", "0912345678"},
              {"time_window", "Sáng thứ Bảy, 8–11 giờ"}};
  auto r = u.post(kCitizen, "/api/v1/pickups", ask);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string tracking = r.json()["tracking_no"];
  json o = bcci.wait_order(tracking);
  ASSERT_TRUE(o.is_object()) << bcci.orders().dump();
  EXPECT_EQ(o["order"]["kind"], "pickup");
  EXPECT_EQ(o["order"]["time_window"], "Sáng thứ Bảy, 8–11 giờ");
  EXPECT_EQ(o["order"]["receiver"]["address"], "Thôn Đông, xã Bến Sung");
  EXPECT_EQ(o["order"]["sender"]["agency_code"], "000.01.25.H56");
  EXPECT_FALSE(o["order"].contains("dossier_code"));
  json sh = wait_shipment(u, tracking, [](const json& x) { return x["state"] == "in_transit"; });
  ASSERT_EQ(sh["state"], "in_transit") << sh.dump();
  // The papers reach the desk: the post officer receives them as a channel-3 dossier.
  json intake = {{"procedure_code", "local.1"}, {"agency_code", "000.01.25.H56"}, {"applicant", {{"name", "Nguyễn Văn An"}, {"id_number", kCitizen}}},
                 {"pickup", tracking}};
  r = u.post(kPost, "/api/v1/dossiers", intake);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["channel"], 3);
}

TEST(PostOrders, OperatorDownTheOrderWaitsAndGoesOnce) {
  Bcci bcci;
  bcci.control("fail");
  auto args = bcci.server_args();
  args.insert(args.begin(), "--demo-if-empty");
  ServerProcess s(args);
  bcci.callback_to(s.port());
  Users u{s, {}};
  auto [id, code] = approved_by_post(u, "Trần Thị Chờ");
  const std::string tracking = tracking_of(u, id);
  // motcua keeps trying while the operator is down; the order stays pending in the outbox.
  json all;
  for (int waited = 0; waited <= 20000; waited += 100) {
    all = bcci.orders();
    if (all["counts"]["down"].get<int>() >= 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_GE(all["counts"]["down"].get<int>(), 2) << all.dump();
  EXPECT_EQ(all["orders"].size(), 0u);
  auto rows = post_rows(s.data_dir() + "/motcua.db");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NE(rows[0]["status"], "sent");
  EXPECT_NE(rows[0]["status"], "dead");
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers/" + id).json()["status"], 9);
  // Back up: the order goes, once, and the courier delivers it.
  bcci.control("");
  ASSERT_TRUE(bcci.wait_order(tracking, 30000).is_object()) << bcci.orders().dump();
  json sh = wait_shipment(u, tracking, [](const json& x) { return x["state"] == "delivered"; });
  EXPECT_EQ(sh["state"], "delivered") << sh.dump();
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers/" + id).json()["status"], 10);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // several delivery runs later: still one order
  all = bcci.orders();
  EXPECT_EQ(all["counts"]["accepted"], 1) << all.dump();
  EXPECT_EQ(all["counts"]["replayed"], 0);
  EXPECT_EQ(all["counts"]["conflicts"], 0);
  rows = post_rows(s.data_dir() + "/motcua.db");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["status"], "sent");
  EXPECT_GE(rows[0]["attempts"].get<int64_t>(), 3);
}

TEST(PostOrders, FailedDeliveryCarriesTheOperatorsReason) {
  Bcci bcci;
  bcci.control("fail-delivery");
  auto args = bcci.server_args();
  args.insert(args.begin(), "--demo-if-empty");
  ServerProcess s(args);
  bcci.callback_to(s.port());
  Users u{s, {}};
  auto [id, code] = approved_by_post(u, "Phạm Thị Vắng");
  const std::string tracking = tracking_of(u, id);
  json sh = wait_shipment(u, tracking, [](const json& x) { return x["state"] == "failed"; });
  ASSERT_EQ(sh["state"], "failed") << sh.dump() << bcci.orders().dump();
  EXPECT_EQ(sh["reason"], "Không liên lạc được người nhận");
  EXPECT_EQ(sh["events"].back()["actor"], "bcci");
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers/" + id).json()["status"], 9);  // not returned: the post tries again or brings it back
}

TEST(PostOrders, ChannelRulesAgainstTheOperator) {
  Bcci bcci;
  namespace sv = motcua::services;
  namespace nt = motcua::services::notify;
  const std::string tracking = motcua::post::make_tracking(1);
  json order = {{"tracking_no", tracking}, {"kind", "delivery"}, {"sender", {{"agency_code", "000.01.25.H56"}, {"name", "UBND thị trấn"}}},
                {"receiver", {{"name", "Lê Văn Nhận"}, {"address", "Số 5 Lê Lợi"}, {"phone", "0912000222"}}}, {"cod", 0},
                {"created_at", "2026-03-02T09:00:00+07:00"}};
  // The stand-in's own checks.
  EXPECT_EQ(bcci.post_order(order, "k1", "sai").status, 401);
  json bad = order;
  bad.erase("receiver");
  bad["tracking_no"] = tracking.substr(0, 10) + std::to_string((tracking[10] - '0' + 1) % 10) + "VN";  // wrong check digit
  auto r = bcci.post_order(bad, "k1");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(r.json()["fields"].contains("tracking_no")) << r.body;
  EXPECT_TRUE(r.json()["fields"].contains("receiver.name")) << r.body;
  EXPECT_EQ(bcci.post_order(order, "").status, 422);  // no Idempotency-Key
  // The channel: 201, the same request again (200, replayed), another key for the same tracking number (409): all sent,
  // always the same order id.
  auto ch = sv::make_post_channel({bcci.base(), kToken});
  nt::Outgoing m;
  m.event = "post.order";
  m.channel = "post";
  m.recipient = "bcci";
  m.key = tracking;
  m.text = order.dump();
  const std::string first = ch->send(m);
  EXPECT_EQ(first.substr(0, 5), "BCCI-");
  EXPECT_EQ(ch->send(m), first);
  nt::Outgoing other = m;
  other.key = "another-key";
  EXPECT_EQ(ch->send(other), first);
  json all = bcci.orders();
  EXPECT_EQ(all["counts"]["accepted"], 1) << all.dump();
  EXPECT_EQ(all["counts"]["replayed"], 1);
  EXPECT_EQ(all["counts"]["conflicts"], 1);
  // Down → transient; a wrong token or an order the operator refuses → permanent.
  bcci.control("fail");
  try {
    ch->send(m);
    ADD_FAILURE() << "sent while the operator is down";
  } catch (const nt::SendError& e) {
    EXPECT_FALSE(e.permanent()) << e.what();
  }
  bcci.control("");
  try {
    sv::make_post_channel({bcci.base(), "sai"})->send(m);
    ADD_FAILURE() << "sent with a wrong token";
  } catch (const nt::SendError& e) {
    EXPECT_TRUE(e.permanent()) << e.what();
    EXPECT_EQ(std::string(e.what()).find(kToken), std::string::npos);
  }
  nt::Outgoing refused = m;
  refused.key = motcua::post::make_tracking(2);
  refused.text = bad.dump();
  try {
    ch->send(refused);
    ADD_FAILURE() << "a refused order was sent";
  } catch (const nt::SendError& e) {
    EXPECT_TRUE(e.permanent()) << e.what();
  }
  // Nobody listening → transient.
  try {
    sv::make_post_channel({"http://127.0.0.1:1", kToken, 2})->send(m);
    ADD_FAILURE() << "sent to nowhere";
  } catch (const nt::SendError& e) {
    EXPECT_FALSE(e.permanent()) << e.what();
  }
}

TEST(PostOrders, NoOrdersWithoutTheOperatorsApi) {
  ServerProcess s({"--demo-if-empty", "--post-webhook-secret", kSecret});
  Users u{s, {}};
  auto [id, code] = approved_by_post(u, "Đỗ Văn Hữu");
  EXPECT_EQ(tracking_of(u, id).size(), 13u);
  EXPECT_TRUE(post_rows(s.data_dir() + "/motcua.db").empty());
}
