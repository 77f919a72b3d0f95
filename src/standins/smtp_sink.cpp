// motcua-smtp — a small SMTP server for tests and the demo (not for production mail). It accepts every
// message for every recipient and stores it as one file in a Maildir (written to tmp/, fsynced, renamed
// into new/), with Return-Path and Delivered-To headers and LF line endings.
//
//   motcua-smtp --maildir DIR [--host 127.0.0.1] [--port 2525|0] [--port-file FILE] [--down-file FILE] [--dedupe]
//
// - Speaks EHLO/HELO, MAIL FROM, RCPT TO, DATA (dot-unstuffing; 552 above 10 MiB), RSET, NOOP, VRFY, QUIT.
// - --down-file: while that file exists, every new session is answered "421 4.3.2 Service not available"
//   and closed (the mail server is "down"); remove it and the server takes mail again.
// - --dedupe: a message whose Message-ID is already in the Maildir (new/ or cur/, also from before a
//   restart) is acknowledged but not stored; one line per duplicate goes to DIR/duplicates.log. So the
//   number of files in new/ counts each message once.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <vector>

#include "standins/listen.h"

namespace fs = std::filesystem;
using motcua::standins::Conn;

namespace {

struct Options {
  std::string host = "127.0.0.1", maildir, port_file, down_file;
  int port = 2525;
  bool dedupe = false;
};

Options opt;
std::mutex mu;
std::set<std::string> seen_ids;
std::atomic<long> counter{0};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The Message-ID header's value ("" when none), from the header block of an LF-separated message.
std::string message_id(const std::string& msg) {
  size_t pos = 0;
  while (pos < msg.size()) {
    size_t end = msg.find('\n', pos);
    if (end == std::string::npos) end = msg.size();
    std::string line = msg.substr(pos, end - pos);
    if (line.empty()) break;
    if (lower(line.substr(0, 11)) == "message-id:") {
      std::string v = line.substr(11);
      while (!v.empty() && v.front() == ' ') v.erase(0, 1);
      return v;
    }
    pos = end + 1;
  }
  return "";
}

void load_seen() {
  for (const char* sub : {"new", "cur"})
    for (const auto& e : fs::directory_iterator(fs::path(opt.maildir) / sub)) {
      std::ifstream in(e.path());
      std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (auto id = message_id(all); !id.empty()) seen_ids.insert(id);
    }
}

// Returns the file name, or "" when dropped as a duplicate.
std::string store(const std::string& from, const std::vector<std::string>& rcpts, const std::string& body) {
  std::string headers = "Return-Path: <" + from + ">\n";
  for (const auto& r : rcpts) headers += "Delivered-To: " + r + "\n";
  std::string msg = headers + body;
  std::string id = message_id(body);
  std::lock_guard lk(mu);
  if (opt.dedupe && !id.empty() && !seen_ids.insert(id).second) {
    std::ofstream(fs::path(opt.maildir) / "duplicates.log", std::ios::app) << id << "\n";
    return "";
  }
  auto now = std::chrono::system_clock::now().time_since_epoch();
  // <seconds>.M<microseconds, 6 digits>P<pid>Q<counter, 8 digits>.motcua-smtp: names sort by delivery time.
  char unique[64];
  std::snprintf(unique, sizeof unique, ".M%06ldP%dQ%08ld", static_cast<long>(std::chrono::duration_cast<std::chrono::microseconds>(now).count() % 1000000),
                static_cast<int>(::getpid()), ++counter);
  std::string name = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now).count()) + unique + ".motcua-smtp";
  fs::path tmp = fs::path(opt.maildir) / "tmp" / name;
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write " + tmp.string());
  size_t off = 0;
  while (off < msg.size()) {
    ssize_t w = ::write(fd, msg.data() + off, msg.size() - off);
    if (w <= 0) break;
    off += static_cast<size_t>(w);
  }
  ::fsync(fd);
  ::close(fd);
  fs::rename(tmp, fs::path(opt.maildir) / "new" / name);
  return name;
}

