// PAdES signing: a demo CA and a signer, a PDF from PdfCanvas signed as an incremental update, checked by
// verify_pdf and by poppler's pdfsig / pdftotext (tests that need them are skipped when they are missing).
#include "services/documents/pades.h"

#include <gtest/gtest.h>

#include "support/run_command.h"
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "services/documents/pdf_canvas.h"
#include "services/documents/signing_keys.h"

namespace motcua::documents {
namespace {

// 2026-04-23 08:30 (UTC+7) = 01:30 UTC.
constexpr int64_t kSigned = 1776907800000LL;
const std::string kName = "Lê Văn Lãnh Đạo";

std::string run(const std::string& cmd) { return motcua::testing::run_command(cmd); }

bool have(const char* tool) { return run(std::string("command -v ") + tool + " 2>/dev/null").find(tool) != std::string::npos; }

void write(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << bytes;
}

// A PDF with a classic xref table from object bodies (object i + 1 is bodies[i]), Root 1 0 R.
std::string tiny_pdf(const std::vector<std::string>& bodies) {
  std::string out = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < bodies.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + bodies[i] + "\nendobj\n";
  }
  size_t xref = out.size();
  out += "xref\n0 " + std::to_string(bodies.size() + 1) + "\n0000000000 65535 f\r\n";
  for (size_t o : offsets) {
    char e[32];
    std::snprintf(e, sizeof e, "%010zu 00000 n\r\n", o);
    out += e;
  }
  return out + "trailer\n<< /Size " + std::to_string(bodies.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
}

class Pades : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string((std::filesystem::temp_directory_path() /
                            ("motcua-pades-" + std::to_string(::getpid()))).string());
    make_demo_ca(*dir_ + "/ca", "ca-pass");
    p12_ = new std::string(make_signer(*dir_ + "/signers", *dir_ + "/ca", "ca-pass", kName, "Chủ tịch",
                                       "Ủy ban nhân dân xã Tân Lập", "p12-pass"));
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    std::filesystem::remove_all(*dir_, ec);
    delete dir_;
    delete p12_;
  }
  static std::string page_pdf() {
    PdfCanvas c("Kết quả giải quyết");
    TextStyle st;
    c.text(c.left(), c.top(), c.content_width(), "GIẤY CHỨNG NHẬN KẾT QUẢ", st);
    c.text(c.left(), c.top() + 30, c.content_width(), "Mã hồ sơ: 000.00.01.H56-260423-0001", st);
    return c.finish();
  }
  std::string path(const std::string& name) const { return *dir_ + "/" + name; }

  static std::string* dir_;
  static std::string* p12_;
};
std::string* Pades::dir_ = nullptr;
std::string* Pades::p12_ = nullptr;

