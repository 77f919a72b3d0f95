// Prometheus metrics: request counts by route pattern, method and status class; a latency histogram;
// open connections; plus gauges supplied by the application at scrape time (DB pool).
// Thread-safe; observe() takes a short mutex.
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace motcua::http {

class Metrics {
 public:
  void observe(const std::string& route, const std::string& method, int status, double seconds);
  void connection_opened() { ++connections_; }
  void connection_closed() { --connections_; }
  int connections() const { return connections_.load(); }
  // A connection closed at the cap to make room (it was waiting for a request header longest).
  void connection_evicted() { ++evicted_; }
  // Extra text appended at render time (e.g. DB pool gauges).
  void add_collector(std::function<std::string()> f);
  std::string render() const;

 private:
  static constexpr double kBuckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
  struct Hist {
    std::vector<int64_t> counts = std::vector<int64_t>(std::size(kBuckets), 0);
    int64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, int64_t> requests_;
  std::map<std::string, Hist> latency_;
  std::atomic<int> connections_{0};
  std::atomic<int64_t> evicted_{0};
  std::vector<std::function<std::string()>> collectors_;
};

}  // namespace motcua::http
