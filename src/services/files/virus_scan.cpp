#include "services/files/virus_scan.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace motcua::services {

namespace {
using Clock = std::chrono::steady_clock;

int ms_left(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1000));
}

bool executable_file(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
}
}  // namespace

std::string find_program(const std::string& name) {
  if (name.empty()) return "";
  if (name.find('/') != std::string::npos) return executable_file(name) ? name : "";
  const char* env = std::getenv("PATH");
  std::string path = env && *env ? env : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + name;
    if (executable_file(candidate)) return candidate;
    start = end + 1;
  }
  return "";
}

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
  // The scanner's standard input is one end of a socket pair, so writing to a scanner that has exited is
  // EPIPE (MSG_NOSIGNAL), never SIGPIPE.
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return Result::failed;
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> argv;
  for (const auto& a : argv_) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, argv_[0].c_str(), &fa, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  ::close(sv[1]);
  if (rc != 0) {
    ::close(sv[0]);
    return Result::failed;
  }
  const auto deadline = Clock::now() + timeout_;
  bool timed_out = false;
  size_t off = 0;
  while (off < data.size()) {
    pollfd p{sv[0], POLLOUT, 0};
    int ready = ::poll(&p, 1, ms_left(deadline));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) {
      if (Clock::now() >= deadline) {
        timed_out = true;
        break;
      }
      continue;
    }
    ssize_t n = ::send(sv[0], data.data() + off, data.size() - off, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) off += static_cast<size_t>(n);
    else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) break;  // the scanner stopped reading
  }
  ::shutdown(sv[0], SHUT_WR);
  int status = 0;
  bool exited = false;
  while (!timed_out) {
    pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) {
      exited = true;
      break;
    }
    if (w < 0 && errno != EINTR) break;
    if (Clock::now() >= deadline) {
      timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!exited) {
    ::kill(-pid, SIGKILL);  // the scanner and whatever it started
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  ::close(sv[0]);
  if (timed_out || !exited || !WIFEXITED(status)) return Result::failed;
  if (WEXITSTATUS(status) == 0) return Result::clean;
  if (WEXITSTATUS(status) == 1) return Result::infected;
  return Result::failed;
}

}  // namespace motcua::services
