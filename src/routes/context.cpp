#include "routes/context.h"

#include "routes/auth.h"

namespace motcua::routes {

std::string Context::actor(const http::Request& req) const {
  const auto& p = principal(req);
  return p.signed_in() ? p.username : "anonymous";
}

std::string public_base(const Context& ctx, const http::Request& req) {
  return ctx.site.public_url.empty() ? "http://" + req.header("Host").value_or("127.0.0.1") : ctx.site.public_url;
}

}  // namespace motcua::routes