TEST_F(Pades, KeysAreWrittenPrivate) {
  struct stat st {};
  ASSERT_EQ(::stat((*dir_ + "/ca/ca.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(p12_->c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(std::filesystem::path(*p12_).filename(), "le-van-lanh-dao.p12");
  Signer s = load_pkcs12(*p12_, "p12-pass");
  EXPECT_EQ(s.name, kName);
  EXPECT_EQ(s.title, "Chủ tịch");
  EXPECT_EQ(s.agency, "Ủy ban nhân dân xã Tân Lập");
  ASSERT_NE(s.chain(), nullptr);
  EXPECT_EQ(sk_X509_num(s.chain()), 1);
}

TEST_F(Pades, WrongPassphraseOrFileThrows) {
  EXPECT_THROW(load_pkcs12(*p12_, "wrong"), std::runtime_error);
  EXPECT_THROW(load_pkcs12(path("missing.p12"), "p12-pass"), std::runtime_error);
  write(path("garbage.p12"), "not a pkcs12 file");
  EXPECT_THROW(load_pkcs12(path("garbage.p12"), "p12-pass"), std::runtime_error);
  EXPECT_THROW(make_signer(path("x"), *dir_ + "/ca", "wrong-ca-pass", "A", "B", "C", "p"), std::runtime_error);
}

TEST_F(Pades, SignsAsIncrementalUpdateAndVerifies) {
  const std::string pdf = page_pdf();
  Signer s = load_pkcs12(*p12_, "p12-pass");
  const std::string signed_pdf = sign_pdf(pdf, s, kSigned, "Phê duyệt kết quả giải quyết", "Tân Lập");
  ASSERT_GT(signed_pdf.size(), pdf.size());
  EXPECT_EQ(signed_pdf.compare(0, pdf.size(), pdf), 0) << "the original bytes must be a prefix";
  EXPECT_NE(signed_pdf.find("/SubFilter /ETSI.CAdES.detached"), std::string::npos);
  EXPECT_NE(signed_pdf.find("/SigFlags 3"), std::string::npos);

  PadesCheck c = verify_pdf(signed_pdf, nullptr);
  EXPECT_TRUE(c.valid) << c.problem;
  EXPECT_TRUE(c.covers_whole_file);
  EXPECT_EQ(c.signer_cn, kName);
  EXPECT_EQ(c.signing_time_ms, kSigned);
  EXPECT_EQ(c.sub_filter, "ETSI.CAdES.detached");
  EXPECT_TRUE(c.signing_certificate_v2);
  EXPECT_FALSE(c.cms_signing_time);

  // Chained to the demo CA.
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
  ASSERT_EQ(X509_STORE_load_file(store.get(), (*dir_ + "/ca/ca.crt").c_str()), 1);
  PadesCheck trusted = verify_pdf(signed_pdf, store.get());
  EXPECT_TRUE(trusted.valid) << trusted.problem;
  // Another CA is not trusted.
  make_demo_ca(path("other-ca"), "x");
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> other(X509_STORE_new(), X509_STORE_free);
  ASSERT_EQ(X509_STORE_load_file(other.get(), path("other-ca/ca.crt").c_str()), 1);
  EXPECT_FALSE(verify_pdf(signed_pdf, other.get()).valid);

  // Appending bytes after the signature: the CMS still verifies but does not cover the file.
  PadesCheck appended = verify_pdf(signed_pdf + "% appended\n", nullptr);
  EXPECT_FALSE(appended.valid);
  EXPECT_FALSE(appended.covers_whole_file);

  // Not signed / not a PDF.
  EXPECT_FALSE(verify_pdf(pdf, nullptr).valid);
  EXPECT_FALSE(verify_pdf("garbage", nullptr).valid);
}

TEST_F(Pades, TamperingIsDetected) {
  Signer s = load_pkcs12(*p12_, "p12-pass");
  std::string signed_pdf = sign_pdf(page_pdf(), s, kSigned, "Phê duyệt", "Tân Lập");
  std::string tampered = signed_pdf;
  size_t at = tampered.find("/Creator");  // inside the first signed range (cairo's document info)
  ASSERT_NE(at, std::string::npos);
  tampered[at + 2] ^= 0x01;
  PadesCheck c = verify_pdf(tampered, nullptr);
  EXPECT_FALSE(c.valid);
  EXPECT_FALSE(c.problem.empty());

  if (!have("pdfsig")) GTEST_SKIP() << "pdfsig (poppler-utils) not installed";
  write(path("tampered.pdf"), tampered);
  std::string out = run("pdfsig '" + path("tampered.pdf") + "' 2>&1");
  EXPECT_EQ(out.find("Signature is Valid."), std::string::npos) << out;
  // poppler 22.12 says "Digest Mismatch." for a changed signed range.
  EXPECT_TRUE(out.find("Digest Mismatch") != std::string::npos || out.find("Signature is Invalid") != std::string::npos) << out;
}

TEST_F(Pades, PopplerAcceptsTheSignature) {
  if (!have("pdfsig") || !have("pdftotext")) GTEST_SKIP() << "pdfsig/pdftotext (poppler-utils) not installed";
  Signer s = load_pkcs12(*p12_, "p12-pass");
  const std::string signed_pdf = sign_pdf(page_pdf(), s, kSigned, "Phê duyệt kết quả", "Tân Lập");
  write(path("signed.pdf"), signed_pdf);
  std::string out = run("pdfsig '" + path("signed.pdf") + "' 2>&1");
  EXPECT_NE(out.find("Signature is Valid."), std::string::npos) << out;
  EXPECT_NE(out.find("Total document signed"), std::string::npos) << out;
  EXPECT_NE(out.find(kName), std::string::npos) << out;
  EXPECT_NE(out.find("ETSI.CAdES.detached"), std::string::npos) << out;

  std::string text = run("pdftotext '" + path("signed.pdf") + "' - 2>&1");
  EXPECT_NE(text.find("GIẤY CHỨNG NHẬN KẾT QUẢ"), std::string::npos) << text;
  EXPECT_NE(text.find("000.00.01.H56-260423-0001"), std::string::npos) << text;
}

TEST_F(Pades, SecondSignatureKeepsTheFirstValid) {
  Signer s = load_pkcs12(*p12_, "p12-pass");
  const std::string once = sign_pdf(page_pdf(), s, kSigned, "Thẩm định", "Tân Lập");
  const std::string second = make_signer(path("signers2"), *dir_ + "/ca", "ca-pass", "Trần Thị Phó", "Phó Chủ tịch",
                                         "Ủy ban nhân dân xã Tân Lập", "p2");
  Signer s2 = load_pkcs12(second, "p2");
  const std::string twice = sign_pdf(once, s2, kSigned + 60000, "Phê duyệt", "Tân Lập");
  EXPECT_EQ(twice.compare(0, once.size(), once), 0);
  PadesCheck c = verify_pdf(twice, nullptr);
  EXPECT_TRUE(c.valid) << c.problem;
  EXPECT_EQ(c.signer_cn, "Trần Thị Phó");
  EXPECT_NE(twice.find("/T (Signature2)"), std::string::npos);

  if (!have("pdfsig")) GTEST_SKIP() << "pdfsig (poppler-utils) not installed";
  write(path("twice.pdf"), twice);
  std::string out = run("pdfsig '" + path("twice.pdf") + "' 2>&1");
  size_t first = out.find("Signature is Valid.");
  ASSERT_NE(first, std::string::npos) << out;
  EXPECT_NE(out.find("Signature is Valid.", first + 1), std::string::npos) << out;
  EXPECT_NE(out.find("Trần Thị Phó"), std::string::npos) << out;
}

TEST_F(Pades, RefusesOrRejectsUnsupportedAndHostileFiles) {
  Signer s = load_pkcs12(*p12_, "p12-pass");
  // A minimal valid PDF signs and verifies (no MediaBox: A4 assumed).
  const std::string minimal = tiny_pdf({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                        "<< /Type /Page /Parent 2 0 R >>"});
  PadesCheck ok = verify_pdf(sign_pdf(minimal, s, kSigned, "", ""), nullptr);
  EXPECT_TRUE(ok.valid) << ok.problem;
  // The last xref is a cross-reference stream: refused with a message.
  const std::string xref_stream = "%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 2 /Root 1 0 R /Length 0 >>\nstream\n\nendstream\nendobj\n"
                                  "startxref\n9\n%%EOF\n";
  try {
    sign_pdf(xref_stream, s, kSigned, "", "");
    ADD_FAILURE() << "an xref stream must be refused";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cross-reference stream"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(verify_pdf(xref_stream, nullptr).valid);
  // Self-referencing /Length, deep nesting, a /Prev loop: errors, never a crash.
  const std::string self_length = tiny_pdf({"<< /Length 1 0 R >>\nstream\nabc\nendstream"});
  EXPECT_THROW(sign_pdf(self_length, s, kSigned, "", ""), std::runtime_error);
  EXPECT_FALSE(verify_pdf(self_length, nullptr).valid);
  const std::string deep = tiny_pdf({"<< /AcroForm " + std::string(5000, '[') + " >>"});
  EXPECT_FALSE(verify_pdf(deep, nullptr).valid);
  std::string loop = tiny_pdf({"<< /Type /Catalog >>"});
  size_t sx = loop.rfind("startxref\n") + 10;
  loop.replace(loop.find("/Root 1 0 R"), 11, "/Root 1 0 R /Prev " + loop.substr(sx, loop.find('\n', sx) - sx));
  EXPECT_FALSE(verify_pdf(loop, nullptr).valid);
  EXPECT_THROW(sign_pdf("", s, kSigned, "", ""), std::runtime_error);
}

}  // namespace
}  // namespace motcua::documents
