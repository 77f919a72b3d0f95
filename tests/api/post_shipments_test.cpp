// Postal delivery of results (BCCI) through the real server:
//  - approving a dossier whose result goes by post creates a delivery shipment (S10 tracking number, the
//    applicant's address); the agency's post officer moves it (picked up, in transit, delivered) and the delivered
//    result returns the dossier (9 → 10) with the tracking number in its history;
//  - a failed delivery needs a reason, tells the applicant, and a returned one sends the result back to the desk;
//  - who may see and move shipments; illegal moves;
//  - the post operator's webhook: signed HMAC-SHA256 with a timestamp moves a shipment; forged, stale and
//    replayed calls are refused and change nothing.
#include <gtest/gtest.h>

#include <ctime>

#include "services/webhooks/webhook_channel.h"
#include "support/outbox_log.h"
#include "support/signed_in.h"
#include "support/uploads.h"

using namespace motcua::testing;
using namespace motcua::testing::demo;
using nlohmann::json;

namespace {

constexpr const char* kSecret = "bi-mat-buu-dien-kiem-thu";

// A desk dossier of 1.001653 whose result goes by post, approved by the leader; returns its id.
std::string approved_by_post(Users& u, const std::string& name) {
  json body = {{"procedure_code", "1.001653"}, {"agency_code", "000.01.25.H56"}, {"delivery", "post"}, {"accept", true},
               {"applicant", {{"name", name}, {"id_number", "038190000123"}, {"phone", "0912000222"}, {"email", "nhan@example.vn"},
                              {"address", "Số 5 đường Lê Lợi, phường Bến Sung"}}},
               {"documents", {{{"component_code", "KTT-01"}, {"copy_type", "original"}}}}};
  auto r = u.post(kDesk, "/api/v1/dossiers", body);
  EXPECT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"];
  u.act_ok(kDesk, id, "transfer", {{"unit", "TP"}});
  auto slip = u.get(kDesk, "/api/v1/dossiers/" + id + "/forms/01.pdf");
  auto up = upload_pdf(u.s.port(), u.token(kSpecialist), slip.body, "ket-qua.pdf");
  EXPECT_EQ(up.status, 201) << up.body;
  u.act_ok(kSpecialist, id, "attach-result", {{"file_id", up.json()["id"]}});
  u.act_ok(kLeader, id, "approve");
  return id;
}

json shipment_of(Users& u, const std::string& dossier_id) {
  const json items = u.get(kPost, "/api/v1/shipments?limit=200").json()["items"];  // a copy: the loop must not outlive it
  for (const auto& s : items)
    if (s["dossier_id"] == dossier_id) return s;
  return json();
}

HttpResult move(Users& u, const std::string& who, const std::string& tracking, const std::string& state, const std::string& reason = "") {
  json b = {{"state", state}};
  if (!reason.empty()) b["reason"] = reason;
  return u.post(who, "/api/v1/shipments/" + tracking + "/events", b);
}

HttpResult hook(ServerProcess& s, const json& body, int64_t t, const std::string& secret = kSecret) {
  const std::string raw = body.dump();
  return http_request(s.port(), "POST", "/api/v1/post/webhook", raw,
                      {{"Content-Type", "application/json"}, {"X-Bcci-Signature", "t=" + std::to_string(t) + ",v1=" + motcua::services::webhook_signature(secret, t, raw)}});
}

}  // namespace

