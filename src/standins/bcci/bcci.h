// motcua-bcci, the stand-in post operator (BCCI / VNPost): what its parts share — options, the mode word, the
// JSON-lines log, the orders it holds — and the two halves: the order API (orders.cpp) and the courier that reports
// progress back to motcua with signed webhooks (courier.cpp). main.cpp has the contract of the program as a whole.
//
// Contract
// - opt: the parsed command line (main.cpp fills it before serving; read-only afterwards). Token and secret are
//   never printed or logged.
// - mode(): the first word of --control-file, read at every call; no file or an empty one → "ok".
// - log_line(rec): appends rec plus {"at": epoch ms} as one JSON line to --log (serialised by a mutex).
// - validate(body): the field errors of an order {field: message in Vietnamese}; empty when the order is valid.
// - accept(body, key): the order API's decision for one POST /orders, under the orders' mutex (see main.cpp for the
//   rule on duplicates); a new order is logged before the answer and handed to the courier by the caller.
// - list(): every order with its courier events, oldest first, and the counts {accepted, replayed, conflicts,
//   refused, down}.
// - load(): reads the orders and their acknowledged events back from --log (restart); returns the orders whose
//   courier had not finished, for start_courier.
// - note_event(tracking, event): records a courier attempt in memory (and the caller logs it).
// - start_courier(order): a detached thread walks the order through its states (courier.cpp); no-op unless
//   --secret and a callback are configured.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace motcua::standins::bcci {

struct Options {
  std::string host = "127.0.0.1", log, port_file, control_file, token, callback, callback_file, secret;
  int port = 0;
  double step_seconds = 2;
  bool courier() const { return !secret.empty() && (!callback.empty() || !callback_file.empty()); }
};
extern Options opt;

struct Order {
  std::string order_id, tracking_no, kind, idempotency_key, state = "accepted";  // state: the last one motcua acknowledged
  nlohmann::json body;
  int64_t received_at = 0;
};

struct Decision {
  int status = 0;
  nlohmann::json answer;
  bool created = false;  // a new order (the courier must start)
  Order order;
};

int64_t now_ms();
std::string mode();
void log_line(nlohmann::json rec);

nlohmann::json validate(const nlohmann::json& body);
Decision accept(const nlohmann::json& body, const std::string& idempotency_key);
void count_refused(bool down);
nlohmann::json list();
std::vector<Order> load();
void note_event(const std::string& tracking_no, const nlohmann::json& event, const std::string& acknowledged_state);

void start_courier(const Order& order);

}  // namespace motcua::standins::bcci
