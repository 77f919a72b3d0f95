// motcua — command-line entry point.
//   motcua serve [--port N] [--data DIR] [--db URL] [--demo-if-empty] …   run the web server
//   motcua migrate                                                        create/upgrade the schema
//   motcua catalog import FILE                                            import a catalog file
//   motcua catalog export                                                 print the catalog as JSON
//   motcua agencies import FILE                                           import an agency tree
//   motcua demo                                                           load demo data if empty
//   motcua keys ca|signer|sign|verify …                                   demo signing keys, sign / verify a PDF (PAdES)
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <iostream>

#include <openssl/x509_vfy.h>

#include <iterator>

#include "app/app.h"
#include "domain/format.h"
#include "services/reports/report_ledger.h"
#include "services/documents/pades.h"
#include "cli/archive_cmd.h"
#include "cli/cli_files.h"
#include "cli/signers_cmd.h"
#include "services/documents/pkcs11_key.h"
#include "services/documents/signing_keys.h"
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
  report-ledger verify      so sổ cộng dồn của báo cáo với các hồ sơ; mã thoát 1 nếu lệch
  report-ledger rebuild     dựng lại sổ cộng dồn từ các hồ sơ (sau khi ghi thẳng vào bảng dossiers)
  keys ca --dir DIR         tạo CA thử nghiệm (DIR/ca; mật khẩu trong biến MOTCUA_KEYS_PASSPHRASE)
  keys signer --dir DIR --name "Họ tên" --title "Chức danh" --agency "Cơ quan"
                            tạo tệp PKCS#12 của người ký (DIR/signers), ký bởi CA thử nghiệm
  keys sign --p12 TỆP --in VÀO.pdf --out RA.pdf [--reason "…"] [--location "…"]
                            ký số PDF (PAdES, chữ ký hiển thị); mật khẩu trong MOTCUA_KEYS_PASSPHRASE
  keys verify TỆP.pdf [--ca ca.crt]
                            kiểm tra chữ ký số của PDF; mã thoát 1 nếu không hợp lệ
  archive export --dossier MÃ [--dossier MÃ…] --out GÓI.zip | --from YYYY-MM-DD --to YYYY-MM-DD --out GÓI.zip
                            xuất gói lưu trữ điện tử (bản kê, mã băm, tệp) của hồ sơ đã kết thúc
  archive verify GÓI.zip    kiểm tra gói lưu trữ (mã băm, chữ ký số); mã thoát 1 nếu không nguyên vẹn
  archive import GÓI.zip --user QUẢN_TRỊ --source "nơi chuyển giao"
                            nhập gói lưu trữ của hệ thống khác (chỉ gói nguyên vẹn; nhập lại không nhân đôi)
  signers add --user U --p12 TỆP | --pkcs11-module THƯ_VIỆN --pkcs11-uri "pkcs11:token=…;object=…"
                            đăng ký chứng thư số (tệp PKCS#12 hoặc thiết bị ký/HSM); mã PIN: MOTCUA_KEYS_PASSPHRASE
  signers demo              CA thử nghiệm và chứng thư số cho mọi lãnh đạo chưa có (mã PIN: MOTCUA_KEYS_PASSPHRASE,
                            mặc định demo1234 — chỉ cho dữ liệu mẫu)
  signers add --user TÊN --p12 TỆP   đăng ký chứng thư số (PKCS#12) cho cán bộ; mã PIN trong MOTCUA_KEYS_PASSPHRASE
  signers list              danh sách chứng thư số đã đăng ký
  signers revoke --user TÊN --reason "…"   thu hồi: không ký được nữa
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


// motcua keys … — no database: demo keys (services/documents/signing_keys.h) and PAdES (pades.h). Passphrases come
// from MOTCUA_KEYS_PASSPHRASE, never from the command line (ps shows it).
int keys_command(const std::vector<std::string>& tail) {
  std::map<std::string, std::string> o;
  std::vector<std::string> pos;
  for (size_t i = 0; i < tail.size(); ++i) {
    if (tail[i].rfind("--", 0) == 0 && i + 1 < tail.size()) o[tail[i].substr(2)] = tail[i + 1], ++i;
    else pos.push_back(tail[i]);
  }
  if (pos.empty()) throw std::runtime_error("thiếu lệnh con: ca, signer, sign hoặc verify");
  const char* env = std::getenv("MOTCUA_KEYS_PASSPHRASE");
  const std::string pass = env ? env : "";
  auto need_pass = [&] {
    if (pass.size() < 8) throw std::runtime_error("đặt mật khẩu (ít nhất 8 ký tự) trong biến môi trường MOTCUA_KEYS_PASSPHRASE");
  };
  auto need = [&](const char* k) -> const std::string& {
    if (o[k].empty()) throw std::runtime_error(std::string("thiếu --") + k);
    return o[k];
  };
  const std::string& sub = pos[0];
  if (sub == "ca") {
    need_pass();
    documents::make_demo_ca(need("dir") + "/ca", pass);
    std::cout << "Đã tạo CA thử nghiệm trong " << o["dir"] << "/ca\n";
    return 0;
  }
  if (sub == "signer") {
    need_pass();
    std::string path = documents::make_signer(need("dir") + "/signers", o["dir"] + "/ca", pass, need("name"), o["title"], o["agency"], pass);
    std::cout << path << "\n";
    return 0;
  }
  if (sub == "sign") {
    need_pass();
    auto signer = documents::load_pkcs12(need("p12"), pass);
    std::string out = documents::sign_pdf(cli::read_file(need("in")), signer, motcua::fmt::now_ms(), o["reason"], o["location"]);
    const std::string& dest = need("out");
    std::ofstream(dest + ".tmp", std::ios::binary) << out;
    std::filesystem::rename(dest + ".tmp", dest);
    std::cout << "Đã ký: " << dest << "\n";
    return 0;
  }
  if (sub == "verify" && pos.size() == 2) {
    X509_STORE* store = nullptr;
    if (!o["ca"].empty()) {
      store = X509_STORE_new();
      if (!store || X509_STORE_load_file(store, o["ca"].c_str()) != 1) {
        X509_STORE_free(store);
        throw std::runtime_error("không đọc được chứng thư CA " + o["ca"]);
      }
    }
    auto r = documents::verify_pdf(cli::read_file(pos[1]), store);
    X509_STORE_free(store);
    if (r.valid) {
      std::cout << "Chữ ký hợp lệ: " << r.signer_cn << ", ký lúc " << motcua::fmt::datetime(r.signing_time_ms) << (r.covers_whole_file ? ", phủ toàn bộ tệp" : "") << ".\n";
      return 0;
    }
    std::cout << "CHỮ KÝ KHÔNG HỢP LỆ: " << r.problem << "\n";
    return 1;
  }
  throw std::runtime_error("lệnh keys không hợp lệ: " + sub);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kHelp;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "pkcs11-sign") {  // the signing helper (documents/pkcs11_key.h): request on stdin, signed PDF on stdout
    std::string request((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    std::string out;
    int rc = documents::token_sign_helper(request, &out);
    std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
    std::cout.flush();
    // A one-shot process: end it without global teardown — libp11 keeps per-process method tables it never frees
    // (its engine is unloaded first), which a leak checker would report as ours.
    std::_Exit(std::cout ? rc : documents::kTokenUnavailable);
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
    std::vector<std::string> dossier_refs;  // archive export --dossier (repeatable)
    if (cmd == "deadline" || cmd == "signers" || cmd == "archive") {
      std::vector<std::string> keep;
      for (size_t i = 0; i < tail.size(); ++i) {
        const std::string& a = tail[i];
        if (a == "--dossier" && i + 1 < tail.size())
          dossier_refs.push_back(tail[++i]);
        else if ((a == "--agency" || a == "--from" || a == "--to" || a == "--amount" || a == "--unit" || a == "--year" || a == "--user" ||
                  a == "--p12" || a == "--reason" || a == "--out" || a == "--source" || a == "--pkcs11-module" || a == "--pkcs11-uri") &&
                 i + 1 < tail.size())
          opts[a.substr(2)] = tail[++i];
        else keep.push_back(a);
      }
      tail = keep;
    }
    if (cmd == "keys") return keys_command(tail);
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
    if (cmd == "report-ledger" && rest.size() == 1 && (rest[0] == "verify" || rest[0] == "rebuild")) {
      app::App a(cfg);
      if (rest[0] == "rebuild") {
        std::cout << "Đã dựng lại sổ cộng dồn báo cáo từ " << services::report_ledger::rebuild(a.db()) << " hồ sơ đã kết thúc.\n";
        return 0;
      }
      const std::string diff = services::report_ledger::verify(a.db());
      if (diff.empty()) {
        std::cout << "Sổ cộng dồn báo cáo khớp với các hồ sơ.\n";
        return 0;
      }
      std::cout << "Sổ cộng dồn báo cáo KHÔNG khớp với các hồ sơ: " << diff << ". Chạy: motcua report-ledger rebuild\n";
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
    if (cmd == "archive" && rest.size() == 2 && rest[0] == "verify") return cli::archive_verify(rest[1]);
    if (cmd == "archive" && rest.size() == 1 && rest[0] == "export") {
      app::App a(cfg);
      return cli::archive_export(a, dossier_refs, opts);
    }
    if (cmd == "archive" && rest.size() == 2 && rest[0] == "import") {
      app::App a(cfg);
      return cli::archive_import(a, rest[1], opts);
    }
    if (cmd == "signers" && rest.size() == 1) {
      app::App a(cfg);
      return cli::signers_command(a, rest, opts);
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
