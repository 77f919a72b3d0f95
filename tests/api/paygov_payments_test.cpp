// Online payment through the national payment platform (the second gateway behind services/payments/gateway.h)
// with the real server and the sandbox (motcua-paygate speaks both protocols):
//  - the payer chooses among the gateways the receiving agency has configured; an upfront fee paid through the
//    platform with a duplicate notify → one payment, one receipt; the return page; the desk then accepts;
//  - a forged notify is refused (97) and the return page settles the payment by asking the platform; a notify
//    with another amount is refused (4) and flagged; a timeout followed by a late notify → paid exactly once;
//  - a refusal after payment refunds through the platform's refund API; the reconciliation lists payments and
//    refunds and the day balances (net of refunds);
//  - the platform unreachable when a payment starts → 503, the payment marked failed, nothing owed changes;
//  - per-agency gateway configuration (a file), the secrets never in the log; hostile notify bodies.
#include <gtest/gtest.h>

#include <fstream>

#include "support/fee_payments.h"
#include "support/uploads.h"

using namespace motcua::testing;
using namespace motcua::testing::demo;
using nlohmann::json;

namespace {

constexpr const char* kAgency = "000.01.25.H56";

using Env = PaymentEnv;

json start(Users& u, const std::string& id) { return start_payment(u, id, "paygov"); }

int replies(const Paygate& g, const std::string& code) {
  auto st = g.stats()["paygov"];
  return st["ipn_replies"].contains(code) ? st["ipn_replies"][code].get<int>() : 0;
}

}  // namespace

TEST(PaygovPayments, UpfrontFeePaidThroughThePlatformOnce) {
  Env e;
  Users u{*e.s, {}};
  std::string id = submit_copies(u, 2);
  json f = fees(u, kCitizen, id);
  EXPECT_EQ(f["online_gateways"], json::array({"vnpay", "paygov"})) << f.dump();
  EXPECT_EQ(fees(u, kDesk, id)["online_gateways"], json::array());  // staff do not pay online
  e.gate.control("duplicate");
  json p = start(u, id);
  EXPECT_EQ(p["amount"], 16000);
  EXPECT_NE(p["payment_url"].get<std::string>().find("/paygov/pay?token="), std::string::npos) << p.dump();
  auto red = e.gate.press_paygov(p["payment_url"]);
  ASSERT_EQ(red.status, 302) << red.body;
  EXPECT_EQ(replies(e.gate, "0"), 1);
  EXPECT_EQ(replies(e.gate, "2"), 1);
  auto page = follow(u, red);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Thanh toán thành công"), std::string::npos) << page.body;
  f = fees(u, kCitizen, id);
  EXPECT_EQ(f["paid"], 16000);
  ASSERT_EQ(f["receipts"].size(), 1u);
  EXPECT_EQ(f["receipts"][0]["method"], "paygov");
  EXPECT_EQ(f["payments"].size(), 1u);
  EXPECT_EQ(u.act(kDesk, id, "accept").status, 200);
  // The national sync counts it as paid online (DuocThanhToanTrucTuyen 2 comes from the ledger's method).
  e.gate.control("");
}

