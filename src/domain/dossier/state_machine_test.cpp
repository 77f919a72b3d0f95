#include "domain/dossier/state_machine.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "domain/errors.h"

namespace motcua::dossier {
namespace {

using A = Action;
using R = Actor;

// The expected table, written out independently of the implementation's rule data:
// action → {from code → to code}.
const std::map<Action, std::map<int, int>>& expected_table() {
  static const std::map<Action, std::map<int, int>> k{
      {A::accept, {{1, 2}}},
      {A::request_completion, {{1, 1}}},
      {A::refuse, {{1, 3}}},
      {A::transfer, {{2, 4}, {4, 4}}},
      {A::assign, {{4, 4}}},
      {A::consult, {{4, 4}}},
      {A::reply, {{4, 4}}},
      {A::send_back, {{4, 4}}},
      {A::submit_for_approval, {{4, 4}}},
      {A::approve, {{4, 9}}},
      {A::request_supplement, {{4, 5}}},
      {A::supply, {{5, 5}}},
      {A::accept_supplement, {{5, 4}}},
      {A::request_payment, {{4, 6}}},
      {A::record_payment, {{6, 4}}},
      {A::stop, {{2, 8}, {4, 8}, {5, 8}, {6, 8}}},
      {A::withdraw, {{1, 7}, {2, 7}, {4, 7}, {5, 7}, {6, 7}}},
      {A::confirm_withdrawal, {{7, 8}}},
      {A::apologize, {{2, 2}, {4, 4}, {5, 5}, {6, 6}}},
      {A::attach_result, {{4, 4}}},
      {A::return_result, {{9, 10}}},
  };
  return k;
}

const std::map<Action, std::set<Actor>>& expected_actors() {
  static const std::map<Action, std::set<Actor>> k{
      {A::accept, {R::desk}},
      {A::request_completion, {R::desk}},
      {A::refuse, {R::desk}},
      {A::transfer, {R::desk, R::specialist, R::leader, R::system}},
      {A::assign, {R::leader, R::specialist}},
      {A::consult, {R::specialist, R::leader}},
      {A::reply, {R::specialist, R::leader}},
      {A::send_back, {R::specialist, R::leader}},
      {A::submit_for_approval, {R::specialist}},
      {A::approve, {R::leader}},
      {A::request_supplement, {R::specialist, R::leader}},
      {A::supply, {R::applicant, R::desk, R::post}},
      {A::accept_supplement, {R::desk, R::specialist}},
      {A::request_payment, {R::specialist, R::leader, R::desk}},
      {A::record_payment, {R::desk, R::system}},
      {A::stop, {R::desk, R::specialist, R::leader, R::system}},
      {A::withdraw, {R::applicant, R::desk}},
      {A::confirm_withdrawal, {R::desk, R::specialist, R::leader}},
      {A::apologize, {R::leader}},  // Mẫu 04 is signed by the head of the solving agency
      {A::attach_result, {R::specialist, R::leader}},
      {A::return_result, {R::desk, R::post, R::system}},
  };
  return k;
}

const std::set<Action> kReasonRequired{A::refuse, A::stop, A::request_supplement, A::request_completion,
                                       A::send_back, A::apologize};

Actor some_permitted(Action a) { return *expected_actors().at(a).begin(); }

Context full() { return Context{.has_reason = true, .apologies_so_far = 0, .has_result = true}; }

TEST(DossierStateMachine, ActionNamesMatchTheApiContract) {
  const char* names[] = {"accept", "request-completion", "refuse", "transfer", "assign", "consult", "reply",
                         "send-back", "submit-for-approval", "approve", "request-supplement", "supply",
                         "accept-supplement", "request-payment", "record-payment", "stop", "withdraw",
                         "confirm-withdrawal", "apologize", "attach-result", "return-result"};
  ASSERT_EQ(std::size(names), kActionCount);
  for (std::size_t i = 0; i < kActionCount; ++i) {
    auto a = parse_action(names[i]);
    ASSERT_TRUE(a) << names[i];
    EXPECT_EQ(*a, all_actions()[i]);
    EXPECT_EQ(to_string(*a), names[i]);
    EXPECT_FALSE(label_vi(*a).empty());
  }
  EXPECT_FALSE(parse_action("request_completion"));
  EXPECT_FALSE(parse_action("Accept"));
  EXPECT_FALSE(parse_action(""));
  EXPECT_EQ(expected_table().size(), kActionCount);
}

TEST(DossierStateMachine, ActorNames) {
  for (Actor a : all_actors()) {
    EXPECT_EQ(parse_actor(to_string(a)), a);
    EXPECT_FALSE(label_vi(a).empty());
  }
  EXPECT_FALSE(parse_actor("admin"));
}

// Every action from every status 1–10: allowed → exact next status; disallowed → 409 naming the status.
TEST(DossierStateMachine, FullTransitionTable) {
  int allowed = 0, refused = 0;
  for (Action a : all_actions()) {
    const auto& row = expected_table().at(a);
    for (int n = 1; n <= 10; ++n) {
      const Status s = *status_from_code(n);
      SCOPED_TRACE(std::string(to_string(a)) + " from " + std::to_string(n));
      auto it = row.find(n);
      EXPECT_EQ(allowed_from(a, s), it != row.end());
      if (it != row.end()) {
        EXPECT_EQ(code(check(a, s, some_permitted(a), full())), it->second);
        EXPECT_EQ(code(target(a, s)), it->second);
        ++allowed;
      } else {
        // Whoever asks, and whatever the context, an illegal transition is a 409.
        for (Actor who : all_actors()) {
          try {
            check(a, s, who, Context{});
            ADD_FAILURE() << "expected a conflict";
          } catch (const DomainError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::conflict);
            EXPECT_EQ(e.code(), "illegal_transition");
            const std::string msg = e.what();
            EXPECT_NE(msg.find("Không thể"), std::string::npos) << msg;
            EXPECT_NE(msg.find("đang ở trạng thái \"" + std::string(label_vi(s)) + "\""), std::string::npos) << msg;
            EXPECT_NE(msg.find(std::string(label_vi(a))), std::string::npos) << msg;
          }
        }
        ++refused;
      }
    }
  }
  EXPECT_EQ(allowed + refused, 210);
  EXPECT_EQ(allowed, 32);  // the sum of the table rows above
}

TEST(DossierStateMachine, TerminalStatusesAllowNothing) {
  for (int n : {3, 8, 10})
    for (Actor who : all_actors()) EXPECT_TRUE(available_actions(*status_from_code(n), who).empty()) << n;
}

TEST(DossierStateMachine, ReturnedMessageExample) {
  try {
    check(A::withdraw, Status::returned, R::applicant, full());
    FAIL();
  } catch (const DomainError& e) {
    EXPECT_EQ(std::string(e.what()),
              "Không thể thực hiện thao tác \"Yêu cầu rút hồ sơ\" với hồ sơ đang ở trạng thái \"Đã trả kết quả\".");
  }
  EXPECT_THROW(check(A::withdraw, Status::resolved, R::applicant, full()), DomainError);
}

TEST(DossierStateMachineRoles, EveryActorForEveryAction) {
  for (Action a : all_actions()) {
    const Status from = *status_from_code(expected_table().at(a).begin()->first);
    for (Actor who : all_actors()) {
      SCOPED_TRACE(std::string(to_string(a)) + " by " + std::string(to_string(who)));
      const bool ok = expected_actors().at(a).count(who) > 0;
      EXPECT_EQ(permitted(a, who), ok);
      if (ok) {
        EXPECT_NO_THROW(check(a, from, who, full()));
      } else {
        try {
          check(a, from, who, full());
          ADD_FAILURE() << "expected forbidden";
        } catch (const DomainError& e) {
          EXPECT_EQ(e.kind(), ErrorKind::forbidden);
          EXPECT_EQ(e.code(), "actor_forbidden");
          EXPECT_NE(std::string(e.what()).find(std::string(label_vi(who))), std::string::npos);
        }
      }
    }
  }
}

TEST(DossierStateMachineRoles, KeyPolicies) {
  EXPECT_THROW(check(A::accept, Status::submitted, R::applicant, full()), DomainError);
  EXPECT_THROW(check(A::approve, Status::processing, R::specialist, full()), DomainError);
  EXPECT_EQ(check(A::approve, Status::processing, R::leader, full()), Status::resolved);
  EXPECT_EQ(check(A::withdraw, Status::processing, R::applicant, full()), Status::withdrawal_requested);
  EXPECT_THROW(check(A::confirm_withdrawal, Status::withdrawal_requested, R::applicant, full()), DomainError);
  EXPECT_EQ(check(A::return_result, Status::resolved, R::post, full()), Status::returned);
  EXPECT_EQ(check(A::stop, Status::supplement_requested, R::system, Context{.has_reason = true}), Status::stopped);
}

TEST(DossierStateMachineReasons, MandatoryReasonIsInvalidWhenMissing) {
  for (Action a : all_actions()) {
    SCOPED_TRACE(std::string(to_string(a)));
    const bool needs = kReasonRequired.count(a) > 0;
    EXPECT_EQ(reason_required(a), needs);
    const Status from = *status_from_code(expected_table().at(a).begin()->first);
    Context c = full();
    c.has_reason = false;
    if (!needs) {
      EXPECT_NO_THROW(check(a, from, some_permitted(a), c));
      continue;
    }
    try {
      check(a, from, some_permitted(a), c);
      ADD_FAILURE() << "expected invalid";
    } catch (const DomainError& e) {
      EXPECT_EQ(e.kind(), ErrorKind::invalid);
      EXPECT_EQ(e.code(), "reason_required");
      ASSERT_EQ(e.fields().size(), 1u);
      EXPECT_EQ(e.fields()[0].field, "reason");
    }
  }
}

TEST(DossierStateMachineReasons, StatusIsCheckedBeforeRoleBeforeReason) {
  // Wrong status, wrong role, no reason → 409 first.
  try {
    check(A::refuse, Status::processing, R::applicant, Context{});
    FAIL();
  } catch (const DomainError& e) { EXPECT_EQ(e.kind(), ErrorKind::conflict); }
  // Right status, wrong role, no reason → 403.
  try {
    check(A::refuse, Status::submitted, R::applicant, Context{});
    FAIL();
  } catch (const DomainError& e) { EXPECT_EQ(e.kind(), ErrorKind::forbidden); }
}

TEST(DossierStateMachineApology, AtMostOnce) {
  for (Status s : {Status::accepted, Status::processing, Status::supplement_requested, Status::payment_requested}) {
    Context c{.has_reason = true, .apologies_so_far = 0, .has_result = false};
    EXPECT_EQ(check(A::apologize, s, R::leader, c), s);  // no status change
    for (int k : {1, 2}) {
      c.apologies_so_far = k;
      try {
        check(A::apologize, s, R::leader, c);
        ADD_FAILURE() << "second apology accepted";
      } catch (const DomainError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::conflict);
        EXPECT_EQ(e.code(), "apology_limit");
      }
    }
  }
  EXPECT_THROW(check(A::apologize, Status::resolved, R::leader, Context{.has_reason = true}), DomainError);
}

