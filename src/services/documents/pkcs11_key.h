// Signing keys on PKCS#11 tokens and HSMs (the USB tokens Vietnamese certificate authorities issue to leaders), used
// through the libp11 engine of OpenSSL (Debian: libengine-pkcs11-openssl). Tested with SoftHSM2.
//
// Contract
//  - load_pkcs11(module, uri, pin): a documents::Signer whose private key stays on the token. `module` is the
//    token's PKCS#11 library (e.g. /usr/lib/softhsm/libsofthsm2.so), `uri` an RFC 7512 PKCS#11 URI naming the
//    key and its certificate (e.g. "pkcs11:token=motcua;object=leader"; the certificate is the object with the
//    same URI). Every call loads the module afresh and logs in with `pin`; the Signer keeps that session — and a
//    process-wide lock, so one token session exists at a time — until it is destroyed, when the module is
//    finalized (logged out). So a wrong PIN always fails, whoever signed before. No PIN is ever asked on a
//    terminal (a UI that refuses is passed), nor kept after the call.
//  - Errors throw: Pkcs11WrongPin when the certificate was found but the key could not be opened with the PIN
//    (wrong PIN, or a locked PIN); std::runtime_error (Vietnamese) when the engine or module cannot be loaded,
//    the certificate is not on the token, or the key does not match the certificate.
//  - The Signer must be destroyed on the thread that created it (it holds the lock).
//  - One login per process: libp11 keeps the token's session, and the key it opened, for the life of the process,
//    so a second load_pkcs11 in the same process would not check its PIN again. A process that signs more than
//    once (the server) therefore signs in a helper process per signature — the `motcua pkcs11-sign` command:
//      · token_sign_request(module, uri, pin, pdf, t, reason, location, qr_url) is what the server writes on
//        the helper's standard input (a JSON line, then the PDF; the PIN never appears on a command line);
//      · token_sign_helper(request, out) is the helper: load_pkcs11 then sign_pdf; returns its exit status —
//        0 with the signed PDF in *out; kTokenWrongPin; kTokenUnavailable (engine, module, token, certificate)
//        or kTokenBadPdf (the PDF cannot be signed), with the Vietnamese reason in *out.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

#include "services/documents/pades.h"

namespace motcua::documents {

struct Pkcs11WrongPin : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Signer load_pkcs11(const std::string& module, const std::string& uri, const std::string& pin);

inline constexpr int kTokenWrongPin = 3, kTokenUnavailable = 4, kTokenBadPdf = 5;
std::string token_sign_request(const std::string& module, const std::string& uri, const std::string& pin, const std::string& pdf,
                               int64_t signing_time_ms, const std::string& reason, const std::string& location, const std::string& qr_url);
int token_sign_helper(const std::string& request, std::string* out);

}  // namespace motcua::documents
