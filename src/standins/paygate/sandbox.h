// motcua-paygate, what both merchants (VNPAY and PayGov) share: the options, the mode word, the JSON-lines log,
// the clock, random tokens, HMAC signatures and the transaction counter.
//
// Contract
// - opt: the parsed command line (main.cpp fills it before serving; read-only afterwards). The secrets in it are
//   never printed or logged.
// - mode(): the first word of --control-file, read at every call; no file or an empty one → "ok".
// - log_event(rec): appends rec plus {"at": epoch ms} as one JSON line to --log (serialised by a mutex; invalid
//   UTF-8 replaced).
// - hmac_hex(md, secret, data): lower-case hex HMAC; signature_ok(md, secret, got, data): `got` equals it in any
//   letter case, compared in constant time.
// - random_hex(n): 2n lower-case hex digits from the OS's CSPRNG (n ≤ 32).
// - next_transaction_no(): one counter for both merchants (VNPAY's vnp_TransactionNo, PayGov's transId), so numbers
//   are unique across the sandbox; load_counter() continues it after the largest "transaction_no" / "trans_id"
//   string of the log (restart).
// - digits_value(s): a run of 1–15 ASCII digits as a number, else -1.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

namespace motcua::standins::paygate {

struct Options {
  std::string host = "127.0.0.1", log, port_file, control_file, tmn_code, secret, ipn_url, ipn_url_file;
  int port = 0;
  // PayGov (national payment platform); enabled when partner code, access key and secret are all given.
  std::string paygov_partner, paygov_access_key, paygov_secret;
  bool paygov_enabled() const { return !paygov_partner.empty(); }
};
extern Options opt;

inline constexpr int64_t kAmountSkew = 10'000'000;  // mode "amount"

int64_t now_ms();
std::string mode();
void log_event(nlohmann::json rec);
std::string random_hex(size_t bytes);
std::string hmac_hex(const EVP_MD* md, const std::string& secret, const std::string& data);
bool signature_ok(const EVP_MD* md, const std::string& secret, std::string got, const std::string& data);
int64_t digits_value(const std::string& s);
std::string next_transaction_no();
void load_counter();

}  // namespace motcua::standins::paygate
