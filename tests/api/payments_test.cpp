// Fees and online payment through the real server and the VNPAY sandbox (src/standins/paygate/):
//  - an upfront fee (2.000635: 8.000 đ per copy): the desk cannot accept before it is paid; paid online with a
//    duplicate IPN → one payment, one receipt (PDF with the amount in words); the desk then accepts;
//  - a forged IPN is refused (97) and the return page settles the payment by asking the gateway; an IPN with a
//    different amount is refused (04) and flagged; a gateway timeout followed by a late IPN → paid exactly once;
//    the reconciliation lists each case and balances;
//  - a status-6 notice paid online moves the dossier on (record-payment by the system);
//  - a refusal after payment refunds through the gateway (job) or at the desk (cash), with refund receipts, and
//    the ledger balances; who may do what.
#include <gtest/gtest.h>

#include <regex>

#include "support/fee_payments.h"

using namespace motcua::testing;
using namespace motcua::testing::demo;
using nlohmann::json;

namespace {

using Env = PaymentEnv;

json start(Users& u, const std::string& id) { return start_payment(u, id, "vnpay"); }

int count_ipn_replies(const Paygate& g, const std::string& code) {
  auto st = g.stats();
  return st["ipn_replies"].contains(code) ? st["ipn_replies"][code].get<int>() : 0;
}

json reconciliation(Users& u) { return u.get(kDesk, "/api/v1/payments/reconciliation?agency=000.01.25.H56").json(); }

void upfront_fee_paid_once(Env& e) {
  Users u{*e.s, {}};
  std::string id = submit_copies(u, 2);
  json f = fees(u, kCitizen, id);
  ASSERT_EQ(f["items"].size(), 1u) << f.dump();
  EXPECT_EQ(f["items"][0]["quantity"], 2);
  EXPECT_EQ(f["items"][0]["total"], 16000);
  EXPECT_EQ(f["upfront_outstanding"], 16000);
  EXPECT_EQ(f["may_pay_online"], true);
  // The submission's receipt page says what to pay before the desk accepts.
  auto done = http_request(u.s.port(), "GET", "/ho-so-cua-toi/" + id + "/da-nop", "", {{"Authorization", "Bearer " + u.token(kCitizen)}, {"Accept", "text/html"}});
  EXPECT_NE(done.body.find("id=\"fee-next\""), std::string::npos) << done.body;
  EXPECT_NE(done.body.find("16.000 đ"), std::string::npos);
  // Not accepted before the upfront fee is paid; a desk officer cannot pay online for the citizen.
  auto acc = u.act(kDesk, id, "accept");
  EXPECT_EQ(acc.status, 409) << acc.body;
  EXPECT_NE(acc.body.find("fee_unpaid"), std::string::npos);
  EXPECT_EQ(u.post(kDesk, "/api/v1/dossiers/" + id + "/payments", {{"gateway", "vnpay"}}).status, 403);
  EXPECT_EQ(u.post(kCitizen, "/api/v1/dossiers/" + id + "/payments", {{"gateway", "bitcoin"}}).status, 422);
  EXPECT_EQ(u.get(kSpecialist, "/api/v1/dossiers/" + id + "/fees").status, 200);  // staff of the agency read it
  // Duplicate IPN: one payment.
  e.gate.control("duplicate");
  json p = start(u, id);
  EXPECT_EQ(p["amount"], 16000);
  EXPECT_NE(p["payment_url"].get<std::string>().find("vnp_Amount=1600000"), std::string::npos);
  auto red = e.gate.press(p["payment_url"]);
  ASSERT_EQ(red.status, 302) << red.body;
  EXPECT_EQ(count_ipn_replies(e.gate, "00"), 1);
  EXPECT_EQ(count_ipn_replies(e.gate, "02"), 1);
  auto page = follow(u, red);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Thanh toán thành công"), std::string::npos) << page.body;
  f = fees(u, kCitizen, id);
  EXPECT_EQ(f["paid"], 16000);
  EXPECT_EQ(f["outstanding"], 0);
  EXPECT_EQ(f["upfront_outstanding"], 0);
  ASSERT_EQ(f["receipts"].size(), 1u);
  EXPECT_EQ(f["payments"].size(), 1u);
  // Starting again: nothing to pay.
  EXPECT_EQ(u.post(kCitizen, "/api/v1/dossiers/" + id + "/payments", {{"gateway", "vnpay"}}).status, 409);
  // The receipt: public verification and the PDF with the amount in words.
  std::string url = f["receipts"][0]["pdf"];
  auto pdf = http_request(u.s.port(), "GET", url.substr(url.find("/bien-lai/")), "", {});
  ASSERT_EQ(pdf.status, 200);
  std::string text = pdftotext(pdf.body);
  EXPECT_NE(text.find("BIÊN LAI THU PHÍ"), std::string::npos) << text;
  EXPECT_NE(text.find("Mười sáu nghìn đồng"), std::string::npos) << text;
  EXPECT_NE(text.find("16.000 đ"), std::string::npos) << text;
  std::string token = url.substr(url.find("/bien-lai/") + 10, 32);
  EXPECT_EQ(http_request(u.s.port(), "GET", "/api/v1/receipts/" + token, "", {}).json()["amount"], 16000);
  EXPECT_EQ(http_request(u.s.port(), "GET", "/api/v1/receipts/00000000000000000000000000000000", "", {}).status, 404);
  std::string code = u.get(kCitizen, "/api/v1/dossiers/" + id).json()["code"];
  EXPECT_EQ(u.get(kDesk, "/api/v1/receipts?q=" + code).json()["items"].size(), 1u);
  EXPECT_EQ(u.get(kDesk, "/api/v1/receipts?q=" + std::string(kCitizen)).json()["items"].size(), 1u);
  // Now the desk accepts.
  EXPECT_EQ(u.act(kDesk, id, "accept").status, 200);
  e.gate.control("");
}

void forged_amount_timeout(Env& e) {
  Users u{*e.s, {}};
  // Forged IPN: refused; the return page asks the gateway and settles the payment once.
  std::string a = submit_copies(u, 1);
  e.gate.control("forged");
  json pa = start(u, a);
  auto red = e.gate.press(pa["payment_url"]);
  ASSERT_EQ(red.status, 302) << red.body;
  EXPECT_EQ(count_ipn_replies(e.gate, "97"), 1);
  EXPECT_EQ(fees(u, kCitizen, a)["paid"], 0);
  EXPECT_NE(follow(u, red).body.find("Thanh toán thành công"), std::string::npos);
  EXPECT_EQ(fees(u, kCitizen, a)["paid"], 8000);
  EXPECT_EQ(follow(u, red).status, 200);  // the return page again: nothing more
  EXPECT_EQ(fees(u, kCitizen, a)["receipts"].size(), 1u);
  // A return URL with a broken signature is refused and changes nothing.
  std::string loc = red.header("Location");
  auto bad = http_request(u.s.port(), "GET", loc.substr(loc.find("/thanh-toan/")) + "0", "", {{"Accept", "text/html"}});
  EXPECT_EQ(bad.status, 400);
  // Amount mismatch: refused (04) and flagged; never paid.
  std::string b = submit_copies(u, 1);
  e.gate.control("amount");
  json pb = start(u, b);
  red = e.gate.press(pb["payment_url"]);
  ASSERT_EQ(red.status, 302);
  EXPECT_EQ(count_ipn_replies(e.gate, "04"), 1);
  EXPECT_EQ(fees(u, kCitizen, b)["paid"], 0);
  EXPECT_EQ(fees(u, kDesk, b)["payments"][0]["state"], "flagged");
  // Gateway timeout, then the late IPN: paid exactly once.
  std::string c = submit_copies(u, 3);
  e.gate.control("timeout");
  json pc = start(u, c);
  EXPECT_EQ(e.gate.press(pc["payment_url"]).status, 504);
  EXPECT_EQ(fees(u, kCitizen, c)["paid"], 0);
  e.gate.control("");
  EXPECT_EQ(e.gate.resend(pc["txn_ref"]).json()["RspCode"], "00");
  EXPECT_EQ(e.gate.resend(pc["txn_ref"]).json()["RspCode"], "02");
  json fc = fees(u, kCitizen, c);
  EXPECT_EQ(fc["paid"], 24000);
  EXPECT_EQ(fc["receipts"].size(), 1u);
  // The reconciliation of today: the three paid ones match the ledger, the flagged one is a mismatch.
  json rec = reconciliation(u);
  EXPECT_EQ(rec["matched"].size(), 2u) << rec.dump();       // forged-then-queried, timeout-then-late
  EXPECT_EQ(rec["amount_mismatch"].size(), 1u) << rec.dump();
  EXPECT_EQ(rec["missing_in_ledger"].size(), 0u) << rec.dump();
  EXPECT_EQ(rec["missing_at_gateway"].size(), 0u) << rec.dump();
  auto xlsx = u.get(kDesk, "/api/v1/payments/reconciliation?agency=000.01.25.H56&format=xlsx");
  EXPECT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_EQ(u.get(kCitizen, "/api/v1/payments/reconciliation?agency=000.01.25.H56").status, 403);
  EXPECT_EQ(u.get(kDesk, "/api/v1/payments/reconciliation?agency=000.07.12.H56").status, 403);  // not the desk's agency
}

void notice_and_refunds(Env& e) {
  Users u{*e.s, {}};
  // Status 6: a notice paid online moves the dossier on.
  json body = {{"procedure_code", "local.1"},
               {"agency_code", "000.01.25.H56"},
               {"applicant", {{"name", "Nguyễn Văn An"}, {"id_number", kCitizen}, {"phone", "0912345678"}}},
               {"delivery", "desk"},
               {"accept", true}};
  auto r = u.post(kDesk, "/api/v1/dossiers", body);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"];
  u.act_ok(kDesk, id, "transfer", {{"unit", "TP"}});
  EXPECT_EQ(u.act(kSpecialist, id, "request-payment", {{"reason", "Lệ phí"}}).status, 422);  // no schedule line: an amount is needed
  u.act_ok(kSpecialist, id, "request-payment", {{"amount", 50000}, {"reason", "Lệ phí cấp bản sao"}});
  json p = start(u, id);
  EXPECT_EQ(p["amount"], 50000);
  ASSERT_EQ(e.gate.press(p["payment_url"]).status, 302);
  json d = u.get(kCitizen, "/api/v1/dossiers/" + id).json();
  EXPECT_EQ(d["status"], 4) << d.dump();
  EXPECT_EQ(d["history"].back()["action"], "record-payment");
  EXPECT_EQ(d["history"].back()["role"], "system");

  // Refusal after an online payment: refunded through the gateway by the job, with a refund receipt.
  std::string a = submit_copies(u, 1);
  json pa = start(u, a);
  ASSERT_EQ(e.gate.press(pa["payment_url"]).status, 302);
  u.act_ok(kDesk, a, "refuse", {{"reason", "Không thuộc thẩm quyền"}});
  json fa;
  for (int i = 0; i < 100; ++i) {
    fa = fees(u, kCitizen, a);
    if (fa["refunded"] == 8000) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(fa["refunded"], 8000) << fa.dump();
  EXPECT_EQ(fa["paid"], 8000);
  ASSERT_EQ(fa["receipts"].size(), 2u);
  EXPECT_EQ(fa["receipts"][1]["kind"], "refund");
  EXPECT_EQ(e.gate.stats()["refunds"], 1);

  // At the desk: a walk-in dossier with the fee collected in cash, refused, paid back at the counter.
  json walk = {{"procedure_code", "2.000635"},
               {"agency_code", "000.01.25.H56"},
               {"applicant", {{"name", "Trần Thị Bình"}, {"id_number", "038190000123"}, {"phone", "0912000222"}}},
               {"form", valid_form(u.s, "2.000635")},
               {"delivery", "desk"}};
  walk["form"]["so_ban_sao"] = 1;
  r = u.post(kDesk, "/api/v1/dossiers", walk);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string w = r.json()["id"];
  EXPECT_EQ(u.post(kSpecialist, "/api/v1/dossiers/" + w + "/payments", {{"gateway", "cash"}}).status, 403);
  auto cash = u.post(kDesk, "/api/v1/dossiers/" + w + "/payments", {{"gateway", "cash"}});
  ASSERT_EQ(cash.status, 201) << cash.body;
  EXPECT_EQ(cash.json()["amount"], 8000);
  u.act_ok(kDesk, w, "refuse", {{"reason", "Thiếu giấy tờ"}});
  json fw = fees(u, kDesk, w);
  ASSERT_EQ(fw["refunds"].size(), 1u);
  EXPECT_EQ(fw["refunds"][0]["state"], "desk");
  auto paid_out = u.post(kDesk, "/api/v1/dossiers/" + w + "/refunds/" + std::to_string(fw["refunds"][0]["id"].get<int64_t>()) + "/paid", json::object());
  ASSERT_EQ(paid_out.status, 200) << paid_out.body;
  EXPECT_EQ(paid_out.json()["refunded"], 8000);
  EXPECT_EQ(paid_out.json()["receipts"].size(), 2u);
  EXPECT_EQ(u.post(kDesk, "/api/v1/dossiers/" + w + "/refunds/" + std::to_string(fw["refunds"][0]["id"].get<int64_t>()) + "/paid", json::object()).status, 409);

  // Waiver: the desk, with a reason.
  std::string v = submit_copies(u, 1);
  int64_t fee = fees(u, kDesk, v)["items"][0]["id"];
  EXPECT_EQ(u.post(kDesk, "/api/v1/dossiers/" + v + "/fees/" + std::to_string(fee) + "/waive", json::object()).status, 422);
  EXPECT_EQ(u.post(kSpecialist, "/api/v1/dossiers/" + v + "/fees/" + std::to_string(fee) + "/waive", {{"reason", "Hộ nghèo"}}).status, 403);
  auto wv = u.post(kDesk, "/api/v1/dossiers/" + v + "/fees/" + std::to_string(fee) + "/waive", {{"reason", "Người thuộc hộ nghèo"}});
  ASSERT_EQ(wv.status, 200) << wv.body;
  EXPECT_EQ(wv.json()["due"], 0);
  EXPECT_EQ(u.act(kDesk, v, "accept").status, 200);

  // The day balances: what the gateway says was paid equals the ledger.
  json rec = reconciliation(u);
  EXPECT_EQ(rec["totals"]["difference"], 0) << rec.dump();
  EXPECT_GE(rec["matched"].size(), 2u) << rec.dump();
  // The gateway refund after the refusal is reconciled too: refunded at VNPAY (querydr type 02) and in the ledger.
  ASSERT_EQ(rec["refund_matched"].size(), 1u) << rec.dump();
  EXPECT_EQ(rec["refund_matched"][0]["refund"], 8000);
  EXPECT_EQ(rec["totals"]["refunds"]["gateway"], 8000) << rec.dump();
  EXPECT_EQ(rec["totals"]["refunds"]["ledger"], 8000) << rec.dump();
  EXPECT_EQ(rec["missing_in_ledger"].size(), 0u) << rec.dump();
  EXPECT_EQ(rec["missing_at_gateway"].size(), 0u) << rec.dump();
}

}  // namespace

TEST(Payments, UpfrontFeePaidOnlineOnceThenAccepted) {
  Env e;
  upfront_fee_paid_once(e);
}

TEST(Payments, ForgedMismatchedAndLateIpnsAndTheReconciliation) {
  Env e;
  forged_amount_timeout(e);
}

TEST(Payments, NoticePaidOnlineRefundsAndWaivers) {
  Env e;
  notice_and_refunds(e);
}

TEST(PaymentsOnPostgres, UpfrontFeeAndRefunds) {
  auto pg = make_test_db("postgresql", /*migrate=*/false);
  if (!pg) GTEST_SKIP() << "MOTCUA_TEST_PG not set";
  std::string url = pg->url;
  pg->db.reset();
  Env e({"--db", url});
  upfront_fee_paid_once(e);
  notice_and_refunds(e);
}

TEST(Payments, IpnWithGarbageIsRefusedAndChangesNothing) {
  Env e;
  for (const char* q : {"", "vnp_TxnRef=x", "vnp_TxnRef=%ZZ", "vnp_TmnCode=MOTCUA01&vnp_TxnRef=abc&vnp_SecureHash=00",
                        "vnp_TmnCode=MOTCUA01&vnp_TmnCode=MOTCUA01"}) {
    auto r = http_request(e.s->port(), "GET", std::string("/api/v1/payments/vnpay/ipn?") + q, "", {});
    EXPECT_EQ(r.status, 200) << q;
    std::string code = r.json()["RspCode"];
    EXPECT_TRUE(code == "97" || code == "99") << q << " → " << r.body;
  }
  EXPECT_TRUE(e.s->running());
}
