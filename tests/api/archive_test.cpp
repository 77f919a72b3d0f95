// The e-archive through the real server and the `motcua archive` command (issue 9): a dossier returned with a signed
// result and a refused one are sealed when they end; `archive export` writes a ZIP with the sealed manifest, its
// hash and the files; `archive verify` says it is intact (hashes and the PAdES signature), and not intact after one
// byte of a file is changed; an open dossier cannot be exported; a date range takes every dossier sealed in it.
// `archive import` brings such a package into another deployment: only an intact one, only by an administrator, once;
// re-exported there, the package carries the same manifest bytes and verifies the same.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "domain/format.h"
#include "support/dossier_fixtures.h"
#include "support/http_client.h"
#include "support/run_command.h"
#include "support/signed_in.h"

using namespace motcua::testing;
using nlohmann::json;

namespace {

using namespace motcua::testing::demo;

std::string sh(const std::string& cmd, int* rc = nullptr) { return run_command(cmd, rc); }


json desk_dossier(Users& u) {
  json body = {{"procedure_code", "1.001653"}, {"agency_code", "000.01.25.H56"}, {"delivery", "online"}, {"accept", true},
               {"applicant", {{"name", "Nguyễn Văn An"}, {"id_number", kCitizen}}},
               {"documents", {{{"component_code", "KTT-01"}, {"copy_type", "original"}}}}};
  auto r = u.post(kDesk, "/api/v1/dossiers", body);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json();
}

}  // namespace

TEST(Archive, EndedDossiersAreSealedExportedAndVerified) {
  ServerProcess s({"--demo-if-empty"});
  const std::string bin = MOTCUA_BIN, data = " --data " + s.data_dir();
  int rc = 0;
  std::string out = sh(bin + " signers demo" + data, &rc);
  ASSERT_EQ(rc, 0) << out;
  Users u{s, {}};
  // Returned with a signed result.
  json d = desk_dossier(u);
  const std::string id = d["id"], code = d["code"];
  u.act_ok(kDesk, id, "transfer", {{"unit", "TP"}});
  auto slip = u.get(kDesk, "/api/v1/dossiers/" + id + "/forms/01.pdf");
  const std::string b = "arBoundary";
  auto up = http_request(s.port(), "POST", "/api/v1/files",
                         "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ket-qua.pdf\"\r\nContent-Type: application/pdf\r\n\r\n" +
                             slip.body + "\r\n--" + b + "--\r\n",
                         {{"Content-Type", "multipart/form-data; boundary=" + b}, {"Authorization", "Bearer " + u.token(kSpecialist)}});
  ASSERT_EQ(up.status, 201) << up.body;
  u.act_ok(kSpecialist, id, "attach-result", {{"file_id", up.json()["id"]}});
  u.act_ok(kLeader, id, "approve", {{"pin", "demo1234"}});
  // Still open: not sealed, cannot be exported.
  const std::string pkg = s.data_dir() + "/goi.zip";
  out = sh(bin + " archive export --dossier " + code + " --out " + pkg + data, &rc);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("chưa kết thúc"), std::string::npos) << out;
  u.act_ok(kDesk, id, "return-result");
  // Refused at the desk (status 3).
  auto sub = u.post(kCitizen, "/api/v1/dossiers", submission(s));
  ASSERT_EQ(sub.status, 201) << sub.body;
  u.act_ok(kDesk, sub.json()["id"], "refuse", {{"reason", "Không thuộc thẩm quyền"}});

  out = sh(bin + " archive export --dossier " + code + " --out " + pkg + data, &rc);
  ASSERT_EQ(rc, 0) << out;
  out = sh(bin + " archive verify " + pkg, &rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("nguyên vẹn: 1 hồ sơ"), std::string::npos) << out;
  EXPECT_NE(out.find("1 chữ ký số hợp lệ"), std::string::npos) << out;
  // The package holds the sealed manifest with the history and the retention period; unzip-compatible names.
  std::string zip = slurp(pkg);
  EXPECT_NE(zip.find(code + "/manifest.json"), std::string::npos);
  EXPECT_NE(zip.find("\"action\":\"return-result\""), std::string::npos);
  EXPECT_NE(zip.find("\"retention_years\":10"), std::string::npos);

  // One byte of a stored file changed (its CRC still says the original): not intact.
  std::string changed = zip;
  size_t at = changed.find("/Type /Page");
  ASSERT_NE(at, std::string::npos);
  changed[at + 1] = 'X';
  { std::ofstream(pkg + ".x", std::ios::binary) << changed; }
  out = sh(bin + " archive verify " + pkg + ".x", &rc);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("KHÔNG NGUYÊN VẸN"), std::string::npos) << out;

  // Every dossier sealed today: the returned one and the refused one.
  const std::string today = motcua::fmt::iso_date(motcua::fmt::now_ms());
  out = sh(bin + " archive export --from " + today + " --to " + today + " --out " + pkg + data, &rc);
  ASSERT_EQ(rc, 0) << out;
  out = sh(bin + " archive verify " + pkg, &rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("nguyên vẹn: 2 hồ sơ"), std::string::npos) << out;

  // Hand-over to another deployment (a fresh data directory and database).
  const std::string other = " --data " + make_temp_dir("motcua-archive-b-");
  out = sh(bin + " demo" + other, &rc);
  ASSERT_EQ(rc, 0) << out;
  out = sh(bin + " archive import " + pkg + ".x --user quantri --source 'UBND thị trấn Bến Sung'" + other, &rc);
  EXPECT_NE(rc, 0) << out;  // not intact: refused, nothing imported
  EXPECT_NE(out.find("không nguyên vẹn"), std::string::npos) << out;
  out = sh(bin + " archive import " + pkg + " --user " + kDesk + " --source 'UBND thị trấn Bến Sung'" + other, &rc);
  EXPECT_NE(rc, 0) << out;  // only an administrator
  out = sh(bin + " archive import " + pkg + " --user quantri --source 'UBND thị trấn Bến Sung'" + other, &rc);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("Đã nhập 2 hồ sơ"), std::string::npos) << out;
  out = sh(bin + " archive import " + pkg + " --user quantri --source 'UBND thị trấn Bến Sung'" + other, &rc);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("Đã nhập 0 hồ sơ"), std::string::npos) << out;
  EXPECT_NE(out.find("2 hồ sơ đã có"), std::string::npos) << out;
  const std::string pkg_b = s.data_dir() + "/goi-b.zip";
  out = sh(bin + " archive export --dossier " + code + " --out " + pkg_b + other, &rc);
  ASSERT_EQ(rc, 0) << out;
  out = sh(bin + " archive verify " + pkg_b, &rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("1 chữ ký số hợp lệ"), std::string::npos) << out;
  auto manifest_of = [&](const std::string& zip_path) {
    return sh("unzip -p '" + zip_path + "' '" + code + "/manifest.json'");
  };
  const std::string original = manifest_of(pkg);
  EXPECT_FALSE(original.empty());
  EXPECT_EQ(manifest_of(pkg_b), original) << "the manifest is kept byte for byte";
  // Re-importing into the origin adds nothing: it sealed those manifests itself.
  out = sh(bin + " archive import " + pkg + " --user quantri --source 'Sao lưu'" + data, &rc);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("Đã nhập 0 hồ sơ"), std::string::npos) << out;
}
