// Password hashing (Argon2id through libsodium crypto_pwhash_str) with a cap on concurrent hashes
// (each uses 64 MiB at the interactive cost), and the password rules: at least 8 characters, at most
// 128, not in the list of common passwords (data/common-passwords.txt, folded), not equal to the
// username or id number. check_password() returns a Vietnamese message or nullopt.
#pragma once
#include <memory>
#include <optional>
#include <string>

namespace motcua::services {

class PasswordHasher {
 public:
  PasswordHasher(int max_concurrent, bool fast);
  std::string hash(const std::string& password);
  bool verify(const std::string& stored_hash, const std::string& password);
  // Burns the same time as a verification (for unknown accounts: no user enumeration by timing).
  void dummy_verify(const std::string& password);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Number of Argon2id computations (hash + verify) since start, for /metrics.
int64_t password_hash_count();

std::optional<std::string> check_password(const std::string& password, const std::string& username);
// Loads the common-password list once (path from the web root); used by check_password.
void load_common_passwords(const std::string& path);

}  // namespace motcua::services
