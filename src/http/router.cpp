#include "http/router.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "domain/errors.h"

namespace motcua::http {
namespace {

template <class S>
std::vector<S> split(std::string_view path) {
  std::vector<S> out;
  size_t i = 1;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  if (!out.empty() && out.back().empty() && out.size() > 1) out.pop_back();
  return out;
}

bool is_param(const std::string& p) { return p.size() > 2 && p.front() == '{' && p.back() == '}'; }
bool is_rest(const std::string& p) { return is_param(p) && p[p.size() - 2] == '*'; }

// Whether the route's pattern fits the path's segments: literal segments and the count, nothing allocated (this
// runs for every route until one fits).
bool fits(const Route& r, const std::vector<std::string_view>& segs) {
  size_t n = r.segments.size();
  for (size_t i = 0; i < n; ++i) {
    const std::string& p = r.segments[i];
    if (is_rest(p)) return i < segs.size();
    if (i >= segs.size()) return false;
    if (is_param(p)) {
      if (segs[i].empty()) return false;
    } else if (p != segs[i]) {
      return false;
    }
  }
  return n == segs.size();
}

// The path parameters of a route that fits.
std::map<std::string, std::string> params_of(const Route& r, const std::vector<std::string_view>& segs) {
  std::map<std::string, std::string> params;
  for (size_t i = 0; i < r.segments.size(); ++i) {
    const std::string& p = r.segments[i];
    if (is_rest(p)) {
      std::string rest;
      for (size_t k = i; k < segs.size(); ++k) (rest += (k > i ? "/" : "")) += segs[k];
      params[p.substr(1, p.size() - 3)] = std::move(rest);
      break;
    }
    if (is_param(p)) params[p.substr(1, p.size() - 2)] = std::string(segs[i]);
  }
  return params;
}

int status_of(ErrorKind k) { return http_status(k); }

}  // namespace

void Router::add(const std::string& method, const std::string& pattern, const std::string& policy, Handler h,
                 RouteOptions opt) {
  if (policy.empty()) throw std::logic_error("route " + method + " " + pattern + " has no access policy");
  Route r{method, pattern, policy, std::move(h), std::move(opt), split<std::string>(pattern)};
  routes_.push_back(std::move(r));
}

Match Router::match(const std::string& method, const std::string& path) const {
  Match m;
  auto segs = split<std::string_view>(path);
  std::string_view want = method == "HEAD" ? std::string_view("GET") : std::string_view(method);
  for (const auto& r : routes_) {
    if (!fits(r, segs)) continue;
    if (r.method == want) {
      m.route = &r;
      m.params = params_of(r, segs);
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

Response Router::dispatch(Request& req) const { return dispatch(req, match(req.method, req.path)); }

Response Router::dispatch(Request& req, Match m) const {
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
