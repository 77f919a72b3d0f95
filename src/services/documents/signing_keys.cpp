// Demo CA and signers (see signing_keys.h).
#include "services/documents/signing_keys.h"

#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "services/documents/openssl_error.h"
#include "domain/text.h"

namespace motcua::documents {

namespace {

void fsync_dir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// Temporary file (0600) in the target directory, fsync, rename over `path`, fsync the directory.
void write_file_atomic_impl(const std::string& path, const std::string& bytes) {
  std::filesystem::path p(path);
  std::string dir = p.parent_path().empty() ? "." : p.parent_path().string();
  std::string tmp = (std::filesystem::path(dir) / ("." + p.filename().string() + ".tmp.XXXXXX")).string();
  int fd = ::mkstemp(tmp.data());  // mode 0600
  if (fd < 0) throw std::runtime_error("Không tạo được tệp tạm trong " + dir + ": " + std::strerror(errno));
  size_t done = 0;
  bool ok = ::fchmod(fd, 0600) == 0;
  while (ok && done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ok = false;
    else done += static_cast<size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    throw std::runtime_error("Không ghi được tệp " + path + ": " + std::strerror(e));
  }
  fsync_dir(dir);
}

void make_dir(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) throw std::runtime_error("Không tạo được thư mục " + dir + ": " + ec.message());
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  }
}



struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(PKCS12* p) const { PKCS12_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(STACK_OF(X509) * p) const { sk_X509_free(p); }  // does not own the certificates
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Free>;
using CertPtr = std::unique_ptr<X509, Free>;
using BioPtr = std::unique_ptr<BIO, Free>;

[[noreturn]] void fail(const std::string& msg) { openssl_fail(msg); }

std::string bio_string(BIO* b) {
  char* data = nullptr;
  long n = BIO_get_mem_data(b, &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : std::string();
}

KeyPtr rsa_key(unsigned bits) {
  KeyPtr k(EVP_RSA_gen(bits));
  if (!k) fail("Không sinh được khóa RSA");
  return k;
}

void add_entry(X509_NAME* n, int nid, const std::string& v) {
  if (v.empty()) return;
  if (X509_NAME_add_entry_by_NID(n, nid, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(v.data()),
                                 static_cast<int>(v.size()), -1, 0) != 1) {
    fail("Không ghi được tên trong chứng thư");
  }
}

void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ex = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ex) fail(std::string("Không tạo được phần mở rộng ") + value);
  int ok = X509_add_ext(cert, ex, -1);
  X509_EXTENSION_free(ex);
  if (ok != 1) fail("Không thêm được phần mở rộng vào chứng thư");
}

// A certificate for `key` with `subject`, valid from one hour ago for `days`, random positive serial.
CertPtr new_cert(EVP_PKEY* key, X509_NAME* subject, X509_NAME* issuer, long days) {
  CertPtr c(X509_new());
  unsigned char rnd[16];
  if (!c || RAND_bytes(rnd, sizeof rnd) != 1) fail("Không tạo được chứng thư");
  rnd[0] &= 0x7F;
  rnd[0] |= 0x40;
  std::unique_ptr<BIGNUM, Free> bn(BN_bin2bn(rnd, sizeof rnd, nullptr));
  if (!bn || !BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(c.get())) || X509_set_version(c.get(), 2) != 1 ||
      X509_set_subject_name(c.get(), subject) != 1 || X509_set_issuer_name(c.get(), issuer) != 1 ||
      !X509_gmtime_adj(X509_getm_notBefore(c.get()), -3600) ||
      !X509_time_adj_ex(X509_getm_notAfter(c.get()), static_cast<int>(days), 0, nullptr) ||
      X509_set_pubkey(c.get(), key) != 1) {
    fail("Không tạo được chứng thư");
  }
  return c;
}

std::string slug(const std::string& name) {
  std::string s, folded = text::strip_diacritics(name);
  for (char ch : folded) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) && c < 0x80) s += static_cast<char>(std::tolower(c));
    else if (!s.empty() && s.back() != '-') s += '-';
  }
  while (!s.empty() && s.back() == '-') s.pop_back();
  return s.empty() ? "signer" : s;
}

}  // namespace

void write_private_file(const std::string& path, const std::string& bytes) {
  make_dir(std::filesystem::path(path).parent_path().empty() ? "." : std::filesystem::path(path).parent_path().string());
  write_file_atomic_impl(path, bytes);
}

