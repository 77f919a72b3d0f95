// Shipments of the public postal service (see shipment.h).
#include "domain/post/shipment.h"

#include <cstdio>

#include "domain/errors.h"

namespace motcua::post {

namespace {
constexpr std::string_view kNames[] = {"requested", "picked_up", "in_transit", "delivered", "failed", "returned"};
constexpr std::string_view kLabels[] = {"Chờ bưu điện nhận", "Bưu điện đã nhận", "Đang vận chuyển", "Đã phát thành công", "Phát không thành công",
                                        "Đã trả lại Bộ phận Một cửa"};
}  // namespace

std::optional<State> parse_state(std::string_view s) {
  for (int i = 0; i < 6; ++i)
    if (kNames[i] == s) return static_cast<State>(i);
  return std::nullopt;
}

std::string_view to_string(State s) { return kNames[static_cast<int>(s)]; }
std::string_view label_vi(State s) { return kLabels[static_cast<int>(s)]; }
bool final_state(State s) { return s == State::delivered || s == State::returned; }

std::vector<State> next_states(State from) {
  switch (from) {
    case State::requested: return {State::picked_up, State::failed};
    case State::picked_up: return {State::in_transit, State::delivered, State::failed};
    case State::in_transit: return {State::delivered, State::failed};
    case State::failed: return {State::in_transit, State::returned};
    case State::delivered:
    case State::returned: return {};
  }
  return {};
}

bool may_move(const accounts::Principal& who, const std::string& agency) { return who.holds(accounts::Role::post, agency); }

void check_move(State from, State to, bool has_reason) {
  bool ok = false;
  for (State s : next_states(from)) ok |= s == to;
  if (!ok)
    throw DomainError(ErrorKind::conflict, "illegal_shipment_move",
                      "Bưu gửi đang ở trạng thái \"" + std::string(label_vi(from)) + "\" không thể chuyển sang \"" + std::string(label_vi(to)) + "\".");
  if (to == State::failed && !has_reason)
    throw DomainError(ErrorKind::invalid, "reason_required", "Cần ghi lý do phát không thành công.", {{"reason", "Vui lòng nhập lý do."}});
}

namespace {
int check_digit(const char* d8) {
  static constexpr int w[] = {8, 6, 4, 2, 3, 5, 9, 7};
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += (d8[i] - '0') * w[i];
  int c = 11 - sum % 11;
  return c == 10 ? 0 : c == 11 ? 5 : c;
}
}  // namespace

std::string make_tracking(int64_t serial) {
  char d8[16];
  std::snprintf(d8, sizeof d8, "%08lld", static_cast<long long>(serial % 100'000'000));
  return std::string("EB") + d8 + std::to_string(check_digit(d8)) + "VN";
}

bool valid_tracking(std::string_view s) {
  if (s.size() != 13) return false;
  for (int i : {0, 1, 11, 12})
    if (s[i] < 'A' || s[i] > 'Z') return false;
  for (int i = 2; i < 11; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return check_digit(s.data() + 2) == s[10] - '0';
}

bool fresh(int64_t timestamp_s, int64_t now_ms) {
  const int64_t d = now_ms / 1000 - timestamp_s;
  return d <= kWebhookToleranceS && d >= -kWebhookToleranceS;
}

}  // namespace motcua::post
