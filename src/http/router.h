// Router: method + path pattern → handler, with path parameters and a mandatory access policy.
//
// Patterns are literal segments, "{name}" (one segment) or "{name*}" (the rest of the path, last only):
//   "/api/v1/procedures/{code}", "/static/{path*}". HEAD requests match GET routes.
// Every route declares a policy name (e.g. "public", "catalog.admin"); add() refuses an empty policy.
// dispatch(): finds the route (404 / 405 with Allow), asks the authorizer (which may refuse with its own
// response), runs the handler and turns exceptions into error responses through the error renderer:
// DomainError → its kind's status, anything else → 500 with the request id (details only in the log).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/message.h"

namespace motcua::http {

using Handler = std::function<Response(Request&)>;

struct RouteOptions {
  bool inline_io = false;  // cheap and non-blocking: run on the I/O thread (health, static files)
  size_t body_limit = 0;   // 0 = the server default
  std::string summary;     // one line for docs and the route listing
};

struct Route {
  std::string method;
  std::string pattern;
  std::string policy;
  Handler handler;
  RouteOptions options;
  std::vector<std::string> segments;
};

struct Match {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed;  // methods allowed for this path when route == nullptr
};

// Decides access. Returns a response to send instead of running the handler, or nullopt to allow.
using Authorizer = std::function<std::optional<Response>(Request&, const Route&)>;
// Renders an error for the client: status, stable code, Vietnamese message, optional details JSON text.
using ErrorRenderer = std::function<Response(const Request&, int status, const std::string& code,
                                             const std::string& message, const std::string& details_json)>;

class Router {
 public:
  void add(const std::string& method, const std::string& pattern, const std::string& policy, Handler h,
           RouteOptions opt = {});
  Match match(const std::string& method, const std::string& path) const;
  Response dispatch(Request& req) const;
  Response dispatch(Request& req, Match m) const;  // with match(req.method, req.path) already done
  const std::vector<Route>& routes() const { return routes_; }

  void set_authorizer(Authorizer a) { authorizer_ = std::move(a); }
  void set_error_renderer(ErrorRenderer r) { errors_ = std::move(r); }
  Response error(const Request& req, int status, const std::string& code, const std::string& message,
                 const std::string& details_json = "") const;

 private:
  std::vector<Route> routes_;
  Authorizer authorizer_;
  ErrorRenderer errors_;
};

}  // namespace motcua::http
