// PKCS#11 signing keys through the libp11 engine (see pkcs11_key.h).
// The ENGINE API is deprecated in OpenSSL 3 but is what Debian 12's libp11 (0.4.12) offers; its provider is newer.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "services/documents/pkcs11_key.h"

#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/ui.h>

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "services/documents/cert_info.h"

namespace motcua::documents {

namespace {

std::mutex& token_mutex() {
  static std::mutex m;
  return m;
}

// A UI that never asks: libp11 would otherwise prompt for a PIN on the server's terminal.
int refuse_read(UI*, UI_STRING*) { return 0; }
UI_METHOD* refusing_ui() {
  static UI_METHOD* m = [] {
    UI_METHOD* u = UI_create_method("motcua-no-prompt");
    UI_method_set_reader(u, refuse_read);
    return u;
  }();
  return m;
}

// One token session: the lock, and the engine's structural and (once initialised) functional references.
struct Session {
  std::unique_lock<std::mutex> lock{token_mutex()};
  ENGINE* engine = nullptr;
  bool initialised = false;
  ~Session() {
    if (engine) {
      if (initialised) ENGINE_finish(engine);  // the last functional reference: the module is finalised
      ENGINE_free(engine);
    }
    ERR_clear_error();
  }
};

[[noreturn]] void fail(const std::string& what) {
  ERR_clear_error();
  throw std::runtime_error(what);
}

}  // namespace

Signer load_pkcs11(const std::string& module, const std::string& uri, const std::string& pin) {
  auto session = std::make_shared<Session>();
  session->engine = ENGINE_by_id("pkcs11");
  if (!session->engine) fail("Không nạp được engine PKCS#11 (cần gói libengine-pkcs11-openssl)");
  ENGINE* e = session->engine;
  if (ENGINE_ctrl_cmd_string(e, "MODULE_PATH", module.c_str(), 0) != 1) fail("Không đặt được thư viện PKCS#11 " + module);
  if (ENGINE_init(e) != 1) fail("Không khởi tạo được thư viện PKCS#11 " + module);
  session->initialised = true;
  struct {
    const char* id;
    X509* cert;
  } params{uri.c_str(), nullptr};
  if (ENGINE_ctrl_cmd(e, "LOAD_CERT_CTRL", 0, &params, nullptr, 1) != 1 || !params.cert)
    fail("Không tìm thấy chứng thư số trên thiết bị ký (" + uri + ")");
  std::unique_ptr<X509, OpenSslFree> cert(params.cert);
  if (ENGINE_ctrl_cmd_string(e, "PIN", pin.c_str(), 0) != 1) fail("Không đặt được mã PIN cho thiết bị ký");
  EVP_PKEY* key = ENGINE_load_private_key(e, uri.c_str(), refusing_ui(), nullptr);
  ENGINE_ctrl_cmd_string(e, "PIN", "", 0);  // not kept in the engine
  if (!key) {
    ERR_clear_error();
    throw Pkcs11WrongPin("Mã PIN của thiết bị ký không đúng hoặc khóa bí mật không mở được");
  }
  X509* c = cert.release();
  Signer s(key, c, nullptr);
  s.hold(session);
  if (X509_check_private_key(c, key) != 1) fail("Khóa bí mật trên thiết bị ký không khớp với chứng thư số");
  s.name = subject_entry(c, NID_commonName);
  s.title = subject_entry(c, NID_title);
  s.agency = subject_entry(c, NID_organizationName);
  return s;
}

std::string token_sign_request(const std::string& module, const std::string& uri, const std::string& pin, const std::string& pdf,
                               int64_t signing_time_ms, const std::string& reason, const std::string& location, const std::string& qr_url) {
  nlohmann::json h = {{"module", module}, {"uri", uri},         {"pin", pin},        {"time", signing_time_ms},
                      {"reason", reason}, {"location", location}, {"qr_url", qr_url}, {"size", pdf.size()}};
  return h.dump() + "\n" + pdf;
}

int token_sign_helper(const std::string& request, std::string* out) {
  const size_t nl = request.find('\n');
  nlohmann::json h = nlohmann::json::parse(nl == std::string::npos ? std::string() : request.substr(0, nl), nullptr, false);
  if (!h.is_object() || !h["size"].is_number_unsigned() || h["size"].get<size_t>() != request.size() - nl - 1) {
    *out = "Yêu cầu ký không hợp lệ";
    return kTokenUnavailable;
  }
  const std::string pdf = request.substr(nl + 1);
  Signer s;
  try {
    s = load_pkcs11(h.value("module", ""), h.value("uri", ""), h.value("pin", ""));
  } catch (const Pkcs11WrongPin& e) {
    *out = e.what();
    return kTokenWrongPin;
  } catch (const std::exception& e) {
    *out = e.what();
    return kTokenUnavailable;
  }
  try {
    *out = sign_pdf(pdf, s, h.value("time", int64_t{0}), h.value("reason", ""), h.value("location", ""), h.value("qr_url", ""));
  } catch (const std::exception& e) {
    *out = e.what();
    return kTokenBadPdf;
  }
  return 0;
}

}  // namespace motcua::documents
