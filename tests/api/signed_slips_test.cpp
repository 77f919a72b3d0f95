// Signed slips (issue 9): Mẫu 04 (apology and new appointment) and the stop notice are letters of the solving
// agency; its leader signs them with their key (POST …/forms/{file}/sign {pin}) — once per event, nobody else,
// no other slip — and from then on the applicant downloads the signed copy: pdfsig says valid, its QR code leads
// to /xac-minh/{id}, which says authentic. Every slip given to the applicant is issued once per event, kept as first
// printed with a QR code to its own verification page: reprints are the same file, which verifies by its bytes.
#include <gtest/gtest.h>

#include <fstream>

#include "domain/format.h"
#include "support/dossier_fixtures.h"
#include "support/http_client.h"
#include "support/run_command.h"
#include "support/signed_in.h"
#include "support/uploads.h"

using namespace motcua::testing;
using namespace motcua::testing::demo;
using nlohmann::json;

namespace {

std::string pdfsig_of(const std::string& pdf) {
  std::string path = make_temp_dir("motcua-slipsig-") + "/s.pdf";
  { std::ofstream(path, std::ios::binary) << pdf; }
  return run_command("pdfsig '" + path + "'");
}

// The verification id printed under a slip's QR code ("…/xac-minh/<20 hex>").
std::string printed_verify_id(const std::string& text) {
  size_t at = text.find("/xac-minh/");
  return at == std::string::npos ? "" : text.substr(at + 10, 20);
}

HttpResult sign(Users& u, const std::string& who, const std::string& id, const std::string& file, const std::string& pin = "demo1234") {
  return u.post(who, "/api/v1/dossiers/" + id + "/forms/" + file + "/sign", {{"pin", pin}});
}

}  // namespace

TEST(SignedSlips, TheSolvingAgencysLeaderSignsTheApologyAndTheStopNotice) {
  ServerProcess s({"--demo-if-empty"});
  int rc = 0;
  std::string out = run_command(std::string(MOTCUA_BIN) + " signers demo --data " + s.data_dir(), &rc);
  ASSERT_EQ(rc, 0) << out;
  Users u{s, {}};
  auto r = u.post(kCitizen, "/api/v1/dossiers", submission(s));
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = r.json()["id"];
  u.act_ok(kDesk, id, "accept");
  u.act_ok(kDesk, id, "transfer", {{"unit", "TP"}});

  EXPECT_EQ(sign(u, kLeader, id, "04.pdf").status, 409) << "no apology yet: no Mẫu 04 to sign";
  // A new appointment a few weeks on, on the first working day the calendar accepts.
  int64_t new_due = 0;
  for (int k = 21; k < 45 && !new_due; ++k) {
    const int64_t day = motcua::fmt::now_ms() + k * 86400000LL;
    if (u.act(kLeader, id, "apologize", {{"reason", "Chờ xác minh"}, {"new_due", motcua::fmt::iso_date(day)}}).status == 200) new_due = day;
  }
  ASSERT_NE(new_due, 0);
  auto unsigned04 = u.get(kCitizen, "/api/v1/dossiers/" + id + "/forms/04.pdf");
  ASSERT_EQ(unsigned04.status, 200);
  EXPECT_EQ(pdfsig_of(unsigned04.body).find("Signature is Valid"), std::string::npos);
  const std::string vid04 = printed_verify_id(pdftotext(unsigned04.body));
  ASSERT_EQ(vid04.size(), 20u) << pdftotext(unsigned04.body);

  // Nobody but a leader AT the solving agency; no other slip; the PIN is checked.
  EXPECT_EQ(sign(u, kSpecialist, id, "04.pdf").status, 403);
  EXPECT_EQ(sign(u, kDesk, id, "04.pdf").status, 403);
  EXPECT_EQ(sign(u, kSupervisor, id, "04.pdf").status, 403);  // reads the province, acts nowhere
  EXPECT_EQ(sign(u, kCitizen, id, "04.pdf").status, 403);
  EXPECT_EQ(sign(u, kLeader, id, "01.pdf").status, 404);
  EXPECT_EQ(sign(u, kLeader, id, "04.txt").status, 404);
  auto wrong = sign(u, kLeader, id, "04.pdf", "sai-pin-9");
  EXPECT_EQ(wrong.status, 422) << wrong.body;
  EXPECT_EQ(wrong.json()["error"]["code"], "wrong_pin");
  EXPECT_EQ(u.get(kCitizen, "/api/v1/dossiers/" + id + "/forms/04.pdf").body, unsigned04.body) << "a failed signing changes nothing";

  auto ok = sign(u, kLeader, id, "04.pdf");
  ASSERT_EQ(ok.status, 200) << ok.body;
  const std::string vid = ok.json()["verify_id"];
  EXPECT_EQ(ok.json()["verify_url"], "/xac-minh/" + vid);
  EXPECT_EQ(sign(u, kLeader, id, "04.pdf").status, 409) << "once per event";

  auto signed04 = u.get(kCitizen, "/api/v1/dossiers/" + id + "/forms/04.pdf");
  ASSERT_EQ(signed04.status, 200);
  std::string sig = pdfsig_of(signed04.body);
  EXPECT_NE(sig.find("Signature is Valid."), std::string::npos) << sig;
  EXPECT_NE(sig.find("Total document signed"), std::string::npos) << sig;
  std::string text = pdftotext(signed04.body);
  EXPECT_NE(text.find("Quét mã QR để xác minh"), std::string::npos) << text;
  EXPECT_NE(text.find(motcua::fmt::date(new_due)), std::string::npos) << text;  // still the letter of that apology
  auto v = http_request(s.port(), "GET", "/api/v1/verify/" + vid);
  ASSERT_EQ(v.status, 200);
  EXPECT_EQ(v.json()["verdict"], "authentic") << v.body;
  EXPECT_NE(v.json()["doc_type"].get<std::string>().find("xin lỗi"), std::string::npos) << v.body;

  // The stop notice, signed the same way.
  u.act_ok(kSpecialist, id, "stop", {{"reason", "Người nộp đề nghị dừng"}});
  auto st = sign(u, kLeader, id, "stop.pdf");
  ASSERT_EQ(st.status, 200) << st.body;
  auto stop = u.get(kCitizen, "/api/v1/dossiers/" + id + "/forms/stop.pdf");
  EXPECT_NE(pdfsig_of(stop.body).find("Signature is Valid."), std::string::npos);
  EXPECT_EQ(http_request(s.port(), "GET", "/api/v1/verify/" + st.json()["verify_id"].get<std::string>()).json()["verdict"], "authentic");
  EXPECT_EQ(u.get(kCitizen, "/api/v1/dossiers/" + id + "/forms/04.pdf").body, signed04.body) << "the signed copy is kept as issued";
  // The copy printed before signing stays what it was: issued, authentic by its bytes.
  EXPECT_EQ(http_request(s.port(), "GET", "/api/v1/verify/" + vid04).json()["verdict"], "authentic");
}

