#include "http/server.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include "http/middleware.h"

namespace motcua::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* hex = "0123456789abcdef";
  uint64_t v = rng();
  std::string s(16, '0');
  for (int i = 0; i < 16; ++i) s[i] = hex[(v >> (i * 4)) & 15];
  return s;
}

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

struct Session;

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  ServerConfig cfg;
  const Router& router;
  Metrics& metrics;
  asio::io_context ioc;
  asio::thread_pool pool;
  tcp::acceptor acceptor{ioc};
  asio::signal_set signals{ioc};
  std::atomic<bool> stopping{false};
  std::mutex mu;
  std::set<std::shared_ptr<Session>> sessions;

  Impl(ServerConfig c, const Router& r, Metrics& m)
      : cfg(std::move(c)), router(r), metrics(m), ioc(std::max(1, cfg.io_threads)), pool(std::max(1, cfg.workers)) {}

  asio::steady_timer shutdown_timer{ioc};
  std::chrono::steady_clock::time_point shutdown_deadline;
  // Accept errors: out of descriptors → back off (50 ms doubling to 500 ms) instead of spinning; each
  // kind of error is logged at most once per 10 s with the number of occurrences.
  asio::steady_timer accept_timer{ioc};
  int accept_backoff_ms = 0;
  std::optional<std::chrono::steady_clock::time_point> accept_logged_at;
  int64_t accept_errors_unlogged = 0;

  void accept();
  void on_accept_error(const beast::error_code& ec);
  void begin_shutdown();
  void shutdown_tick();
};

struct Session : std::enable_shared_from_this<Session> {
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser;
  std::weak_ptr<Server::Impl> server;
  Server::Impl* srv;
  std::string remote;
  std::atomic<bool> busy{false};
  bool first = true;
  std::optional<Target> target;  // the current request's decoded target (validated in on_header)
  // When the connection began waiting for a request header (µs, steady clock), 0 while a request is read,
  // handled or answered, or while it streams events. At the cap, the one waiting longest makes room.
  std::atomic<int64_t> waiting_since{0};
  std::atomic<bool> evicting{false};

  Session(tcp::socket s, std::shared_ptr<Server::Impl> impl)
      : stream(std::move(s)), server(impl), srv(impl.get()) {
    beast::error_code ec;
    auto ep = stream.socket().remote_endpoint(ec);
    if (!ec) remote = ep.address().to_string();
  }

  void start() {
    asio::dispatch(stream.get_executor(), [self = shared_from_this()] { self->guarded([&] { self->read_header(); }); });
  }

  // Nothing may escape a connection's handler: an exception anywhere in the per-request path (parsing,
  // routing, error pages, finalize, logging) is logged and the connection closed; the server keeps serving.
  template <class F>
  void guarded(F&& f) noexcept {
    try {
      f();
    } catch (const std::exception& e) {
      log_escape(e.what());
    } catch (...) {
      log_escape("unknown exception");
    }
  }

  void log_escape(const char* what) noexcept {
    try {
      spdlog::error(R"("event":"connection_error","remote":{},"error":{})", json_quote(remote), json_quote(what));
    } catch (...) {
    }
    try {
      close();
    } catch (...) {
    }
  }

