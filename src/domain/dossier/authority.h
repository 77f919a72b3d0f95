// motcua::dossier — who may act on a dossier (pure; no I/O). The one place that decides whether a
// signed-in person may take an action on one dossier, and under which role; the service, the API, the
// pages' buttons and the job runner all ask it.
//
// Contract
// - Reading and acting are different rights. Reading (the service's can_read) follows the agency tree:
//   a supervisor or officer of an ancestor agency reads a commune's dossiers. ACTING needs the role AT
//   THE AGENCY THAT HOLDS THE DOSSIER AT THAT STEP (exact agency code, never an ancestor):
//     receiving agency (agency_code)    desk: accept, request-completion, refuse, transfer and stop while
//                                        the dossier is at the desk (status 2), supply, accept-supplement,
//                                        request-payment, record-payment, withdraw, confirm-withdrawal,
//                                        return-result;  post: supply, return-result
//     competent agency (handling, or the receiving agency when none)
//                                        specialist / leader as the state machine table permits, at
//                                        status 4–7 (transfer, assign, consult, send-back,
//                                        submit-for-approval, approve, request-supplement,
//                                        accept-supplement (specialist), request-payment, stop,
//                                        confirm-withdrawal, apologize (leader only: Mẫu 04 is signed
//                                        by the head of the solving agency), attach-result)
//     a consulted agency                 reply: specialist / leader of an agency with an OPEN
//                                        consultation addressed to it, and never the officer who asked
//     the applicant                      withdraw, supply: the account that owns the dossier
//   Roles supervisor, admin and catalog never act on dossiers. Actor::system is never the answer for a
//   person: scheduled jobs act as the system through their own entry point (system_may()).
// - acting_role(a, h, who) returns the state-machine actor `who` acts as, or nullopt. It does not look
//   at the status table except where the holder depends on the status (transfer/stop at 2 = desk).
// - decide(a, h, who, ctx) is the full check, in this order (so the answers are stable):
//     1. the action is not allowed from h.status            → 409 illegal_transition (check())
//     2. reply without any open consultation                → 409 no_consultation
//        acting_role is nullopt                             → 403 not_your_step
//     3. reason / apology limit / result (check())          → 422 / 409
//   and returns {actor, next status}. A throw means nothing may be written.
// - available(h, who, ctx) lists exactly the actions decide() would allow now (reason assumed given),
//   plus the UI-only rules: reply only with a consultation open for the caller's agency, supply hidden
//   from the applicant once supplied, in all_actions() order — the buttons never offer what the
//   server refuses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/accounts/principal.h"
#include "domain/dossier/state_machine.h"
#include "domain/dossier/status.h"

namespace motcua::dossier {

struct Consultation {
  std::string agency;    // consulted agency code
  std::string asked_by;  // username of the officer who asked
};

// Who holds the dossier now: what acting rights depend on.
struct Holding {
  Status status = Status::submitted;
  std::string receiving_agency;            // agency_code: the desk that received it
  std::string competent_agency;            // handling agency (R16) or the receiving agency
  int64_t applicant_user_id = 0;           // 0 = no account
  std::vector<Consultation> open_consultations;
  bool supplement_received = false;        // sub-state supplement_received (5)
};

struct Decision {
  Actor actor;
  Status next;
};

std::optional<Actor> acting_role(Action a, const Holding& h, const accounts::Principal& who);
Decision decide(Action a, const Holding& h, const accounts::Principal& who, const Context& ctx);
std::vector<Action> available(const Holding& h, const accounts::Principal& who, const Context& ctx);
// The scheduled jobs' check (actor system): illegal transition → 409, system not permitted → 403.
Status system_may(Action a, Status current, const Context& ctx);

}  // namespace motcua::dossier
