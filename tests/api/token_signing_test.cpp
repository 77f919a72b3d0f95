// Signing e-results with a key on a PKCS#11 token (issue 9; documents/pkcs11_key.h), through the real server and
// CLI on a SoftHSM2 token: `motcua signers add --pkcs11-module … --pkcs11-uri …` checks the PIN and records the
// certificate read from the token; the leader's approval opens the token with the PIN typed at approval (a wrong
// one is 422 and changes nothing, also right after a right one); the result verifies with pdfsig and publicly.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "services/documents/signing_keys.h"
#include "support/dossier_fixtures.h"
#include "support/http_client.h"
#include "support/run_command.h"
#include "support/signed_in.h"
#include "support/softhsm_token.h"
#include "support/uploads.h"

using namespace motcua::testing;
using namespace motcua::testing::demo;
using nlohmann::json;


TEST(TokenSigning, LeaderSignsWithTheKeyOnAPkcs11Token) {
  const std::string tmp = make_temp_dir("motcua-token-");
  motcua::documents::make_demo_ca(tmp + "/ca", "ca-pass-1");
  const std::string p12 = motcua::documents::make_signer(tmp + "/p12", tmp + "/ca", "ca-pass-1", "Lê Thị Token", "Chủ tịch",
                                                         "Ủy ban nhân dân xã Bến Sung", "p12-pass-1");
  std::string err;
  const std::string uri = make_softhsm_token(tmp + "/hsm", "lanhdao", "135790", p12, "p12-pass-1", &err);
  ASSERT_FALSE(uri.empty()) << err;
  ServerProcess s({"--demo-if-empty"}, {"SOFTHSM2_CONF=" + tmp + "/hsm/softhsm2.conf", "MOTCUA_SIGN_TRUST=" + tmp + "/ca/ca.crt"});

  const std::string cli = std::string(MOTCUA_BIN) + " signers add --user " + kLeader + " --pkcs11-module " + kSoftHsmModule + " --pkcs11-uri '" +
                          uri + "' --data " + s.data_dir();
  int rc = 0;
  std::string out = run_command("MOTCUA_KEYS_PASSPHRASE=000000 " + cli, &rc);
  EXPECT_NE(rc, 0) << out;  // the PIN is checked at registration
  EXPECT_NE(out.find("PIN"), std::string::npos) << out;
  out = run_command("MOTCUA_KEYS_PASSPHRASE=135790 " + std::string(MOTCUA_BIN) + " signers add --user " + kLeader +
                        " --pkcs11-module /nonexistent/lib.so --pkcs11-uri '" + uri + "' --data " + s.data_dir(),
                    &rc);
  EXPECT_NE(rc, 0) << out;
  out = run_command("MOTCUA_KEYS_PASSPHRASE=135790 " + cli, &rc);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("Lê Thị Token"), std::string::npos) << out;
  out = run_command(std::string(MOTCUA_BIN) + " signers list --data " + s.data_dir(), &rc);
  EXPECT_NE(out.find("token\tLê Thị Token"), std::string::npos) << out;
  EXPECT_TRUE(!std::filesystem::exists(s.data_dir() + "/keys/signers") || std::filesystem::is_empty(s.data_dir() + "/keys/signers"))
      << "the key stays on the token: nothing is copied";

  Users u{s, {}};
  std::string id = dossier_with_pdf_result(u);
  auto r = u.act(kLeader, id, "approve", {{"pin", "111111"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "wrong_pin") << r.body;
  json d = u.act_ok(kLeader, id, "approve", {{"pin", "135790"}});
  ASSERT_EQ(d["status"], 9) << d.dump();
  ASSERT_TRUE(d["result"]["signed"].get<bool>()) << d.dump();
  const std::string vid = d["result"]["verify_id"];
  u.act_ok(kDesk, id, "return-result");
  auto res = u.get(kCitizen, "/api/v1/dossiers/" + id + "/result.pdf");
  ASSERT_EQ(res.status, 200) << res.body;
  const std::string f = tmp + "/signed.pdf";
  { std::ofstream(f, std::ios::binary) << res.body; }
  std::string sig = run_command("pdfsig '" + f + "'");
  EXPECT_NE(sig.find("Signature is Valid."), std::string::npos) << sig;
  EXPECT_NE(sig.find("Lê Thị Token"), std::string::npos) << sig;
  auto v = http_request(s.port(), "GET", "/api/v1/verify/" + vid);
  EXPECT_EQ(v.json()["verdict"], "authentic") << v.body;

  // Right after a right PIN, a wrong one is still refused (every signing logs in afresh).
  std::string id2 = dossier_with_pdf_result(u);
  r = u.act(kLeader, id2, "approve", {{"pin", "999999"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers/" + id2).json()["status"], 4);
}