  void read_header() {
    if (srv->stopping) return close();
    parser.emplace();
    parser->header_limit(static_cast<std::uint32_t>(srv->cfg.header_limit));
    // The real limit depends on the route; it is set (and Content-Length checked) once the header is in.
    parser->body_limit(boost::none);
    stream.expires_after(std::chrono::seconds(first ? srv->cfg.read_timeout_s : srv->cfg.idle_timeout_s));
    waiting_since = now_us();
    bhttp::async_read_header(stream, buffer, *parser, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->guarded([&] { self->on_header(ec); });
    });
  }

  Request minimal_request() {
    Request r;
    r.method = "GET";
    r.path = "/";
    r.remote = remote;
    r.request_id = new_request_id();
    r.started_us = now_us();
    return r;
  }

  void fail_with(int status, const std::string& code, const std::string& msg) {
    Request r = minimal_request();
    if (parser && parser->is_header_done()) {
      // The target and header values may be the invalid part: only what passes the checks is kept.
      const auto& h = parser->get();
      r.method = std::string(h.method_string());
      if (auto t = parse_target(h.target())) {
        r.target = std::string(h.target());
        r.path = std::move(t->path);
      }
      for (const auto& f : h)
        if (valid_header_value(f.value())) r.headers.emplace(std::string(f.name_string()), std::string(f.value()));
    }
    Response res = srv->router.error(r, status, code, msg);
    res.close = true;
    write(r, std::move(res), "-");
  }

  void on_header(beast::error_code ec) {
    waiting_since = 0;
    // The client left (or was evicted, or timed out) before a whole header: nothing to answer. A hang-up in
    // the middle of a header (partial_message) is a departure too, not a bad request.
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset || ec == asio::error::eof)
      return close();
    if (ec == bhttp::error::body_limit)
      return fail_with(413, "body_too_large", "Dữ liệu gửi lên vượt quá giới hạn cho phép.");
    if (ec == bhttp::error::header_limit)
      return fail_with(431, "header_too_large", "Phần đầu (header) của yêu cầu quá lớn.");
    if (ec) return fail_with(400, "bad_request", "Yêu cầu HTTP không hợp lệ.");
    first = false;
    busy = true;
    const auto& h = parser->get();
    target = parse_target(h.target());
    if (!target) return fail_with(400, "bad_target", "Địa chỉ yêu cầu không hợp lệ (ký tự không được phép hoặc không đúng mã UTF-8).");
    for (const auto& f : h)
      if (!valid_header_value(f.value()))
        return fail_with(400, "bad_header", "Phần đầu (header) của yêu cầu có ký tự điều khiển không hợp lệ.");
    size_t limit = srv->cfg.body_limit;
    Match m = srv->router.match(std::string(h.method_string()), target->path);
    if (m.route && m.route->options.body_limit) limit = m.route->options.body_limit;
    parser->body_limit(limit);
    if (auto cl = parser->content_length(); cl && *cl > limit)
      return fail_with(413, "body_too_large",
                       "Dữ liệu gửi lên quá lớn (tối đa " + std::to_string(limit / 1024) + " KB).");
    stream.expires_after(std::chrono::seconds(srv->cfg.read_timeout_s));
    bhttp::async_read(stream, buffer, *parser, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->guarded([&] { self->on_body(ec); });
    });
  }

  void on_body(beast::error_code ec) {
    if (ec == bhttp::error::body_limit)
      return fail_with(413, "body_too_large", "Dữ liệu gửi lên vượt quá giới hạn cho phép.");
    if (ec == beast::error::timeout) return fail_with(408, "timeout", "Hết thời gian chờ dữ liệu yêu cầu.");
    if (ec) return close();
    auto msg = parser->release();
    auto req = std::make_shared<Request>();
    req->method = std::string(msg.method_string());
    req->target = std::string(msg.target());
    req->path = std::move(target->path);
    req->query = std::move(target->query);
    for (const auto& f : msg) req->headers.emplace(std::string(f.name_string()), std::string(f.value()));
    req->body = std::move(msg.body());
    req->remote = remote;
    req->request_id = new_request_id();
    req->started_us = now_us();
    bool keep_alive = msg.keep_alive();

    Match m = srv->router.match(req->method, req->path);
    bool inline_io = m.route && m.route->options.inline_io;
    std::string pattern = m.route ? m.route->pattern : (m.allowed.empty() ? "unmatched" : "method_not_allowed");
    // Runs on a worker (or inline): must not throw — an exception escaping a thread-pool handler would
    // end the process. The socket is only touched on the connection's strand.
    auto run = [self = shared_from_this(), req, keep_alive, pattern, m = std::move(m)]() mutable noexcept {
      try {
        Response res;
        try {
          res = self->srv->router.dispatch(*req, std::move(m));
        } catch (...) {
          try {
            res = self->srv->router.error(*req, 500, "internal", "Hệ thống gặp lỗi khi xử lý yêu cầu.");
          } catch (...) {
            res = Response::text(500, "Hệ thống gặp lỗi khi xử lý yêu cầu.");
          }
        }
        if (!keep_alive) res.close = true;
        asio::dispatch(self->stream.get_executor(), [self, req, res = std::move(res), pattern]() mutable {
          self->guarded([&] { self->write(*req, std::move(res), pattern); });
        });
      } catch (...) {
        // Out of memory while handing the response over: the read timeout closes the connection.
      }
    };
    if (inline_io) run();
    else asio::post(srv->pool, std::move(run));
  }

  void write(const Request& req, Response res, const std::string& pattern) {
    if (res.events && res.status == 200 && req.method == "GET") return start_events(req, std::move(res), pattern);
    finalize(req, res);
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>();
    out->version(11);
    out->result(static_cast<unsigned>(res.status));
    out->reason(std::string(reason_phrase(res.status)));
    out->set(bhttp::field::server, "motcua");
    if (!(res.status == 304 || res.status == 204)) out->set(bhttp::field::content_type, res.content_type);
    for (auto& [k, v] : res.headers) out->insert(k, v);
    bool head = req.method == "HEAD";
    size_t body_size = res.body.size();
    out->body() = head ? std::string() : std::move(res.body);
    bool close_after = res.close || srv->stopping;
    out->keep_alive(!close_after);
    out->prepare_payload();
    if (head) out->content_length(body_size);

    double secs = static_cast<double>(now_us() - req.started_us) / 1e6;
    srv->metrics.observe(pattern, req.method, res.status, secs);
    // Every client-supplied string is JSON-quoted safely (invalid UTF-8 → U+FFFD; never throws).
    if (spdlog::should_log(spdlog::level::info))  // the quoted strings are only built for a line that is written
      spdlog::info(R"("event":"request","request_id":"{}","method":{},"path":{},"status":{},"ms":{:.2f},"bytes":{},"remote":{})",
                   req.request_id, json_quote(req.method), json_quote(req.path), res.status, secs * 1000, body_size, json_quote(remote));

    stream.expires_after(std::chrono::seconds(srv->cfg.read_timeout_s));
    bhttp::async_write(stream, *out, [self = shared_from_this(), out, close_after](beast::error_code ec, size_t) {
      self->guarded([&] {
        self->busy = false;
        if (ec || close_after) return self->close();
        self->read_header();
      });
    });
  }

  // ---- server-sent events (http::EventStream) ----
  std::optional<asio::steady_timer> events_timer;
  std::chrono::steady_clock::time_point events_end, events_last_write;

  void start_events(const Request& req, Response res, const std::string& pattern) {
    res.set("Cache-Control", "no-store");
    res.set("X-Accel-Buffering", "no");
    res.content_type = "text/event-stream; charset=utf-8";
    res.body.clear();
    finalize(req, res);  // the security headers; an empty body is never compressed
    auto head = std::make_shared<std::string>("HTTP/1.1 200 OK\r\nServer: motcua\r\nContent-Type: " + res.content_type + "\r\n");
    for (const auto& [k, v] : res.headers)
      if (!beast::iequals(k, "Content-Length") && !beast::iequals(k, "Content-Encoding") && !beast::iequals(k, "Connection"))
        *head += k + ": " + v + "\r\n";
    *head += "Connection: close\r\n\r\n";
    double secs = static_cast<double>(now_us() - req.started_us) / 1e6;
    srv->metrics.observe(pattern, req.method, 200, secs);
    spdlog::info(R"("event":"request","request_id":"{}","method":{},"path":{},"status":200,"ms":{:.2f},"bytes":0,"remote":{},"stream":true)",
                 req.request_id, json_quote(req.method), json_quote(req.path), secs * 1000, json_quote(remote));
    busy = false;  // a shutdown closes it like an idle connection
    auto es = res.events;
    events_end = std::chrono::steady_clock::now() + std::chrono::seconds(std::max(1, es->max_seconds));
    events_last_write = std::chrono::steady_clock::now();
    events_timer.emplace(stream.get_executor());
    stream.expires_after(std::chrono::seconds(srv->cfg.read_timeout_s));
    asio::async_write(stream, asio::buffer(*head), [self = shared_from_this(), head, es](beast::error_code ec, size_t) {
      self->guarded([&] {
        if (ec) return self->close();
        self->poll_events(es, true);
      });
    });
  }

  // Polls the stream on a worker right away (`now`) or after poll_ms; writes what it returns on the strand.
  void poll_events(std::shared_ptr<EventStream> es, bool now) {
    if (srv->stopping || std::chrono::steady_clock::now() >= events_end) return close();
    auto run = [self = shared_from_this(), es] {
      asio::post(self->srv->pool, [self, es]() noexcept {
        std::optional<std::string> data;
        try {
          data = es->poll();
        } catch (...) {
          data = std::nullopt;
        }
        try {
          asio::dispatch(self->stream.get_executor(), [self, es, data = std::move(data)]() mutable {
            self->guarded([&] { self->write_events(es, std::move(data)); });
          });
        } catch (...) {
        }
      });
    };
    if (now) return run();
    events_timer->expires_after(std::chrono::milliseconds(std::max(50, es->poll_ms)));
    events_timer->async_wait([self = shared_from_this(), run](beast::error_code ec) {
      self->guarded([&] {
        if (ec) return self->close();
        run();
      });
    });
  }

  void write_events(std::shared_ptr<EventStream> es, std::optional<std::string> data) {
    if (!data) return close();
    auto now = std::chrono::steady_clock::now();
    if (data->empty()) {
      if (now - events_last_write < std::chrono::seconds(15)) return poll_events(es, false);
      *data = ": \n\n";
    }
    events_last_write = now;
    auto chunk = std::make_shared<std::string>(std::move(*data));
    stream.expires_after(std::chrono::seconds(srv->cfg.read_timeout_s));
    asio::async_write(stream, asio::buffer(*chunk), [self = shared_from_this(), chunk, es](beast::error_code ec, size_t) {
      self->guarded([&] {
        if (ec) return self->close();
        self->poll_events(es, false);
      });
    });
  }

  // Chosen at the cap (evicting set under the server's mutex): closed if it is still waiting for a header;
  // if its request arrived meanwhile it is left alone (the cap is then exceeded by one for a moment).
  void evict() {
    if (waiting_since.load() == 0) {
      evicting = false;
      return;
    }
    close();
  }

  void close() {
    if (events_timer) events_timer->cancel();
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream.socket().close(ec);
    std::lock_guard lk(srv->mu);
    if (srv->sessions.erase(shared_from_this())) srv->metrics.connection_closed();
  }
};

