// Internal to services/accounts: shared state and helpers of AccountService's implementation files.
#pragma once
#include <liboath/oath.h>

#include "domain/errors.h"
#include "domain/format.h"
#include "services/accounts/account_service.h"
#include "services/accounts/passwords.h"
#include "services/audit/audit_log.h"
#include "services/ids.h"

namespace motcua::services {

struct AccountService::Impl {
  store::Db& db;
  AgencyService& agencies;
  const notify::Outbox& outbox;
  AuditLog& audit;
  AccountsConfig cfg;
  PasswordHasher hasher;

  Impl(store::Db& d, AgencyService& a, const notify::Outbox& n, AuditLog& l, AccountsConfig c)
      : db(d), agencies(a), outbox(n), audit(l), cfg(c), hasher(c.max_concurrent_hashes, c.fast_hashing) {}

  struct UserRow {
    int64_t id = 0;
    std::string public_id, kind, username, full_name, phone, email, password_hash, totp_secret, status, id_number;
    bool national_id_verified = false;
  };
  static constexpr const char* kUserCols =
      "id, public_id, kind, username, full_name, phone, email, password_hash, totp_secret, status, id_number, national_id_verified";
  static UserRow user_from(const store::Row& r);
  std::optional<UserRow> find_user(store::Conn& c, const std::string& column, const std::string& value);
  std::vector<accounts::Grant> grants_of(store::Conn& c, int64_t user_id);
  accounts::Principal principal_of(store::Conn& c, const UserRow& u, bool second_factor);

  // One-time codes: 6 digits (8 characters for desk activation), stored hashed, 10 minutes (activation:
  // 7 days), 5 attempts.
  std::string issue_code(store::Conn& c, int64_t user_id, const std::string& purpose, int64_t now);
  void check_code(const std::string& username, const std::string& purpose, const std::string& code, const ClientInfo& client,
                  const std::function<void(store::Conn&, const UserRow&)>& on_success);
  std::string create_session(store::Conn& c, int64_t user_id, const std::string& kind, bool second_factor, const ClientInfo& client,
                             int64_t now);
  int64_t recent_failures(store::Conn& c, const std::string& scope, int64_t now);
  void audit_entry(store::Conn& c, const UserRow* u, const std::string& action, const std::string& target, const ClientInfo& client,
                   nlohmann::json detail, int64_t now);
  // Enqueues the code to the user (outbox, sensitive) in the transaction that issued it.
  void send_code(store::Conn& c, const UserRow& u, const std::string& purpose, const std::string& code, int64_t now);
};

bool totp_valid(const std::string& base32_secret, const std::string& code, int64_t now_ms);

}  // namespace motcua::services
