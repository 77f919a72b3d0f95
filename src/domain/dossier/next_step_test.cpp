#include "domain/dossier/next_step.h"

#include <gtest/gtest.h>

namespace motcua::dossier {
namespace {

TEST(NextStep, TheLikelyActionPerStatus) {
  using A = Action;
  EXPECT_EQ(primary(Status::submitted, {A::accept, A::request_completion, A::refuse}, false, false), A::accept);
  EXPECT_EQ(primary(Status::accepted, {A::transfer, A::stop}, false, false), A::transfer);
  EXPECT_EQ(primary(Status::processing, {A::approve, A::send_back, A::apologize}, true, false), A::approve);  // the leader
  EXPECT_EQ(primary(Status::processing, {A::attach_result, A::submit_for_approval}, true, false), A::submit_for_approval);
  EXPECT_EQ(primary(Status::processing, {A::attach_result, A::submit_for_approval}, false, false), A::attach_result);
  EXPECT_EQ(primary(Status::supplement_requested, {A::accept_supplement, A::supply}, false, true), A::accept_supplement);
  EXPECT_EQ(primary(Status::supplement_requested, {A::accept_supplement, A::supply}, false, false), std::nullopt);  // still waiting
  EXPECT_EQ(primary(Status::payment_requested, {A::record_payment}, false, false), A::record_payment);
  EXPECT_EQ(primary(Status::resolved, {A::return_result}, true, false), A::return_result);
  EXPECT_EQ(primary(Status::returned, {}, true, false), std::nullopt);
}

TEST(NextStep, NothingThePersonMayNotDo) {
  // A specialist looking at a dossier that waits for the leader: approve is not theirs.
  EXPECT_EQ(primary(Status::processing, {Action::attach_result}, true, false), std::nullopt);
  EXPECT_EQ(primary(Status::resolved, {}, true, false), std::nullopt);
}

TEST(NextStep, RefuseAndStopAreDestructive) {
  int n = 0;
  for (auto a : all_actions()) n += is_destructive(a);
  EXPECT_EQ(n, 2);
  EXPECT_TRUE(is_destructive(Action::refuse));
  EXPECT_TRUE(is_destructive(Action::stop));
}

}  // namespace
}  // namespace motcua::dossier
