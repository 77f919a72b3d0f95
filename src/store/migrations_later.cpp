// Migrations 13 and later (fees and payments, signing and verification, national sync, webhooks, the personal data
// store, the e-archive), kept apart from migrations.cpp by size; migrate() applies kCommon then these, in order.
#include "store/migrations.h"

namespace motcua::store {

const std::vector<Migration>& later_migrations() {
  static const std::vector<Migration> m = {
    // 13: fees and payments (services/payments, issue 10). dossier_fees: what a dossier owes, one row per fee line
    // (schedule at submission, or a status-6 notice); payments: one row per attempt (gateway txn_ref) or desk
    // collection, applied exactly once (state pending → paid by a guarded UPDATE); fee_ledger: the append-only
    // movements (charge, waiver, payment, refund) per dossier, agency and local day; receipts (biên lai điện tử)
    // numbered per agency, year and kind without gaps (receipt_sequences); refunds owed after a refusal / stop;
    // the daily reconciliation of gateway transactions against the ledger. (14 is kept for signing, issue 9.)
    {13, "fees and payments", R"SQL(
CREATE TABLE dossier_fees (
  id {{PK}},
  dossier_id {{I64}} NOT NULL REFERENCES dossiers(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                    -- phi | le_phi
  amount {{I64}} NOT NULL,               -- unit amount, đồng
  quantity {{I64}} NOT NULL,
  total {{I64}} NOT NULL,                -- 0 when exempt
  collect TEXT NOT NULL,                 -- upfront | notice
  exempt_reason TEXT NOT NULL DEFAULT '',
  refund_on TEXT NOT NULL DEFAULT '["refuse"]',
  due_at {{I64}},                        -- set when it becomes payable (submission for upfront, the notice otherwise)
  waived_by TEXT,
  waived_reason TEXT,
  paid_by {{I64}},                       -- payments.id that settled it
  refunded {{I64}} NOT NULL DEFAULT 0,
  created_at {{I64}} NOT NULL
);
CREATE INDEX dossier_fees_dossier ON dossier_fees(dossier_id);
CREATE TABLE payments (
  id {{PK}},
  txn_ref TEXT NOT NULL UNIQUE,          -- vnp_TxnRef (gateway) or D<id> (desk)
  dossier_id {{I64}} NOT NULL REFERENCES dossiers(id),
  agency_code TEXT NOT NULL,             -- merchant: the receiving agency
  method TEXT NOT NULL,                  -- vnpay | cash | transfer
  amount {{I64}} NOT NULL,
  fee_ids TEXT NOT NULL,                 -- JSON array of dossier_fees ids it settles
  state TEXT NOT NULL,                   -- pending | paid | failed | flagged
  created_by TEXT NOT NULL,
  created_at {{I64}} NOT NULL,
  paid_at {{I64}},
  gateway_txn_no TEXT NOT NULL DEFAULT '',
  bank_code TEXT NOT NULL DEFAULT '',
  response_code TEXT NOT NULL DEFAULT '',
  ipn_count {{I64}} NOT NULL DEFAULT 0,
  refunded {{I64}} NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX payments_dossier ON payments(dossier_id);
CREATE INDEX payments_agency_created ON payments(agency_code, created_at);
CREATE INDEX payments_state ON payments(state, created_at);
CREATE TABLE fee_ledger (
  id {{PK}},
  dossier_id {{I64}} NOT NULL REFERENCES dossiers(id),
  agency_code TEXT NOT NULL,
  day TEXT NOT NULL,                     -- local date YYYY-MM-DD (Asia/Ho_Chi_Minh)
  kind TEXT NOT NULL,                    -- charge | waiver | payment | refund
  amount {{I64}} NOT NULL,               -- positive đồng
  method TEXT NOT NULL DEFAULT '',       -- payment / refund: vnpay | cash | transfer
  fee_id {{I64}},
  payment_id {{I64}},
  receipt_id {{I64}},
  actor TEXT NOT NULL,                   -- officer username, 'vnpay', 'system'
  note TEXT NOT NULL DEFAULT '',
  at {{I64}} NOT NULL
);
CREATE INDEX fee_ledger_dossier ON fee_ledger(dossier_id);
CREATE INDEX fee_ledger_agency_day ON fee_ledger(agency_code, day);
CREATE TABLE receipts (
  id {{PK}},
  agency_code TEXT NOT NULL,
  year {{I64}} NOT NULL,
  kind TEXT NOT NULL,                    -- payment | refund
  number {{I64}} NOT NULL,
  dossier_id {{I64}} NOT NULL REFERENCES dossiers(id),
  payment_id {{I64}} NOT NULL,
  payer_name TEXT NOT NULL,
  payer_id_number TEXT NOT NULL,
  amount {{I64}} NOT NULL,
  items TEXT NOT NULL,                   -- JSON [{code,name,amount,quantity,total}]
  method TEXT NOT NULL,
  token TEXT NOT NULL UNIQUE,            -- public verification link
  issued_by TEXT NOT NULL,
  issued_at {{I64}} NOT NULL,
  UNIQUE (agency_code, year, kind, number)
);
CREATE INDEX receipts_dossier ON receipts(dossier_id);
CREATE INDEX receipts_payer ON receipts(payer_id_number);
CREATE TABLE receipt_sequences (
  agency_code TEXT NOT NULL,
  year {{I64}} NOT NULL,
  kind TEXT NOT NULL,
  last {{I64}} NOT NULL,
  PRIMARY KEY (agency_code, year, kind)
);
CREATE TABLE refunds (
  id {{PK}},
  payment_id {{I64}} NOT NULL,
  dossier_id {{I64}} NOT NULL REFERENCES dossiers(id),
  agency_code TEXT NOT NULL,
  amount {{I64}} NOT NULL,
  fee_ids TEXT NOT NULL,
  reason TEXT NOT NULL,                  -- refuse | stop | withdraw
  state TEXT NOT NULL,                   -- pending (gateway call due) | desk (to pay out at the desk) | done | failed
  attempts {{I64}} NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_at {{I64}} NOT NULL,
  done_at {{I64}},
  done_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX refunds_state ON refunds(state, id);
CREATE INDEX refunds_dossier ON refunds(dossier_id);
CREATE TABLE reconciliations (
  id {{PK}},
  day TEXT NOT NULL,
  agency_code TEXT NOT NULL,
  run_at {{I64}} NOT NULL,
  report TEXT NOT NULL,                  -- JSON {matched, missing_in_ledger, missing_at_gateway, amount_mismatch, totals}
  UNIQUE (day, agency_code)
);
)SQL"},
    // 14: signed e-results and public verification (services/esign, issue 9). signer_keys: a leader's registered
    // certificate (chứng thư số) — the PKCS#12 file under the data directory, protected by the signer's PIN, and what
    // the certificate says; issued_documents: every document the system signed and issued, found by the id in its
    // QR code (verify_id) or by the SHA-256 of its bytes; revocation keeps the row (who, when, why).
    {14, "signed results and verification", R"SQL(
CREATE TABLE signer_keys (
  id {{PK}},
  user_id {{I64}} NOT NULL REFERENCES users(id),
  p12_path TEXT NOT NULL,                -- relative to the data directory
  cert_sha256 TEXT NOT NULL,
  subject_cn TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  org TEXT NOT NULL DEFAULT '',
  issuer_cn TEXT NOT NULL DEFAULT '',
  serial TEXT NOT NULL DEFAULT '',
  not_before {{I64}} NOT NULL,
  not_after {{I64}} NOT NULL,
  revoked_at {{I64}},
  revoke_reason TEXT,
  created_at {{I64}} NOT NULL
);
CREATE INDEX signer_keys_user ON signer_keys(user_id, id);
CREATE TABLE issued_documents (
  id {{PK}},
  verify_id TEXT NOT NULL UNIQUE,
  dossier_id {{I64}} NOT NULL REFERENCES dossiers(id),
  kind TEXT NOT NULL,                    -- result
  file_public_id TEXT NOT NULL,          -- the signed PDF (files)
  source_file_public_id TEXT NOT NULL,   -- the unsigned result it was made from
  sha256 TEXT NOT NULL,
  doc_type TEXT NOT NULL,                -- what the document is (the procedure's result)
  issuer_agency_code TEXT NOT NULL,
  issuer_name TEXT NOT NULL,
  holder_masked TEXT NOT NULL,
  signer_key_id {{I64}} REFERENCES signer_keys(id),
  signer_name TEXT NOT NULL,
  issued_at {{I64}} NOT NULL,
  revoked_at {{I64}},
  revoked_by TEXT,
  revoke_reason TEXT
);
CREATE INDEX issued_documents_sha ON issued_documents(sha256);
CREATE INDEX issued_documents_dossier ON issued_documents(dossier_id, id);
ALTER TABLE dossiers ADD COLUMN result_verify_id TEXT;
)SQL"},
    // 15: the national portal sync (services/sync, issue 13). Its payloads are outbox rows (channel 'national');
    // the reconciliation counts them per day (index). A supplement request keeps the appointment before it and
    // the one after it was accepted (NgayHenTraTruoc / NgayHenTraMoi of DanhSachHoSoBoSung).
    {15, "national portal sync", R"SQL(
ALTER TABLE dossier_requests ADD COLUMN due_before {{I64}};
ALTER TABLE dossier_requests ADD COLUMN due_after {{I64}};
CREATE INDEX outbox_channel_created ON outbox(channel, created_at);
)SQL"},
    // 16: webhooks for third parties (services/webhooks, issue 13): subscriptions per agency subtree and event
    // type; the secret signs every delivery (HMAC-SHA256), the previous one too until previous_until (rotation
    // without downtime). Deliveries are outbox rows (channel 'webhook', recipient 'webhook:<id>'; index).
    {16, "webhooks", R"SQL(
CREATE TABLE webhooks (
  id {{PK}},
  agency_code TEXT NOT NULL,             -- events of dossiers received in this agency's subtree
  url TEXT NOT NULL,
  events TEXT NOT NULL,                  -- JSON array of event types, ["*"] = every type
  description TEXT NOT NULL DEFAULT '',
  secret TEXT NOT NULL,
  previous_secret TEXT NOT NULL DEFAULT '',
  previous_until {{I64}} NOT NULL DEFAULT 0,
  active {{I64}} NOT NULL DEFAULT 1,
  created_by TEXT NOT NULL,
  created_at {{I64}} NOT NULL,
  updated_at {{I64}} NOT NULL
);
CREATE INDEX outbox_recipient ON outbox(channel, recipient, id);
)SQL"},
    // 17: the personal data store (kho dữ liệu điện tử của tổ chức, cá nhân; services/docstore, issue 9): papers and
    // e-results of a person or organisation under the R14 code <id number>.<document type code>; a dossier document
    // taken from the store instead of an upload names the item it reused (reused_from).
    {17, "personal data store", R"SQL(
CREATE TABLE personal_documents (
  id {{PK}},
  public_id TEXT NOT NULL UNIQUE,
  owner_user_id {{I64}} NOT NULL REFERENCES users(id),
  code TEXT NOT NULL,                    -- R14: <CCCD / tax code>.<doc type code>
  doc_type_code TEXT NOT NULL,
  doc_type_name TEXT NOT NULL,
  issuer_name TEXT NOT NULL,
  issued_at {{I64}} NOT NULL,
  valid_until {{I64}},                   -- NULL: no expiry
  file_public_id TEXT NOT NULL,
  source TEXT NOT NULL,                  -- result (a returned result) | digitized
  source_dossier_id {{I64}} REFERENCES dossiers(id),
  verify_id TEXT,                        -- the signed result's verification id
  revoked_at {{I64}},
  created_at {{I64}} NOT NULL
);
CREATE INDEX personal_documents_owner ON personal_documents(owner_user_id, doc_type_code, id);
ALTER TABLE dossier_documents ADD COLUMN reused_from TEXT;
CREATE INDEX dossier_documents_source ON dossier_documents(source, dossier_id);
)SQL"},
    // 18: the e-archive (services/archive, issue 9): an ended dossier (3, 8, 10) is sealed in the transaction that
    // ends it — the manifest of its files (SHA-256) and history, its hash and the retention period of its procedure.
    {18, "e-archive seals", R"SQL(
CREATE TABLE dossier_seals (
  id {{PK}},
  dossier_id {{I64}} NOT NULL UNIQUE REFERENCES dossiers(id),
  sealed_at {{I64}} NOT NULL,
  retention_years {{I64}} NOT NULL,      -- 0: permanent
  manifest TEXT NOT NULL,                -- canonical JSON (domain/archive/package.h)
  manifest_sha256 TEXT NOT NULL
);
CREATE INDEX dossier_seals_sealed ON dossier_seals(sealed_at);
)SQL"},
    // 19: signing keys on PKCS#11 tokens / HSMs (documents/pkcs11_key.h): a key row is either a PKCS#12 file
    // (p12_path) or a token object (pkcs11_module + pkcs11_uri, p12_path ''); the PIN is never stored. Signed
    // slips are issued documents too: every slip given to the applicant is kept as first printed, with a QR code to
    // its verification (kind 'slip'), and Mẫu 04 and the stop notice may be signed (kind 'slip-signed'); which slip,
    // and the time of the event it records (one copy of each kind per event).
    {19, "signing keys on PKCS#11 tokens", R"SQL(
ALTER TABLE signer_keys ADD COLUMN kind TEXT NOT NULL DEFAULT 'pkcs12';
ALTER TABLE signer_keys ADD COLUMN pkcs11_module TEXT;
ALTER TABLE signer_keys ADD COLUMN pkcs11_uri TEXT;
ALTER TABLE issued_documents ADD COLUMN slip TEXT;
ALTER TABLE issued_documents ADD COLUMN event_at {{I64}};
CREATE UNIQUE INDEX issued_documents_slip ON issued_documents(dossier_id, kind, slip, event_at) WHERE revoked_at IS NULL AND slip IS NOT NULL;
)SQL"},
    // 20: sealed dossiers imported from another deployment's archive package (services/archive): the manifest
    // exactly as sealed there (its hash unchanged, so it re-exports and verifies the same), its files in the
    // file store, where it came from and who imported it. One row per manifest (a second import is a no-op).
    {20, "e-archive imports", R"SQL(
CREATE TABLE archive_imports (
  id {{PK}},
  dossier_code TEXT NOT NULL,
  dossier_public_id TEXT NOT NULL,
  agency_code TEXT NOT NULL,
  sealed_at {{I64}} NOT NULL,
  retention_years {{I64}} NOT NULL,
  manifest TEXT NOT NULL,
  manifest_sha256 TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  imported_by {{I64}} NOT NULL REFERENCES users(id),
  imported_at {{I64}} NOT NULL
);
CREATE INDEX archive_imports_code ON archive_imports(dossier_code);
CREATE INDEX archive_imports_sealed ON archive_imports(sealed_at);
)SQL"},
    // 21: R15 — whether digitizing a dossier paper is mandatory (docstore::digitization_mandatory), decided when it
    // is received, so that a paper received without its e-copy shows and is counted.
    {21, "mandatory digitization", R"SQL(
ALTER TABLE dossier_documents ADD COLUMN digitization_mandatory {{I64}} NOT NULL DEFAULT 0;
)SQL"},
    // 22: shipments of the public postal service (BCCI; services/post): a result delivered by post (created when
    // the dossier is approved) or a dossier picked up at the applicant's (asked for by the applicant; no dossier
    // until the desk or the post receives it as a channel-3 dossier); UPU S10 tracking numbers from the row id;
    // every state change with who (a post officer, the operator's webhook) and, for the webhook, its event id —
    // unique, so a replayed event is refused.
    {22, "postal shipments", R"SQL(
CREATE TABLE shipments (
  id {{PK}},
  dossier_id {{I64}} REFERENCES dossiers(id),  -- NULL: a pickup not yet received as a dossier
  kind TEXT NOT NULL,                    -- delivery | pickup
  tracking_no TEXT UNIQUE,
  state TEXT NOT NULL,                   -- domain/post/shipment.h
  agency_code TEXT NOT NULL,
  recipient_name TEXT NOT NULL,
  address TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  applicant_user_id {{I64}} REFERENCES users(id),  -- pickup: who asked for it
  procedure_code TEXT NOT NULL DEFAULT '',         -- pickup: the procedure the papers are for
  time_window TEXT NOT NULL DEFAULT '',            -- pickup: when the post may come
  created_at {{I64}} NOT NULL,
  updated_at {{I64}} NOT NULL
);
CREATE INDEX shipments_applicant ON shipments(applicant_user_id, id);
CREATE INDEX shipments_agency_state ON shipments(agency_code, state, id);
CREATE INDEX shipments_dossier ON shipments(dossier_id);
CREATE TABLE shipment_events (
  id {{PK}},
  shipment_id {{I64}} NOT NULL REFERENCES shipments(id),
  state TEXT NOT NULL,
  at {{I64}} NOT NULL,
  actor TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  event_id TEXT UNIQUE
);
CREATE INDEX shipment_events_shipment ON shipment_events(shipment_id, id);
)SQL"},
    // 23: notifications, second part (issue 11). notify_templates: an administrator's text for one event on one
    // channel (absent = the default of domain/notify/templates); notify_prefs: the channels a person chose and the
    // events they muted; users.zalo_user_id: the Zalo OA follower id of a linked account (set by the OA's
    // webhook when the follower sends the link code).
    {23, "notification templates, preferences, Zalo links", R"SQL(
CREATE TABLE notify_templates (
  event TEXT NOT NULL,
  channel TEXT NOT NULL,                 -- email | sms | zalo
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at {{I64}} NOT NULL,
  PRIMARY KEY (event, channel)
);
CREATE TABLE notify_prefs (
  user_id {{I64}} PRIMARY KEY REFERENCES users(id),
  channels TEXT NOT NULL,                -- "email,sms,zalo"
  muted TEXT NOT NULL DEFAULT '',        -- event ids, comma-separated
  updated_at {{I64}} NOT NULL
);
ALTER TABLE users ADD COLUMN zalo_user_id TEXT;
CREATE UNIQUE INDEX users_zalo_user_id ON users(zalo_user_id);
CREATE INDEX one_time_codes_hash ON one_time_codes(code_hash);  -- a Zalo link code arrives without its account
)SQL"},
    // 24: satisfaction ratings (issue 12, R37): one per dossier, changeable for 7 days (domain/ratings/rating.h); the
    // solving agency and unit copied for the reports; via account (signed in) or code (kiosk, QR on the receipt).
    {24, "satisfaction ratings", R"SQL(
CREATE TABLE ratings (
  dossier_id {{I64}} PRIMARY KEY REFERENCES dossiers(id),
  agency_code TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  overall TEXT NOT NULL,                 -- very_satisfied | satisfied | unsatisfied
  answers TEXT NOT NULL,                 -- {"q1": "sooner", …}
  points {{I64}} NOT NULL,               -- 0–12 over the six questions
  comment TEXT NOT NULL DEFAULT '',
  via TEXT NOT NULL,
  created_at {{I64}} NOT NULL,
  updated_at {{I64}} NOT NULL
);
CREATE INDEX ratings_agency ON ratings(agency_code, created_at);
CREATE INDEX ratings_updated ON ratings(updated_at);  -- the live dashboard's change token (MAX)
)SQL"},
    // 25: the handling report's ledger (issue 12; domain/reports/ledger.h, services/reports/report_ledger.h): every
    // ended dossier's counters per day and per 32-day block, kept in the transaction of its transitions, and what
    // each dossier added (so a change subtracts exactly that). built = 0 until the ledger was filled from the
    // dossiers already there (ReportLedger::ensure_built at start-up). The open dossiers' index lets the report
    // read the dossiers still in progress (a bounded set) without touching the ended ones.
    {25, "handling report ledger", R"SQL(
CREATE TABLE report_ledger_days (
  agency TEXT NOT NULL, day {{I64}} NOT NULL, unit TEXT NOT NULL, procedure_code TEXT NOT NULL, field_code TEXT NOT NULL,
  e_online {{I64}} NOT NULL DEFAULT 0, e_direct {{I64}} NOT NULL DEFAULT 0, e_postal {{I64}} NOT NULL DEFAULT 0,
  x_early {{I64}} NOT NULL DEFAULT 0, x_on_time {{I64}} NOT NULL DEFAULT 0, x_late {{I64}} NOT NULL DEFAULT 0,
  x_refused {{I64}} NOT NULL DEFAULT 0, x_stopped {{I64}} NOT NULL DEFAULT 0, x_withdrawn {{I64}} NOT NULL DEFAULT 0,
  overdue_from {{I64}} NOT NULL DEFAULT 0, overdue_to {{I64}} NOT NULL DEFAULT 0,
  PRIMARY KEY (agency, day, unit, procedure_code, field_code)
) {{WITHOUT_ROWID}};
CREATE TABLE report_ledger_blocks (
  agency TEXT NOT NULL, block {{I64}} NOT NULL, unit TEXT NOT NULL, procedure_code TEXT NOT NULL, field_code TEXT NOT NULL,
  e_online {{I64}} NOT NULL DEFAULT 0, e_direct {{I64}} NOT NULL DEFAULT 0, e_postal {{I64}} NOT NULL DEFAULT 0,
  x_early {{I64}} NOT NULL DEFAULT 0, x_on_time {{I64}} NOT NULL DEFAULT 0, x_late {{I64}} NOT NULL DEFAULT 0,
  x_refused {{I64}} NOT NULL DEFAULT 0, x_stopped {{I64}} NOT NULL DEFAULT 0, x_withdrawn {{I64}} NOT NULL DEFAULT 0,
  overdue_from {{I64}} NOT NULL DEFAULT 0, overdue_to {{I64}} NOT NULL DEFAULT 0,
  PRIMARY KEY (agency, block, unit, procedure_code, field_code)
) {{WITHOUT_ROWID}};
CREATE TABLE report_ledger_dossiers (
  dossier_id {{I64}} PRIMARY KEY,
  agency TEXT NOT NULL, unit TEXT NOT NULL, procedure_code TEXT NOT NULL, field_code TEXT NOT NULL,
  entry_column {{I64}} NOT NULL, entry_day {{I64}} NOT NULL, exit_column {{I64}} NOT NULL, exit_day {{I64}} NOT NULL,
  overdue_from_day {{I64}}, overdue_to_day {{I64}}
);
CREATE TABLE report_ledger_state (id {{I64}} PRIMARY KEY, built {{I64}} NOT NULL);
INSERT INTO report_ledger_state (id, built) VALUES (1, 0);
CREATE INDEX dossiers_open_report ON dossiers((CASE WHEN handling_agency_code = '' THEN agency_code ELSE handling_agency_code END), submitted_at,
  status, channel, finished_at, due_at, supplement_count, supplement_due_at, paused_at, withdrawn_at, handling_unit, procedure_id,
  procedure_version, procedure_code, agency_code, handling_agency_code) WHERE status IN (1,2,4,5,6,7);
)SQL"},
    // 26: lookups in the national databases (services/natdb: population, business registration; R46). Each
    // lookup keeps who asked, why, for which procedure, what came back (the facts the form may take) and, once
    // used, the dossier. dossiers.form_sources = {field: "population_db"|"business_db"} for the e-form fields
    // taken unchanged from such a lookup (DuocLayTuKhoDMQG, the QĐ 766 reuse share).
    {26, "national database lookups", R"SQL(
CREATE TABLE natdb_lookups (
  id {{PK}},
  public_id TEXT NOT NULL UNIQUE,
  user_id {{I64}} NOT NULL REFERENCES users(id),
  source TEXT NOT NULL,
  subject_key TEXT NOT NULL,
  purpose TEXT NOT NULL,
  procedure_code TEXT NOT NULL DEFAULT '',
  facts TEXT NOT NULL,
  dossier_id {{I64}} REFERENCES dossiers(id),
  created_at {{I64}} NOT NULL
);
CREATE INDEX natdb_lookups_user ON natdb_lookups(user_id, created_at);
CREATE INDEX natdb_lookups_subject ON natdb_lookups(subject_key, created_at);
ALTER TABLE dossiers ADD COLUMN form_sources TEXT;
)SQL"},
    // 27: hand-over between deployments (services/handover; liên thông). One row per dossier and hand-over id and
    // direction ("out": we sent it, "in": we received it); the other side's dossier, code and latest status as
    // its reports arrive (remote_seq orders them); for "in" rows the sender's history and the files received.
    {27, "hand-over links", R"SQL(
CREATE TABLE handover_links (
  id {{PK}},
  handover_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  dossier_id {{I64}} NOT NULL REFERENCES dossiers(id),
  peer TEXT NOT NULL,
  target_agency TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT '',
  created_at {{I64}} NOT NULL,
  remote_dossier_id TEXT,
  remote_code TEXT,
  remote_status {{I64}},
  remote_status_at {{I64}},
  remote_seq {{I64}} NOT NULL DEFAULT 0,
  returned_at {{I64}},
  history TEXT,
  files TEXT,
  UNIQUE (handover_id, direction)
);
CREATE INDEX handover_links_dossier ON handover_links(dossier_id);
)SQL"},
    // 28: staff search over dossiers by applicant (issues 14, 15). dossiers.applicant_search = the folded words of the
    // applicant's name, identification number and phone (dossier::applicant_search_key, written by the INSERT of
    // every intake path; NULL = not yet computed: rows older than this migration get it at start-up,
    // services/dossiers/dossier_search, which then sets meta dossier_search_built = 1). SQLite: an external-content
    // FTS5 table over that column, rowid = dossiers.id, kept by triggers in the writing statement's transaction.
    // PostgreSQL: a pg_trgm GIN index on the column, the extension installed into schema public when missing; when
    // it cannot be installed (no contrib package, no right to) the index is left out with a warning and the same
    // LIKE '% word%' query scans the officer's scope instead (same results, slower).
    {28, "staff search by applicant", R"SQL(
ALTER TABLE dossiers ADD COLUMN applicant_search TEXT;
{{SQLITE}}
CREATE VIRTUAL TABLE dossiers_search USING fts5(applicant_search, content='dossiers', content_rowid='id',
  tokenize='unicode61 remove_diacritics 0', prefix='2 3');
CREATE TRIGGER dossiers_search_insert AFTER INSERT ON dossiers WHEN new.applicant_search IS NOT NULL BEGIN
  INSERT INTO dossiers_search (rowid, applicant_search) VALUES (new.id, new.applicant_search);
END;
CREATE TRIGGER dossiers_search_delete AFTER DELETE ON dossiers WHEN old.applicant_search IS NOT NULL BEGIN
  INSERT INTO dossiers_search (dossiers_search, rowid, applicant_search) VALUES ('delete', old.id, old.applicant_search);
END;
CREATE TRIGGER dossiers_search_update AFTER UPDATE OF applicant_search ON dossiers BEGIN
  INSERT INTO dossiers_search (dossiers_search, rowid, applicant_search)
    SELECT 'delete', old.id, old.applicant_search WHERE old.applicant_search IS NOT NULL;
  INSERT INTO dossiers_search (rowid, applicant_search) SELECT new.id, new.applicant_search WHERE new.applicant_search IS NOT NULL;
END;
{{/SQLITE}}
{{PG}}
DO $$
DECLARE s TEXT;
BEGIN
  SELECT n.nspname INTO s FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
  IF s IS NULL THEN
    BEGIN
      CREATE EXTENSION pg_trgm SCHEMA public;
      s := 'public';
    EXCEPTION WHEN OTHERS THEN
      -- Another database session may have installed it meanwhile; else there is none.
      SELECT n.nspname INTO s FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
      IF s IS NULL THEN
        RAISE WARNING 'pg_trgm is not available (%): staff search by applicant scans the officer''s dossiers', SQLERRM;
      END IF;
    END;
  END IF;
  IF s IS NOT NULL THEN
    EXECUTE format('CREATE INDEX dossiers_applicant_search ON dossiers USING gin (applicant_search %I.gin_trgm_ops)', s);
  END IF;
END $$;
{{/PG}}
INSERT INTO meta (key, value) VALUES ('dossier_search_built', '0');
)SQL"},
    // Audit entries are written to audit_pending in the transaction of the change they record (an INSERT: no row
    // shared by every writer), and chained into audit_log by the sealer (services/audit: a scheduled job and before
    // every verification), which alone takes audit_head. A paused or slow writer then holds up nobody.
    {29, "audit entries pending their seal", R"SQL(
CREATE TABLE audit_pending (
  id {{PK}},
  at {{I64}} NOT NULL,
  actor_id {{I64}},
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  agency TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{}'
);
)SQL"},
  };
  return m;
}

}  // namespace motcua::store
