#include "domain/esign/signing_rules.h"

#include <gtest/gtest.h>

#include "domain/text.h"

namespace motcua::esign {
namespace {

constexpr int64_t kDay = 86'400'000;

TEST(SigningRules, LeaderWithUsableKeyAlwaysSigns) {
  KeyState k{.not_before_ms = 10 * kDay, .not_after_ms = 20 * kDay, .revoked = false};
  EXPECT_EQ(decide_signing(SignPolicy::optional, k, 15 * kDay), SignDecision::sign);
  EXPECT_EQ(decide_signing(SignPolicy::required, k, 15 * kDay), SignDecision::sign);
  EXPECT_EQ(message(SignDecision::sign), "");
}

TEST(SigningRules, KeyOutsideItsValidityOrRevokedCannotSign) {
  KeyState k{.not_before_ms = 10 * kDay, .not_after_ms = 20 * kDay, .revoked = false};
  EXPECT_EQ(decide_signing(SignPolicy::optional, k, 21 * kDay), SignDecision::refuse_expired);
  EXPECT_EQ(decide_signing(SignPolicy::optional, k, 9 * kDay), SignDecision::refuse_not_yet_valid);
  k.revoked = true;
  EXPECT_EQ(decide_signing(SignPolicy::optional, k, 15 * kDay), SignDecision::refuse_revoked);  // revoked wins
  EXPECT_NE(message(SignDecision::refuse_expired).find("hết hạn"), std::string::npos);
  EXPECT_NE(message(SignDecision::refuse_revoked).find("thu hồi"), std::string::npos);
}

TEST(SigningRules, NoKeyDependsOnPolicy) {
  EXPECT_EQ(decide_signing(SignPolicy::optional, std::nullopt, 0), SignDecision::unsigned_result);
  EXPECT_EQ(decide_signing(SignPolicy::required, std::nullopt, 0), SignDecision::refuse_no_key);
  EXPECT_NE(message(SignDecision::refuse_no_key).find("chứng thư số"), std::string::npos);
  EXPECT_EQ(parse_policy("required"), SignPolicy::required);
  EXPECT_EQ(parse_policy("optional"), SignPolicy::optional);
  EXPECT_FALSE(parse_policy("Required"));
  EXPECT_TRUE(signable_result("application/pdf"));
  EXPECT_FALSE(signable_result("image/jpeg"));
}

TEST(SigningRules, VerdictOrder) {
  EXPECT_EQ(verdict({}), Verdict::unknown);
  EXPECT_EQ(verdict({.found = true, .hash_matches = true, .signature_valid = true, .revoked = false}), Verdict::authentic);
  EXPECT_EQ(verdict({.found = true, .hash_matches = true, .signature_valid = true, .revoked = true}), Verdict::revoked);
  // A changed file is invalid whether or not it was revoked: the page must not call a forgery "revoked".
  EXPECT_EQ(verdict({.found = true, .hash_matches = false, .signature_valid = true, .revoked = true}), Verdict::invalid);
  EXPECT_EQ(verdict({.found = true, .hash_matches = true, .signature_valid = false, .revoked = false}), Verdict::invalid);
  EXPECT_EQ(to_string(Verdict::revoked), "revoked");
  EXPECT_NE(label_vi(Verdict::authentic).find("xác thực"), std::string_view::npos);
}

TEST(SigningRules, UploadedCopy) {
  VerifyFacts none;
  EXPECT_EQ(upload_verdict(none, true, false), Verdict::invalid);   // one byte changed: the signature breaks
  EXPECT_EQ(upload_verdict(none, true, true), Verdict::unknown);    // signed elsewhere, not issued here
  EXPECT_EQ(upload_verdict(none, false, false), Verdict::unknown);  // an unsigned PDF
  VerifyFacts issued{.found = true, .hash_matches = true, .signature_valid = true, .revoked = true};
  EXPECT_EQ(upload_verdict(issued, true, true), Verdict::revoked);
}

TEST(SigningRules, RevokeNeedsLeaderOrAdminAtTheIssuer) {
  using accounts::Grant;
  using accounts::Role;
  accounts::Principal p;
  p.kind = accounts::Kind::staff;
  p.grants = {Grant{Role::leader, "000.00.25.H56", ""}};
  EXPECT_FALSE(may_revoke(p, "000.01.25.H56"));  // above the commune: reading, not acting
  EXPECT_TRUE(may_revoke(p, "000.00.25.H56"));
  p.grants = {Grant{Role::supervisor, "000.01.25.H56", ""}, Grant{Role::specialist, "000.01.25.H56", ""}};
  EXPECT_FALSE(may_revoke(p, "000.01.25.H56"));
  p.grants = {Grant{Role::admin, "000.01.25.H56", ""}};
  EXPECT_TRUE(may_revoke(p, "000.01.25.H56"));
  EXPECT_FALSE(may_revoke(p, ""));
}

TEST(SigningRules, AnUnsignedSlipIsJudgedByItsBytes) {
  VerifyFacts slip{.found = true, .hash_matches = true, .signature_valid = false, .revoked = false, .signed_doc = false};
  EXPECT_EQ(verdict(slip), Verdict::authentic);
  slip.hash_matches = false;
  EXPECT_EQ(verdict(slip), Verdict::invalid);
  slip.hash_matches = true;
  slip.revoked = true;
  EXPECT_EQ(verdict(slip), Verdict::revoked);
  VerifyFacts result{.found = true, .hash_matches = true, .signature_valid = false, .revoked = false, .signed_doc = true};
  EXPECT_EQ(verdict(result), Verdict::invalid);
}

TEST(SigningRules, OnlyTheSolvingAgencysLettersAreSignedByItsLeader) {
  using accounts::Grant;
  using accounts::Role;
  EXPECT_TRUE(signable_slip(dossier::Slip::apology));
  EXPECT_TRUE(signable_slip(dossier::Slip::stop));
  EXPECT_FALSE(signable_slip(dossier::Slip::receipt));
  EXPECT_FALSE(signable_slip(dossier::Slip::control));
  accounts::Principal p;
  p.kind = accounts::Kind::staff;
  p.grants = {Grant{Role::leader, "000.00.25.H56", ""}};
  EXPECT_TRUE(may_sign_slip(p, "000.00.25.H56"));
  EXPECT_FALSE(may_sign_slip(p, "000.01.25.H56"));  // another agency's letter
  p.grants = {Grant{Role::admin, "000.00.25.H56", ""}, Grant{Role::specialist, "000.00.25.H56", ""}};
  EXPECT_FALSE(may_sign_slip(p, "000.00.25.H56"));  // a letter is signed by a leader
  EXPECT_EQ(slip_decision(std::nullopt, 5), SignDecision::refuse_no_key);  // never an unsigned "signed slip"
  EXPECT_EQ(slip_decision(KeyState{0, 10, false}, 5), SignDecision::sign);
  EXPECT_EQ(slip_decision(KeyState{0, 10, true}, 5), SignDecision::refuse_revoked);
}

TEST(SigningRules, VerifyIdShape) {
  EXPECT_TRUE(valid_verify_id("0123456789abcdef0123"));
  EXPECT_FALSE(valid_verify_id("0123456789ABCDEF0123"));
  EXPECT_FALSE(valid_verify_id("0123456789abcdef012"));
  EXPECT_FALSE(valid_verify_id("../../etc/passwd...."));
}

TEST(SigningRules, MaskedHolderName) {
  EXPECT_EQ(text::mask_name("Nguyễn Văn An"), "Nguyễn V*** A***");
  EXPECT_EQ(text::mask_name("  Lê   Ánh "), "Lê Á***");
  EXPECT_EQ(text::mask_name(""), "");
}

}  // namespace
}  // namespace motcua::esign