TEST(DossierStateMachineResult, ApproveNeedsAnAttachedResult) {
  EXPECT_EQ(check(A::attach_result, Status::processing, R::specialist, Context{}), Status::processing);
  try {
    check(A::approve, Status::processing, R::leader, Context{});
    FAIL();
  } catch (const DomainError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::conflict);
    EXPECT_EQ(e.code(), "result_missing");
  }
  EXPECT_EQ(check(A::approve, Status::processing, R::leader, Context{.has_result = true}), Status::resolved);
}

TEST(DossierStateMachine, HappyPathWalk) {
  Status s = Status::submitted;
  const Context r{.has_reason = true};
  s = check(A::request_completion, s, R::desk, r);
  s = check(A::accept, s, R::desk, {});
  s = check(A::transfer, s, R::desk, {});
  s = check(A::assign, s, R::leader, {});
  s = check(A::consult, s, R::specialist, {});
  s = check(A::reply, s, R::specialist, {});
  s = check(A::request_supplement, s, R::specialist, r);
  EXPECT_EQ(s, Status::supplement_requested);
  s = check(A::supply, s, R::applicant, {});
  s = check(A::accept_supplement, s, R::desk, {});
  s = check(A::request_payment, s, R::specialist, {});
  s = check(A::record_payment, s, R::desk, {});
  s = check(A::attach_result, s, R::specialist, {});
  s = check(A::submit_for_approval, s, R::specialist, {});
  s = check(A::send_back, s, R::leader, r);
  s = check(A::submit_for_approval, s, R::specialist, {});
  s = check(A::approve, s, R::leader, Context{.has_result = true});
  EXPECT_EQ(s, Status::resolved);
  s = check(A::return_result, s, R::desk, {});
  EXPECT_EQ(s, Status::returned);
  EXPECT_TRUE(is_terminal(s));
}

TEST(DossierStateMachine, AvailableActionsFollowTable) {
  const auto v = available_actions(Status::submitted, R::desk);
  const std::set<Action> got(v.begin(), v.end());
  EXPECT_EQ(got, (std::set<Action>{A::accept, A::request_completion, A::refuse, A::withdraw}));
  const auto w = available_actions(Status::resolved, R::applicant);
  EXPECT_TRUE(w.empty());
}

TEST(DossierSubState, MapsOntoNationalStatuses) {
  for (Action a : all_actions()) {
    auto sub = substate_after(a);
    const auto& row = expected_table().at(a);
    for (auto [from, to] : row) {
      if (sub) EXPECT_EQ(code(status_of(*sub)), to) << to_string(a) << " from " << from;
      else EXPECT_EQ(from, to) << to_string(a);  // no sub-state change only where status is kept
    }
  }
  EXPECT_EQ(status_of(SubState::awaiting_approval), Status::processing);
  EXPECT_EQ(status_of(SubState::at_consulted_agency), Status::processing);
  EXPECT_EQ(status_of(SubState::supplement_received), Status::supplement_requested);
  EXPECT_EQ(to_string(SubState::awaiting_approval), "awaiting_approval");
}

}  // namespace
}  // namespace motcua::dossier
