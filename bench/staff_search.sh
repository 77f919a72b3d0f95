#!/usr/bin/env bash
# Staff search (issues 14, 15) over N generated dossiers (default 1,000,000 — Bến Sung, the largest commune, holds
# ~40 %, about 400,000): GET /api/v1/dossiers?q=… as the Bến Sung desk officer, through the applicant index of
# migration 28 (SQLite FTS5), one wrk run per kind of query (bench/staff_search.py: full name without diacritics,
# family + given name, 3-letter word starts, given name alone, "nguyen" alone, CCCD, phone), wrk -t2 -c4 (latency
# with little queueing; 2 workers) against the release server (1 I/O thread + 2 workers, like bench/dossiers.sh);
# then the old search — applicant_name LIKE '%…%' row by row in the officer's scope, the inbox's SQL before
# migration 28 — against the new SQL on the same database straight through SQLite (best of 3, COUNT + first page).
#
# Usage: bench/staff_search.sh [seconds per wrk run, default 10] [dossiers, default 1000000]
# Environment: MOTCUA_BUILD_DIR (default build/release), MOTCUA_BENCH_DIR (default var/bench); the generated
# database is the one bench/dossiers.sh caches (bench/dossier_cache.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
count="${2:-1000000}"
build="${MOTCUA_BUILD_DIR:-build/release}"
bench_root="${MOTCUA_BENCH_DIR:-var/bench}"

echo "== build ($build) — $(git log -1 --format='%h %s' | cut -c1-70)$(git diff --quiet HEAD -- src || echo ' + uncommitted src changes')"
if ! MOTCUA_BUILD_DIR="$build" scripts/build.sh release motcua bench_gen_dossiers >"$build.bench-build.log" 2>&1; then
  grep -E -m20 'error|FAILED' "$build.bench-build.log" >&2 || tail -20 "$build.bench-build.log" >&2
  echo "build failed (log: $build.bench-build.log)" >&2
  exit 1
fi
bin="$build/motcua"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
. bench/dossier_cache.sh
dossier_cache "$count"

run="$bench_root/search-run"
rm -rf "$run"
mkdir -p "$run/q"
cp "$cache/pristine/motcua.db" "$run/motcua.db"
agency="000.01.25.H56"
in_agency=$(sqlite3 "$run/motcua.db" "SELECT COUNT(*) FROM dossiers WHERE agency_code = '$agency'")
printf '== database: %s MB, %s dossiers, %s at %s\n' "$(du -m "$run/motcua.db" | cut -f1)" "$count" "$in_agency" "$agency"
python3 bench/staff_search.py queries "$run/motcua.db" "$run/q" "$agency"

"$bin" serve --data "$run" --port 0 --port-file "$run/port" --log-level warn --io-threads 1 --workers 2 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 300); do [ -s "$run/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$run/port")"
token=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"username":"motcua.bensung","password":"demo1234"}' \
  "$url/api/v1/auth/login" | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
[ -n "$token" ] || { echo "sign-in failed" >&2; exit 1; }
export MOTCUA_BENCH_TOKEN="$token"

rows=""
for kind in full_name family_given prefixes3 given nguyen cccd phone; do
  export MOTCUA_BENCH_QUERIES="$run/q/$kind.txt"
  # Matches per query (total of the first 50 queries' answers), and that every answer is a 200.
  totals=$(head -50 "$MOTCUA_BENCH_QUERIES" | while read -r q; do
    curl -sf -H "Authorization: Bearer $token" "$url/api/v1/dossiers?q=$q&per_page=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p'
  done | awk '{s += $1; n++; if ($1 > m) m = $1} END {printf "%.0f avg, %d max", s / n, m}')
  wrk -t2 -c4 -d2s -s bench/wrk/staff_search.lua "$url" >/dev/null  # warm-up
  wrk -t2 -c4 -d"${secs}s" --latency -s bench/wrk/staff_search.lua "$url" >"$run/$kind.txt"
  rps=$(awk '/^Requests\/sec:/{printf "%.0f", $2}' "$run/$kind.txt")
  p50=$(awk '$1=="50%"{print $2}' "$run/$kind.txt")
  p99=$(awk '$1=="99%"{print $2}' "$run/$kind.txt")
  bad=$(awk '/Non-2xx/{print $5}' "$run/$kind.txt")
  example=$(head -1 "$MOTCUA_BENCH_QUERIES" | python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote_plus(sys.stdin.read().strip()))')
  rows="$rows$(printf '| %-13s | %-22s | %5s | %-17s | %7s | %8s | %8s | %s |' "$kind" "\`$example\`" "$(wc -l <"$MOTCUA_BENCH_QUERIES")" "$totals" "$rps" "$p50" "$p99" "${bad:-0}")"$'\n'
done
kill $pid
wait $pid 2>/dev/null || true
trap - EXIT

echo "== the old LIKE against the new FTS5 query, same database, SQLite directly (best of 3, COUNT + first page)"
python3 bench/staff_search.py sql "$run/motcua.db" "$agency" | tee "$run/sql.txt"
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo
  echo "== summary: $count dossiers ($in_agency at $agency), desk officer of $agency, wrk -t2 -c4 ${secs}s per kind, server 1 I/O thread + 2 workers; load average $load_start → $load_end"
  echo "| kind | example | queries | matches | req/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s' "$rows"
} | tee "$run/summary.txt"
