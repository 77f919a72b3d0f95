// motcua — command-line entry point.
//   motcua serve [--port N] [--data DIR] [--db URL] [--demo-if-empty] …   run the web server
//   motcua migrate                                                        create/upgrade the schema
//   motcua catalog import FILE                                            import a catalog file
//   motcua catalog export                                                 print the catalog as JSON
//   motcua agencies import FILE                                           import an agency tree
//   motcua demo                                                           load demo data if empty
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <map>
#include <iostream>

#include "app/app.h"
#include "domain/errors.h"
#include "store/migrations.h"

using namespace motcua;

namespace {

const char* kHelp = R"(motcua — Hệ thống thông tin một cửa điện tử / Cổng Dịch vụ công

Cách dùng: motcua <lệnh> [tùy chọn]

Lệnh:
  serve                     chạy máy chủ web (mặc định http://127.0.0.1:8080)
  migrate                   tạo/cập nhật lược đồ cơ sở dữ liệu
  catalog import TỆP        nhập danh mục thủ tục (định dạng docs/catalog-format.md)
  catalog export            in danh mục thủ tục ra màn hình (JSON)
  agencies import TỆP       nhập cây cơ quan (định dạng data/agencies/demo.json)
  demo                      nạp dữ liệu mẫu nếu cơ sở dữ liệu còn trống
  audit verify              kiểm tra toàn vẹn nhật ký (chuỗi băm); mã thoát 1 nếu bị sửa đổi
  deadline due --agency MÃ --from YYYY-MM-DDTHH:MM --amount N --unit working_days|days|hours
                            tính hạn giải quyết theo lịch làm việc của cơ quan
  deadline holidays --agency MÃ --year YYYY
                            các ngày nghỉ (có tên) và ngày làm bù trong năm
  --help, --version

Tùy chọn (cờ > biến môi trường > tệp --config JSON > mặc định):
  --data DIR                thư mục dữ liệu (MOTCUA_DATA, mặc định ./var)
  --db URL                  postgresql://… hoặc đường dẫn tệp SQLite (MOTCUA_DB)
  --host H --port N         địa chỉ lắng nghe (MOTCUA_HOST, PORT)
  --workers N               số luồng xử lý yêu cầu (MOTCUA_WORKERS)
  --db-pool N               số kết nối đọc (MOTCUA_DB_POOL)
  --body-limit BYTES        giới hạn kích thước dữ liệu gửi lên (MOTCUA_BODY_LIMIT)
  --max-connections N       số kết nối đồng thời tối đa (MOTCUA_MAX_CONNECTIONS; mặc định theo giới hạn tệp mở)
  --web-root DIR            thư mục chứa templates/, static/, data/ (MOTCUA_WEB_ROOT)
  --catalog-admin           bật quản trị danh mục (MOTCUA_CATALOG_ADMIN=1)
  --demo-if-empty           nạp dữ liệu mẫu khi khởi động nếu còn trống
  --port-file FILE          ghi cổng đã mở vào FILE (dùng cho kiểm thử)
  --config FILE             tệp cấu hình JSON
)";

void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_logger_mt("motcua");
  logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l",%v})");
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("không đọc được tệp " + path);
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) throw std::runtime_error("tệp " + path + " không phải JSON hợp lệ");
  return j;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kHelp;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "motcua " << MOTCUA_VERSION << "\n";
    return 0;
  }
  std::string cmd = args[0];
  try {
    // Options of `deadline` are not server settings: take them out before load_config.
    std::map<std::string, std::string> opts;
    std::vector<std::string> tail(args.begin() + 1, args.end());
    if (cmd == "deadline") {
      std::vector<std::string> keep;
      for (size_t i = 0; i < tail.size(); ++i) {
        const std::string& a = tail[i];
        if ((a == "--agency" || a == "--from" || a == "--amount" || a == "--unit" || a == "--year") && i + 1 < tail.size()) opts[a.substr(2)] = tail[++i];
        else keep.push_back(a);
      }
      tail = keep;
    }
    app::Config cfg;
    auto rest = app::load_config(cfg, tail);
    setup_logging(cfg.log_level);
    if (cmd == "serve") {
      app::App a(cfg);
      if (cfg.demo_if_empty) a.load_demo_if_empty();
      a.serve();
      return 0;
    }
    if (cmd == "migrate") {
      app::App a(cfg);
      std::cout << "Lược đồ cơ sở dữ liệu ở phiên bản " << store::schema_version(a.db()) << "\n";
      return 0;
    }
    if (cmd == "demo") {
      app::App a(cfg);
      std::cout << (a.load_demo_if_empty() ? "Đã nạp dữ liệu mẫu.\n" : "Cơ sở dữ liệu đã có dữ liệu; không nạp lại.\n");
      return 0;
    }
    if (cmd == "catalog" && !rest.empty() && rest[0] == "import" && rest.size() == 2) {
      app::App a(cfg);
      auto file = read_json(rest[1]);
      size_t n = file.contains("procedures") && file["procedures"].is_array() ? file["procedures"].size() : 0;
      std::cerr << "Đang nhập " << n << " thủ tục từ " << rest[1] << " …\n";
      auto r = a.ctx().catalog.import(file, "cli");
      std::cout << "Đã nhập: " << r.created << " mới, " << r.amended << " sửa đổi, " << r.unchanged << " không đổi.\n";
      return 0;
    }
    if (cmd == "catalog" && !rest.empty() && rest[0] == "export" && rest.size() == 1) {
      app::App a(cfg);
      std::cout << a.ctx().catalog.export_all().dump(2) << "\n";
      return 0;
    }
    if (cmd == "audit" && rest.size() == 1 && rest[0] == "verify") {
      app::App a(cfg);
      auto r = services::AuditLog::verify(a.db());
      if (r.ok) {
        std::cout << "Nhật ký toàn vẹn: " << r.rows << " bản ghi, chuỗi băm khớp.\n";
        return 0;
      }
      std::cout << "PHÁT HIỆN SỬA ĐỔI NHẬT KÝ: " << r.problem << " (đã kiểm tra " << r.rows << " bản ghi)\n";
      return 1;
    }
    if (cmd == "deadline" && rest.size() == 1 && (rest[0] == "due" || rest[0] == "holidays")) {
      app::App a(cfg);
      a.load_demo_if_empty();  // an empty database has no agencies to compute for
      if (rest[0] == "due") {
        auto r = a.ctx().calendar.due(opts["agency"], opts["from"], std::stod(opts.count("amount") ? opts["amount"] : "-1"), opts["unit"]);
        std::cout << r.dump(2) << "\n";
      } else {
        int year = std::stoi(opts.count("year") ? opts["year"] : "0");
        for (const auto& h : a.ctx().calendar.holidays(opts["agency"], year))
          std::cout << h["date"].get<std::string>() << "  " << (h["kind"] == "working_day" ? "[làm bù] " : "") << h["name"].get<std::string>() << "\n";
      }
      return 0;
    }
    if (cmd == "agencies" && rest.size() == 2 && rest[0] == "import") {
      app::App a(cfg);
      int n = a.ctx().agencies.import_tree(read_json(rest[1]));
      std::cout << "Đã nhập " << n << " cơ quan.\n";
      return 0;
    }
    std::cerr << "Lệnh không hợp lệ: " << cmd << (rest.empty() ? "" : " " + rest[0]) << "\n\n" << kHelp;
    return 2;
  } catch (const DomainError& e) {
    std::cerr << "Lỗi: " << e.what() << "\n";
    for (const auto& f : e.fields()) std::cerr << "  - " << f.field << ": " << f.message << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "Lỗi: " << e.what() << "\n";
    return 1;
  }
}
