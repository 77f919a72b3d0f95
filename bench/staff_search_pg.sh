#!/usr/bin/env bash
# Staff search on PostgreSQL (issues 14, 15): the generated dossiers of bench/staff_search.sh (SQLite) copied into a
# scratch schema of a PostgreSQL database — the columns the inbox search reads, the applicant key and the e-form (so
# rows are as wide as real ones) — with the indexes of the real schema (agency, handling agency, ID number, the
# pg_trgm GIN index of migration 28); then the old search (applicant_name LIKE '%…%' in the scope) against the new one
# (word prefixes over the trigram index), each a COUNT then the first page of 20 newest first as the server runs them,
# best of 3 per query with psql's \timing. The schema is dropped at the end.
#
# Usage: bench/staff_search_pg.sh POSTGRES_URL [dossiers, default 1000000]
# Needs the cached database of bench/staff_search.sh (var/bench/dossiers-N) and pg_trgm in the cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
pg="$1"
count="${2:-1000000}"
db="${MOTCUA_BENCH_DIR:-var/bench}/dossiers-$count/pristine/motcua.db"
agency="000.01.25.H56"
schema="bench_search_$$"
[ -f "$db" ] || { echo "no generated database at $db (run bench/staff_search.sh first)" >&2; exit 1; }
trap 'psql "$pg" -q -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true' EXIT
psql "$pg" -q -v ON_ERROR_STOP=1 <<SQL
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE SCHEMA $schema;
CREATE TABLE $schema.dossiers (id BIGINT PRIMARY KEY, public_id TEXT NOT NULL UNIQUE, code TEXT UNIQUE, agency_code TEXT NOT NULL,
  handling_agency_code TEXT NOT NULL DEFAULT '', status BIGINT NOT NULL, channel BIGINT NOT NULL, due_at BIGINT, applicant_name TEXT NOT NULL,
  applicant_id_number TEXT NOT NULL, form TEXT NOT NULL, applicant_search TEXT);
SQL
t0=$(date +%s.%N)
sqlite3 -csv "$db" "SELECT id, public_id, code, agency_code, handling_agency_code, status, channel, due_at, applicant_name, applicant_id_number, form, applicant_search FROM dossiers" |
  psql "$pg" -q -v ON_ERROR_STOP=1 -c "\\copy $schema.dossiers FROM STDIN CSV"
psql "$pg" -q -v ON_ERROR_STOP=1 <<SQL
SET search_path = $schema;
CREATE INDEX dossiers_agency_status ON dossiers(agency_code, status, due_at);
CREATE INDEX dossiers_handling ON dossiers(handling_agency_code, status, due_at);
CREATE INDEX dossiers_applicant_id_number ON dossiers(applicant_id_number);
CREATE INDEX dossiers_applicant_search ON dossiers USING gin (applicant_search public.gin_trgm_ops);
VACUUM ANALYZE dossiers;
SQL
printf '== copied %s dossiers and built the indexes in %.0f s\n' "$(psql "$pg" -Atc "SELECT COUNT(*) FROM $schema.dossiers")" "$(echo "$(date +%s.%N) - $t0" | bc)"

cols="public_id, code, status, agency_code, applicant_name, channel, due_at, handling_agency_code"
scope="(agency_code IN ('$agency') OR handling_agency_code IN ('$agency')) AND status > 0"
# best_ms SQL…: the best of 3 runs of the statements together (ms).
best_ms() {
  local f
  f=$(mktemp)
  { echo "SET search_path = $schema;"; echo "SET jit = off;"; echo '\timing on'; for _ in 1 2 3; do printf '%s\n' "$@"; echo "SELECT 'run';"; done; } >"$f"
  psql "$pg" -q -f "$f" | awk '/^Time:/ {t += $2} /^ run$/ {if (best == "" || t < best) best = t; t = 0} END {printf "%.1f", best}'
  rm -f "$f"
}
printf '%-22s %-22s %8s %8s %8s\n' "query (new)" "old LIKE typed" matches "old ms" "new ms"
while IFS='|' read -r q typed; do
  like=""
  for w in $q; do like="$like${like:+ AND }applicant_search LIKE '% $w%'"; done
  new_w="$scope AND (public_id = '$q' OR ($like))"
  old_w="$scope AND (applicant_name LIKE '%$typed%' OR public_id = '$typed')"
  n=$(psql "$pg" -Atc "SET search_path = $schema; SELECT COUNT(*) FROM dossiers WHERE $new_w" | tail -1)
  old=$(best_ms "SELECT COUNT(*) FROM dossiers WHERE $old_w;" "SELECT $cols FROM dossiers WHERE $old_w ORDER BY id DESC LIMIT 20 OFFSET 0;")
  new=$(best_ms "SELECT COUNT(*) FROM dossiers WHERE $new_w;" "SELECT $cols FROM dossiers WHERE $new_w ORDER BY id DESC LIMIT 20 OFFSET 0;")
  printf '%-22s %-22s %8s %8s %8s\n' "$q" "$typed" "$n" "$old" "$new"
done <<'QUERIES'
vu ngoc huy|Vũ Ngọc Huy
tran thu ha|Trần Thu Hà
duong van an|Dương Văn An
nguyen van an|Nguyễn Văn An
dang ngoc khang|Đặng Ngọc Khang
tran ha|tran ha
ngu van an|ngu van an
khang|khang
nguyen|Nguyễn
QUERIES
