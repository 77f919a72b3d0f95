// Signing and verification throughput of e-results (issue 9): a demo CA and a signer (RSA-2048), a one-page
// result PDF drawn by PdfCanvas (like the slips), then in the same run:
//   baseline  SHA-256 of the PDF (what any check costs at least) and one raw RSA-2048 signature (EVP);
//   sign      documents::sign_pdf (appearance drawn with cairo/pango + QR, incremental update, CMS);
//   verify    documents::verify_pdf against the CA (what /xac-minh/{id} does after re-hashing the blob).
// Usage: bench_signing [iterations]   (default 200). Prints ops/s and ratios to the raw RSA signature.
#include <openssl/evp.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <openssl/x509.h>
#include <string>

#include "services/audit/audit_log.h"
#include "services/documents/pades.h"
#include "services/documents/pdf_canvas.h"
#include "services/documents/signing_keys.h"

using namespace motcua;
using Clock = std::chrono::steady_clock;

namespace {

template <class F>
double per_second(int n, F&& f) {
  auto t0 = Clock::now();
  for (int i = 0; i < n; ++i) f(i);
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  return n / s;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::max(1, std::atoi(argv[1])) : 200;
  auto dir = std::filesystem::temp_directory_path() / ("motcua-bench-sign-" + std::to_string(::getpid()));
  documents::make_demo_ca((dir / "ca").string(), "bench-pass");
  std::string p12 = documents::make_signer((dir / "signers").string(), (dir / "ca").string(), "bench-pass", "Lê Văn Lãnh Đạo", "Chủ tịch",
                                           "UBND thị trấn Bến Sung", "bench-pass");
  documents::Signer signer = documents::load_pkcs12(p12, "bench-pass");
  documents::PdfCanvas c("Trích lục khai sinh");
  c.text(60, 60, 470, "<b>TRÍCH LỤC KHAI SINH</b>\nHọ, chữ đệm, tên: Nguyễn Văn An\nNgày, tháng, năm sinh: 01/01/2020",
         {.size = 13, .bold = false, .italic = false, .align = documents::Align::Left, .markup = true});
  const std::string pdf = c.finish();
  X509_STORE* trust = X509_STORE_new();
  X509_STORE_load_file(trust, (dir / "ca" / "ca.crt").c_str());

  size_t sink = 0;
  double sha = per_second(n * 10, [&](int) { sink += services::sha256_hex(pdf).size(); });
  double rsa = per_second(n, [&](int i) {
    EVP_MD_CTX* m = EVP_MD_CTX_new();
    unsigned char sig[512];
    size_t len = sizeof sig;
    std::string msg = pdf + std::to_string(i);
    EVP_DigestSignInit(m, nullptr, EVP_sha256(), nullptr, signer.key());
    EVP_DigestSign(m, sig, &len, reinterpret_cast<const unsigned char*>(msg.data()), msg.size());
    EVP_MD_CTX_free(m);
    sink += len;
  });
  std::string last;
  double sign = per_second(n, [&](int i) {
    last = documents::sign_pdf(pdf, signer, 1'780'000'000'000LL + i, "Phê duyệt kết quả", "Bến Sung", "https://dichvucong.example.vn/xac-minh/0123456789abcdef0123");
  });
  bool all_valid = true;
  double verify = per_second(n, [&](int) { all_valid = documents::verify_pdf(last, trust).valid && all_valid; });
  X509_STORE_free(trust);
  std::filesystem::remove_all(dir);

  std::printf("input PDF %zu bytes, signed PDF %zu bytes, %d iterations (checksum %zu), all verifications valid: %s\n", pdf.size(), last.size(), n, sink,
              all_valid ? "yes" : "NO");
  std::printf("%-34s %12s %10s\n", "operation", "ops/s", "vs RSA");
  std::printf("%-34s %12.0f %10.2f\n", "SHA-256 of the PDF (baseline)", sha, sha / rsa);
  std::printf("%-34s %12.0f %10.2f\n", "RSA-2048 signature (baseline)", rsa, 1.0);
  std::printf("%-34s %12.1f %10.2f\n", "sign_pdf (PAdES, visible + QR)", sign, sign / rsa);
  std::printf("%-34s %12.1f %10.2f\n", "verify_pdf (CMS + chain)", verify, verify / rsa);
  return all_valid ? 0 : 1;
}