void Server::Impl::accept() {
  acceptor.async_accept(asio::make_strand(ioc), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
    if (ec) {
      if (ec == asio::error::operation_aborted || self->stopping) return;
      return self->on_accept_error(ec);
    }
    self->accept_backoff_ms = 0;
    try {
      auto sess = std::make_shared<Session>(std::move(s), self);
      bool over = false;
      std::shared_ptr<Session> victim;
      {
        std::lock_guard lk(self->mu);
        if (static_cast<int>(self->sessions.size()) >= self->cfg.max_connections) {
          // At the cap: the connection that has waited longest for a request header (an idle keep-alive
          // client, or a slow one trickling its header) makes room, so slow clients cannot lock out the
          // rest; only when every connection is busy with a request is the newcomer refused.
          int64_t oldest = 0;
          for (const auto& c : self->sessions) {
            int64_t w = c->waiting_since.load();
            if (w != 0 && !c->evicting.load() && (oldest == 0 || w < oldest)) oldest = w, victim = c;
          }
          if (victim) victim->evicting = true;
          over = !victim;
        }
        self->sessions.insert(sess);
        self->metrics.connection_opened();
      }
      if (victim) {
        self->metrics.connection_evicted();
        asio::dispatch(victim->stream.get_executor(), [victim] { victim->guarded([&] { victim->evict(); }); });
      }
      if (over) {
        asio::dispatch(sess->stream.get_executor(), [sess] {
          sess->guarded([&] { sess->fail_with(503, "overloaded", "Hệ thống đang quá tải, vui lòng thử lại sau ít phút."); });
        });
      } else {
        sess->start();
      }
    } catch (const std::exception& e) {
      try {
        spdlog::error(R"("event":"accept_error","error":{})", json_quote(e.what()));
      } catch (...) {
      }
    }
    self->accept();
  });
}

