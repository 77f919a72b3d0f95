// Test support: the messages a test server delivered through the log channel (<data>/outbox.log, the
// development channel of services/notify). Delivery is asynchronous (the outbox job), so readers wait
// until what they look for has arrived (or the timeout passes, and the caller's assertion fails).
#pragma once
#include <chrono>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>

#include "support/http_client.h"

namespace motcua::testing {

inline std::string outbox_log(const ServerProcess& s) {
  std::ifstream in(s.data_dir() + "/outbox.log");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The whole log once `until(log)` holds (at most timeout_ms).
inline std::string wait_outbox_log(const ServerProcess& s, const std::function<bool(const std::string&)>& until, int timeout_ms = 15000) {
  std::string log = outbox_log(s);
  for (int waited = 0; !until(log) && waited < timeout_ms; waited += 50) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    log = outbox_log(s);
  }
  return log;
}

// The whole log once it contains every needle.
inline std::string wait_outbox_log_for(const ServerProcess& s, const std::vector<std::string>& needles, int timeout_ms = 15000) {
  return wait_outbox_log(
      s,
      [&](const std::string& log) {
        for (const auto& n : needles)
          if (log.find(n) == std::string::npos) return false;
        return true;
      },
      timeout_ms);
}

}  // namespace motcua::testing
