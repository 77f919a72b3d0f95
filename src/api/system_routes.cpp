// System routes: health, metrics, static files, the OpenAPI document.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/api_util.h"
#include "app/app.h"

namespace motcua::app {

void register_system_routes(http::Router& r, Context& ctx) {
  r.add("GET", "/healthz", "public",
        [](http::Request&) { return http::Response::json(200, R"({"status":"ok"})"); },
        {.inline_io = true, .summary = "Health check"});
  r.add("GET", "/metrics", "ops",
        [&ctx](http::Request&) {
          http::Response res = http::Response::text(200, ctx.metrics.render());
          res.content_type = "text/plain; version=0.0.4; charset=utf-8";
          return res;
        },
        {.summary = "Prometheus metrics"});
  r.add("GET", "/static/{path*}", "public",
        [&ctx](http::Request& req) {
          if (auto res = ctx.statics.serve(req, req.params["path"])) return std::move(*res);
          return http::Response::text(404, "Không tìm thấy tệp.");
        },
        {.inline_io = true, .summary = "Static files"});
  r.add("GET", "/favicon.ico", "public",
        [&ctx](http::Request&) {
          http::Response res = http::Response::redirect(ctx.statics.url("favicon.svg"), 301);
          res.set("Cache-Control", "public, max-age=86400");
          return res;
        },
        {.inline_io = true, .summary = "Favicon"});
  std::string spec_path = (std::filesystem::path(ctx.cfg.web_root) / "docs" / "api" / "openapi.yaml").string();
  r.add("GET", "/api/v1/openapi.yaml", "public",
        [spec_path](http::Request&) {
          std::ifstream in(spec_path);
          std::ostringstream ss;
          ss << in.rdbuf();
          http::Response res = http::Response::text(200, ss.str());
          res.content_type = "application/yaml; charset=utf-8";
          res.set("Cache-Control", "public, max-age=300");
          return res;
        },
        {.summary = "OpenAPI description"});
}

}  // namespace motcua::app