void Server::Impl::on_accept_error(const beast::error_code& ec) {
  auto now = std::chrono::steady_clock::now();
  ++accept_errors_unlogged;
  const bool out_of_fds = ec == asio::error::no_descriptors || ec.value() == ENFILE || ec == asio::error::no_buffer_space ||
                          ec == asio::error::no_memory;
  if (out_of_fds) accept_backoff_ms = accept_backoff_ms == 0 ? 50 : std::min(500, accept_backoff_ms * 2);
  if (!accept_logged_at || now - *accept_logged_at >= std::chrono::seconds(10)) {
    try {
      spdlog::warn(R"("event":"accept_error","error":{},"count":{},"backoff_ms":{},"max_connections":{})",
                   json_quote(ec.message()), accept_errors_unlogged, out_of_fds ? accept_backoff_ms : 0, cfg.max_connections);
    } catch (...) {
    }
    accept_logged_at = now;
    accept_errors_unlogged = 0;
  }
  if (!out_of_fds) return accept();
  accept_timer.expires_after(std::chrono::milliseconds(accept_backoff_ms));
  accept_timer.async_wait([self = shared_from_this()](beast::error_code wec) {
    if (wec || self->stopping) return;
    self->accept();
  });
}

FdLimit raise_open_file_limit() {
  FdLimit r;
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) return r;
  auto as_long = [](rlim_t v) { return v == RLIM_INFINITY ? -1L : static_cast<long>(v); };
  r.before = as_long(rl.rlim_cur);
  r.hard = as_long(rl.rlim_max);
  if (rl.rlim_cur != rl.rlim_max) {
    rlimit want = rl;
    want.rlim_cur = rl.rlim_max;
    // An unlimited hard limit cannot be the soft limit on Linux (nr_open caps it): try a large value.
    if (want.rlim_cur == RLIM_INFINITY) want.rlim_cur = 1 << 20;
    if (::setrlimit(RLIMIT_NOFILE, &want) == 0) rl.rlim_cur = want.rlim_cur;
  }
  r.soft = as_long(rl.rlim_cur);
  return r;
}

