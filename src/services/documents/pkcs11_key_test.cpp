// PKCS#11 signing keys (pkcs11_key.h) on a real SoftHSM2 token: the key never leaves the token, the PDF it signs
// verifies against the CA (and with poppler's pdfsig), a wrong PIN fails, a missing object or module is a clear
// error rather than a prompt, and the helper's request/response round trip signs. (A wrong PIN right after a
// right one — the reason the server signs in a helper process — is tests/api/token_signing_test.cpp.)
#include "services/documents/pkcs11_key.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
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

// libp11 changes OpenSSL's process-wide state once loaded (its RSA methods, the first login), so every test body
// runs in a forked child (a death test that must exit 0); a failed check prints why on stderr and exits 1.
#define CHECK_OR_FAIL(cond, why)                     \
  do {                                               \
    if (!(cond)) {                                   \
      std::fprintf(stderr, "FAILED: %s\n", std::string(why).c_str()); \
      std::_Exit(1);                                 \
    }                                                \
  } while (0)
template <class Body>
void in_child(Body body) {
  EXPECT_EXIT((body(), std::fflush(stderr), std::_Exit(0)), ::testing::ExitedWithCode(0), "");
}

TEST_F(Pkcs11Key, AWrongPinIsRefused) {
  in_child([&] {
    bool wrong = false;
    try {
      load_pkcs11(testing::kSoftHsmModule, *uri_, "000000");
    } catch (const Pkcs11WrongPin&) {
      wrong = true;
    }
    CHECK_OR_FAIL(wrong, "a wrong PIN must throw Pkcs11WrongPin");
    std::string out;
    CHECK_OR_FAIL(token_sign_helper(token_sign_request(testing::kSoftHsmModule, *uri_, "", page_pdf(), kSigned, "r", "l", ""), &out) == kTokenWrongPin,
                  out);
    CHECK_OR_FAIL(out.find("PIN") != std::string::npos, out);
  });
}

TEST_F(Pkcs11Key, SignsWithTheKeyOnTheToken) {
  in_child([&] {
    std::string signed_pdf;
    {
      Signer s = load_pkcs11(testing::kSoftHsmModule, *uri_, "246810");
      CHECK_OR_FAIL(s.name == "Phạm Thị Ký Số", s.name);
      CHECK_OR_FAIL(s.title == "Chủ tịch", s.title);
      CHECK_OR_FAIL(s.agency == "Ủy ban nhân dân xã Tân Lập", s.agency);
      signed_pdf = sign_pdf(page_pdf(), s, kSigned, "Phê duyệt", "Tân Lập", "https://dvc.example.vn/xac-minh/0123456789abcdef0123");
    }
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> t(trust(), X509_STORE_free);
    PadesCheck chk = verify_pdf(signed_pdf, t.get());
    CHECK_OR_FAIL(chk.valid, chk.problem);
    CHECK_OR_FAIL(chk.signer_cn == "Phạm Thị Ký Số", chk.signer_cn);
    const std::string f = *dir_ + "/signed.pdf";
    std::ofstream(f, std::ios::binary) << signed_pdf;
    const std::string out = testing::run_command("pdfsig '" + f + "'");
    CHECK_OR_FAIL(out.find("Signature is Valid") != std::string::npos, out);
    CHECK_OR_FAIL(out.find("Phạm Thị Ký Số") != std::string::npos, out);
  });
}

TEST_F(Pkcs11Key, HelperRoundTripSigns) {
  in_child([&] {
    std::string out;
    CHECK_OR_FAIL(
        token_sign_helper(token_sign_request(testing::kSoftHsmModule, *uri_, "246810", page_pdf(), kSigned, "Phê duyệt", "Tân Lập", ""), &out) == 0,
        out);
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> t(trust(), X509_STORE_free);
    CHECK_OR_FAIL(verify_pdf(out, t.get()).valid, "the helper's PDF must verify");
    CHECK_OR_FAIL(token_sign_helper("not a request", &out) == kTokenUnavailable, out);
    CHECK_OR_FAIL(
        token_sign_helper(token_sign_request(testing::kSoftHsmModule, *uri_, "246810", "not a pdf", kSigned, "r", "l", ""), &out) == kTokenBadPdf, out);
  });
}

TEST_F(Pkcs11Key, MissingObjectOrModuleIsAClearError) {
  in_child([&] {
    std::string what;
    try {
      load_pkcs11(testing::kSoftHsmModule, "pkcs11:token=motcua-test;object=nobody", "246810");
    } catch (const Pkcs11WrongPin&) {
      CHECK_OR_FAIL(false, "a missing object is not a wrong PIN");
    } catch (const std::runtime_error& e) {
      what = e.what();
    }
    CHECK_OR_FAIL(what.find("Không tìm thấy chứng thư số") != std::string::npos, what);
  });
  in_child([&] {
    bool refused = false;
    try {
      load_pkcs11("/nonexistent/libnothing.so", *uri_, "246810");
    } catch (const std::runtime_error&) {
      refused = true;
    }
    CHECK_OR_FAIL(refused, "a missing module must be refused");
  });
}

}  // namespace
}  // namespace motcua::documents