TEST(PostShipments, ResultDeliveredByThePostReturnsTheDossier) {
  ServerProcess s({"--demo-if-empty", "--post-webhook-secret", kSecret});
  Users u{s, {}};
  std::string id = approved_by_post(u, "Lê Văn Nhận");
  json sh = shipment_of(u, id);
  ASSERT_TRUE(sh.is_object()) << u.get(kPost, "/api/v1/shipments").body;
  const std::string tracking = sh["tracking_no"];
  EXPECT_EQ(tracking.size(), 13u);
  EXPECT_EQ(tracking.substr(0, 2), "EB");
  EXPECT_EQ(sh["state"], "requested");
  EXPECT_EQ(sh["kind"], "delivery");
  EXPECT_EQ(sh["address"], "Số 5 đường Lê Lợi, phường Bến Sung");
  // Who may move it: only the post officer of the agency.
  EXPECT_EQ(move(u, kDesk, tracking, "picked_up").status, 403);
  EXPECT_EQ(move(u, kCitizen, tracking, "picked_up").status, 403);
  EXPECT_EQ(u.get(kCitizen, "/api/v1/shipments").status, 403);
  EXPECT_EQ(move(u, kPost, tracking, "delivered").status, 409);  // not picked up yet
  EXPECT_EQ(move(u, kPost, tracking, "lost").status, 422);
  EXPECT_EQ(move(u, kPost, "EB000000000VN", "picked_up").status, 404);
  auto r = move(u, kPost, tracking, "picked_up");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(move(u, kPost, tracking, "in_transit").status, 200);
  EXPECT_EQ(u.get(kCitizen, "/api/v1/dossiers/" + id).status, 404);  // not the citizen's dossier (another ID number)
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers/" + id).json()["status"], 9);
  r = move(u, kPost, tracking, "delivered");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["events"].size(), 4u);
  json d = u.get(kDesk, "/api/v1/dossiers/" + id).json();
  EXPECT_EQ(d["status"], 10) << d.dump();
  EXPECT_EQ(d["history"].back()["action"], "return-result");
  EXPECT_NE(d["history"].back()["note"].get<std::string>().find(tracking), std::string::npos) << d["history"].back().dump();
  EXPECT_EQ(move(u, kPost, tracking, "failed", "Không có người nhận").status, 409);  // final
  // The list by state.
  EXPECT_EQ(u.get(kPost, "/api/v1/shipments?state=delivered").json()["items"].size(), 1u);
  EXPECT_EQ(u.get(kPost, "/api/v1/shipments?state=requested").json()["items"].size(), 0u);
  EXPECT_EQ(u.get(kPost, "/api/v1/shipments?state=mat").status, 422);
  // For the reports: shipments by state and the share of dossiers using the postal service.
  const std::string today = d["submitted_at"].get<std::string>().substr(0, 10);
  auto sum = u.get(kDesk, "/api/v1/shipments/summary?agency=000.01.25.H56&from=" + today + "&to=" + today);
  ASSERT_EQ(sum.status, 200) << sum.body;
  EXPECT_EQ(sum.json()["shipments"]["delivered"], 1);
  EXPECT_EQ(sum.json()["dossiers"]["post_delivery"], 1);
  EXPECT_GT(sum.json()["post_share"].get<double>(), 0.0);
  EXPECT_EQ(u.get(kDesk, "/api/v1/shipments/summary?agency=000.07.12.H56&from=" + today + "&to=" + today).status, 403);
  EXPECT_EQ(u.get(kDesk, "/api/v1/shipments/summary?agency=000.01.25.H56&from=x&to=" + today).status, 422);
}

TEST(PostShipments, FailedDeliveryIsToldAndReturnedToTheDesk) {
  ServerProcess s({"--demo-if-empty", "--post-webhook-secret", kSecret});
  Users u{s, {}};
  std::string id = approved_by_post(u, "Phạm Thị Vắng");
  const std::string tracking = shipment_of(u, id)["tracking_no"];
  ASSERT_EQ(move(u, kPost, tracking, "picked_up").status, 200);
  auto r = move(u, kPost, tracking, "failed");
  EXPECT_EQ(r.status, 422) << r.body;  // a reason is needed
  r = move(u, kPost, tracking, "failed", "Không có người nhận tại địa chỉ");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["reason"], "Không có người nhận tại địa chỉ");
  ASSERT_EQ(move(u, kPost, tracking, "returned").status, 200);
  json d = u.get(kDesk, "/api/v1/dossiers/" + id).json();
  EXPECT_EQ(d["status"], 9);
  EXPECT_EQ(d["delivery"], "desk") << d.dump();
  u.act_ok(kDesk, id, "return-result", {{"note", "Phạm Thị Vắng"}});  // handed over at the counter
  // The applicant was told (failed with the reason, then returned to the desk) through the outbox.
  std::string log = wait_outbox_log_for(s, {"Không có người nhận tại địa chỉ", "đã trả về Bộ phận Một cửa"});
  EXPECT_NE(log.find("Không có người nhận tại địa chỉ"), std::string::npos) << log;
  EXPECT_NE(log.find("đã trả về Bộ phận Một cửa"), std::string::npos) << log;
}

