// motcua-paygate: options, mode, log, clock, random, HMAC and the shared transaction counter (see sandbox.h).
#include "standins/paygate/sandbox.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace motcua::standins::paygate {

namespace fs = std::filesystem;
using nlohmann::json;

Options opt;

namespace {

std::mutex log_mu;
std::atomic<int64_t> transaction_counter{14'000'000};

std::string hex(const unsigned char* b, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) out += digits[b[i] >> 4], out += digits[b[i] & 15];
  return out;
}

}  // namespace

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string mode() {
  if (opt.control_file.empty() || !fs::exists(opt.control_file)) return "ok";
  std::ifstream in(opt.control_file);
  std::string w;
  in >> w;
  return w.empty() ? "ok" : w;
}

void log_event(json rec) {
  rec["at"] = now_ms();
  std::lock_guard lk(log_mu);
  std::ofstream(opt.log, std::ios::app) << rec.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
}

std::string random_hex(size_t bytes) {
  unsigned char b[32];
  if (bytes > sizeof b || RAND_bytes(b, static_cast<int>(bytes)) != 1) throw std::runtime_error("RAND_bytes failed");
  return hex(b, bytes);
}

std::string hmac_hex(const EVP_MD* md, const std::string& secret, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(md, secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len))
    throw std::runtime_error("HMAC failed");
  return hex(mac, len);
}

bool signature_ok(const EVP_MD* md, const std::string& secret, std::string got, const std::string& data) {
  for (auto& ch : got) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const std::string want = hmac_hex(md, secret, data);
  return got.size() == want.size() && CRYPTO_memcmp(got.data(), want.data(), want.size()) == 0;
}

int64_t digits_value(const std::string& s) {
  if (s.empty() || s.size() > 15 || s.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(s);
}

std::string next_transaction_no() { return std::to_string(++transaction_counter); }

void load_counter() {
  std::ifstream in(opt.log);
  std::string line;
  int64_t largest = transaction_counter.load();
  while (std::getline(in, line)) {
    auto j = json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    for (const char* k : {"transaction_no", "trans_id"}) {
      auto it = j.find(k);
      if (it == j.end() || !it->is_string()) continue;
      largest = std::max(largest, digits_value(it->get<std::string>()));
    }
  }
  transaction_counter = largest;
}

}  // namespace motcua::standins::paygate
