#include "domain/dossier/disclosure.h"

#include <gtest/gtest.h>

#include "domain/dossier/state_machine.h"

namespace motcua::dossier {
namespace {

TEST(Disclosure, InternalWorkIsHiddenFromTheApplicant) {
  for (auto k : {"transfer", "assign", "consult", "reply", "send-back", "submit-for-approval", "attach-result"})
    EXPECT_EQ(disclose_to_applicant(k), Disclosure::hidden) << k;
}

TEST(Disclosure, OfficersNotesOnPublicEventsStayInternal) {
  // "Đồng ý." on an approval, the desk's remark at acceptance: the event is shown, the note is not.
  for (auto k : {"accept", "approve", "accept-supplement", "return-result", "confirm-withdrawal"})
    EXPECT_EQ(disclose_to_applicant(k), Disclosure::event_only) << k;
}

TEST(Disclosure, ReasonsGivenToTheApplicantAreShown) {
  for (auto k : {"submit", "supply", "withdraw", "request-completion", "request-supplement", "request-payment", "refuse", "stop", "apologize",
                 "record-payment"})
    EXPECT_EQ(disclose_to_applicant(k), Disclosure::with_note) << k;
}

TEST(Disclosure, EveryActionIsDecidedAndUnknownKeysAreHidden) {
  int hidden = 0;
  for (auto a : all_actions()) hidden += disclose_to_applicant(to_string(a)) == Disclosure::hidden;
  EXPECT_EQ(hidden, 7);
  EXPECT_EQ(disclose_to_applicant("internal-note"), Disclosure::hidden);
  EXPECT_EQ(disclose_to_applicant(""), Disclosure::hidden);
}

}  // namespace
}  // namespace motcua::dossier
