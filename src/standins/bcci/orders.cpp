// motcua-bcci: options, mode, log and the orders it holds (see bcci.h; the rules of the order API in main.cpp).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>

#include "domain/post/shipment.h"
#include "standins/bcci/bcci.h"

namespace motcua::standins::bcci {

namespace fs = std::filesystem;
using nlohmann::json;

Options opt;

namespace {

struct Held {
  Order order;
  json events = json::array();
  int64_t replays = 0;
  bool gave_up = false;
};

std::mutex mu, log_mu;
std::map<std::string, Held> orders;  // by tracking number
std::vector<std::string> arrival;    // tracking numbers, oldest first
int64_t n_conflicts = 0, n_refused = 0, n_down = 0;

std::string new_order_id() {
  static std::mt19937_64 rng{std::random_device{}()};
  static const char* hex = "0123456789ABCDEF";
  std::string id = "BCCI-";
  uint64_t v = rng();
  for (int i = 0; i < 12; ++i, v >>= 4) id += hex[v & 15];
  return id;
}

bool is_str(const json& o, const char* k) { return o.is_object() && o.contains(k) && o[k].is_string(); }
bool non_empty(const json& o, const char* k) { return is_str(o, k) && !o[k].get<std::string>().empty(); }

// The courier has nothing left to report for an order in this state.
bool finished(const Order& o) {
  if (o.state == "delivered" || o.state == "failed" || o.state == "returned") return true;
  return o.kind == "pickup" && o.state == "in_transit";
}

json summary(const Held& h) {
  return {{"order_id", h.order.order_id}, {"tracking_no", h.order.tracking_no}, {"kind", h.order.kind},
          {"idempotency_key", h.order.idempotency_key}, {"received_at", h.order.received_at}, {"state", h.order.state},
          {"replays", h.replays}, {"order", h.order.body}, {"events", h.events}};
}

}  // namespace

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string mode() {
  if (opt.control_file.empty() || !fs::exists(opt.control_file)) return "ok";
  std::ifstream in(opt.control_file);
  std::string w;
  in >> w;
  return w.empty() ? "ok" : w;
}

void log_line(json rec) {
  rec["at"] = now_ms();
  std::lock_guard lk(log_mu);
  std::ofstream(opt.log, std::ios::app) << rec.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
}

json validate(const json& b) {
  json errs = json::object();
  if (!b.is_object()) return {{"body", "Đơn hàng phải là một đối tượng JSON."}};
  if (!is_str(b, "tracking_no") || !post::valid_tracking(b["tracking_no"].get<std::string>()))
    errs["tracking_no"] = "Số hiệu bưu gửi phải theo chuẩn UPU S10 (13 ký tự, đúng số kiểm tra).";
  if (!is_str(b, "kind") || (b["kind"] != "delivery" && b["kind"] != "pickup")) errs["kind"] = "Loại đơn phải là delivery hoặc pickup.";
  const json sender = b.value("sender", json()), receiver = b.value("receiver", json());
  if (!non_empty(sender, "agency_code") || !non_empty(sender, "name")) errs["sender"] = "Thiếu mã hoặc tên cơ quan gửi.";
  if (!non_empty(receiver, "name")) errs["receiver.name"] = "Thiếu tên người nhận.";
  if (!non_empty(receiver, "address")) errs["receiver.address"] = "Thiếu địa chỉ.";
  if (!is_str(receiver, "phone") || receiver["phone"].get<std::string>().find_first_not_of("0123456789+ ") != std::string::npos)
    errs["receiver.phone"] = "Số điện thoại không hợp lệ.";
  if (b.contains("time_window") && !b["time_window"].is_string()) errs["time_window"] = "Khung giờ phải là chuỗi.";
  if (b.contains("dossier_code") && !b["dossier_code"].is_string()) errs["dossier_code"] = "Mã hồ sơ phải là chuỗi.";
  if (!b.contains("cod") || !b["cod"].is_number_integer() || b["cod"].get<int64_t>() < 0) errs["cod"] = "Tiền thu hộ (cod) phải là số nguyên không âm.";
  if (!is_str(b, "created_at") || b["created_at"].get<std::string>().size() < 19 || b["created_at"].get<std::string>()[10] != 'T')
    errs["created_at"] = "Thời điểm tạo đơn phải theo ISO 8601.";
  return errs;
}

Decision accept(const json& body, const std::string& key) {
  Decision d;
  const std::string tracking = body["tracking_no"].get<std::string>();
  std::lock_guard lk(mu);
  if (auto it = orders.find(tracking); it != orders.end()) {
    Held& h = it->second;
    if (h.order.idempotency_key == key) {  // the same request again (the sender crashed before recording our answer)
      ++h.replays;
      d.status = 200;
      d.answer = {{"order_id", h.order.order_id}, {"tracking_no", tracking}, {"status", "accepted"}, {"replayed", true}};
    } else {
      ++n_conflicts;
      d.status = 409;
      d.answer = {{"error", "order_exists"}, {"order_id", h.order.order_id}, {"tracking_no", tracking},
                  {"message", "Số hiệu bưu gửi " + tracking + " đã có đơn " + h.order.order_id + "."}};
    }
    log_line({{"type", d.status == 200 ? "replay" : "conflict"}, {"order_id", h.order.order_id}, {"tracking_no", tracking}, {"idempotency_key", key}});
    return d;
  }
  Order o;
  o.order_id = new_order_id();
  o.tracking_no = tracking;
  o.kind = body["kind"].get<std::string>();
  o.idempotency_key = key;
  o.body = body;
  o.received_at = now_ms();
  log_line({{"type", "order"}, {"order_id", o.order_id}, {"tracking_no", tracking}, {"kind", o.kind}, {"idempotency_key", key}, {"order", body}});
  orders[tracking] = Held{o};
  arrival.push_back(tracking);
  d.status = 201;
  d.answer = {{"order_id", o.order_id}, {"tracking_no", tracking}, {"status", "accepted"}};
  d.created = true;
  d.order = o;
  return d;
}

void count_refused(bool down) {
  std::lock_guard lk(mu);
  ++(down ? n_down : n_refused);
}

json list() {
  std::lock_guard lk(mu);
  json out = json::array();
  int64_t replays = 0;
  for (const auto& t : arrival) {
    out.push_back(summary(orders.at(t)));
    replays += orders.at(t).replays;
  }
  return {{"orders", out},
          {"counts", {{"accepted", arrival.size()}, {"replayed", replays}, {"conflicts", n_conflicts}, {"refused", n_refused}, {"down", n_down}}}};
}

void note_event(const std::string& tracking, const json& event, const std::string& acknowledged_state) {
  std::lock_guard lk(mu);
  auto it = orders.find(tracking);
  if (it == orders.end()) return;
  it->second.events.push_back(event);
  if (!acknowledged_state.empty()) it->second.order.state = acknowledged_state;
  if (event.value("result", "") == "gave_up") it->second.gave_up = true;
}

std::vector<Order> load() {
  std::ifstream in(opt.log);
  std::string line;
  std::lock_guard lk(mu);
  while (std::getline(in, line)) {
    json r = json::parse(line, nullptr, false);
    if (!r.is_object() || !is_str(r, "type") || !is_str(r, "tracking_no")) continue;
    const std::string type = r["type"], tracking = r["tracking_no"];
    if (type == "order" && !orders.count(tracking) && is_str(r, "order_id") && is_str(r, "kind")) {
      Order o;
      o.order_id = r["order_id"].get<std::string>();
      o.tracking_no = tracking;
      o.kind = r["kind"].get<std::string>();
      o.idempotency_key = r.value("idempotency_key", "");
      o.body = r.value("order", json::object());
      o.received_at = r.value("at", int64_t{0});
      orders[tracking] = Held{o};
      arrival.push_back(tracking);
    } else if (type == "event" && orders.count(tracking)) {
      Held& h = orders[tracking];
      json e = r;
      e.erase("type");
      h.events.push_back(e);
      const std::string result = r.value("result", "");
      if (result == "ok" || result == "replayed") h.order.state = r.value("state", h.order.state);
      if (result == "gave_up") h.gave_up = true;
    } else if (type == "replay" && orders.count(tracking)) {
      ++orders[tracking].replays;
    } else if (type == "conflict") {
      ++n_conflicts;
    }
  }
  std::vector<Order> unfinished;
  for (const auto& t : arrival)
    if (!orders[t].gave_up && !finished(orders[t].order)) unfinished.push_back(orders[t].order);
  return unfinished;
}

}  // namespace motcua::standins::bcci
