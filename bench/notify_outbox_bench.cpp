// Notification throughput through the outbox with the SMTP server local (issue 11): enqueues N messages
// (100 per transaction, as changes would write them) into a fresh database, then delivers them with
// services/notify's Delivery over SMTP (libcurl) to the SMTP stand-in (motcua-smtp, Maildir with
// fsync per message) and prints enqueue and delivery rates; checks that the Maildir holds exactly N.
//   build/release/bench_notify_outbox build/release/motcua-smtp [messages=2000] [database URL, default SQLite in a temp dir]
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "domain/format.h"
#include "services/notify/delivery.h"
#include "services/notify/email.h"
#include "services/notify/outbox.h"
#include "store/migrations.h"

namespace fs = std::filesystem;
using namespace motcua;
using clk = std::chrono::steady_clock;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s MOTCUA_SMTP_BIN [messages=2000] [db_url]\n", argv[0]);
    return 2;
  }
  int n = argc > 2 ? std::atoi(argv[2]) : 2000;
  fs::path dir = fs::temp_directory_path() / ("motcua-bench-notify-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string db_url = argc > 3 ? argv[3] : (dir / "bench.db").string();
  pid_t smtp = fork();
  if (smtp == 0) {
    std::string maildir = (dir / "mail").string(), port_file = (dir / "port").string();
    execl(argv[1], argv[1], "--maildir", maildir.c_str(), "--port", "0", "--port-file", port_file.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int port = 0;
  for (int i = 0; i < 400 && !port; ++i) {
    std::ifstream in(dir / "port");
    if (!(in >> port)) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  if (!port) {
    std::fprintf(stderr, "motcua-smtp did not start\n");
    return 1;
  }
  auto db = store::open(db_url, 2);
  store::migrate(*db);
  services::notify::Outbox box(*db, {"https://dichvucong.example.vn", "Cổng Dịch vụ công"});
  auto t0 = clk::now();
  for (int i = 0; i < n; i += 100)
    db->write([&](store::Conn& c) {
      for (int j = i; j < std::min(n, i + 100); ++j) {
        services::notify::Message m;
        m.event = "dossier.accept";
        m.channel = "email";
        m.recipient = "nguoi" + std::to_string(j) + "@example.vn";
        m.subject = "Đã tiếp nhận hồ sơ H56.22-261201-" + std::to_string(j);
        m.body_text = "Hồ sơ Đăng ký khai sinh đã được tiếp nhận.\nMã hồ sơ: H56.22-261201-" + std::to_string(j) + "\nNgày hẹn trả kết quả: 03/12/2026.";
        m.key = "bench#" + std::to_string(j);
        m.dossier_code = "H56.22-261201-" + std::to_string(j);
        box.enqueue(c, m, fmt::now_ms());
      }
    });
  double enqueue_s = std::chrono::duration<double>(clk::now() - t0).count();
  services::notify::Channels channels;
  channels.add("email", services::notify::make_smtp_channel({"smtp://127.0.0.1:" + std::to_string(port), "khong-tra-loi@dvc.vn", "Cổng Dịch vụ công", "", "", false}));
  services::notify::Delivery d(*db, channels, {.owner = "bench", .batch = 50, .budget_ms = 3'600'000});
  auto t1 = clk::now();
  auto stats = d.run();
  double send_s = std::chrono::duration<double>(clk::now() - t1).count();
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir / "mail" / "new")) ++files;
  std::printf("database %s, %d messages\n", db->dialect().c_str(), n);
  std::printf("enqueue (100 per transaction): %.0f messages/s\n", n / enqueue_s);
  std::printf("delivery over SMTP to motcua-smtp: %d sent, %d retried, %d dead in %.2f s = %.0f messages/s\n", stats.sent, stats.retry, stats.dead, send_s,
              stats.sent / send_s);
  std::printf("Maildir holds %zu messages (%s)\n", files, files == static_cast<size_t>(n) ? "exactly once" : "MISMATCH");
  kill(smtp, SIGTERM);
  waitpid(smtp, nullptr, 0);
  db.reset();
  fs::remove_all(dir);
  return files == static_cast<size_t>(n) ? 0 : 1;
}