void make_demo_ca(const std::string& dir, const std::string& passphrase) {
  if (passphrase.empty()) throw std::invalid_argument("Cần mật khẩu để bảo vệ khóa của CA thử nghiệm");
  make_dir(dir);
  KeyPtr key = rsa_key(3072);
  std::unique_ptr<X509_NAME, decltype(&X509_NAME_free)> name(X509_NAME_new(), X509_NAME_free);
  if (!name) fail("Không tạo được tên chứng thư");
  add_entry(name.get(), NID_countryName, "VN");
  add_entry(name.get(), NID_organizationName, "motcua");
  add_entry(name.get(), NID_commonName, "motcua Demo CA");
  CertPtr cert = new_cert(key.get(), name.get(), name.get(), 3653);
  add_ext(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_ext(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_ext(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
  add_ext(cert.get(), cert.get(), NID_authority_key_identifier, "keyid:always");
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) fail("Không ký được chứng thư CA");

  BioPtr cb(BIO_new(BIO_s_mem())), kb(BIO_new(BIO_s_mem()));
  if (!cb || !kb || PEM_write_bio_X509(cb.get(), cert.get()) != 1 ||
      PEM_write_bio_PKCS8PrivateKey(kb.get(), key.get(), EVP_aes_256_cbc(), passphrase.data(),
                                    static_cast<int>(passphrase.size()), nullptr, nullptr) != 1) {
    fail("Không ghi được chứng thư hoặc khóa của CA");
  }
  write_private_file((std::filesystem::path(dir) / "ca.key").string(), bio_string(kb.get()));
  write_private_file((std::filesystem::path(dir) / "ca.crt").string(), bio_string(cb.get()));
}

std::string make_signer(const std::string& dir, const std::string& ca_dir, const std::string& ca_pass,
                        const std::string& common_name, const std::string& title, const std::string& agency,
                        const std::string& passphrase) {
  if (common_name.empty() || passphrase.empty())
    throw std::invalid_argument("Cần tên người ký và mật khẩu cho tệp chứng thư số");
  const std::string crt_path = (std::filesystem::path(ca_dir) / "ca.crt").string();
  const std::string key_path = (std::filesystem::path(ca_dir) / "ca.key").string();
  BioPtr cb(BIO_new_file(crt_path.c_str(), "rb")), kb(BIO_new_file(key_path.c_str(), "rb"));
  if (!cb || !kb) {
    ERR_clear_error();
    throw std::runtime_error("Không đọc được chứng thư hoặc khóa của CA trong " + ca_dir);
  }
  CertPtr ca(PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr));
  if (!ca) fail("Tệp chứng thư CA không hợp lệ: " + crt_path);
  KeyPtr ca_key(PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, const_cast<char*>(ca_pass.c_str())));
  if (!ca_key || X509_check_private_key(ca.get(), ca_key.get()) != 1) {
    ERR_clear_error();
    throw std::runtime_error("Sai mật khẩu khóa CA hoặc khóa không khớp với chứng thư CA");
  }
  make_dir(dir);
  KeyPtr key = rsa_key(2048);
  std::unique_ptr<X509_NAME, decltype(&X509_NAME_free)> name(X509_NAME_new(), X509_NAME_free);
  if (!name) fail("Không tạo được tên chứng thư");
  add_entry(name.get(), NID_countryName, "VN");
  add_entry(name.get(), NID_organizationName, agency);
  add_entry(name.get(), NID_title, title);
  add_entry(name.get(), NID_commonName, common_name);
  CertPtr cert = new_cert(key.get(), name.get(), X509_get_subject_name(ca.get()), 3 * 365);
  add_ext(cert.get(), ca.get(), NID_basic_constraints, "CA:FALSE");
  add_ext(cert.get(), ca.get(), NID_key_usage, "critical,digitalSignature,nonRepudiation");
  add_ext(cert.get(), ca.get(), NID_ext_key_usage, "emailProtection,1.3.6.1.5.5.7.3.36");
  add_ext(cert.get(), ca.get(), NID_subject_key_identifier, "hash");
  add_ext(cert.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
  if (X509_sign(cert.get(), ca_key.get(), EVP_sha256()) <= 0) fail("Không ký được chứng thư người ký");

  std::unique_ptr<STACK_OF(X509), Free> chain(sk_X509_new_null());
  if (!chain || sk_X509_push(chain.get(), ca.get()) <= 0) fail("Không tạo được chuỗi chứng thư");
  std::unique_ptr<PKCS12, Free> p12(
      PKCS12_create(passphrase.c_str(), common_name.c_str(), key.get(), cert.get(), chain.get(), 0, 0, 0, 0, 0));
  if (!p12) fail("Không tạo được tệp PKCS#12");
  BioPtr out(BIO_new(BIO_s_mem()));
  if (!out || i2d_PKCS12_bio(out.get(), p12.get()) != 1) fail("Không mã hóa được tệp PKCS#12");
  const std::string path = (std::filesystem::path(dir) / (slug(common_name) + ".p12")).string();
  write_private_file(path, bio_string(out.get()));
  return path;
}

}  // namespace motcua::documents
