// motcua::dossier — the dossier state machine (pure; no I/O, no SQL). Every transition of every
// dossier is decided here; the service layer writes the history row and bumps the version.
//
// Contract
// - Actions are exactly the API's `POST /api/v1/dossiers/{id}/actions/{action}` names (to_string /
//   parse_action: "accept", "request-completion", …). Actors: desk (Bộ phận Một cửa), specialist
//   (chuyên viên), leader (lãnh đạo), applicant (người nộp), post (bưu chính), system (scheduled jobs,
//   online payment/delivery). Actor keys equal the accounts role names where they exist.
// - The table (from → to; "=" keeps the status; R = reason mandatory):
//     accept               1 → 2            desk
//     request-completion   1 → 1 (=)   R    desk              (Mẫu 02; clock not started)
//     refuse               1 → 3       R    desk              (Mẫu 03)
//     transfer             2 → 4, 4 → 4     desk, specialist, leader, system  (hand-over, Mẫu 06 row)
//     assign               4 → 4            leader, specialist
//     consult              4 → 4            specialist, leader (liên thông; sub-state at_consulted_agency)
//     reply                4 → 4            specialist, leader
//     send-back            4 → 4       R    specialist, leader (return to the previous step)
//     submit-for-approval  4 → 4            specialist        (sub-state awaiting_approval)
//     approve              4 → 9            leader            (needs has_result, see below)
//     request-supplement   4 → 5       R    specialist, leader (Mẫu 02; clock pauses)
//     supply               5 → 5 (=)        applicant, desk, post (sub-state supplement_received)
//     accept-supplement    5 → 4            desk, specialist  (clock resumes, new due date)
//     request-payment      4 → 6            specialist, leader, desk
//     record-payment       6 → 4            desk, system
//     stop                 2,4,5,6 → 8 R    desk, specialist, leader, system (e.g. supplement deadline missed)
//     withdraw             1,2,4,5,6 → 7    applicant, desk   (refused at 9/10; 3 is terminal)
//     confirm-withdrawal   7 → 8            desk, specialist, leader
//     apologize            2,4,5,6 (=) R    leader            (Mẫu 04, signed by the head of the solving agency; once)
//     attach-result        4 (=)            specialist, leader (uploaded result before approval)
//     return-result        9 → 10           desk, post, system (desk / post / online delivery)
//   Terminal statuses 3, 8, 10 allow nothing.
// - Decision on the result: the result document is attached while processing (attach-result at 4,
//   repeatable to replace it) and approve requires it (Context::has_result), so a dossier at 9 always
//   has a result to return. approve without it → conflict "result_missing".
// - check(action, current, actor, ctx) returns the next status or throws DomainError, checks in order:
//     1. action not allowed from `current` → conflict (409) "illegal_transition", message
//        "Không thể thực hiện thao tác \"<action label>\" với hồ sơ đang ở trạng thái \"<status label>\"."
//     2. actor not permitted → forbidden (403) "actor_forbidden". (Which actor a PERSON acts as, at which
//        agency, is decided in authority.h; this table only says which actors an action admits.)
//     3. reason mandatory and !ctx.has_reason → invalid (422) "reason_required", field "reason".
//     4. apologize with ctx.apologies_so_far >= 1 → conflict "apology_limit";
//        approve with !ctx.has_result → conflict "result_missing".
//   So an illegal transition is always 409 whoever asks; the dossier is never changed by a throw.
// - Sub-states are local refinements that always map onto one national status (status_of).
//   substate_after(action) names the sub-state an action leads to (the service stores it beside the
//   status); none of the checks above depend on it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/dossier/status.h"

namespace motcua::dossier {

enum class Action {
  accept, request_completion, refuse, transfer, assign, consult, reply, send_back, submit_for_approval,
  approve, request_supplement, supply, accept_supplement, request_payment, record_payment, stop,
  withdraw, confirm_withdrawal, apologize, attach_result, return_result,
};
inline constexpr std::size_t kActionCount = 21;
const std::array<Action, kActionCount>& all_actions() noexcept;
std::string_view to_string(Action a) noexcept;      // "request-completion"
std::optional<Action> parse_action(std::string_view s) noexcept;
std::string_view label_vi(Action a) noexcept;       // "Yêu cầu hoàn thiện hồ sơ"

enum class Actor { desk, specialist, leader, applicant, post, system };
const std::array<Actor, 6>& all_actors() noexcept;
std::string_view to_string(Actor a) noexcept;       // "desk" …
std::optional<Actor> parse_actor(std::string_view s) noexcept;
std::string_view label_vi(Actor a) noexcept;        // "Bộ phận Một cửa" …

struct Context {
  bool has_reason = false;       // a non-blank reason was given
  int apologies_so_far = 0;      // Mẫu 04 already issued for this dossier
  bool has_result = false;       // a result document is attached
};

// ---- the table as data ----
struct Rule {
  Action action;
  std::uint16_t from;                 // bit (1 << code) per allowed current status
  std::optional<Status> to;           // nullopt = keep the current status
  std::uint8_t actors;                // bit (1 << Actor) per permitted actor
  bool reason_required;
};
const Rule& rule(Action a) noexcept;
bool allowed_from(Action a, Status s) noexcept;
bool permitted(Action a, Actor who) noexcept;
bool reason_required(Action a) noexcept;
// Next status assuming the action is allowed from s (no checks).
Status target(Action a, Status s) noexcept;

// Throws DomainError as described above; returns the status after the action.
Status check(Action a, Status current, Actor who, const Context& ctx);

// Actions the actor may attempt from s (status + role only), in all_actions() order — for UI buttons.
std::vector<Action> available_actions(Status s, Actor who);

// ---- local sub-states ----
enum class SubState {
  waiting_for_desk,        // 1 submitted online
  waiting_for_completion,  // 1 request-completion issued (Mẫu 02 before acceptance)
  received,                // 2
  refused,                 // 3
  in_step,                 // 4 at a unit / specialist step
  at_consulted_agency,     // 4 consult sent, waiting for the reply
  awaiting_approval,       // 4 submitted to the leader (waiting for signature)
  waiting_for_supplement,  // 5
  supplement_received,     // 5 supplied, waiting for the desk to accept
  payment_due,             // 6
  withdrawal_requested,    // 7
  stopped,                 // 8
  result_ready,            // 9
  returned,                // 10
};
Status status_of(SubState s) noexcept;
std::string_view to_string(SubState s) noexcept;
// Sub-state after the action; nullopt = unchanged (attach-result, apologize).
std::optional<SubState> substate_after(Action a) noexcept;

}  // namespace motcua::dossier
