#include "http/router.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "domain/errors.h"

namespace motcua::http {
namespace {

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 1;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  if (!out.empty() && out.back().empty() && out.size() > 1) out.pop_back();
  return out;
}

bool match_segments(const Route& r, const std::vector<std::string>& segs, std::map<std::string, std::string>& params) {
  size_t n = r.segments.size();
  for (size_t i = 0; i < n; ++i) {
    const std::string& p = r.segments[i];
    bool param = p.size() > 2 && p.front() == '{' && p.back() == '}';
    if (param && p[p.size() - 2] == '*') {
      if (i >= segs.size()) return false;
      std::string rest;
      for (size_t k = i; k < segs.size(); ++k) rest += (k > i ? "/" : "") + segs[k];
      params[p.substr(1, p.size() - 3)] = rest;
      return true;
    }
    if (i >= segs.size()) return false;
    if (param) {
      if (segs[i].empty()) return false;
      params[p.substr(1, p.size() - 2)] = segs[i];
    } else if (p != segs[i]) {
      return false;
    }
  }
  return n == segs.size();
}

int status_of(ErrorKind k) { return http_status(k); }

}  // namespace

void Router::add(const std::string& method, const std::string& pattern, const std::string& policy, Handler h,
                 RouteOptions opt) {
  if (policy.empty()) throw std::logic_error("route " + method + " " + pattern + " has no access policy");
  Route r{method, pattern, policy, std::move(h), std::move(opt), split(pattern)};
  routes_.push_back(std::move(r));
}

Match Router::match(const std::string& method, const std::string& path) const {
  Match m;
  auto segs = split(path);
  const std::string& want = method == "HEAD" ? std::string("GET") : method;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> params;
    if (!match_segments(r, segs, params)) continue;
    if (r.method == want) {
      m.route = &r;
      m.params = std::move(params);
      return m;
    }
    m.allowed.push_back(r.method);
  }
  return m;
}

Response Router::error(const Request& req, int status, const std::string& code, const std::string& message,
                       const std::string& details_json) const {
  if (errors_) return errors_(req, status, code, message, details_json);
  nlohmann::json j = {{"error", {{"code", code}, {"message", message}}}};
  return Response::json(status, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Response Router::dispatch(Request& req) const {
  Match m = match(req.method, req.path);
  if (!m.route) {
    if (!m.allowed.empty()) {
      std::string allow;
      for (const auto& a : m.allowed) allow += (allow.empty() ? "" : ", ") + a;
      Response r = error(req, 405, "method_not_allowed", "Phương thức " + req.method + " không được hỗ trợ cho địa chỉ này.");
      r.set("Allow", allow);
      return r;
    }
    return error(req, 404, "not_found", "Không tìm thấy trang hoặc tài nguyên được yêu cầu.");
  }
  req.params = std::move(m.params);
  try {
    if (authorizer_)
      if (auto deny = authorizer_(req, *m.route)) return std::move(*deny);
    return m.route->handler(req);
  } catch (const DomainError& e) {
    std::string details;
    if (!e.fields().empty()) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& f : e.fields()) arr.push_back({{"field", f.field}, {"message", f.message}});
      // Messages may quote client input: never let invalid UTF-8 turn a 400 into a 500.
      details = arr.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    return error(req, status_of(e.kind()), e.code(), e.what(), details);
  } catch (const nlohmann::json::exception&) {
    return error(req, 400, "bad_json", "Dữ liệu JSON không đúng cấu trúc yêu cầu.");
  } catch (const std::exception& e) {
    spdlog::error(R"("event":"handler_error","request_id":"{}","route":"{}","error":{})", req.request_id,
                  m.route->pattern, json_quote(e.what()));
    return error(req, 500, "internal", "Hệ thống gặp lỗi khi xử lý yêu cầu. Mã yêu cầu: " + req.request_id + ".");
  }
}

}  // namespace motcua::http
