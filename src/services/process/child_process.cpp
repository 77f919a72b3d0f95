// Helper programs on a pipe (see child_process.h).
#include "services/process/child_process.h"

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

ChildRun run_child(const std::vector<std::string>& argv_in, std::string_view input, std::chrono::milliseconds timeout, bool capture_stdout,
                   size_t max_out) {
  ChildRun run;
  if (argv_in.empty()) return run;
  // Standard input is one end of a socket pair, so writing to a child that has exited is EPIPE (MSG_NOSIGNAL).
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return run;
  int outp[2] = {-1, -1};
  if (capture_stdout && ::pipe2(outp, O_CLOEXEC) != 0) {
    ::close(sv[0]);
    ::close(sv[1]);
    return run;
  }
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
  if (capture_stdout) posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
  else posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
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
  for (const auto& a : argv_in) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, argv_in[0].c_str(), &fa, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  ::close(sv[1]);
  if (capture_stdout) ::close(outp[1]);
  if (rc != 0) {
    ::close(sv[0]);
    if (capture_stdout) ::close(outp[0]);
    return run;
  }
  run.started = true;
  const auto deadline = Clock::now() + timeout;
  size_t off = 0;
  bool writing = true, reading = capture_stdout;
  if (input.empty()) {
    ::shutdown(sv[0], SHUT_WR);
    writing = false;
  }
  char buf[65536];
  while (writing || reading) {
    pollfd p[2];
    nfds_t n = 0;
    int wi = -1, ri = -1;
    if (writing) wi = static_cast<int>(n), p[n++] = {sv[0], POLLOUT, 0};
    if (reading) ri = static_cast<int>(n), p[n++] = {outp[0], POLLIN, 0};
    int ready = ::poll(p, n, ms_left(deadline));
    if (ready < 0 && errno != EINTR) break;
    if (Clock::now() >= deadline) {
      run.timed_out = true;
      break;
    }
    if (ready <= 0) continue;
    if (wi >= 0 && (p[wi].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t k = ::send(sv[0], input.data() + off, input.size() - off, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (k > 0) off += static_cast<size_t>(k);
      else if (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) off = input.size();  // the child stopped reading
      if (off >= input.size()) {
        ::shutdown(sv[0], SHUT_WR);
        writing = false;
      }
    }
    if (ri >= 0 && (p[ri].revents & (POLLIN | POLLERR | POLLHUP))) {
      ssize_t k = ::read(outp[0], buf, sizeof buf);
      if (k > 0) {
        if (run.out.size() < max_out) run.out.append(buf, std::min(static_cast<size_t>(k), max_out - run.out.size()));
      } else if (k == 0 || (errno != EAGAIN && errno != EINTR)) {
        reading = false;
      }
    }
  }
  if (writing) ::shutdown(sv[0], SHUT_WR);
  int status = 0;
  while (!run.timed_out) {
    pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) {
      run.exited = WIFEXITED(status);
      if (run.exited) run.exit_code = WEXITSTATUS(status);
      break;
    }
    if (w < 0 && errno != EINTR) break;
    if (Clock::now() >= deadline) {
      run.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (run.timed_out) {
    ::kill(-pid, SIGKILL);  // the child and whatever it started
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  ::close(sv[0]);
  if (capture_stdout) ::close(outp[0]);
  return run;
}

}  // namespace motcua::services
