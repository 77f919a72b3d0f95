// The one way the signing code reports an OpenSSL failure: the caller's (Vietnamese) message plus OpenSSL's first
// queued error, the queue cleared, thrown as std::runtime_error. Used by pades.cpp and signing_keys.cpp.
#pragma once
#include <openssl/err.h>

#include <stdexcept>
#include <string>

namespace motcua::documents {

[[noreturn]] inline void openssl_fail(const std::string& msg) {
  unsigned long e = ERR_get_error();
  std::string detail;
  if (e != 0) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    detail = std::string(" (") + buf + ")";
  }
  ERR_clear_error();
  throw std::runtime_error(msg + detail);
}

}  // namespace motcua::documents
