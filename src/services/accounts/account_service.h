// Accounts: citizens, organisations and staff; passwords, sessions, one-time codes, lockout, TOTP,
// roles. Every state change writes an audit entry in the same transaction (services/audit).
//
// Contract:
//  - register_citizen / register_organisation validate everything first (CCCD structure, tax code,
//    password rules) and throw DomainError(invalid) with field errors; nothing is written then. The new
//    account is pending until its phone or e-mail is verified with a one-time code; every code is
//    enqueued in the notification outbox (services/notify) in the transaction that issues it.
//  - login(): refuses without computing a hash when the account or the client IP has too many recent
//    failures (5 per account / 20 per IP in 15 minutes → DomainError(rate_limited)); otherwise verifies
//    the Argon2id hash (at most `max_concurrent_hashes` at once), the TOTP code when the account has one
//    (mandatory for admin and leader unless demo mode), and creates a server-side session. The token is
//    returned once; only its SHA-256 is stored.
//  - authenticate(token): the session's principal, sliding the idle expiry; nullopt when unknown,
//    revoked, idle for longer than idle_timeout or past the absolute expiry.
//  - link_national_identity(): sign-in through the national identity provider (OIDC): links the account
//    whose id_number equals the verified identity, or creates a citizen account, marks it
//    national_id_verified and returns a session.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/accounts/principal.h"
#include "services/agencies/agency_service.h"
#include "services/notify/outbox.h"
#include "domain/catalog/prefill.h"
#include "store/db.h"

namespace motcua::services {

struct AccountsConfig {
  int64_t idle_timeout_ms = 30 * 60 * 1000;        // 30 minutes without activity
  int64_t absolute_timeout_ms = 12 * 3600 * 1000;  // 12 hours after sign-in
  int64_t api_token_timeout_ms = 12 * 3600 * 1000;
  bool demo_mode = false;         // TOTP not required; demo accounts allowed
  bool fast_hashing = false;      // tests: Argon2id with minimal cost
  int max_concurrent_hashes = 2;  // Argon2id uses 64 MiB each
};

struct ClientInfo {
  std::string ip, user_agent;
};

struct LoginResult {
  std::string token;  // opaque, returned once
  accounts::Principal principal;
  bool needs_totp_enrollment = false;  // admin/leader without TOTP: must enroll before staff pages
};

struct SessionInfo {
  std::string id;  // public handle (hash prefix), for the session list and revoke
  std::string kind, ip, user_agent;
  int64_t created_at = 0, last_seen_at = 0, expires_at = 0;
  bool current = false;
};

class AuditLog;

class AccountService {
 public:
  AccountService(store::Db& db, AgencyService& agencies, const notify::Outbox& outbox, AuditLog& audit, AccountsConfig cfg);

  // Self-registration (citizens, organisations). Returns the public id; sends a verification code.
  std::string register_citizen(const nlohmann::json& in, const ClientInfo& client);
  std::string register_organisation(const nlohmann::json& in, const ClientInfo& client);
  // Verifies a one-time code (purpose verify_phone / verify_email / activation) and activates.
  void verify_code(const std::string& username, const std::string& purpose, const std::string& code, const ClientInfo& client);
  void resend_code(const std::string& username, const std::string& purpose, const ClientInfo& client);

  LoginResult login(const std::string& username, const std::string& password, const std::string& otp,
                    const std::string& kind, const ClientInfo& client);  // kind: "web" | "api"
  std::optional<accounts::Principal> authenticate(const std::string& token, std::string* session_id = nullptr);
  void logout(const std::string& token, const ClientInfo& client);
  void logout_everywhere(int64_t user_id, const ClientInfo& client);
  std::vector<SessionInfo> sessions(int64_t user_id, const std::string& current_token);
  void revoke_session(int64_t user_id, const std::string& session_id, const ClientInfo& client);

  // Password reset by a code sent to the verified phone/e-mail.
  void request_password_reset(const std::string& username, const ClientInfo& client);
  void reset_password(const std::string& username, const std::string& code, const std::string& new_password, const ClientInfo& client);
  void change_password(int64_t user_id, const std::string& old_password, const std::string& new_password, const ClientInfo& client);

  // TOTP (staff). begin returns the base32 secret and otpauth:// URI; confirm stores it after one valid code.
  std::pair<std::string, std::string> begin_totp(int64_t user_id);
  // Marks only the session presenting `current_token` ("" = none) as having passed the second factor.
  void confirm_totp(int64_t user_id, const std::string& secret, const std::string& code, const ClientInfo& client,
                    const std::string& current_token = "");

  // Staff administration (scope checks are the caller's: policy users.admin).
  std::string create_staff(const nlohmann::json& in, const accounts::Principal& by, const ClientInfo& client);
  void set_roles(const std::string& public_id, const std::vector<accounts::Grant>& grants, const accounts::Principal& by,
                 const ClientInfo& client);
  void set_status(const std::string& public_id, const std::string& status, const accounts::Principal& by, const ClientInfo& client);
  // Desk: account for a walk-in citizen (R12). Returns the one-time activation code to hand over.
  std::string create_citizen_at_desk(const nlohmann::json& in, const accounts::Principal& by, const ClientInfo& client);
  // Desk: account recovery for a citizen who lost their phone (identity checked in person against the
  // CCCD card). Optionally records a new phone number; signs out all sessions; returns an 8-digit
  // activation code with which the citizen sets a new password at /kich-hoat.
  std::string recover_at_desk(const std::string& id_number, const std::string& new_phone, const accounts::Principal& by,
                              const ClientInfo& client);

  // Sign-in through the national identity provider: id_number and name come from a verified ID token.
  LoginResult link_national_identity(const std::string& subject, const std::string& id_number, const std::string& full_name,
                                     const ClientInfo& client);

  nlohmann::json user_json(const std::string& public_id);
  // What the account says about its holder, for prefilling e-forms (domain/catalog/prefill.h); empty facts
  // for an unknown id. An organisation's full name is its name; its representative is the person.
  catalog::AccountFacts account_facts(int64_t user_id);
  nlohmann::json list_users(const std::string& agency_scope, const std::string& q, int page, int per_page, int* total);
  std::optional<accounts::Principal> principal_by_username(const std::string& username);

  // Demo loader: creates the README's demo accounts (password demo1234) if missing.
  void create_demo_accounts();

 public:
  struct Impl;  // defined in account_impl.h (shared by the implementation files)

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace motcua::services
