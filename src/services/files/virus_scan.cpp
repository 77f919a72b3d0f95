#include "services/files/virus_scan.h"

#include <stdexcept>

#include "services/process/child_process.h"

namespace motcua::services {

VirusScanner::VirusScanner(std::vector<std::string> argv, std::chrono::milliseconds timeout)
    : argv_(std::move(argv)), timeout_(timeout) {
  if (argv_.empty()) throw std::invalid_argument("virus scanner: empty command");
}

std::shared_ptr<const VirusScanner> VirusScanner::from_setting(const std::string& setting, std::chrono::milliseconds timeout) {
  std::vector<std::string> argv;
  std::string word;
  for (char c : setting + " ") {
    if (c == ' ' || c == '\t') {
      if (!word.empty()) argv.push_back(word);
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  if (argv.empty() || (argv.size() == 1 && argv[0] == "off")) return nullptr;
  if (argv.size() == 1 && argv[0] == "auto") {
    std::string clamscan = find_program("clamscan");
    if (clamscan.empty()) return nullptr;
    return std::make_shared<VirusScanner>(std::vector<std::string>{clamscan, "--no-summary", "-"}, timeout);
  }
  std::string program = find_program(argv[0]);
  if (program.empty()) throw std::runtime_error("không tìm thấy chương trình quét virus (MOTCUA_VIRUS_SCAN): " + argv[0]);
  argv[0] = program;
  return std::make_shared<VirusScanner>(std::move(argv), timeout);
}

std::string VirusScanner::describe() const {
  std::string s;
  for (const auto& a : argv_) s += (s.empty() ? "" : " ") + a;
  return s;
}

VirusScanner::Result VirusScanner::scan(std::string_view data) const {
  const ChildRun r = run_child(argv_, data, timeout_, /*capture_stdout=*/false);
  if (!r.started || r.timed_out || !r.exited) return Result::failed;
  if (r.exit_code == 0) return Result::clean;
  if (r.exit_code == 1) return Result::infected;
  return Result::failed;
}

}  // namespace motcua::services
