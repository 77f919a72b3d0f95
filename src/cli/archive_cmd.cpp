// motcua archive … — the e-archive (services/archive/archive_service.h):
//   archive export --dossier MÃ [--dossier MÃ …] --out GÓI.zip     the sealed dossiers named
//   archive export --from YYYY-MM-DD --to YYYY-MM-DD --out GÓI.zip every dossier sealed in those days (UTC+7)
//   archive verify GÓI.zip                                        manifests, hashes and signatures; exit 1 if not intact
//   archive import GÓI.zip --user ADMIN --source "…"               a package from another deployment (only when intact)
// A progress bar is drawn on stderr when it is a terminal. The package is written crash-safe (temporary file, rename).
#include "cli/archive_cmd.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/cli_files.h"
#include "domain/calendar/date.h"
#include "domain/format.h"
#include "services/archive/archive_service.h"

namespace motcua::cli {

namespace {


int64_t day_start(const std::string& d, int plus_days) {
  auto p = cal::parse_date(d);
  if (!p) throw std::runtime_error("ngày không hợp lệ (YYYY-MM-DD): " + d);
  return cal::utc_ms_from_local({(cal::to_days(*p) + plus_days) * cal::kMinutesPerDay});
}

}  // namespace

int archive_verify(const std::string& path) {
  auto r = services::ArchiveService::verify_package(read_file(path));
  if (r.ok()) {
    std::cout << "Gói lưu trữ nguyên vẹn: " << r.dossiers << " hồ sơ, " << r.files << " tệp khớp mã băm, " << r.signatures
              << " chữ ký số hợp lệ.\n";
    return 0;
  }
  std::cout << "GÓI LƯU TRỮ KHÔNG NGUYÊN VẸN:\n";
  for (const auto& p : r.problems) std::cout << "  - " << p << "\n";
  return 1;
}

int archive_import(app::App& a, const std::string& path, std::map<std::string, std::string>& opts) {
  if (opts["user"].empty()) throw std::runtime_error("cần --user (tài khoản quản trị thực hiện việc nhập)");
  auto r = a.archive().import_package(read_file(path), opts["user"], opts["source"], fmt::now_ms());
  std::cout << "Đã nhập " << r.imported << " hồ sơ lưu trữ (" << r.files << " tệp)";
  if (r.already) std::cout << "; " << r.already << " hồ sơ đã có, bỏ qua";
  std::cout << ".\n";
  return 0;
}

int archive_export(app::App& a, const std::vector<std::string>& dossiers, std::map<std::string, std::string>& opts) {
  const std::string out = opts["out"];
  if (out.empty()) throw std::runtime_error("cần --out GÓI.zip");
  int64_t from = 0, to = 0;
  if (dossiers.empty()) {
    if (opts["from"].empty() || opts["to"].empty()) throw std::runtime_error("cần --dossier MÃ hoặc --from và --to");
    from = day_start(opts["from"], 0);
    to = day_start(opts["to"], 1);
  }
  const bool tty = ::isatty(STDERR_FILENO);
  auto progress = [&](int done, int total) {
    if (!tty) return;
    const int width = 30, filled = total ? done * width / total : width;
    std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, ' ') << "] " << done << "/" << total << std::flush;
    if (done == total) std::cerr << "\n";
  };
  std::string zip = a.archive().export_package(dossiers, from, to, progress);
  const std::string tmp = out + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << zip;
    f.flush();
    if (!f) throw std::runtime_error("không ghi được " + tmp);
  }
  std::filesystem::rename(tmp, out);
  auto check = services::ArchiveService::verify_package(zip);
  std::cout << "Đã xuất " << check.dossiers << " hồ sơ (" << check.files << " tệp) vào " << out << "\n";
  return 0;
}

}  // namespace motcua::cli
