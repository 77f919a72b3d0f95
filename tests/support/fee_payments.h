// Test support for the payments API tests (tests/api/payments_test.cpp, paygov_payments_test.cpp): a server with the
// payment sandbox's merchants, an online dossier of 2.000635 owing an upfront fee per copy, the fees of a dossier,
// starting an online payment through a gateway, and following the gateway's redirect back to the return page.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/signed_in.h"
#include "support/standins.h"

namespace motcua::testing {

// The server (demo data) with both sandbox merchants (unless `merchants` is false) and `extra` arguments; the
// sandbox's VNPAY IPNs go to it.
struct PaymentEnv {
  Paygate gate;
  std::unique_ptr<ServerProcess> s;
  explicit PaymentEnv(std::vector<std::string> extra = {}, bool merchants = true) {
    std::vector<std::string> args = {"--demo-if-empty"};
    if (merchants)
      for (auto& a : gate.server_args()) args.push_back(a);
    for (auto& a : extra) args.push_back(a);
    s = std::make_unique<ServerProcess>(args);
    gate.set_ipn_target(s->port());
  }
};

// An online dossier of 2.000635 (copy of a civil-status extract, 8.000 đ per copy upfront) asking for `copies`.
inline std::string submit_copies(Users& u, int copies) {
  nlohmann::json body = submission(u.s, "2.000635");
  body["form"]["so_ban_sao"] = copies;
  u.s.login(demo::kCitizen);
  body["documents"] = nlohmann::json::array({{{"component_code", "BS-04"}, {"file_id", upload_pdf(u.s, "cccd.pdf")}}});
  auto r = u.post(demo::kCitizen, "/api/v1/dossiers", body);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json()["id"];
}

inline nlohmann::json fees(Users& u, const std::string& user, const std::string& id) { return u.get(user, "/api/v1/dossiers/" + id + "/fees").json(); }

// The citizen starts a payment through `gateway`; returns {payment_url, amount, txn_ref}.
inline nlohmann::json start_payment(Users& u, const std::string& id, const std::string& gateway) {
  auto r = u.post(demo::kCitizen, "/api/v1/dossiers/" + id + "/payments", {{"gateway", gateway}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json();
}

// Follows the gateway's redirect to the server's return page (as the browser would).
inline HttpResult follow(Users& u, const HttpResult& redirect) {
  std::string loc = redirect.header("Location");
  return http_request(u.s.port(), "GET", loc.substr(loc.find("/thanh-toan/")), "", {{"Accept", "text/html"}});
}

}  // namespace motcua::testing
