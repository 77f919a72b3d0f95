#include "services/ids.h"

#include <sodium.h>

#include <stdexcept>

namespace motcua::services {

std::string random_token(size_t bytes) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium init failed");  // idempotent
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), bytes);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : raw) {
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 15]);
  }
  return out;
}

std::string random_digits(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + randombytes_uniform(10)));
  return s;
}

}  // namespace motcua::services
