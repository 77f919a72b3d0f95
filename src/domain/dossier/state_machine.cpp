#include "domain/dossier/state_machine.h"

#include <string>

#include "domain/errors.h"

namespace motcua::dossier {
namespace {

constexpr std::uint16_t S(std::initializer_list<int> codes) {
  std::uint16_t m = 0;
  for (int c : codes) m = static_cast<std::uint16_t>(m | (1u << c));
  return m;
}
constexpr std::uint8_t A(std::initializer_list<Actor> actors) {
  std::uint8_t m = 0;
  for (Actor a : actors) m = static_cast<std::uint8_t>(m | (1u << static_cast<int>(a)));
  return m;
}

using enum Actor;
constexpr std::optional<Status> kKeep = std::nullopt;

// Indexed by Action; order must match the enum (checked by a static_assert loop below).
constexpr std::array<Rule, kActionCount> kRules{{
    {Action::accept, S({1}), Status::accepted, A({desk}), false},
    {Action::request_completion, S({1}), kKeep, A({desk}), true},
    {Action::refuse, S({1}), Status::refused, A({desk}), true},
    {Action::transfer, S({2, 4}), Status::processing, A({desk, specialist, leader, system}), false},
    {Action::assign, S({4}), Status::processing, A({leader, specialist}), false},
    {Action::consult, S({4}), Status::processing, A({specialist, leader}), false},
    {Action::reply, S({4}), Status::processing, A({specialist, leader}), false},
    {Action::send_back, S({4}), Status::processing, A({specialist, leader}), true},
    {Action::submit_for_approval, S({4}), Status::processing, A({specialist}), false},
    {Action::approve, S({4}), Status::resolved, A({leader}), false},
    {Action::request_supplement, S({4}), Status::supplement_requested, A({specialist, leader}), true},
    {Action::supply, S({5}), kKeep, A({applicant, desk, post}), false},
    {Action::accept_supplement, S({5}), Status::processing, A({desk, specialist}), false},
    {Action::request_payment, S({4}), Status::payment_requested, A({specialist, leader, desk}), false},
    {Action::record_payment, S({6}), Status::processing, A({desk, system}), false},
    {Action::stop, S({2, 4, 5, 6}), Status::stopped, A({desk, specialist, leader, system}), true},
    {Action::withdraw, S({1, 2, 4, 5, 6}), Status::withdrawal_requested, A({applicant, desk}), false},
    {Action::confirm_withdrawal, S({7}), Status::stopped, A({desk, specialist, leader}), false},
    {Action::apologize, S({2, 4, 5, 6}), kKeep, A({leader}), true},  // head of the solving agency (DOMAIN §3, Mẫu 04)
    {Action::attach_result, S({4}), kKeep, A({specialist, leader}), false},
    {Action::return_result, S({9}), Status::returned, A({desk, post, system}), false},
}};

constexpr bool rules_in_order() {
  for (std::size_t i = 0; i < kRules.size(); ++i)
    if (static_cast<std::size_t>(kRules[i].action) != i) return false;
  return true;
}
static_assert(rules_in_order(), "kRules must follow the Action enum order");

constexpr std::array<Action, kActionCount> kActions{
    Action::accept, Action::request_completion, Action::refuse, Action::transfer, Action::assign,
    Action::consult, Action::reply, Action::send_back, Action::submit_for_approval, Action::approve,
    Action::request_supplement, Action::supply, Action::accept_supplement, Action::request_payment,
    Action::record_payment, Action::stop, Action::withdraw, Action::confirm_withdrawal, Action::apologize,
    Action::attach_result, Action::return_result};

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace

const std::array<Action, kActionCount>& all_actions() noexcept { return kActions; }

std::string_view to_string(Action a) noexcept {
  switch (a) {
    case Action::accept: return "accept";
    case Action::request_completion: return "request-completion";
    case Action::refuse: return "refuse";
    case Action::transfer: return "transfer";
    case Action::assign: return "assign";
    case Action::consult: return "consult";
    case Action::reply: return "reply";
    case Action::send_back: return "send-back";
    case Action::submit_for_approval: return "submit-for-approval";
    case Action::approve: return "approve";
    case Action::request_supplement: return "request-supplement";
    case Action::supply: return "supply";
    case Action::accept_supplement: return "accept-supplement";
    case Action::request_payment: return "request-payment";
    case Action::record_payment: return "record-payment";
    case Action::stop: return "stop";
    case Action::withdraw: return "withdraw";
    case Action::confirm_withdrawal: return "confirm-withdrawal";
    case Action::apologize: return "apologize";
    case Action::attach_result: return "attach-result";
    case Action::return_result: return "return-result";
  }
  return "";
}

std::optional<Action> parse_action(std::string_view s) noexcept {
  for (Action a : kActions)
    if (to_string(a) == s) return a;
  return std::nullopt;
}

std::string_view label_vi(Action a) noexcept {
  switch (a) {
    case Action::accept: return "Tiếp nhận hồ sơ";
    case Action::request_completion: return "Yêu cầu hoàn thiện hồ sơ";
    case Action::refuse: return "Từ chối tiếp nhận";
    case Action::transfer: return "Chuyển xử lý";
    case Action::assign: return "Phân công xử lý";
    case Action::consult: return "Xin ý kiến phối hợp";
    case Action::reply: return "Trả lời xin ý kiến";
    case Action::send_back: return "Trả lại bước trước";
    case Action::submit_for_approval: return "Trình lãnh đạo phê duyệt";
    case Action::approve: return "Phê duyệt";
    case Action::request_supplement: return "Yêu cầu bổ sung giấy tờ";
    case Action::supply: return "Nộp bổ sung giấy tờ";
    case Action::accept_supplement: return "Tiếp nhận hồ sơ bổ sung";
    case Action::request_payment: return "Yêu cầu thực hiện nghĩa vụ tài chính";
    case Action::record_payment: return "Ghi nhận đã nộp phí, lệ phí";
    case Action::stop: return "Dừng xử lý";
    case Action::withdraw: return "Yêu cầu rút hồ sơ";
    case Action::confirm_withdrawal: return "Xác nhận rút hồ sơ";
    case Action::apologize: return "Xin lỗi và hẹn lại ngày trả kết quả";
    case Action::attach_result: return "Đính kèm kết quả";
    case Action::return_result: return "Trả kết quả";
  }
  return "";
}

const std::array<Actor, 6>& all_actors() noexcept {
  static constexpr std::array<Actor, 6> k{desk, specialist, leader, applicant, post, system};
  return k;
}

std::string_view to_string(Actor a) noexcept {
  switch (a) {
    case desk: return "desk";
    case specialist: return "specialist";
    case leader: return "leader";
    case applicant: return "applicant";
    case post: return "post";
    case system: return "system";
  }
  return "";
}

std::optional<Actor> parse_actor(std::string_view s) noexcept {
  for (Actor a : all_actors())
    if (to_string(a) == s) return a;
  return std::nullopt;
}

std::string_view label_vi(Actor a) noexcept {
  switch (a) {
    case desk: return "Bộ phận Một cửa";
    case specialist: return "Chuyên viên";
    case leader: return "Lãnh đạo";
    case applicant: return "Người nộp hồ sơ";
    case post: return "Bưu chính";
    case system: return "Hệ thống";
  }
  return "";
}

const Rule& rule(Action a) noexcept { return kRules[static_cast<std::size_t>(a)]; }

bool allowed_from(Action a, Status s) noexcept { return (rule(a).from >> code(s)) & 1u; }

bool permitted(Action a, Actor who) noexcept { return (rule(a).actors >> static_cast<int>(who)) & 1u; }

bool reason_required(Action a) noexcept { return rule(a).reason_required; }

Status target(Action a, Status s) noexcept { return rule(a).to.value_or(s); }

Status check(Action a, Status current, Actor who, const Context& ctx) {
  if (!allowed_from(a, current))
    throw DomainError(ErrorKind::conflict, "illegal_transition",
                      "Không thể thực hiện thao tác " + quoted(label_vi(a)) + " với hồ sơ đang ở trạng thái " +
                          quoted(label_vi(current)) + ".");
  if (!permitted(a, who))
    throw DomainError(ErrorKind::forbidden, "actor_forbidden",
                      "Vai trò " + quoted(label_vi(who)) + " không được thực hiện thao tác " + quoted(label_vi(a)) + ".");
  if (reason_required(a) && !ctx.has_reason)
    throw DomainError(ErrorKind::invalid, "reason_required",
                      "Vui lòng nhập lý do cho thao tác " + quoted(label_vi(a)) + ".",
                      {{"reason", "Lý do là bắt buộc."}});
  if (a == Action::apologize && ctx.apologies_so_far >= 1)
    throw DomainError(ErrorKind::conflict, "apology_limit",
                      "Hồ sơ đã có phiếu xin lỗi và hẹn lại ngày trả kết quả; chỉ được hẹn lại một lần.");
  if (a == Action::approve && !ctx.has_result)
    throw DomainError(ErrorKind::conflict, "result_missing",
                      "Chưa đính kèm kết quả giải quyết; không thể phê duyệt hồ sơ.");
  return target(a, current);
}

std::vector<Action> available_actions(Status s, Actor who) {
  std::vector<Action> out;
  for (Action a : kActions)
    if (allowed_from(a, s) && permitted(a, who)) out.push_back(a);
  return out;
}

Status status_of(SubState s) noexcept {
  switch (s) {
    case SubState::waiting_for_desk:
    case SubState::waiting_for_completion: return Status::submitted;
    case SubState::received: return Status::accepted;
    case SubState::refused: return Status::refused;
    case SubState::in_step:
    case SubState::at_consulted_agency:
    case SubState::awaiting_approval: return Status::processing;
    case SubState::waiting_for_supplement:
    case SubState::supplement_received: return Status::supplement_requested;
    case SubState::payment_due: return Status::payment_requested;
    case SubState::withdrawal_requested: return Status::withdrawal_requested;
    case SubState::stopped: return Status::stopped;
    case SubState::result_ready: return Status::resolved;
    case SubState::returned: return Status::returned;
  }
  return Status::submitted;
}

std::string_view to_string(SubState s) noexcept {
  switch (s) {
    case SubState::waiting_for_desk: return "waiting_for_desk";
    case SubState::waiting_for_completion: return "waiting_for_completion";
    case SubState::received: return "received";
    case SubState::refused: return "refused";
    case SubState::in_step: return "in_step";
    case SubState::at_consulted_agency: return "at_consulted_agency";
    case SubState::awaiting_approval: return "awaiting_approval";
    case SubState::waiting_for_supplement: return "waiting_for_supplement";
    case SubState::supplement_received: return "supplement_received";
    case SubState::payment_due: return "payment_due";
    case SubState::withdrawal_requested: return "withdrawal_requested";
    case SubState::stopped: return "stopped";
    case SubState::result_ready: return "result_ready";
    case SubState::returned: return "returned";
  }
  return "";
}

std::optional<SubState> substate_after(Action a) noexcept {
  switch (a) {
    case Action::accept: return SubState::received;
    case Action::request_completion: return SubState::waiting_for_completion;
    case Action::refuse: return SubState::refused;
    case Action::transfer:
    case Action::assign:
    case Action::reply:
    case Action::send_back:
    case Action::accept_supplement:
    case Action::record_payment: return SubState::in_step;
    case Action::consult: return SubState::at_consulted_agency;
    case Action::submit_for_approval: return SubState::awaiting_approval;
    case Action::approve: return SubState::result_ready;
    case Action::request_supplement: return SubState::waiting_for_supplement;
    case Action::supply: return SubState::supplement_received;
    case Action::request_payment: return SubState::payment_due;
    case Action::stop:
    case Action::confirm_withdrawal: return SubState::stopped;
    case Action::withdraw: return SubState::withdrawal_requested;
    case Action::apologize:
    case Action::attach_result: return std::nullopt;
    case Action::return_result: return SubState::returned;
  }
  return std::nullopt;
}

}  // namespace motcua::dossier