std::string address(const std::string& arg) {  // "FROM:<a@b> SIZE=…" → a@b
  auto lt = arg.find('<'), gt = arg.find('>');
  if (lt != std::string::npos && gt != std::string::npos && gt > lt) return arg.substr(lt + 1, gt - lt - 1);
  auto colon = arg.find(':');
  std::string a = colon == std::string::npos ? arg : arg.substr(colon + 1);
  return a.substr(0, a.find(' '));
}

void session(int fd) {
  Conn c(fd);
  if (!opt.down_file.empty() && fs::exists(opt.down_file)) {
    c.write("421 4.3.2 Service not available\r\n");
    return;
  }
  c.write("220 motcua-smtp ESMTP ready\r\n");
  std::string line, from;
  bool have_from = false;
  std::vector<std::string> rcpts;
  while (c.line(line, 4096)) {
    std::string verb = lower(line.substr(0, 4));
    if (verb == "ehlo") {
      c.write("250-motcua-smtp\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760\r\n");
    } else if (verb == "helo") {
      c.write("250 motcua-smtp\r\n");
    } else if (verb == "mail") {
      from = address(line.substr(5));
      have_from = true;
      rcpts.clear();
      c.write("250 2.1.0 Ok\r\n");
    } else if (verb == "rcpt") {
      if (!have_from) {
        c.write("503 5.5.1 MAIL first\r\n");
        continue;
      }
      rcpts.push_back(address(line.substr(5)));
      c.write("250 2.1.5 Ok\r\n");
    } else if (verb == "data") {
      if (rcpts.empty()) {
        c.write("503 5.5.1 RCPT first\r\n");
        continue;
      }
      c.write("354 End data with <CR><LF>.<CR><LF>\r\n");
      std::string body, l;
      bool too_big = false, ended = false;
      while (c.line(l, 1 << 20)) {
        if (l == ".") {
          ended = true;
          break;
        }
        if (!l.empty() && l[0] == '.') l.erase(0, 1);  // dot-unstuffing
        if (body.size() + l.size() > (10u << 20)) too_big = true;
        if (!too_big) body += l + "\n";
      }
      if (!ended) return;
      if (too_big) {
        c.write("552 5.3.4 Message too big\r\n");
      } else {
        try {
          std::string name = store(from, rcpts, body);
          c.write("250 2.0.0 Ok: " + (name.empty() ? std::string("duplicate dropped") : "queued as " + name) + "\r\n");
        } catch (const std::exception& e) {
          c.write(std::string("451 4.3.0 ") + e.what() + "\r\n");
        }
      }
      have_from = false;
      rcpts.clear();
    } else if (verb == "rset") {
      have_from = false;
      rcpts.clear();
      c.write("250 2.0.0 Ok\r\n");
    } else if (verb == "noop") {
      c.write("250 2.0.0 Ok\r\n");
    } else if (verb == "vrfy") {
      c.write("252 2.5.2 Cannot VRFY user\r\n");
    } else if (verb == "quit") {
      c.write("221 2.0.0 Bye\r\n");
      return;
    } else {
      c.write("500 5.5.2 Command not recognized\r\n");
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    for (int i = 1; i < argc; ++i) {
      std::string a = argv[i];
      auto next = [&]() -> std::string {
        if (i + 1 >= argc) throw std::runtime_error("missing value for " + a);
        return argv[++i];
      };
      if (a == "--maildir") opt.maildir = next();
      else if (a == "--host") opt.host = next();
      else if (a == "--port") opt.port = std::stoi(next());
      else if (a == "--port-file") opt.port_file = next();
      else if (a == "--down-file") opt.down_file = next();
      else if (a == "--dedupe") opt.dedupe = true;
      else throw std::runtime_error("unknown option " + a);
    }
    if (opt.maildir.empty()) throw std::runtime_error("--maildir DIR is required");
    for (const char* sub : {"tmp", "new", "cur"}) fs::create_directories(fs::path(opt.maildir) / sub);
    load_seen();
    motcua::standins::serve_forever(opt.host, opt.port, opt.port_file, session);
  } catch (const std::exception& e) {
    std::cerr << "motcua-smtp: " << e.what() << "\n";
    return 1;
  }
}
