#include "store/migrations.h"

#include <chrono>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace motcua::store {
namespace {

// Shared DDL written once with placeholders; per-dialect entries go into kSqliteOnly / kPostgresOnly.
const Migration kCommon[] = {
    {1, "platform and catalog", R"SQL(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta (key, value) VALUES ('catalog_rev', '0');

CREATE TABLE agencies (
  id {{PK}},
  code TEXT NOT NULL UNIQUE,            -- mã định danh cơ quan, e.g. 000.00.06.H56
  name TEXT NOT NULL,
  short_name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,                   -- ubnd_tinh, so, ubnd_huyen, ubnd_xa, trung_tam_phvhcc
  level TEXT NOT NULL,                  -- tinh | huyen | xa
  parent_id {{I64}} REFERENCES agencies(id),
  address TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  calendar TEXT NOT NULL DEFAULT '{}',  -- working calendar JSON
  sort_order {{I64}} NOT NULL DEFAULT 0,
  created_at {{I64}} NOT NULL
);
CREATE INDEX agencies_parent ON agencies(parent_id);

CREATE TABLE agency_units (
  id {{PK}},
  agency_id {{I64}} NOT NULL REFERENCES agencies(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                   -- mot_cua, tu_phap, van_hoa, van_phong, dia_chinh, tai_chinh …
  UNIQUE (agency_id, code)
);

CREATE TABLE procedures (
  id {{PK}},
  code TEXT NOT NULL UNIQUE,            -- national procedure code, 1.001193
  state TEXT NOT NULL,                  -- draft | active | suspended | abolished
  created_at {{I64}} NOT NULL,
  updated_at {{I64}} NOT NULL,
  row_version {{I64}} NOT NULL DEFAULT 1
);

CREATE TABLE procedure_versions (
  id {{PK}},
  procedure_id {{I64}} NOT NULL REFERENCES procedures(id),
  version_no {{I64}} NOT NULL,
  state TEXT NOT NULL,                  -- draft | published | discarded
  effective_from {{I64}},               -- epoch ms, set when published
  name TEXT NOT NULL,
  field_code TEXT NOT NULL,
  doc TEXT NOT NULL,                    -- the whole versioned procedure document (JSON)
  created_by TEXT NOT NULL,
  created_at {{I64}} NOT NULL,
  published_by TEXT,
  published_at {{I64}},
  note TEXT NOT NULL DEFAULT '',
  UNIQUE (procedure_id, version_no)
);
CREATE INDEX procedure_versions_state ON procedure_versions(state, procedure_id);

CREATE TABLE procedure_history (
  id {{PK}},
  procedure_id {{I64}} NOT NULL REFERENCES procedures(id),
  version_no {{I64}},
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT,
  actor TEXT NOT NULL,
  at {{I64}} NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX procedure_history_proc ON procedure_history(procedure_id, at);

CREATE TABLE announcements (
  id {{PK}},
  procedure_code TEXT NOT NULL,
  version_no {{I64}},
  kind TEXT NOT NULL,                   -- published | amended | suspended | resumed | abolished
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  at {{I64}} NOT NULL
);
CREATE INDEX announcements_at ON announcements(at);
)SQL"},
    {2, "accounts, sessions, audit", R"SQL(
CREATE TABLE users (
  id {{PK}},
  public_id TEXT NOT NULL UNIQUE,        -- random; the only user id that leaves the server
  kind TEXT NOT NULL,                    -- citizen | organisation | staff
  username TEXT NOT NULL UNIQUE,         -- citizen: CCCD; organisation: tax code; staff: login name
  id_number TEXT UNIQUE,                 -- số định danh cá nhân (citizens, organisation representatives)
  tax_code TEXT UNIQUE,                  -- mã số thuế (organisations)
  full_name TEXT NOT NULL,
  date_of_birth TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  representative TEXT NOT NULL DEFAULT '',
  password_hash TEXT,                    -- Argon2id (libsodium crypto_pwhash_str); NULL = no password yet
  totp_secret TEXT,                      -- base32; NULL = not enrolled
  phone_verified {{I64}} NOT NULL DEFAULT 0,
  email_verified {{I64}} NOT NULL DEFAULT 0,
  national_id_verified {{I64}} NOT NULL DEFAULT 0,  -- linked through the national identity provider
  oidc_subject TEXT UNIQUE,
  status TEXT NOT NULL,                  -- pending | active | disabled
  created_by TEXT NOT NULL DEFAULT '',
  created_at {{I64}} NOT NULL,
  updated_at {{I64}} NOT NULL
);

CREATE TABLE user_roles (
  id {{PK}},
  user_id {{I64}} NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  agency_id {{I64}} NOT NULL REFERENCES agencies(id),
  unit_code TEXT NOT NULL DEFAULT '',
  UNIQUE (user_id, role, agency_id, unit_code)
);
CREATE INDEX user_roles_agency ON user_roles(agency_id, role);

CREATE TABLE sessions (
  id {{PK}},
  token_hash TEXT NOT NULL UNIQUE,       -- SHA-256 of the opaque token; the token itself is never stored
  user_id {{I64}} NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,                    -- web | api
  second_factor {{I64}} NOT NULL DEFAULT 0,
  created_at {{I64}} NOT NULL,
  last_seen_at {{I64}} NOT NULL,
  expires_at {{I64}} NOT NULL,           -- absolute expiry
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT '',
  revoked_at {{I64}}
);
CREATE INDEX sessions_user ON sessions(user_id, revoked_at);

CREATE TABLE one_time_codes (
  id {{PK}},
  user_id {{I64}} NOT NULL REFERENCES users(id),
  purpose TEXT NOT NULL,                 -- verify_phone | verify_email | reset_password | activation
  code_hash TEXT NOT NULL,
  attempts {{I64}} NOT NULL DEFAULT 0,
  created_at {{I64}} NOT NULL,
  expires_at {{I64}} NOT NULL,
  used_at {{I64}}
);
CREATE INDEX one_time_codes_user ON one_time_codes(user_id, purpose);

CREATE TABLE auth_failures (
  id {{PK}},
  scope TEXT NOT NULL,                   -- "acct:<username>" | "ip:<address>" | "code:<user id>"
  at {{I64}} NOT NULL
);
CREATE INDEX auth_failures_scope ON auth_failures(scope, at);

CREATE TABLE oidc_flows (
  state TEXT PRIMARY KEY,
  nonce TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  return_to TEXT NOT NULL DEFAULT '/',
  created_at {{I64}} NOT NULL
);

CREATE TABLE audit_log (
  id {{PK}},
  seq {{I64}} NOT NULL UNIQUE,           -- gapless position in the chain
  at {{I64}} NOT NULL,
  actor_id {{I64}},
  actor TEXT NOT NULL,                   -- username or "system"
  action TEXT NOT NULL,                  -- login, login_failed, role_granted, procedure.publish …
  target TEXT NOT NULL DEFAULT '',
  agency TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{}',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL                     -- SHA-256 over prev_hash and the row's fields
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE TABLE audit_head (
  id {{I64}} PRIMARY KEY,
  seq {{I64}} NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
)SQL"},
    {3, "agency holiday overrides", R"SQL(
CREATE TABLE agency_holidays (
  id {{PK}},
  agency_id {{I64}} NOT NULL REFERENCES agencies(id),
  day TEXT NOT NULL,                     -- YYYY-MM-DD (local date)
  kind TEXT NOT NULL,                    -- day_off | working_day | remove
  name TEXT NOT NULL DEFAULT '',
  works_as {{I64}} NOT NULL DEFAULT 0,   -- working_day: weekday whose hours apply (0 = Monday)
  created_by TEXT NOT NULL,
  created_at {{I64}} NOT NULL,
  UNIQUE (agency_id, day)
);
INSERT INTO meta (key, value) VALUES ('calendar_rev', '0');
)SQL"},
    {4, "files", R"SQL(
CREATE TABLE files (
  id {{PK}},
  public_id TEXT NOT NULL UNIQUE,
  owner_user_id {{I64}} REFERENCES users(id),
  sha256 TEXT NOT NULL,
  size {{I64}} NOT NULL,
  content_type TEXT NOT NULL,
  original_name TEXT NOT NULL DEFAULT '',
  storage_path TEXT NOT NULL,
  created_at {{I64}} NOT NULL
);
CREATE INDEX files_owner ON files(owner_user_id, created_at);
CREATE INDEX files_sha ON files(sha256);
)SQL"},
    {5, "dossiers", R"SQL(
CREATE TABLE dossiers (
  id {{PK}},
  public_id TEXT NOT NULL UNIQUE,        -- random; URLs use it until the dossier has a code
  code TEXT UNIQUE,                      -- mã hồ sơ <agency>-<yyMMdd>-<NNNN>, set at acceptance
  procedure_id {{I64}} NOT NULL REFERENCES procedures(id),
  procedure_code TEXT NOT NULL,
  procedure_version {{I64}} NOT NULL,    -- pinned: the version the dossier was created under
  procedure_name TEXT NOT NULL,
  agency_code TEXT NOT NULL,             -- receiving agency
  applicant_user_id {{I64}} REFERENCES users(id),
  applicant_type {{I64}} NOT NULL,       -- LoaiDoiTuong 1..4
  applicant_name TEXT NOT NULL,
  applicant_id_number TEXT NOT NULL DEFAULT '',
  applicant_phone TEXT NOT NULL DEFAULT '',
  applicant_email TEXT NOT NULL DEFAULT '',
  applicant_address TEXT NOT NULL DEFAULT '',
  channel {{I64}} NOT NULL,              -- KenhThucHien 1 desk, 2 online, 3 post
  status {{I64}} NOT NULL,               -- 0 draft (local), 1..10 national TrangThaiHoSo
  delivery TEXT NOT NULL,                -- desk | post | online
  form TEXT NOT NULL DEFAULT '{}',
  submitted_at {{I64}},
  received_at {{I64}},
  due_at {{I64}},
  finished_at {{I64}},
  returned_at {{I64}},
  received_by TEXT NOT NULL DEFAULT '',
  row_version {{I64}} NOT NULL DEFAULT 1,
  created_at {{I64}} NOT NULL,
  updated_at {{I64}} NOT NULL
);
CREATE INDEX dossiers_agency_status ON dossiers(agency_code, status, due_at);
CREATE INDEX dossiers_applicant ON dossiers(applicant_user_id, created_at);
CREATE TABLE dossier_documents (
  id {{PK}},
  dossier_id {{I64}} NOT NULL REFERENCES dossiers(id),
  component_code TEXT NOT NULL,
  file_public_id TEXT NOT NULL,
  created_at {{I64}} NOT NULL
);
CREATE INDEX dossier_documents_dossier ON dossier_documents(dossier_id);
CREATE TABLE dossier_history (
  id {{PK}},
  dossier_id {{I64}} NOT NULL REFERENCES dossiers(id),
  at {{I64}} NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  from_status {{I64}} NOT NULL,
  to_status {{I64}} NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dossier_history_dossier ON dossier_history(dossier_id, at);
CREATE TABLE dossier_sequences (
  agency_code TEXT NOT NULL,
  day TEXT NOT NULL,                     -- yyMMdd (local date of reception)
  last_value {{I64}} NOT NULL,
  PRIMARY KEY (agency_code, day)
);
)SQL"},
    {6, "dossier results", R"SQL(
ALTER TABLE dossiers ADD COLUMN result_file TEXT;
ALTER TABLE dossiers ADD COLUMN apologies {{I64}} NOT NULL DEFAULT 0;
)SQL"},
    {7, "dossier processing", R"SQL(
ALTER TABLE dossiers ADD COLUMN handling_agency_code TEXT NOT NULL DEFAULT '';  -- competent agency (R16); '' = agency_code
ALTER TABLE dossiers ADD COLUMN substate TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN unit TEXT NOT NULL DEFAULT '';                  -- unit holding the dossier now
ALTER TABLE dossiers ADD COLUMN assignee TEXT NOT NULL DEFAULT '';              -- username holding it now
ALTER TABLE dossiers ADD COLUMN step_no {{I64}} NOT NULL DEFAULT 0;             -- internal-process step
ALTER TABLE dossiers ADD COLUMN step_started_at {{I64}};
ALTER TABLE dossiers ADD COLUMN paused_at {{I64}};                              -- clock stopped since (5, 6)
ALTER TABLE dossiers ADD COLUMN supplement_count {{I64}} NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN fee_amount {{I64}} NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN paid_at {{I64}};
ALTER TABLE dossiers ADD COLUMN returned_to TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN original_due_at {{I64}};                        -- appointment before Mẫu 04
ALTER TABLE dossiers ADD COLUMN received_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE dossier_history ADD COLUMN to_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE dossier_history ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
ALTER TABLE dossier_documents ADD COLUMN copy_type TEXT NOT NULL DEFAULT '';     -- original | certified | photo
ALTER TABLE dossier_documents ADD COLUMN source TEXT NOT NULL DEFAULT 'applicant'; -- applicant | desk | supplement | result
CREATE TABLE dossier_requests (
  id {{PK}},
  dossier_id {{I64}} NOT NULL REFERENCES dossiers(id),
  kind TEXT NOT NULL,                    -- completion | supplement | payment | consult | apology
  reason TEXT NOT NULL DEFAULT '',
  items TEXT NOT NULL DEFAULT '[]',      -- JSON array of strings (Mẫu 02 list)
  amount {{I64}} NOT NULL DEFAULT 0,     -- VND (payment)
  target TEXT NOT NULL DEFAULT '',       -- consulted agency code (consult)
  deadline_at {{I64}},                   -- supplement deadline / consult budget / new appointment (apology)
  created_by TEXT NOT NULL,
  created_at {{I64}} NOT NULL,
  closed_at {{I64}},
  answer TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dossier_requests_dossier ON dossier_requests(dossier_id, kind);
CREATE INDEX dossier_requests_target ON dossier_requests(target, closed_at);
CREATE INDEX dossiers_handling ON dossiers(handling_agency_code, status, due_at);
CREATE INDEX dossiers_assignee ON dossiers(assignee, status, due_at);
CREATE INDEX dossiers_received ON dossiers(agency_code, received_at);
)SQL"},
    {8, "dossier clock and scheduled jobs", R"SQL(
ALTER TABLE dossiers ADD COLUMN supplement_due_at {{I64}};                      -- deadline of the open supplement request (5)
UPDATE dossiers SET supplement_due_at = (SELECT MAX(q.deadline_at) FROM dossier_requests q WHERE q.dossier_id = dossiers.id
  AND q.kind = 'supplement' AND q.closed_at IS NULL) WHERE status = 5;
CREATE INDEX dossiers_supplement_due ON dossiers(status, supplement_due_at);
CREATE TABLE jobs (
  id {{PK}},
  kind TEXT NOT NULL,                    -- supplement_deadline | due_digest | … (services/jobs)
  job_key TEXT NOT NULL UNIQUE,          -- one row per recurring job / per idempotent one-shot job
  payload TEXT NOT NULL DEFAULT '{}',
  state TEXT NOT NULL DEFAULT 'pending', -- pending | done | dead
  run_at {{I64}} NOT NULL,               -- next run (epoch ms)
  period_ms {{I64}} NOT NULL DEFAULT 0,  -- > 0: recurring
  attempts {{I64}} NOT NULL DEFAULT 0,   -- failures since the last success
  max_attempts {{I64}} NOT NULL DEFAULT 8,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until {{I64}} NOT NULL DEFAULT 0,
  last_run_at {{I64}},
  last_ok_at {{I64}},
  last_error TEXT NOT NULL DEFAULT '',
  last_result TEXT NOT NULL DEFAULT '',
  runs {{I64}} NOT NULL DEFAULT 0,
  created_at {{I64}} NOT NULL,
  updated_at {{I64}} NOT NULL
);
CREATE INDEX jobs_due ON jobs(state, run_at);
)SQL"},
    // 9: slips print what happened. The officer's full name at the time of each event; the desk ledger
    // (Sổ theo dõi hồ sơ): one book per receiving desk (agency + unit) per local year, numbered in order
    // of receipt, and the appointment printed on the receipt (Mẫu 01). Existing dossiers are backfilled
    // in order of received_at (then id) and each book's counter continues after them.
    {9, "slips: actor names, ledger books", R"SQL(
ALTER TABLE dossier_history ADD COLUMN actor_name TEXT NOT NULL DEFAULT '';
UPDATE dossier_history SET actor_name = COALESCE((SELECT u.full_name FROM users u WHERE u.username = dossier_history.actor), '');
UPDATE dossier_history SET actor_name = 'Hệ thống' WHERE actor = 'system';
ALTER TABLE dossiers ADD COLUMN ledger_book TEXT NOT NULL DEFAULT '';            -- quyển số, e.g. MC/2026
ALTER TABLE dossiers ADD COLUMN ledger_no {{I64}};                               -- số thứ tự in that book
ALTER TABLE dossiers ADD COLUMN receipt_due_at {{I64}};                          -- appointment printed on Mẫu 01
CREATE TABLE ledger_sequences (
  agency_code TEXT NOT NULL,
  unit TEXT NOT NULL,                    -- receiving desk unit
  book_year {{I64}} NOT NULL,            -- local (UTC+7) year of reception
  last_value {{I64}} NOT NULL,
  PRIMARY KEY (agency_code, unit, book_year)
);
UPDATE dossiers SET receipt_due_at = COALESCE(original_due_at, due_at) WHERE received_at IS NOT NULL;
UPDATE dossiers SET ledger_book = n.book, ledger_no = n.rn FROM (
  SELECT id, CASE WHEN received_unit = '' THEN CAST(yr AS TEXT) ELSE received_unit || '/' || CAST(yr AS TEXT) END AS book,
         ROW_NUMBER() OVER (PARTITION BY agency_code, received_unit, yr ORDER BY received_at, id) AS rn
  FROM (SELECT id, agency_code, received_unit, received_at, {{LOCAL_YEAR(received_at)}} AS yr FROM dossiers WHERE received_at IS NOT NULL) y
) n WHERE n.id = dossiers.id;
INSERT INTO ledger_sequences (agency_code, unit, book_year, last_value)
  SELECT agency_code, received_unit, {{LOCAL_YEAR(received_at)}}, MAX(ledger_no) FROM dossiers WHERE ledger_no IS NOT NULL
  GROUP BY agency_code, received_unit, {{LOCAL_YEAR(received_at)}};
CREATE UNIQUE INDEX dossiers_ledger ON dossiers(agency_code, ledger_book, ledger_no);
)SQL"},
    // 10: the transactional outbox (services/notify): one row per message to one recipient on one channel,
    // written in the transaction of the change it tells about; delivered by the job runner with a lease.
    {10, "notification outbox", R"SQL(
CREATE TABLE outbox (
  id {{PK}},
  event TEXT NOT NULL,                   -- dossier.accept, account.code, staff.digest … (services/notify/outbox.h)
  channel TEXT NOT NULL,                 -- email | sms | zalo | log
  recipient TEXT NOT NULL,               -- address, phone number or Zalo user id
  subject TEXT NOT NULL DEFAULT '',
  body_text TEXT NOT NULL,
  body_html TEXT NOT NULL DEFAULT '',
  idempotency_key TEXT NOT NULL,         -- this occurrence of the event (e.g. dossier id + row version)
  dossier_id {{I64}},
  dossier_code TEXT NOT NULL DEFAULT '',
  agency_code TEXT NOT NULL DEFAULT '',  -- whose gateway credentials send it ('' = the deployment's)
  sensitive {{I64}} NOT NULL DEFAULT 0,  -- 1: bodies scrubbed once sent or dead (one-time codes)
  status TEXT NOT NULL DEFAULT 'pending', -- pending | sending | sent | dead
  attempts {{I64}} NOT NULL DEFAULT 0,   -- sends started (counted before each send)
  next_attempt_at {{I64}} NOT NULL,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until {{I64}} NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  provider_id TEXT NOT NULL DEFAULT '',  -- the channel's id for the message (Message-ID, gateway id)
  created_at {{I64}} NOT NULL,
  sent_at {{I64}},
  UNIQUE (event, channel, recipient, idempotency_key)
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_dossier ON outbox(dossier_id);
)SQL"},
    // 11: the periodic handling report (services/reports). The unit that solves a dossier (the last hand-over's
    // unit: `unit` returns to the desk after approval), whether a stop was a confirmed withdrawal, the online
    // ratio targets per unit kind ('' = every other unit; seed S1 II.3), and the report's index: by competent
    // agency (the expression is services/reports' kCompetent, character for character, so both databases match it)
    // and moment of entry, covering every column the report reads (no table lookups; bench/RESULTS.md). Existing
    // dossiers are backfilled from their history.
    {11, "handling report", R"SQL(
ALTER TABLE dossiers ADD COLUMN handling_unit TEXT NOT NULL DEFAULT '';          -- unit solving it (last transfer)
ALTER TABLE dossiers ADD COLUMN withdrawn_at {{I64}};                            -- withdrawal confirmed (7 → 8)
UPDATE dossiers SET handling_unit = COALESCE((SELECT h.to_unit FROM dossier_history h WHERE h.dossier_id = dossiers.id
  AND h.action = 'transfer' AND h.to_unit <> '' ORDER BY h.at DESC, h.id DESC LIMIT 1), '');
UPDATE dossiers SET withdrawn_at = finished_at WHERE status = 8 AND EXISTS (SELECT 1 FROM dossier_history h
  WHERE h.dossier_id = dossiers.id AND h.action = 'confirm-withdrawal');
CREATE TABLE online_targets (
  unit_kind TEXT PRIMARY KEY,            -- agency_units.kind; '' = every other unit
  percent {{I64}} NOT NULL               -- minimum online ratio (chỉ tiêu), 0–100
);
INSERT INTO online_targets (unit_kind, percent) VALUES ('tu_phap', 20), ('van_hoa', 50), ('', 50);
CREATE INDEX dossiers_report ON dossiers((CASE WHEN handling_agency_code = '' THEN agency_code ELSE handling_agency_code END), submitted_at,
  status, channel, finished_at, due_at, supplement_count, supplement_due_at, paused_at, withdrawn_at, handling_unit, procedure_id,
  procedure_version, procedure_code, agency_code, handling_agency_code);
)SQL"},
    // 12: a dossier gets its code when it is submitted or recorded, not when it is accepted (issue 15);
    // coded_at says when, so that a slip issued before that moment prints no number. Existing codes were
    // given at acceptance. Officers find a dossier by the applicant's identification number (an index).
    {12, "dossier code at submission", R"SQL(
ALTER TABLE dossiers ADD COLUMN coded_at {{I64}};
UPDATE dossiers SET coded_at = received_at WHERE code IS NOT NULL;
CREATE INDEX dossiers_applicant_id_number ON dossiers(applicant_id_number);  -- staff search by CCCD / tax code
)SQL"},
};

// A block {{SQLITE}}…{{/SQLITE}} or {{PG}}…{{/PG}} is kept for its dialect only (full-text DDL).
void keep_dialect_blocks(std::string& s, const std::string& keep, const std::string& drop) {
  for (size_t p = s.find("{{" + drop + "}}"); p != std::string::npos; p = s.find("{{" + drop + "}}", p)) {
    size_t e = s.find("{{/" + drop + "}}", p);
    if (e == std::string::npos) throw std::logic_error("migration: {{" + drop + "}} without its end");
    s.erase(p, e + drop.size() + 5 - p);
  }
  for (const std::string& mark : {"{{" + keep + "}}", "{{/" + keep + "}}"})
    for (size_t p = s.find(mark); p != std::string::npos; p = s.find(mark, p)) s.erase(p, mark.size());
}

std::string render(const char* sql, const std::string& dialect) {
  std::string s(sql);
  if (dialect == "sqlite") keep_dialect_blocks(s, "SQLITE", "PG");
  else keep_dialect_blocks(s, "PG", "SQLITE");
  auto sub = [&](const std::string& from, const std::string& to) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  };
  if (dialect == "sqlite") {
    sub("{{PK}}", "INTEGER PRIMARY KEY");
    sub("{{I64}}", "INTEGER");
    sub("{{WITHOUT_ROWID}}", "WITHOUT ROWID");
    sub("{{LOCAL_YEAR(received_at)}}", "CAST(strftime('%Y', (received_at + 25200000) / 1000, 'unixepoch') AS INTEGER)");
  } else {
    sub("{{PK}}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    sub("{{I64}}", "BIGINT");
    sub("{{WITHOUT_ROWID}}", "");
    sub("{{LOCAL_YEAR(received_at)}}", "CAST(EXTRACT(YEAR FROM (to_timestamp((received_at + 25200000) / 1000) AT TIME ZONE 'UTC')) AS BIGINT)");
  }
  return s;
}

}  // namespace

int schema_version(Db& db) {
  int v = 0;
  try {
    auto r = db.query("SELECT MAX(version) FROM schema_migrations");
    if (!r.rows.empty() && !r.rows[0].is_null(0)) v = static_cast<int>(r.rows[0].i64(0));
  } catch (const Error&) {
  }
  return v;
}

int migrate(Db& db) {
  db.write([](Conn& c) {
    c.exec_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at "
        "BIGINT NOT NULL)");
  });
  int applied = 0;
  std::vector<Migration> all(std::begin(kCommon), std::end(kCommon));
  const auto& later = later_migrations();
  all.insert(all.end(), later.begin(), later.end());
  for (const auto& m : all) {
    bool done = false;
    db.write([&](Conn& c) {
      auto r = c.exec("SELECT 1 FROM schema_migrations WHERE version = $1", {static_cast<int64_t>(m.version)});
      if (!r.rows.empty()) {
        done = true;
        return;
      }
      c.exec_script(render(m.sql, db.dialect()));
      c.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
             {static_cast<int64_t>(m.version), std::string(m.name),
              static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count())});
    });
    if (!done) ++applied;
  }
  return applied;
}

}  // namespace motcua::store