namespace {
void forged_mismatched_late_refunded(Env& e) {
  Users u{*e.s, {}};
  // Forged notify: refused; the return page asks the platform and settles once.
  std::string a = submit_copies(u, 1);
  e.gate.control("forged");
  json pa = start(u, a);
  auto red = e.gate.press_paygov(pa["payment_url"]);
  ASSERT_EQ(red.status, 302) << red.body;
  EXPECT_EQ(replies(e.gate, "97"), 1);
  EXPECT_EQ(fees(u, kCitizen, a)["paid"], 0);
  EXPECT_NE(follow(u, red).body.find("Thanh toán thành công"), std::string::npos);
  EXPECT_EQ(fees(u, kCitizen, a)["paid"], 8000);
  EXPECT_EQ(follow(u, red).status, 200);
  EXPECT_EQ(fees(u, kCitizen, a)["receipts"].size(), 1u);
  std::string loc = red.header("Location");
  EXPECT_EQ(http_request(u.s.port(), "GET", loc.substr(loc.find("/thanh-toan/")) + "0", "", {{"Accept", "text/html"}}).status, 400);
  // Another amount: refused (4) and flagged.
  std::string b = submit_copies(u, 1);
  e.gate.control("amount");
  json pb = start(u, b);
  ASSERT_EQ(e.gate.press_paygov(pb["payment_url"]).status, 302);
  EXPECT_EQ(replies(e.gate, "4"), 1);
  EXPECT_EQ(fees(u, kCitizen, b)["paid"], 0);
  EXPECT_EQ(fees(u, kDesk, b)["payments"][0]["state"], "flagged");
  // Timeout, then the late notify: paid exactly once.
  std::string c = submit_copies(u, 3);
  e.gate.control("timeout");
  json pc = start(u, c);
  EXPECT_EQ(e.gate.press_paygov(pc["payment_url"]).status, 504);
  EXPECT_EQ(fees(u, kCitizen, c)["paid"], 0);
  e.gate.control("");
  EXPECT_EQ(e.gate.resend_paygov(pc["txn_ref"]).json()["resultCode"], 0);
  EXPECT_EQ(e.gate.resend_paygov(pc["txn_ref"]).json()["resultCode"], 2);
  EXPECT_EQ(fees(u, kCitizen, c)["paid"], 24000);
  // Refused after payment: refunded through the platform's refund API by the job, with a refund receipt.
  u.act_ok(kDesk, c, "refuse", {{"reason", "Không thuộc thẩm quyền"}});
  json fc;
  for (int i = 0; i < 100; ++i) {
    fc = fees(u, kCitizen, c);
    if (fc["refunded"] == 24000) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(fc["refunded"], 24000) << fc.dump();
  ASSERT_EQ(fc["receipts"].size(), 2u);
  EXPECT_EQ(fc["receipts"][1]["kind"], "refund");
  EXPECT_EQ(e.gate.stats()["paygov"]["refunds"], 1);
  // The reconciliation of today: two payments match, one mismatch (the platform took 8.000 đ that the ledger does
  // not hold — the difference shows it), the refund matches on both sides.
  json rec = u.get(kDesk, std::string("/api/v1/payments/reconciliation?agency=") + kAgency).json();
  EXPECT_EQ(rec["matched"].size(), 2u) << rec.dump();
  EXPECT_EQ(rec["amount_mismatch"].size(), 1u) << rec.dump();
  EXPECT_EQ(rec["missing_in_ledger"].size(), 0u) << rec.dump();
  EXPECT_EQ(rec["missing_at_gateway"].size(), 0u) << rec.dump();
  ASSERT_EQ(rec["refund_matched"].size(), 1u) << rec.dump();
  EXPECT_EQ(rec["refund_matched"][0]["refund"], 24000);
  EXPECT_EQ(rec["refund_pending"].size(), 0u) << rec.dump();
  EXPECT_EQ(rec["totals"]["payments"]["gateway"], 40000) << rec.dump();
  EXPECT_EQ(rec["totals"]["payments"]["ledger"], 32000) << rec.dump();
  EXPECT_EQ(rec["totals"]["refunds"]["gateway"], 24000) << rec.dump();
  EXPECT_EQ(rec["totals"]["refunds"]["ledger"], 24000) << rec.dump();
  EXPECT_EQ(rec["totals"]["gateway"], 16000) << rec.dump();
  EXPECT_EQ(rec["totals"]["difference"], 8000) << rec.dump();
  auto xlsx = u.get(kDesk, std::string("/api/v1/payments/reconciliation?format=xlsx&agency=") + kAgency);
  EXPECT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
}
}  // namespace

TEST(PaygovPayments, ForgedMismatchedLateRefundedAndReconciled) {
  Env e;
  forged_mismatched_late_refunded(e);
}

TEST(PaygovPaymentsOnPostgres, ForgedMismatchedLateRefundedAndReconciled) {
  auto pg = make_test_db("postgresql", /*migrate=*/false);
  if (!pg) GTEST_SKIP() << "MOTCUA_TEST_PG not set";
  std::string url = pg->url;
  pg->db.reset();
  Env e({"--db", url});
  forged_mismatched_late_refunded(e);
}

TEST(PaygovPayments, PlatformUnreachableAtStartChangesNothingOwed) {
  Env e;
  Users u{*e.s, {}};
  std::string id = submit_copies(u, 1);
  e.gate.control("api-down");
  auto r = u.post(kCitizen, "/api/v1/dossiers/" + id + "/payments", {{"gateway", "paygov"}});
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_NE(r.body.find("gateway_unreachable"), std::string::npos);
  json f = fees(u, kDesk, id);
  EXPECT_EQ(f["payable"], 8000);
  ASSERT_EQ(f["payments"].size(), 1u);
  EXPECT_EQ(f["payments"][0]["state"], "failed");
  e.gate.control("");
  json p = start(u, id);  // works again once the platform answers
  ASSERT_EQ(e.gate.press_paygov(p["payment_url"]).status, 302);
  EXPECT_EQ(fees(u, kCitizen, id)["paid"], 8000);
}

TEST(PaygovPayments, GatewaysConfiguredPerAgencyAndSecretsNeverLogged) {
  Paygate probe;  // only for its constants and its port
  std::string dir = probe.p.dir();
  std::string file = dir + "/agencies.json";
  {
    std::ofstream out(file);
    out << json{{kAgency,
                 {{"paygov",
                   {{"api_url", probe.base() + "/paygov/api"},
                    {"partner_code", Paygate::kPaygovPartner},
                    {"access_key", Paygate::kPaygovAccess},
                    {"secret", Paygate::kPaygovSecret}}}}}}
               .dump();
  }
  // No deployment-wide merchant: only the agency's own platform account.
  ServerProcess s({"--demo-if-empty", "--payment-agencies", file, "--log-level", "info"}, {}, {.capture_stderr = true});
  Users u{s, {}};
  std::string id = submit_copies(u, 1);
  EXPECT_EQ(fees(u, kCitizen, id)["online_gateways"], json::array({"paygov"}));
  auto v = u.post(kCitizen, "/api/v1/dossiers/" + id + "/payments", {{"gateway", "vnpay"}});
  EXPECT_EQ(v.status, 409) << v.body;
  EXPECT_NE(v.body.find("gateway_unavailable"), std::string::npos);
  auto p = u.post(kCitizen, "/api/v1/dossiers/" + id + "/payments", {{"gateway", "paygov"}});
  ASSERT_EQ(p.status, 201) << p.body;
  const std::string log = s.log();
  EXPECT_NE(log.find("payment_merchants"), std::string::npos);
  EXPECT_EQ(log.find(Paygate::kPaygovSecret), std::string::npos);
  EXPECT_EQ(log.find(Paygate::kPaygovAccess), std::string::npos);
}

TEST(PaygovPayments, HostileNotifyBodiesAreRefusedAndChangeNothing) {
  Env e;
  for (const char* body : {"", "[]", "null", "{\"orderId\":{}}", "{\"amount\":-5}", "{\"amount\":1.5}", "{\"orderId\":\"\xff\"}",
                           "{\"partnerCode\":\"MOTCUA-PG\",\"orderId\":\"MC1\",\"amount\":8000,\"resultCode\":0,\"signature\":\"00\"}"}) {
    auto r = http_request(e.s->port(), "POST", "/api/v1/payments/paygov/ipn", body, {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 200) << body;
    int64_t code = r.json().value("resultCode", int64_t{-1});
    EXPECT_TRUE(code == 97 || code == 99) << body << " → " << r.body;
  }
  auto big = http_request(e.s->port(), "POST", "/api/v1/payments/paygov/ipn", std::string(40000, 'x'), {{"Content-Type", "application/json"}});
  EXPECT_EQ(big.status, 413);
  EXPECT_TRUE(e.s->running());
}
