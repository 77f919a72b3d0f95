// Demo signing keys for development and tests (what `motcua keys` calls): a self-signed demo CA and
// PKCS#12 signers issued by it, for pades.h. Not a production PKI: real signers use certificates from a
// licensed Vietnamese CA (e.g. Ban Cơ yếu Chính phủ) loaded with load_pkcs12.
//
// Contract
//  - make_demo_ca(dir, passphrase): creates `dir` (0700) when missing and writes
//      dir/ca.crt  PEM certificate, subject CN=motcua Demo CA, O=motcua, C=VN, self-signed, RSA-3072,
//                  SHA-256, valid from one hour ago for 10 years, basicConstraints CA:TRUE (critical),
//                  keyUsage keyCertSign+cRLSign (critical), subject/authority key identifiers;
//      dir/ca.key  the private key as encrypted PKCS#8 PEM (AES-256-CBC, PBKDF2 from `passphrase`).
//    Both files mode 0600, written crash-safe (temporary file in the same directory, fsync, rename, fsync of
//    the directory). An empty passphrase throws std::invalid_argument. Existing files are replaced.
//  - make_signer(dir, ca_dir, ca_pass, common_name, title, agency, passphrase): reads ca_dir/ca.crt and
//    ca_dir/ca.key (a wrong ca_pass or missing files throw std::runtime_error with a Vietnamese message),
//    issues a leaf certificate (RSA-2048, SHA-256, random 127-bit serial, valid from one hour ago for 3 years)
//    with subject CN=common_name, title=title, O=agency, C=VN (UTF8String except C), basicConstraints
//    CA:FALSE, keyUsage digitalSignature+nonRepudiation (critical), extendedKeyUsage emailProtection and
//    documentSigning (1.3.6.1.5.5.7.3.36), key identifiers; writes dir/<slug>.p12 (slug: the common name
//    without diacritics, lower case, runs of other characters as '-') containing key, certificate and the CA
//    certificate, protected by `passphrase` (OpenSSL 3 defaults: AES-256-CBC, PBKDF2, SHA-256 MAC), mode 0600,
//    crash-safe; returns its path. Empty names or passphrase throw std::invalid_argument.
#pragma once
#include <string>

namespace motcua::documents {

// A private file (keys, PKCS#12): its directory created (0700) when missing, then written crash-safe (temporary
// 0600 file in the same directory, fsync, rename, fsync of the directory). Errors throw std::runtime_error.
void write_private_file(const std::string& path, const std::string& bytes);

void make_demo_ca(const std::string& dir, const std::string& passphrase);

std::string make_signer(const std::string& dir, const std::string& ca_dir, const std::string& ca_pass,
                        const std::string& common_name, const std::string& title, const std::string& agency,
                        const std::string& passphrase);

}  // namespace motcua::documents
