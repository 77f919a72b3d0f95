// The optional virus-scan hook of uploads: an external scanner (ClamAV's clamscan, or any command with the
// same exit codes) run on the bytes of each upload before anything is stored.
//
// Contract
//  - VirusScanner::from_setting(setting): "" or "off" → nullptr (no scanning, the default); "auto" → clamscan
//    found on PATH, run as `clamscan --no-summary -`, else nullptr; anything else is the command line, split
//    on spaces into argv (no shell: no quoting, globbing, redirection or variables); its program is looked
//    up on PATH when it has no '/'. A program that cannot be found throws std::runtime_error at start.
//  - scan(data): runs the command (process/child_process.h: posix_spawn, in its own process group, signals reset to default, stdout
//    and stderr to /dev/null) with `data` on its standard input — never the file name or any path — and
//    waits at most `timeout`: exit 0 → clean, exit 1 → infected, any other exit, a signal, a failure to
//    start or the timeout (the whole process group is then killed with SIGKILL) → failed. A scanner that
//    exits before reading all of its input is judged by its exit code alone. Never throws for the scanner's
//    behaviour. Thread-safe: concurrent scans run concurrent processes.
//  - describe() names the command for the log line at start.
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "services/process/child_process.h"  // find_program

namespace motcua::services {

class VirusScanner {
 public:
  enum class Result { clean, infected, failed };
  static constexpr std::chrono::milliseconds kDefaultTimeout{60'000};

  VirusScanner(std::vector<std::string> argv, std::chrono::milliseconds timeout = kDefaultTimeout);
  static std::shared_ptr<const VirusScanner> from_setting(const std::string& setting,
                                                          std::chrono::milliseconds timeout = kDefaultTimeout);

  Result scan(std::string_view data) const;
  std::string describe() const;

 private:
  std::vector<std::string> argv_;  // argv_[0]: the program's path
  std::chrono::milliseconds timeout_;
};

}  // namespace motcua::services
