#include "domain/esign/signing_rules.h"

namespace motcua::esign {

std::optional<SignPolicy> parse_policy(std::string_view s) {
  if (s == "optional") return SignPolicy::optional;
  if (s == "required") return SignPolicy::required;
  return std::nullopt;
}

SignDecision decide_signing(SignPolicy policy, const std::optional<KeyState>& key, int64_t now_ms) {
  if (!key) return policy == SignPolicy::required ? SignDecision::refuse_no_key : SignDecision::unsigned_result;
  if (key->revoked) return SignDecision::refuse_revoked;
  if (now_ms < key->not_before_ms) return SignDecision::refuse_not_yet_valid;
  if (now_ms > key->not_after_ms) return SignDecision::refuse_expired;
  return SignDecision::sign;
}

std::string message(SignDecision d) {
  switch (d) {
    case SignDecision::sign:
    case SignDecision::unsigned_result: return "";
    case SignDecision::refuse_no_key:
      return "Kết quả phải được ký số nhưng bạn chưa có chứng thư số được đăng ký trong hệ thống. Liên hệ quản trị để đăng ký chứng thư số.";
    case SignDecision::refuse_revoked:
      return "Chứng thư số của bạn đã bị thu hồi nên không thể ký kết quả. Liên hệ quản trị để đăng ký chứng thư số mới.";
    case SignDecision::refuse_not_yet_valid: return "Chứng thư số của bạn chưa đến thời điểm có hiệu lực nên chưa thể ký kết quả.";
    case SignDecision::refuse_expired:
      return "Chứng thư số của bạn đã hết hạn nên không thể ký kết quả. Liên hệ quản trị để gia hạn hoặc đăng ký chứng thư số mới.";
  }
  return "";
}

bool signable_result(std::string_view content_type) { return content_type == "application/pdf"; }

Verdict verdict(const VerifyFacts& f) {
  if (!f.found) return Verdict::unknown;
  if (!f.hash_matches || (f.signed_doc && !f.signature_valid)) return Verdict::invalid;
  if (f.revoked) return Verdict::revoked;
  return Verdict::authentic;
}

Verdict upload_verdict(const VerifyFacts& issued_match, bool has_signature, bool signature_valid) {
  if (issued_match.found) return verdict(issued_match);
  return has_signature && !signature_valid ? Verdict::invalid : Verdict::unknown;
}

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::authentic: return "authentic";
    case Verdict::revoked: return "revoked";
    case Verdict::invalid: return "invalid";
    case Verdict::unknown: return "unknown";
  }
  return "unknown";
}

std::string_view label_vi(Verdict v) {
  switch (v) {
    case Verdict::authentic: return "Văn bản xác thực: đúng văn bản do cơ quan nhà nước ban hành qua hệ thống";
    case Verdict::revoked: return "Văn bản đã bị thu hồi";
    case Verdict::invalid: return "Văn bản không hợp lệ: nội dung đã bị thay đổi hoặc chữ ký số không đúng";
    case Verdict::unknown: return "Không tìm thấy văn bản do hệ thống ban hành";
  }
  return "";
}

bool may_revoke(const accounts::Principal& who, const std::string& issuer_agency) {
  return !issuer_agency.empty() && (who.holds(accounts::Role::leader, issuer_agency) || who.holds(accounts::Role::admin, issuer_agency));
}

bool signable_slip(dossier::Slip s) noexcept { return s == dossier::Slip::apology || s == dossier::Slip::stop; }

bool may_sign_slip(const accounts::Principal& who, const std::string& solving_agency) {
  return !solving_agency.empty() && who.holds(accounts::Role::leader, solving_agency);
}

SignDecision slip_decision(const std::optional<KeyState>& key, int64_t now_ms) { return decide_signing(SignPolicy::required, key, now_ms); }

bool valid_verify_id(std::string_view s) {
  if (s.size() != 20) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace motcua::esign
