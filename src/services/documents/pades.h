// PAdES signing of the e-results (R22/R25): a PAdES B-B signature added to a PDF as an incremental update,
// and the check of the last signature of a PDF (for the public verification page).
//
// Contract
//  - Signer owns an OpenSSL private key, its certificate and the rest of the chain (RAII, move-only).
//    load_pkcs12(path, passphrase) reads a PKCS#12 file (signing_keys.h writes them); the signer's name,
//    title and agency are taken from the certificate subject (CN, title, O). A missing/unreadable file, a
//    file that is not PKCS#12, a wrong passphrase or a key that does not match the certificate throw
//    std::runtime_error with a Vietnamese message.
//  - sign_pdf(pdf, signer, t, reason, location) returns `pdf` unchanged byte for byte followed by one
//    incremental update (a '\n' is inserted first when the input does not end with an end-of-line):
//      · a signature dictionary /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached with
//        /ByteRange, /Contents (kSignatureBytes bytes reserved, hex, zero-padded), /M (t in UTC+7),
//        /Name, /Reason, /Location (PDF text strings in UTF-16BE, so Vietnamese is kept exactly);
//      · a signature field merged with its widget annotation (/T "SignatureN", /F Print|Locked) on the LAST
//        page, 250 pt wide at the bottom right (40 pt above the page bottom, 42.5 pt from the right edge,
//        stacked upwards when the page already has signature widgets), whose appearance shows
//        "Ký bởi: <name>", "<title> – <agency>", "Thời gian ký: dd/mm/yyyy HH:MM (UTC+7)" and "Lý do: <reason>"; with a qr_url, a QR code of that
//        address (the public verification page) at the left of the text and "Quét mã QR để xác minh văn bản".
//        The block is drawn by PdfCanvas (cairo/pango, Noto Serif subset embedded), so Vietnamese is rendered
//        exactly: the content of that one-page PDF becomes a form XObject and its resources (fonts) are
//        copied into the update under new object numbers;
//      · the page with the widget added to /Annots and the catalog's /AcroForm (/Fields + /SigFlags 3);
//      · a classic xref section and a trailer with /Prev.
//    The CMS is detached SignedData over the two byte ranges (SHA-256), signed attributes contentType,
//    messageDigest and ESS signing-certificate-v2 (RFC 5035); no signingTime attribute (ETSI EN 319 142-1
//    PAdES baseline: the claimed time is /M) and no S/MIME capabilities; the signer's certificate and the
//    chain are embedded. Input accepted: unencrypted PDFs whose xref sections are classic tables (cairo
//    writes those), including files already signed by sign_pdf (a second signature); a cross-reference
//    stream or an /Encrypt entry throws std::runtime_error (Vietnamese message), as does a malformed file.
//  - verify_pdf(pdf, trust) examines the last signature field (last in /AcroForm /Fields with a /V):
//    the ByteRange must start at 0 and leave out exactly the /Contents hex string; covers_whole_file is
//    true when it ends at the end of the file. The CMS is verified over those bytes (signature and
//    messageDigest); with `trust` the signer's certificate must also chain to it (purpose smime_sign),
//    without it only integrity is checked. For /SubFilter /ETSI.CAdES.detached the ESS signing-certificate-v2
//    attribute must be present and name the signer's certificate (SHA-256 hash + issuer/serial).
//    valid = CMS verified && that ESS check && covers_whole_file. signer_cn is the
//    signer certificate's CN (UTF-8), signing_time_ms the /M date. problem is empty when valid, else a
//    Vietnamese explanation. Never throws on hostile input (malformed PDFs yield valid = false).
//  - Thread-safe: no shared state.
#pragma once
#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <string>

namespace motcua::documents {

inline constexpr size_t kSignatureBytes = 16384;  // room for the DER CMS in /Contents (hex: twice that)

struct OpenSslFree {
  void operator()(EVP_PKEY* p) const;
  void operator()(X509* p) const;
  void operator()(STACK_OF(X509) * p) const;
};

class Signer {
 public:
  Signer() = default;
  // Takes ownership of the three (chain may be null).
  Signer(EVP_PKEY* key, X509* cert, STACK_OF(X509) * chain);
  EVP_PKEY* key() const { return key_.get(); }
  X509* cert() const { return cert_.get(); }
  STACK_OF(X509) * chain() const { return chain_.get(); }

  std::string name, title, agency;
  // Something that must outlive the key (a PKCS#11 token session, pkcs11_key.h); released after the key.
  void hold(std::shared_ptr<void> session) { session_ = std::move(session); }

 private:
  std::shared_ptr<void> session_;  // declared first: destroyed last
  std::unique_ptr<EVP_PKEY, OpenSslFree> key_;
  std::unique_ptr<X509, OpenSslFree> cert_;
  std::unique_ptr<STACK_OF(X509), OpenSslFree> chain_;
};

Signer load_pkcs12(const std::string& path, const std::string& passphrase);
Signer load_pkcs12_data(const std::string& pkcs12_bytes, const std::string& passphrase);  // the same from memory

std::string sign_pdf(const std::string& pdf, const Signer& s, int64_t signing_time_ms, const std::string& reason,
                     const std::string& location, const std::string& qr_url = "");

struct PadesCheck {
  bool valid = false;
  std::string signer_cn;
  int64_t signing_time_ms = 0;
  bool covers_whole_file = false;
  std::string problem;
  std::string sub_filter;              // e.g. "ETSI.CAdES.detached"
  bool signing_certificate_v2 = false;  // an ESS signing-certificate-v2 attribute names the signer's certificate
  bool cms_signing_time = false;        // a CMS signingTime attribute is present (not PAdES baseline)
  bool has_signature = false;           // a signature field with a value was found (or, in a file too damaged
                                        // to read, a /ByteRange occurs): a signed file that fails is forged
};

PadesCheck verify_pdf(const std::string& pdf, X509_STORE* trust);

}  // namespace motcua::documents
