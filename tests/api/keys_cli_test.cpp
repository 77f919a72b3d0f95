// `motcua keys` (src/cli/main.cpp) as a user runs it: a demo CA, a signer's PKCS#12, signing a PDF and verifying it
// (also with poppler's pdfsig); passphrases only from MOTCUA_KEYS_PASSPHRASE; a tampered file is reported invalid.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "services/documents/pdf_canvas.h"
#include "support/http_client.h"

namespace {

struct Run {
  int rc = -1;
  std::string out;
};

Run run(const std::string& cmd) {
  Run r;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) r.out.append(buf, n);
  int st = pclose(p);
  r.rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

}  // namespace

TEST(KeysCli, DemoCaSignerSignAndVerify) {
  std::string dir = motcua::testing::make_temp_dir("motcua-keys-");
  {
    motcua::documents::PdfCanvas c("Kết quả thử nghiệm");
    c.text(c.left(), c.top(), c.content_width(), "Giấy xác nhận tình trạng hôn nhân", motcua::documents::TextStyle{});
    std::ofstream(dir + "/ket-qua.pdf", std::ios::binary) << c.finish();
  }
  const std::string bin = MOTCUA_BIN, env = "MOTCUA_KEYS_PASSPHRASE='mat-khau-thu-nghiem' ";
  EXPECT_EQ(run(bin + " keys ca --dir " + dir).rc, 1);  // no passphrase: refused
  auto ca = run(env + bin + " keys ca --dir " + dir);
  ASSERT_EQ(ca.rc, 0) << ca.out;
  auto signer = run(env + bin + " keys signer --dir " + dir + " --name 'Lê Văn Lãnh Đạo' --title 'Chủ tịch' --agency 'UBND thị trấn Bến Sung'");
  ASSERT_EQ(signer.rc, 0) << signer.out;
  std::string p12 = signer.out.substr(0, signer.out.find('\n'));
  auto sign = run(env + bin + " keys sign --p12 " + p12 + " --in " + dir + "/ket-qua.pdf --out " + dir + "/da-ky.pdf --reason 'Phê duyệt kết quả' --location 'Bến Sung'");
  ASSERT_EQ(sign.rc, 0) << sign.out;
  auto ok = run(bin + " keys verify " + dir + "/da-ky.pdf --ca " + dir + "/ca/ca.crt");
  EXPECT_EQ(ok.rc, 0) << ok.out;
  EXPECT_NE(ok.out.find("Chữ ký hợp lệ: Lê Văn Lãnh Đạo"), std::string::npos) << ok.out;
  auto pdfsig = run("pdfsig " + dir + "/da-ky.pdf");
  if (pdfsig.rc != 127) {
    EXPECT_NE(pdfsig.out.find("Signature is Valid."), std::string::npos) << pdfsig.out;
  }
  EXPECT_EQ(run("MOTCUA_KEYS_PASSPHRASE='sai-mat-khau' " + bin + " keys sign --p12 " + p12 + " --in " + dir + "/ket-qua.pdf --out " + dir + "/x.pdf").rc, 1);
  // One byte changed inside the signed range: invalid.
  std::string bytes;
  {
    std::ifstream in(dir + "/da-ky.pdf", std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto at = bytes.find("Giấy");
  if (at == std::string::npos) at = 200;
  bytes[at + 1] ^= 1;
  std::ofstream(dir + "/sua.pdf", std::ios::binary) << bytes;
  auto bad = run(bin + " keys verify " + dir + "/sua.pdf");
  EXPECT_EQ(bad.rc, 1) << bad.out;
  EXPECT_NE(bad.out.find("KHÔNG HỢP LỆ"), std::string::npos) << bad.out;
  std::filesystem::remove_all(dir);
}
