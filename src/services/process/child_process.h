// Running a helper program (a virus scanner, the PKCS#11 signing helper) with bytes on its standard input, safely
// from a multi-threaded server: posix_spawn (no fork of the server's threads), no shell.
//
// Contract
//  - run_child(argv, input, timeout, capture_stdout, max_out): starts argv[0] (an absolute path; argv as given)
//    in its own process group with signals reset to default; its standard input is `input` (written while its
//    output is read, so neither side can block the other; a child that exits before reading all of it is judged
//    by its exit status alone — writing is EPIPE, never SIGPIPE); its standard output is captured when
//    capture_stdout (at most max_out bytes, the rest discarded), else /dev/null; standard error is /dev/null.
//    The environment is the server's. At `timeout` the whole process group is killed (SIGKILL).
//    Returns started (spawned), exited (normally, with exit_code), timed_out, and the captured output.
//    Never throws for the child's behaviour. Thread-safe.
//  - find_program(name): `name` when it contains '/', else its first executable match on PATH, else "".
#pragma once
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::services {

struct ChildRun {
  bool started = false, exited = false, timed_out = false;
  int exit_code = -1;
  std::string out;
};

ChildRun run_child(const std::vector<std::string>& argv, std::string_view input, std::chrono::milliseconds timeout, bool capture_stdout,
                   size_t max_out = size_t{64} << 20);

std::string find_program(const std::string& name);

}  // namespace motcua::services
