// Shipments of the public postal service (dịch vụ bưu chính công ích, BCCI; issue 11) — pure rules, no I/O.
//
// Contract
// - A shipment carries a dossier's result to the applicant ("delivery") — created when a dossier whose result
//   goes by post is approved — or a dossier from the applicant to the desk ("pickup").
// - States and moves (from → to):
//     requested   → picked_up | failed          (the post collects it at the desk / at the applicant's)
//     picked_up   → in_transit | delivered | failed
//     in_transit  → delivered | failed
//     failed      → in_transit (a new attempt) | returned (back to the desk)
//   delivered and returned are final. Any other move → conflict "illegal_shipment_move". A failed move needs a
//   reason (invalid "reason_required").
// - Tracking numbers are UPU S10 (13 characters: 2 letters, 8 digits, the check digit, "VN"): make_tracking(serial)
//   builds one from an 8-digit serial with the service indicator "EB"; valid_tracking(s) checks form and check
//   digit (weights 8 6 4 2 3 5 9 7; 11 − sum mod 11, 10 → 0, 11 → 5).
// - Webhook of the post operator (signed like motcua's own webhooks, services/webhooks/webhook_channel.h):
//   fresh(timestamp, now) when the Unix-seconds timestamp is within kWebhookToleranceS of now either way.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/accounts/principal.h"

namespace motcua::post {

enum class State { requested, picked_up, in_transit, delivered, failed, returned };

std::optional<State> parse_state(std::string_view s);
std::string_view to_string(State s);
std::string_view label_vi(State s);  // "Đã phát thành công", …
bool final_state(State s);

// The states a shipment may move to from `from` (the table above), in that order.
std::vector<State> next_states(State from);
// Who may move a shipment: a post officer AT the shipment's agency (not above it; reading a subtree is not acting).
bool may_move(const accounts::Principal& who, const std::string& agency);
// Throws DomainError (conflict illegal_shipment_move / invalid reason_required) unless the move is allowed.
void check_move(State from, State to, bool has_reason);

std::string make_tracking(int64_t serial);
bool valid_tracking(std::string_view s);

inline constexpr int64_t kWebhookToleranceS = 300;
bool fresh(int64_t timestamp_s, int64_t now_ms);

}  // namespace motcua::post