void Server::Impl::begin_shutdown() {
  if (stopping.exchange(true)) return;
  spdlog::info(R"("event":"shutdown","message":"stopping: no new connections, finishing in-flight requests")");
  beast::error_code ec;
  acceptor.close(ec);
  accept_timer.cancel();
  signals.cancel(ec);
  std::vector<std::shared_ptr<Session>> idle;
  {
    std::lock_guard lk(mu);
    for (auto& s : sessions)
      if (!s->busy) idle.push_back(s);
  }
  for (auto& s : idle) asio::post(s->stream.get_executor(), [s] { s->close(); });
  shutdown_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(cfg.shutdown_grace_s);
  asio::post(ioc, [this] { shutdown_tick(); });
}

// Polls until every connection has closed or the grace period is over, then stops the I/O loop.
// Handlers capture `this`: Impl outlives run(), and pending handlers are dropped with the io_context.
void Server::Impl::shutdown_tick() {
  size_t n;
  {
    std::lock_guard lk(mu);
    n = sessions.size();
  }
  if (n == 0 || std::chrono::steady_clock::now() >= shutdown_deadline) {
    ioc.stop();
    return;
  }
  shutdown_timer.expires_after(std::chrono::milliseconds(20));
  shutdown_timer.async_wait([this](beast::error_code) { shutdown_tick(); });
}

Server::Server(ServerConfig cfg, const Router& router, Metrics& metrics)
    : impl_(std::make_shared<Impl>(std::move(cfg), router, metrics)) {}

Server::~Server() {
  impl_->pool.join();
}

void Server::listen() {
  auto& a = impl_->acceptor;
  tcp::endpoint ep(asio::ip::make_address(impl_->cfg.host), impl_->cfg.port);
  a.open(ep.protocol());
  a.set_option(asio::socket_base::reuse_address(true));
  beast::error_code ec;
  a.bind(ep, ec);
  if (ec) throw std::runtime_error("không thể lắng nghe tại " + impl_->cfg.host + ":" + std::to_string(impl_->cfg.port) + ": " + ec.message());
  a.listen(asio::socket_base::max_listen_connections);
}

uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::run() {
  auto impl = impl_;
  if (!impl->acceptor.is_open()) listen();
  if (impl->cfg.handle_signals) {
    impl->signals.add(SIGINT);
    impl->signals.add(SIGTERM);
    impl->signals.async_wait([impl](beast::error_code ec, int) {
      if (!ec) impl->begin_shutdown();
    });
  }
  impl->accept();
  // Handlers catch everything themselves; this loop is the last line: an exception that still escapes
  // a handler is logged and the I/O thread goes on serving.
  auto run_io = [impl] {
    for (;;) {
      try {
        impl->ioc.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error(R"("event":"io_error","error":{})", json_quote(e.what()));
      } catch (...) {
        spdlog::error(R"("event":"io_error","error":"unknown exception")");
      }
    }
  };
  std::vector<std::thread> extra;
  for (int i = 1; i < impl->cfg.io_threads; ++i) extra.emplace_back(run_io);
  run_io();
  for (auto& t : extra) t.join();
  impl->pool.join();
}

void Server::stop() {
  auto impl = impl_;
  asio::post(impl->ioc, [impl] { impl->begin_shutdown(); });
}

}  // namespace motcua::http
