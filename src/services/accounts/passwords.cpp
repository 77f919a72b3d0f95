#include "services/accounts/passwords.h"

#include <sodium.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <mutex>
#include <semaphore>
#include <set>
#include <stdexcept>

#include "domain/text.h"

namespace motcua::services {

namespace {
std::atomic<int64_t> g_hashes{0};
}
int64_t password_hash_count() { return g_hashes.load(); }

struct PasswordHasher::Impl {
  std::counting_semaphore<64> slots;
  unsigned long long ops;
  size_t mem;
  std::string dummy;
  Impl(int n, bool fast)
      : slots(std::max(1, std::min(n, 64))),
        ops(fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE),
        mem(fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE) {}
};

PasswordHasher::PasswordHasher(int max_concurrent, bool fast) : impl_(std::make_shared<Impl>(max_concurrent, fast)) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium init failed");
  impl_->dummy = hash("motcua-dummy-password");
}

std::string PasswordHasher::hash(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  ++g_hashes;
  impl_->slots.acquire();
  int rc = crypto_pwhash_str(out, password.data(), password.size(), impl_->ops, impl_->mem);
  impl_->slots.release();
  if (rc != 0) throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool PasswordHasher::verify(const std::string& stored, const std::string& password) {
  if (stored.empty()) return false;
  ++g_hashes;
  impl_->slots.acquire();
  int rc = crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size());
  impl_->slots.release();
  return rc == 0;
}

void PasswordHasher::dummy_verify(const std::string& password) { (void)verify(impl_->dummy, password); }

namespace {
std::mutex g_mu;
std::set<std::string> g_common;
}  // namespace

void load_common_passwords(const std::string& path) {
  std::ifstream in(path);
  std::set<std::string> s;
  std::string line;
  while (std::getline(in, line)) {
    line = text::trim(line);
    if (line.empty() || line[0] == '#') continue;
    s.insert(line);
  }
  std::lock_guard lk(g_mu);
  g_common = std::move(s);
}

std::optional<std::string> check_password(const std::string& password, const std::string& username) {
  size_t n = text::length(password);
  if (n < 8) return "Mật khẩu phải có ít nhất 8 ký tự.";
  if (n > 128) return "Mật khẩu tối đa 128 ký tự.";
  if (!text::valid_utf8(password)) return "Mật khẩu có ký tự không hợp lệ.";
  if (!username.empty() && password == username) return "Mật khẩu không được trùng với tên đăng nhập hoặc số định danh.";
  std::string lower;
  for (char c : password) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  std::lock_guard lk(g_mu);
  if (g_common.count(lower) || g_common.count(password))
    return "Mật khẩu này quá phổ biến và dễ bị đoán; vui lòng chọn mật khẩu khác.";
  return std::nullopt;
}

}  // namespace motcua::services
