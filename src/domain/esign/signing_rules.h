// The rules of signed e-results (R22, R25) and of their public verification (xác minh), in one place: the
// approval, the dossier page, the API, the verification page and the revocation all ask these.
//
// Contract
//  - decide_signing(policy, key, now): what approving a dossier's result needs.
//      · the leader has a key (chứng thư số) registered: it must be usable at `now` — revoked → refuse_revoked,
//        now < not_before → refuse_not_yet_valid, now > not_after → refuse_expired — and then → sign
//        (a leader who has a key always signs: an unsigned result is never issued beside a signed one);
//      · no key: policy required → refuse_no_key, optional → unsigned.
//    message(decision) is the Vietnamese sentence for a refusal ("" for sign/unsigned); refusals are 409.
//  - signable_result(content_type): only a PDF result can carry an embedded (PAdES) signature.
//  - verdict(facts): the answer of the public verification, in this order:
//      not found → unknown; the bytes' SHA-256 differs from the issued one, or — for a signed document — the
//      embedded signature does not verify (or does not cover the whole file) → invalid; revoked → revoked; else
//      authentic. An unsigned issued document (a slip, kept as printed) is judged by its bytes alone.
//    upload_verdict: see below.
//    label_vi(verdict) is the headline of the page ("Văn bản xác thực" …).
//  - may_revoke(who, issuer_agency): a leader or an administrator AT the agency that issued the document (not
//    above it, not a supervisor: reading a subtree never implies acting on it).
//  - Slips (phiếu) that carry a signature: signable_slip(slip) — the apology with a new appointment (Mẫu 04)
//    and the stop notice, both letters of the solving agency. may_sign_slip(who, solving_agency): a leader AT
//    that agency. A slip is signed once per event (its apology request, its stop); slip_decision(key, now)
//    is decide_signing with policy required (a signed slip needs a usable key).
//  - valid_verify_id(s): 20 lower-case hex characters (the id printed in the QR code).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/accounts/principal.h"
#include "domain/dossier/slips.h"

namespace motcua::esign {

enum class SignPolicy { optional, required };
std::optional<SignPolicy> parse_policy(std::string_view s);  // "optional" | "required"

struct KeyState {
  int64_t not_before_ms = 0, not_after_ms = 0;
  bool revoked = false;
};

enum class SignDecision { sign, unsigned_result, refuse_no_key, refuse_revoked, refuse_not_yet_valid, refuse_expired };

SignDecision decide_signing(SignPolicy policy, const std::optional<KeyState>& key, int64_t now_ms);
std::string message(SignDecision d);
bool signable_result(std::string_view content_type);

struct VerifyFacts {
  bool found = false;            // an issued document with this id / these bytes exists
  bool hash_matches = false;     // the bytes examined are exactly the issued ones
  bool signature_valid = false;  // the embedded PAdES signature verifies and covers the whole file
  bool revoked = false;
  bool signed_doc = true;        // the issued document carries a signature (false: a slip kept as printed)
};

enum class Verdict { authentic, revoked, invalid, unknown };

Verdict verdict(const VerifyFacts& f);
// A PDF someone uploads to the check form: when its SHA-256 is that of an issued document, verdict() of
// those facts; otherwise a file that carries a signature which does not verify is invalid (a changed copy),
// anything else unknown (not issued by this system).
Verdict upload_verdict(const VerifyFacts& issued_match, bool has_signature, bool signature_valid);
std::string_view to_string(Verdict v);  // "authentic" | "revoked" | "invalid" | "unknown"
std::string_view label_vi(Verdict v);

bool may_revoke(const accounts::Principal& who, const std::string& issuer_agency);
bool signable_slip(dossier::Slip s) noexcept;
bool may_sign_slip(const accounts::Principal& who, const std::string& solving_agency);
SignDecision slip_decision(const std::optional<KeyState>& key, int64_t now_ms);
bool valid_verify_id(std::string_view s);

}  // namespace motcua::esign
