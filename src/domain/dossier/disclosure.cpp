#include "domain/dossier/disclosure.h"

#include "domain/dossier/state_machine.h"

namespace motcua::dossier {

Disclosure disclose_to_applicant(std::string_view key) noexcept {
  if (key == "submit") return Disclosure::with_note;
  auto a = parse_action(key);
  if (!a) return Disclosure::hidden;
  switch (*a) {
    case Action::supply:
    case Action::withdraw:
    case Action::request_completion:
    case Action::request_supplement:
    case Action::request_payment:
    case Action::refuse:
    case Action::stop:
    case Action::apologize:
    case Action::record_payment:
      return Disclosure::with_note;
    case Action::accept:
    case Action::accept_supplement:
    case Action::approve:
    case Action::return_result:
    case Action::confirm_withdrawal:
      return Disclosure::event_only;
    case Action::transfer:
    case Action::assign:
    case Action::consult:
    case Action::reply:
    case Action::send_back:
    case Action::submit_for_approval:
    case Action::attach_result:
      return Disclosure::hidden;
  }
  return Disclosure::hidden;
}

}  // namespace motcua::dossier
