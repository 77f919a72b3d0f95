#include "http/metrics.h"

#include <cstdio>
#include <sstream>

namespace motcua::http {
namespace {
std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o.push_back('\\');
    if (c == '\n') { o += "\\n"; continue; }
    o.push_back(c);
  }
  return o;
}
std::string num(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}
}  // namespace

void Metrics::observe(const std::string& route, const std::string& method, int status, double seconds) {
  std::lock_guard lk(mu_);
  ++requests_[{route, method, status}];
  Hist& h = latency_[route];
  for (size_t i = 0; i < std::size(kBuckets); ++i)
    if (seconds <= kBuckets[i]) ++h.counts[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::add_collector(std::function<std::string()> f) {
  std::lock_guard lk(mu_);
  collectors_.push_back(std::move(f));
}

std::string Metrics::render() const {
  std::ostringstream o;
  std::vector<std::function<std::string()>> cols;
  {
    std::lock_guard lk(mu_);
    o << "# HELP motcua_http_requests_total HTTP requests by route, method and status.\n"
         "# TYPE motcua_http_requests_total counter\n";
    for (const auto& [k, v] : requests_)
      o << "motcua_http_requests_total{route=\"" << esc(std::get<0>(k)) << "\",method=\"" << std::get<1>(k)
        << "\",status=\"" << std::get<2>(k) << "\"} " << v << "\n";
    o << "# HELP motcua_http_request_duration_seconds Request latency by route.\n"
         "# TYPE motcua_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
      for (size_t i = 0; i < std::size(kBuckets); ++i)
        o << "motcua_http_request_duration_seconds_bucket{route=\"" << esc(route) << "\",le=\"" << num(kBuckets[i])
          << "\"} " << h.counts[i] << "\n";
      o << "motcua_http_request_duration_seconds_bucket{route=\"" << esc(route) << "\",le=\"+Inf\"} " << h.count << "\n";
      o << "motcua_http_request_duration_seconds_sum{route=\"" << esc(route) << "\"} " << num(h.sum) << "\n";
      o << "motcua_http_request_duration_seconds_count{route=\"" << esc(route) << "\"} " << h.count << "\n";
    }
    cols = collectors_;
  }
  o << "# HELP motcua_http_connections Open HTTP connections.\n# TYPE motcua_http_connections gauge\n"
    << "motcua_http_connections " << connections_.load() << "\n";
  o << "# HELP motcua_http_connections_evicted_total Connections closed at the cap because they waited longest for a "
       "request header (idle keep-alive or slow clients).\n# TYPE motcua_http_connections_evicted_total counter\n"
    << "motcua_http_connections_evicted_total " << evicted_.load() << "\n";
  for (const auto& f : cols) o << f();
  return o.str();
}

}  // namespace motcua::http