TEST(PostShipments, OperatorWebhookSignedFreshAndNeverReplayed) {
  ServerProcess s({"--demo-if-empty", "--post-webhook-secret", kSecret});
  Users u{s, {}};
  std::string id = approved_by_post(u, "Đỗ Văn Hữu");
  const std::string tracking = shipment_of(u, id)["tracking_no"];
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  json ev = {{"event_id", "bcci-1"}, {"tracking_no", tracking}, {"state", "picked_up"}};
  EXPECT_EQ(hook(s, ev, now, "bi-mat-sai").status, 401);   // forged
  EXPECT_EQ(hook(s, ev, now - 3600).status, 401);          // stale
  auto bad = http_request(s.port(), "POST", "/api/v1/post/webhook", ev.dump(), {{"Content-Type", "application/json"}});
  EXPECT_EQ(bad.status, 401);                              // unsigned
  EXPECT_EQ(shipment_of(u, id)["state"], "requested");
  auto r = hook(s, ev, now);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["state"], "picked_up");
  EXPECT_EQ(hook(s, ev, now).status, 409);                 // replayed
  EXPECT_EQ(hook(s, {{"event_id", "bcci-2"}, {"tracking_no", tracking}, {"state", "requested"}}, now).status, 409);  // illegal move
  EXPECT_EQ(hook(s, {{"event_id", "bcci-3"}, {"tracking_no", "XX"}, {"state", "delivered"}}, now).status, 422);
  r = hook(s, {{"event_id", "bcci-4"}, {"tracking_no", tracking}, {"state", "delivered"}}, now);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers/" + id).json()["status"], 10);
  // Without a configured secret the webhook refuses everything.
  ServerProcess plain({"--demo-if-empty"});
  EXPECT_EQ(hook(plain, ev, now).status, 401);
  EXPECT_TRUE(s.running());
}

TEST(PostShipments, PickupAtTheApplicantsBecomesAChannel3Dossier) {
  ServerProcess s({"--demo-if-empty"});
  Users u{s, {}};
  json ask = {{"procedure_code", "local.1"}, {"agency_code", "000.01.25.H56"}, {"address", "Thôn Đông, xã Bến Sung"}, {"phone", "0912345678"},
              {"time_window", "Sáng thứ Bảy, 8–11 giờ"}};
  json bad = ask;
  bad.erase("address");
  bad["phone"] = "abc";
  auto r = u.post(kCitizen, "/api/v1/pickups", bad);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["details"].size(), 2u) << r.body;
  EXPECT_EQ(u.post(kDesk, "/api/v1/pickups", ask).status, 403);  // staff do not ask for pickups
  json unknown = ask;
  unknown["procedure_code"] = "9.999999";
  EXPECT_EQ(u.post(kCitizen, "/api/v1/pickups", unknown).status, 422);
  r = u.post(kCitizen, "/api/v1/pickups", ask);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string tracking = r.json()["tracking_no"];
  EXPECT_EQ(r.json()["kind"], "pickup");
  EXPECT_EQ(r.json()["state"], "requested");
  EXPECT_EQ(r.json()["time_window"], "Sáng thứ Bảy, 8–11 giờ");
  EXPECT_EQ(u.get(kCitizen, "/api/v1/pickups").json()["items"].size(), 1u);
  EXPECT_EQ(u.get(kPost, "/api/v1/shipments/" + tracking).json()["address"], "Thôn Đông, xã Bến Sung");
  // The post officer receives it as a dossier only once the papers were collected.
  json intake = {{"procedure_code", "local.1"}, {"agency_code", "000.01.25.H56"}, {"applicant", {{"name", "Nguyễn Văn An"}, {"id_number", kCitizen}}},
                 {"pickup", tracking}};
  r = u.post(kPost, "/api/v1/dossiers", intake);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("pickup_not_collected"), std::string::npos);
  ASSERT_EQ(move(u, kPost, tracking, "picked_up").status, 200);
  r = u.post(kPost, "/api/v1/dossiers", intake);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["channel"], 3);
  const std::string code = r.json()["code"];
  json sh = u.get(kPost, "/api/v1/shipments/" + tracking).json();
  EXPECT_EQ(sh["state"], "delivered");
  EXPECT_EQ(sh["dossier_code"], code);
  EXPECT_EQ(u.post(kPost, "/api/v1/dossiers", intake).status, 409);  // already received
  json other = intake;
  other["pickup"] = "EB000000000VN";
  EXPECT_EQ(u.post(kPost, "/api/v1/dossiers", other).status, 422);
}
