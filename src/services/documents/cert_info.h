// What an X.509 certificate says, read once for the signer registry (services/esign) and the PAdES code.
//
// Contract
//  - subject_entry(cert, nid): the first subject attribute with that NID as UTF-8 ("" when absent).
//  - describe(cert): SHA-256 fingerprint of the DER (lower-case hex), subject CN / title / O, issuer CN, serial
//    (upper-case hex), validity as Unix milliseconds. A null certificate throws std::invalid_argument.
#pragma once
#include <openssl/x509.h>

#include <cstdint>
#include <string>

namespace motcua::documents {

std::string subject_entry(X509* cert, int nid);

struct CertInfo {
  std::string sha256, subject_cn, title, org, issuer_cn, serial;
  int64_t not_before_ms = 0, not_after_ms = 0;
};

CertInfo describe(X509* cert);

}  // namespace motcua::documents
