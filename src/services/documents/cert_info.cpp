#include "services/documents/cert_info.h"

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/evp.h>

#include <stdexcept>

namespace motcua::documents {

namespace {

std::string name_entry(X509_NAME* nm, int nid) {
  int i = nm ? X509_NAME_get_index_by_NID(nm, nid, -1) : -1;
  if (i < 0) return "";
  unsigned char* utf8 = nullptr;
  int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(nm, i)));
  if (n < 0) return "";
  std::string s(reinterpret_cast<char*>(utf8), static_cast<size_t>(n));
  OPENSSL_free(utf8);
  return s;
}

int64_t to_ms(const ASN1_TIME* t) {
  struct tm tm {};
  if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

}  // namespace

std::string subject_entry(X509* cert, int nid) { return name_entry(cert ? X509_get_subject_name(cert) : nullptr, nid); }

CertInfo describe(X509* cert) {
  if (!cert) throw std::invalid_argument("describe: no certificate");
  CertInfo c;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (X509_digest(cert, EVP_sha256(), md, &n) == 1) {
    static const char* hex = "0123456789abcdef";
    for (unsigned i = 0; i < n; ++i) c.sha256 += {hex[md[i] >> 4], hex[md[i] & 15]};
  }
  c.subject_cn = subject_entry(cert, NID_commonName);
  c.title = subject_entry(cert, NID_title);
  c.org = subject_entry(cert, NID_organizationName);
  c.issuer_cn = name_entry(X509_get_issuer_name(cert), NID_commonName);
  if (BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr)) {
    if (char* h = BN_bn2hex(bn)) {
      c.serial = h;
      OPENSSL_free(h);
    }
    BN_free(bn);
  }
  c.not_before_ms = to_ms(X509_get0_notBefore(cert));
  c.not_after_ms = to_ms(X509_get0_notAfter(cert));
  return c;
}

}  // namespace motcua::documents
