// PKCS#11 signing keys (pkcs11_key.h) on a real SoftHSM2 token: the key never leaves the token, the PDF it signs
// verifies against the CA (and with poppler's pdfsig), a wrong PIN fails, a missing object or module is a clear
// error rather than a prompt, and the helper's request/response round trip signs. (A wrong PIN right after a
// right one — the reason the server signs in a helper process — is tests/api/token_signing_test.cpp.)
// The first test must be the wrong PIN: libp11 keeps the first login for the life of the process.
#include "services/documents/pkcs11_key.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "services/documents/pdf_canvas.h"
#include "services/documents/signing_keys.h"
#include "support/run_command.h"
#include "support/softhsm_token.h"

namespace motcua::documents {
namespace {

constexpr int64_t kSigned = 1776907800000LL;  // 2026-04-23 08:30 (UTC+7)

class Pkcs11Key : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string((std::filesystem::temp_directory_path() / ("motcua-p11-" + std::to_string(::getpid()))).string());
    make_demo_ca(*dir_ + "/ca", "ca-pass");
    const std::string p12 = make_signer(*dir_ + "/signers", *dir_ + "/ca", "ca-pass", "Phạm Thị Ký Số", "Chủ tịch",
                                        "Ủy ban nhân dân xã Tân Lập", "p12-pass");
    std::string err;
    uri_ = new std::string(testing::make_softhsm_token(*dir_ + "/hsm", "motcua-test", "246810", p12, "p12-pass", &err));
    ASSERT_FALSE(uri_->empty()) << "SoftHSM2 token setup failed (scripts/install-deps.sh installs softhsm2, opensc):\n" << err;
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    std::filesystem::remove_all(*dir_, ec);
    delete dir_;
    delete uri_;
  }
  static std::string page_pdf() {
    PdfCanvas c("Kết quả giải quyết");
    TextStyle st;
    c.text(c.left(), c.top(), c.content_width(), "GIẤY CHỨNG NHẬN KẾT QUẢ", st);
    return c.finish();
  }
  static X509_STORE* trust() {
    X509_STORE* s = X509_STORE_new();
    X509_STORE_load_file(s, (*dir_ + "/ca/ca.crt").c_str());
    return s;
  }
  static std::string* dir_;
  static std::string* uri_;
};
std::string* Pkcs11Key::dir_ = nullptr;
std::string* Pkcs11Key::uri_ = nullptr;

TEST_F(Pkcs11Key, AWrongPinIsRefused) {
  EXPECT_THROW(load_pkcs11(testing::kSoftHsmModule, *uri_, "000000"), Pkcs11WrongPin);
  std::string out;
  EXPECT_EQ(token_sign_helper(token_sign_request(testing::kSoftHsmModule, *uri_, "", page_pdf(), kSigned, "r", "l", ""), &out), kTokenWrongPin);
  EXPECT_NE(out.find("PIN"), std::string::npos) << out;
}

TEST_F(Pkcs11Key, SignsWithTheKeyOnTheToken) {
  std::string signed_pdf;
  {
    Signer s = load_pkcs11(testing::kSoftHsmModule, *uri_, "246810");
    EXPECT_EQ(s.name, "Phạm Thị Ký Số");
    EXPECT_EQ(s.title, "Chủ tịch");
    EXPECT_EQ(s.agency, "Ủy ban nhân dân xã Tân Lập");
    signed_pdf = sign_pdf(page_pdf(), s, kSigned, "Phê duyệt", "Tân Lập", "https://dvc.example.vn/xac-minh/0123456789abcdef0123");
  }
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> t(trust(), X509_STORE_free);
  PadesCheck chk = verify_pdf(signed_pdf, t.get());
  EXPECT_TRUE(chk.valid) << chk.problem;
  EXPECT_EQ(chk.signer_cn, "Phạm Thị Ký Số");
  const std::string f = *dir_ + "/signed.pdf";
  std::ofstream(f, std::ios::binary) << signed_pdf;
  const std::string out = testing::run_command("pdfsig '" + f + "'");
  EXPECT_NE(out.find("Signature is Valid"), std::string::npos) << out;
  EXPECT_NE(out.find("Phạm Thị Ký Số"), std::string::npos) << out;
}

TEST_F(Pkcs11Key, HelperRoundTripSigns) {
  std::string out;
  ASSERT_EQ(token_sign_helper(token_sign_request(testing::kSoftHsmModule, *uri_, "246810", page_pdf(), kSigned, "Phê duyệt", "Tân Lập", ""), &out), 0)
      << out;
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> t(trust(), X509_STORE_free);
  EXPECT_TRUE(verify_pdf(out, t.get()).valid);
  EXPECT_EQ(token_sign_helper("not a request", &out), kTokenUnavailable);
  EXPECT_EQ(token_sign_helper(token_sign_request(testing::kSoftHsmModule, *uri_, "246810", "not a pdf", kSigned, "r", "l", ""), &out), kTokenBadPdf);
}

TEST_F(Pkcs11Key, MissingObjectIsAClearError) {
  try {
    load_pkcs11(testing::kSoftHsmModule, "pkcs11:token=motcua-test;object=nobody", "246810");
    ADD_FAILURE() << "no error";
  } catch (const Pkcs11WrongPin&) {
    ADD_FAILURE() << "a missing object is not a wrong PIN";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("Không tìm thấy chứng thư số"), std::string::npos) << e.what();
  }
  // (A module that does not exist is refused before loading by SignerRegistry::add_token — tests/api/token_signing_test;
  // in this process libp11 already holds SoftHSM's module.)
}

}  // namespace
}  // namespace motcua::documents