TEST(SignedSlips, EverySlipIsIssuedOnceWithItsVerificationQrCode) {
  ServerProcess s({"--demo-if-empty"});
  Users u{s, {}};
  auto r = u.post(kCitizen, "/api/v1/dossiers", submission(s));
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = r.json()["id"];
  u.act_ok(kDesk, id, "accept");
  auto first = u.get(kDesk, "/api/v1/dossiers/" + id + "/forms/01.pdf");
  ASSERT_EQ(first.status, 200);
  const std::string text = pdftotext(first.body);
  EXPECT_NE(text.find("Mã QR xác minh văn bản điện tử"), std::string::npos) << text;
  const std::string vid = printed_verify_id(text);
  ASSERT_EQ(vid.size(), 20u) << text;
  // Every later print, by anyone who may read it, is the same file.
  EXPECT_EQ(u.get(kCitizen, "/api/v1/dossiers/" + id + "/forms/01.pdf").body, first.body);
  EXPECT_EQ(u.get(kSupervisor, "/api/v1/dossiers/" + id + "/forms/01.pdf").body, first.body);
  // Its QR code: authentic without a signature, only public facts.
  auto v = http_request(s.port(), "GET", "/api/v1/verify/" + vid);
  ASSERT_EQ(v.status, 200);
  EXPECT_EQ(v.json()["verdict"], "authentic") << v.body;
  EXPECT_FALSE(v.json()["signed"].get<bool>()) << v.body;
  EXPECT_EQ(v.json()["holder"], "Nguyễn V*** A***") << v.body;
  EXPECT_EQ(v.body.find(kCitizen), std::string::npos);
  auto page = http_request(s.port(), "GET", "/xac-minh/" + vid);
  EXPECT_NE(page.body.find("Phiếu không ký số"), std::string::npos);
  // The file itself checks as issued; a changed copy is not one the system issued.
  auto check = [&](const std::string& bytes) { return upload_pdf(s.port(), "", bytes, "mau-01.pdf", "/api/v1/verify"); };
  EXPECT_EQ(check(first.body).json()["verdict"], "authentic");
  std::string changed = first.body;
  changed[changed.find("/Type /Page") + 1] = 'X';
  EXPECT_NE(check(changed).json()["verdict"], "authentic");
}
