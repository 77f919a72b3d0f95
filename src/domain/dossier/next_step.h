// motcua::dossier — which of the actions a person may take is the one they most likely came to do, and
// which ones are destructive (pure; no I/O). The officers' dossier page shows the first near the top and sets
// the others apart: destructive ones in their own group, behind a confirmation.
//
// Contract
// - primary(status, available, has_result, supplement_received) picks from `available` (what
//   dossier::available() allows this person now) by status:
//     1 accept · 2 transfer · 4 approve, else submit-for-approval when a result is attached, else
//     attach-result · 5 accept-supplement once the applicant supplied · 6 record-payment ·
//     7 confirm-withdrawal · 9 return-result; nullopt when that action is not available to this person
//     (e.g. a specialist looking at a dossier waiting for the leader) or the status has no obvious next step.
// - is_destructive(): refuse and stop — they end the dossier for the applicant and cannot be undone.
#pragma once

#include <optional>
#include <vector>

#include "domain/dossier/state_machine.h"
#include "domain/dossier/status.h"

namespace motcua::dossier {

std::optional<Action> primary(Status status, const std::vector<Action>& available, bool has_result, bool supplement_received);
bool is_destructive(Action a) noexcept;

}  // namespace motcua::dossier
