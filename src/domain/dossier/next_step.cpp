#include "domain/dossier/next_step.h"

#include <algorithm>

namespace motcua::dossier {

std::optional<Action> primary(Status status, const std::vector<Action>& available, bool has_result, bool supplement_received) {
  auto pick = [&](Action a) -> std::optional<Action> {
    if (std::find(available.begin(), available.end(), a) != available.end()) return a;
    return std::nullopt;
  };
  switch (status) {
    case Status::submitted: return pick(Action::accept);
    case Status::accepted: return pick(Action::transfer);
    case Status::processing:
      if (auto a = pick(Action::approve)) return a;
      return has_result ? pick(Action::submit_for_approval) : pick(Action::attach_result);
    case Status::supplement_requested: return supplement_received ? pick(Action::accept_supplement) : std::nullopt;
    case Status::payment_requested: return pick(Action::record_payment);
    case Status::withdrawal_requested: return pick(Action::confirm_withdrawal);
    case Status::resolved: return pick(Action::return_result);
    case Status::refused:
    case Status::stopped:
    case Status::returned: return std::nullopt;
  }
  return std::nullopt;
}

bool is_destructive(Action a) noexcept { return a == Action::refuse || a == Action::stop; }

}  // namespace motcua::dossier
