// motcua::dossier — what the applicant may see of a dossier's history (pure; no I/O). The one rule the
// dossier view (services/dossiers) applies for a reader who is not an officer, so that the citizen's page and
// the JSON the citizen can read show the same: public events only, and a note only when it is addressed to
// the applicant.
//
// Contract — disclose(action key) for an applicant:
//   with_note   the event and its note: submit, supply, withdraw (the applicant's own words), request-completion,
//               request-supplement, request-payment, refuse, stop, apologize (the reason given to the applicant),
//               record-payment (the receipt number);
//   event_only  the event without its note: accept, accept-supplement, approve (the result is ready),
//               return-result, confirm-withdrawal;
//   hidden      internal work between officers and agencies: transfer, assign, consult, reply, send-back,
//               submit-for-approval, attach-result — and any key this rule does not know (fail closed).
#pragma once

#include <string_view>

namespace motcua::dossier {

enum class Disclosure { hidden, event_only, with_note };

Disclosure disclose_to_applicant(std::string_view action_key) noexcept;

}  // namespace motcua::dossier
