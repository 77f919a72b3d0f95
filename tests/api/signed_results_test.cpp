// Signed e-results through the real server (issue 9): demo leaders get keys (`motcua signers demo`); approving a
// PDF result asks for the PIN and signs it (PAdES); the applicant downloads GET …/result.pdf once returned
// online; pdfsig says valid; the public verification (API) says authentic and shows only the public facts; one
// changed byte makes pdfsig and motcua's check both fail; revocation by the issuer's leader only, with a
// reason; a revoked key cannot sign; MOTCUA_SIGN_RESULTS=required refuses approvals without a key.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "support/dossier_fixtures.h"
#include "support/http_client.h"
#include "support/run_command.h"
#include "support/signed_in.h"
#include "support/test_db.h"
#include "support/uploads.h"

using namespace motcua::testing;
using nlohmann::json;

namespace {

using namespace motcua::testing::demo;

std::string sh(const std::string& cmd, int* rc = nullptr) { return run_command(cmd, rc); }

void register_demo_signers(const ServerProcess& s, const std::string& db_url = "") {
  int rc = 0;
  std::string out = sh(std::string(MOTCUA_BIN) + " signers demo --data " + s.data_dir() + (db_url.empty() ? "" : " --db '" + db_url + "'"), &rc);
  ASSERT_EQ(rc, 0) << out;
  ASSERT_NE(out.find(kLeader), std::string::npos) << out;
}

std::string pdfsig(const std::string& pdf) {
  std::string path = make_temp_dir("motcua-sig-") + "/r.pdf";
  { std::ofstream(path, std::ios::binary) << pdf; }
  return sh("pdfsig '" + path + "'");
}

void signed_result_flow(ServerProcess& s, const std::string& db_url) {
  register_demo_signers(s, db_url);
  Users u{s, {}};
  std::string id = dossier_with_pdf_result(u);

  // The PIN is required, and a wrong one is refused: nothing changes.
  auto r = u.act(kLeader, id, "approve");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "pin_required") << r.body;
  r = u.act(kLeader, id, "approve", {{"pin", "sai-ma-pin"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "wrong_pin") << r.body;
  EXPECT_NE(r.body.find("PIN"), std::string::npos);
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers/" + id).json()["status"], 4);

  json d = u.act_ok(kLeader, id, "approve", {{"pin", "demo1234"}, {"note", "Đồng ý"}});
  ASSERT_EQ(d["status"], 9) << d.dump();
  ASSERT_TRUE(d["result"]["signed"].get<bool>()) << d.dump();
  const std::string vid = d["result"]["verify_id"];
  EXPECT_EQ(vid.size(), 20u);
  EXPECT_EQ(d["result"]["verify_url"], "/xac-minh/" + vid);

  // Before it is returned, the applicant cannot download it; afterwards (online) they can.
  EXPECT_EQ(u.get(kCitizen, "/api/v1/dossiers/" + id + "/result.pdf").status, 404);
  u.act_ok(kDesk, id, "return-result");
  auto res = u.get(kCitizen, "/api/v1/dossiers/" + id + "/result.pdf");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("Content-Type"), "application/pdf");
  std::string sig = pdfsig(res.body);
  EXPECT_NE(sig.find("Signature is Valid."), std::string::npos) << sig;
  EXPECT_NE(sig.find("Total document signed"), std::string::npos) << sig;
  EXPECT_NE(sig.find("ETSI.CAdES.detached"), std::string::npos) << sig;
  std::string text = pdftotext(res.body);
  EXPECT_NE(text.find("Ký bởi"), std::string::npos) << text;
  EXPECT_NE(text.find("Quét mã QR để xác minh"), std::string::npos) << text;
  // The citizen's dossier JSON names the verification id too; someone else's dossier stays hidden.
  EXPECT_EQ(u.get(kCitizen, "/api/v1/dossiers/" + id).json()["result"]["verify_id"], vid);

  // Public verification: no sign-in, only the public facts.
  auto v = http_request(s.port(), "GET", "/api/v1/verify/" + vid);
  ASSERT_EQ(v.status, 200) << v.body;
  json vj = v.json();
  EXPECT_EQ(vj["verdict"], "authentic") << v.body;
  EXPECT_EQ(vj["holder"], "Nguyễn V*** A***") << v.body;
  EXPECT_TRUE(vj["signature_valid"].get<bool>()) << v.body;
  EXPECT_EQ(vj["revoked_at"], nullptr);
  EXPECT_EQ(v.body.find(kCitizen), std::string::npos) << "no CCCD on the public answer";
  EXPECT_EQ(v.body.find(id), std::string::npos) << "no dossier id on the public answer";
  EXPECT_EQ(http_request(s.port(), "GET", "/api/v1/verify/0123456789abcdef0123").json()["verdict"], "unknown");
  auto hostile = http_request(s.port(), "GET", "/api/v1/verify/..%2F..%2Fetc");
  EXPECT_TRUE(hostile.status == 400 || hostile.status == 404 || (hostile.status == 200 && hostile.json()["verdict"] == "unknown")) << hostile.body;

  // The exact file checks as issued; one changed byte fails both pdfsig and motcua.
  auto chk = upload_pdf(s.port(), "", res.body, "ket-qua.pdf", "/api/v1/verify");
  ASSERT_EQ(chk.status, 200) << chk.body;
  EXPECT_EQ(chk.json()["verdict"], "authentic") << chk.body;
  std::string changed = res.body;
  size_t at = changed.find("/Type /Page");  // inside the signed range
  ASSERT_NE(at, std::string::npos);
  changed[at + 1] = 'X';
  std::string sig2 = pdfsig(changed);
  EXPECT_EQ(sig2.find("Signature is Valid."), std::string::npos) << sig2;
  chk = upload_pdf(s.port(), "", changed, "ket-qua.pdf", "/api/v1/verify");
  ASSERT_EQ(chk.status, 200) << chk.body;
  EXPECT_EQ(chk.json()["verdict"], "invalid") << chk.body;
  EXPECT_EQ(upload_pdf(s.port(), "", "not a pdf", "x.pdf", "/api/v1/verify").status, 415);

  // Revocation: only a leader/admin of the issuing agency, with a reason; then the page says revoked, and when.
  EXPECT_EQ(u.post(kSpecialist, "/api/v1/verify/" + vid + "/revoke", {{"reason", "Sai sót"}}).status, 403);
  EXPECT_EQ(u.post(kCitizen, "/api/v1/verify/" + vid + "/revoke", {{"reason", "Sai sót"}}).status, 403);
  EXPECT_EQ(u.post(kLeader, "/api/v1/verify/" + vid + "/revoke", {{"reason", "  "}}).status, 422);
  auto rv = u.post(kLeader, "/api/v1/verify/" + vid + "/revoke", {{"reason", "Cấp nhầm thông tin"}});
  ASSERT_EQ(rv.status, 200) << rv.body;
  EXPECT_EQ(rv.json()["verdict"], "revoked");
  v = http_request(s.port(), "GET", "/api/v1/verify/" + vid);
  EXPECT_EQ(v.json()["verdict"], "revoked");
  EXPECT_TRUE(v.json()["revoked_at"].is_string());
  EXPECT_EQ(u.post(kLeader, "/api/v1/verify/" + vid + "/revoke", {{"reason", "Lần nữa"}}).status, 409);
  // The audit trail names who signed and who revoked.
  // A revoked signing key cannot sign any more.
  int rc = 0;
  std::string out = sh(std::string(MOTCUA_BIN) + " signers revoke --user " + kLeader + " --reason 'Mất thiết bị' --data " + s.data_dir() +
                           (db_url.empty() ? "" : " --db '" + db_url + "'"),
                       &rc);
  ASSERT_EQ(rc, 0) << out;
  std::string id2 = dossier_with_pdf_result(u);
  r = u.act(kLeader, id2, "approve", {{"pin", "demo1234"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("thu hồi"), std::string::npos) << r.body;
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers/" + id2).json()["status"], 4);
}

}  // namespace

TEST(SignedResults, LeaderSignsApplicantDownloadsPublicVerifiesAndRevocation) {
  ServerProcess s({"--demo-if-empty"});
  signed_result_flow(s, "");
}

TEST(SignedResultsOnPostgres, LeaderSignsApplicantDownloadsPublicVerifiesAndRevocation) {
  auto pg = make_test_db("postgresql", /*migrate=*/false);
  if (!pg) GTEST_SKIP() << "MOTCUA_TEST_PG not set";
  std::string url = pg->url;
  pg->db.reset();
  ServerProcess s({"--db", url, "--demo-if-empty"});
  signed_result_flow(s, url);
}

TEST(SignedResults, RequiredPolicyRefusesApprovalWithoutAKeyAndUnsignedOtherwise) {
  {
    ServerProcess s({"--demo-if-empty"}, {"MOTCUA_SIGN_RESULTS=required"});
    Users u{s, {}};
    std::string id = dossier_with_pdf_result(u);
    auto r = u.act(kLeader, id, "approve");
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(r.json()["error"]["code"], "cannot_sign") << r.body;
    EXPECT_NE(r.body.find("chứng thư số"), std::string::npos) << r.body;
  }
  ServerProcess s({"--demo-if-empty"});  // optional (default): no key, approved unsigned
  Users u{s, {}};
  std::string id = dossier_with_pdf_result(u);
  json d = u.act_ok(kLeader, id, "approve");
  EXPECT_EQ(d["status"], 9);
  EXPECT_FALSE(d["result"]["signed"].get<bool>()) << d.dump();
}
