// System routes: health, metrics, static files, the OpenAPI document.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/api_util.h"
#include "api/routes.h"
#include "domain/calendar/date.h"
#include "domain/format.h"
#include "services/audit/audit_log.h"
#include "services/yaml_json.h"

namespace motcua::api {

using namespace routes;

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
  // Tests only: move the server's clock (e.g. to a Friday before a holiday, or across a supplement
  // pause). Registered only with --test-clock, loopback only; never part of the public API.
  if (ctx.site.test_clock)
    r.add("POST", "/test/clock", "ops",
          [](http::Request& req) {
            auto b = api::json_body(req);
            std::string at = b.is_object() ? b.value("now", std::string()) : "";
            auto lt = cal::parse_local(at);
            if (!lt) throw DomainError(ErrorKind::bad_input, "bad_time", "now: YYYY-MM-DDTHH:MM (giờ Việt Nam).");
            int64_t target = cal::utc_ms_from_local(*lt);
            fmt::set_clock_offset_ms(0);
            fmt::set_clock_offset_ms(target - fmt::now_ms());
            return api::ok({{"now", fmt::iso_datetime(fmt::now_ms())}});
          },
          {.summary = "Test clock"});
  std::string spec_path = (std::filesystem::path(ctx.site.web_root) / "docs" / "api" / "openapi.yaml").string();
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
  // The same document as JSON, converted once (services/yaml_json.h); a broken file answers 503, never stops the server.
  auto spec_json = std::make_shared<std::string>();
  auto spec_etag = std::make_shared<std::string>();
  auto spec_error = std::make_shared<std::string>();
  try {
    std::ifstream in(spec_path);
    std::ostringstream ss;
    ss << in.rdbuf();
    *spec_json = services::yaml_to_json(ss.str()).dump();
    *spec_etag = "\"" + services::sha256_hex(*spec_json).substr(0, 32) + "\"";
  } catch (const std::exception& e) {
    *spec_error = e.what();
  }
  r.add("GET", "/api/v1/openapi.json", "public",
        [spec_json, spec_etag, spec_error](http::Request& req) {
          if (!spec_error->empty() || spec_json->empty())
            throw DomainError(ErrorKind::unavailable, "spec_unavailable", "Không đọc được mô tả API (docs/api/openapi.yaml): " + *spec_error);
          http::Response res;
          if (req.header("if-none-match").value_or("") == *spec_etag) {
            res.status = 304;
          } else {
            res = http::Response::json(200, *spec_json);
          }
          res.set("ETag", *spec_etag);
          res.set("Cache-Control", "public, max-age=300");
          return res;
        },
        {.summary = "OpenAPI description as JSON"});
}

}  // namespace motcua::api
