#include "http/server.h"

#include <spdlog/spdlog.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
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

  void accept();
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

  Session(tcp::socket s, std::shared_ptr<Server::Impl> impl)
      : stream(std::move(s)), server(impl), srv(impl.get()) {
    beast::error_code ec;
    auto ep = stream.socket().remote_endpoint(ec);
    if (!ec) remote = ep.address().to_string();
  }

  void start() {
    asio::dispatch(stream.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

  void read_header() {
    if (srv->stopping) return close();
    parser.emplace();
    parser->header_limit(static_cast<std::uint32_t>(srv->cfg.header_limit));
    // The real limit depends on the route; it is set (and Content-Length checked) once the header is in.
    parser->body_limit(boost::none);
    stream.expires_after(std::chrono::seconds(first ? srv->cfg.read_timeout_s : srv->cfg.idle_timeout_s));
    bhttp::async_read_header(stream, buffer, *parser,
                             [self = shared_from_this()](beast::error_code ec, size_t) { self->on_header(ec); });
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
      const auto& h = parser->get();
      r.method = std::string(h.method_string());
      r.target = std::string(h.target());
      for (const auto& f : h) r.headers.emplace(std::string(f.name_string()), std::string(f.value()));
    }
    Response res = srv->router.error(r, status, code, msg);
    res.close = true;
    write(r, std::move(res), "-");
  }

  void on_header(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof)
      return close();
    if (ec == bhttp::error::body_limit)
      return fail_with(413, "body_too_large", "Dữ liệu gửi lên vượt quá giới hạn cho phép.");
    if (ec == bhttp::error::header_limit)
      return fail_with(431, "header_too_large", "Phần đầu (header) của yêu cầu quá lớn.");
    if (ec) return fail_with(400, "bad_request", "Yêu cầu HTTP không hợp lệ.");
    first = false;
    busy = true;
    const auto& h = parser->get();
    std::string target(h.target());
    std::string path = percent_decode(target.substr(0, target.find('?')), false);
    size_t limit = srv->cfg.body_limit;
    Match m = srv->router.match(std::string(h.method_string()), path);
    if (m.route && m.route->options.body_limit) limit = m.route->options.body_limit;
    parser->body_limit(limit);
    if (auto cl = parser->content_length(); cl && *cl > limit)
      return fail_with(413, "body_too_large",
                       "Dữ liệu gửi lên quá lớn (tối đa " + std::to_string(limit / 1024) + " KB).");
    stream.expires_after(std::chrono::seconds(srv->cfg.read_timeout_s));
    bhttp::async_read(stream, buffer, *parser, [self = shared_from_this()](beast::error_code ec, size_t) { self->on_body(ec); });
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
    size_t q = req->target.find('?');
    req->path = percent_decode(req->target.substr(0, q), false);
    if (q != std::string::npos) req->query = parse_urlencoded(std::string_view(req->target).substr(q + 1));
    for (const auto& f : msg) req->headers.emplace(std::string(f.name_string()), std::string(f.value()));
    req->body = std::move(msg.body());
    req->remote = remote;
    req->request_id = new_request_id();
    req->started_us = now_us();
    bool keep_alive = msg.keep_alive();

    Match m = srv->router.match(req->method, req->path);
    bool inline_io = m.route && m.route->options.inline_io;
    std::string pattern = m.route ? m.route->pattern : (m.allowed.empty() ? "unmatched" : "method_not_allowed");
    auto run = [self = shared_from_this(), req, keep_alive, pattern]() {
      Response res;
      try {
        res = self->srv->router.dispatch(*req);
      } catch (const std::exception&) {
        res = self->srv->router.error(*req, 500, "internal", "Hệ thống gặp lỗi khi xử lý yêu cầu.");
      }
      if (!keep_alive) res.close = true;
      asio::dispatch(self->stream.get_executor(), [self, req, res = std::move(res), pattern]() mutable {
        self->write(*req, std::move(res), pattern);
      });
    };
    if (inline_io) run();
    else asio::post(srv->pool, std::move(run));
  }

  void write(const Request& req, Response res, const std::string& pattern) {
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
    spdlog::info(R"("event":"request","request_id":"{}","method":"{}","path":{},"status":{},"ms":{:.2f},"bytes":{},"remote":"{}")",
                 req.request_id, req.method, nlohmann::json(req.path).dump(), res.status, secs * 1000, body_size, remote);

    stream.expires_after(std::chrono::seconds(srv->cfg.read_timeout_s));
    bhttp::async_write(stream, *out, [self = shared_from_this(), out, close_after](beast::error_code ec, size_t) {
      self->busy = false;
      if (ec || close_after) return self->close();
      self->read_header();
    });
  }

  void close() {
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
      spdlog::warn(R"("event":"accept_error","error":"{}")", ec.message());
      return self->accept();
    }
    auto sess = std::make_shared<Session>(std::move(s), self);
    bool over = false;
    {
      std::lock_guard lk(self->mu);
      over = static_cast<int>(self->sessions.size()) >= self->cfg.max_connections;
      self->sessions.insert(sess);
      self->metrics.connection_opened();
    }
    if (over) {
      asio::dispatch(sess->stream.get_executor(), [sess] {
        sess->fail_with(503, "overloaded", "Hệ thống đang quá tải, vui lòng thử lại sau ít phút.");
      });
    } else {
      sess->start();
    }
    self->accept();
  });
}

void Server::Impl::begin_shutdown() {
  if (stopping.exchange(true)) return;
  spdlog::info(R"("event":"shutdown","message":"stopping: no new connections, finishing in-flight requests")");
  beast::error_code ec;
  acceptor.close(ec);
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
  std::vector<std::thread> extra;
  for (int i = 1; i < impl->cfg.io_threads; ++i) extra.emplace_back([impl] { impl->ioc.run(); });
  impl->ioc.run();
  for (auto& t : extra) t.join();
  impl->pool.join();
}

void Server::stop() {
  auto impl = impl_;
  asio::post(impl->ioc, [impl] { impl->begin_shutdown(); });
}

}  // namespace motcua::http
