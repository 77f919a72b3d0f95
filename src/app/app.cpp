#include "app/app.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>

#include "domain/format.h"
#include "store/migrations.h"

namespace motcua::app {

using nlohmann::json;

std::string Context::actor(const http::Request& req) const {
  (void)req;
  return "quantri-danhmuc";
}

std::optional<http::Response> authorize(const Context& ctx, http::Request& req, const http::Route& route) {
  const std::string& p = route.policy;
  if (p == "public") return std::nullopt;
  auto refuse = [&](int status, const std::string& code, const std::string& msg) -> std::optional<http::Response> {
    bool api = req.path.rfind("/api/", 0) == 0 || !req.wants_html();
    if (api) return http::Response::json(status, json{{"error", {{"code", code}, {"message", msg}}}}.dump());
    return ctx.views.error_page(req, status, msg);
  };
  if (p == "ops") {
    if (req.remote == "127.0.0.1" || req.remote == "::1" || req.remote == "::ffff:127.0.0.1") return std::nullopt;
    return refuse(403, "forbidden", "Chỉ truy cập được từ máy chủ nội bộ.");
  }
  if (p == "catalog.admin") {
    if (ctx.cfg.catalog_admin) return std::nullopt;
    return refuse(403, "admin_disabled",
                  "Chức năng quản trị danh mục thủ tục chưa được bật trên hệ thống này (cấu hình MOTCUA_CATALOG_ADMIN).");
  }
  return refuse(403, "forbidden", "Bạn không có quyền thực hiện thao tác này.");
}

App::App(Config cfg) : cfg_(std::move(cfg)) {
  std::filesystem::create_directories(cfg_.data_dir);
  db_ = store::open(cfg_.database_url(), cfg_.db_pool);
  int applied = store::migrate(*db_);
  spdlog::info(R"("event":"migrate","dialect":"{}","applied":{},"schema_version":{})", db_->dialect(), applied,
               store::schema_version(*db_));
  agencies_ = std::make_unique<services::AgencyService>(*db_);
  catalog_ = std::make_unique<services::CatalogService>(*db_, *agencies_);
  statics_ = std::make_unique<http::StaticFiles>((std::filesystem::path(cfg_.web_root) / "static").string());
  views_ = std::make_unique<web::Views>((std::filesystem::path(cfg_.web_root) / "templates").string(),
                                        web::Site{cfg_.site_name, cfg_.agency_name, cfg_.catalog_admin}, *statics_);
  ctx_ = std::make_unique<Context>(Context{cfg_, *db_, *agencies_, *catalog_, *statics_, *views_, metrics_});
  metrics_.add_collector([db = db_.get()] {
    auto s = db->stats();
    return "# HELP motcua_db_pool_connections Database connections.\n# TYPE motcua_db_pool_connections gauge\n"
           "motcua_db_pool_connections{state=\"open\"} " + std::to_string(s.size) + "\n" +
           "motcua_db_pool_connections{state=\"in_use\"} " + std::to_string(s.in_use) + "\n" +
           "# HELP motcua_db_pool_waits_total Times a request waited for a connection.\n# TYPE motcua_db_pool_waits_total counter\n"
           "motcua_db_pool_waits_total " + std::to_string(s.waits) + "\n" +
           "# HELP motcua_db_queries_total Statements executed.\n# TYPE motcua_db_queries_total counter\n"
           "motcua_db_queries_total " + std::to_string(s.queries) + "\n";
  });
  register_routes();
}

App::~App() = default;

void App::register_routes() {
  router_.set_authorizer([this](http::Request& req, const http::Route& r) { return authorize(*ctx_, req, r); });
  router_.set_error_renderer([this](const http::Request& req, int status, const std::string& code, const std::string& msg,
                                    const std::string& details) {
    bool api = req.path.rfind("/api/", 0) == 0 || !req.wants_html();
    if (api) {
      json e = {{"code", code}, {"message", msg}};
      if (!details.empty()) e["details"] = json::parse(details, nullptr, false);
      return http::Response::json(status, json{{"error", e}}.dump());
    }
    return views_->error_page(req, status, msg);
  });
  register_system_routes(router_, *ctx_);
  register_catalog_api(router_, *ctx_);
  register_catalog_pages(router_, *ctx_);
  register_catalog_admin_pages(router_, *ctx_);
}

bool App::load_demo_if_empty() {
  auto r = db_->query("SELECT COUNT(*) FROM procedures");
  if (r.rows.at(0).i64(0) > 0) return false;
  namespace fs = std::filesystem;
  fs::path root = fs::path(cfg_.web_root) / "data";
  auto read = [](const fs::path& p) {
    std::ifstream in(p);
    if (!in) throw std::runtime_error("không đọc được " + p.string());
    return json::parse(in);
  };
  int agencies = agencies_->import_tree(read(root / "agencies" / "demo.json"));
  int procs = 0;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(root / "catalog"))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto res = catalog_->import(read(f), "demo-loader");
    procs += res.created + res.amended;
  }
  spdlog::info(R"("event":"demo_loaded","agencies":{},"procedures":{})", agencies, procs);
  return true;
}

void App::serve() {
  http::ServerConfig sc;
  sc.host = cfg_.host;
  sc.port = static_cast<uint16_t>(cfg_.port);
  sc.io_threads = cfg_.io_threads;
  sc.workers = cfg_.workers;
  sc.body_limit = cfg_.body_limit;
  http::Server server(sc, router_, metrics_);
  server.listen();
  if (!cfg_.port_file.empty()) {
    std::string tmp = cfg_.port_file + ".tmp";
    std::ofstream(tmp) << server.port() << "\n";
    std::filesystem::rename(tmp, cfg_.port_file);
  }
  spdlog::info(R"("event":"listening","url":"http://{}:{}","config":{})", cfg_.host, server.port(), cfg_.to_log_json().dump());
  server.run();
  spdlog::info(R"("event":"stopped")");
}

}  // namespace motcua::app
