#!/usr/bin/env bash
# Staff search (issues 14, 15) over N generated dossiers (default 1,000,000 — Bến Sung, the largest commune, holds
# ~40 %, about 400,000): GET /api/v1/dossiers?q=… as the Bến Sung desk officer, through the applicant index of
# migration 28 (SQLite FTS5), one wrk run per kind of query (bench/staff_search.py: full name without diacritics,
# family + given name, 3-letter word starts, given name alone, "nguyen" alone, CCCD, phone), wrk with 1 connection
# (each request's own time) and 4 (two queue for the two workers) against the release server (1 I/O thread + 2 workers, like bench/dossiers.sh);
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

. bench/dossier_cache.sh
bench_build bench-build.log motcua bench_gen_dossiers
bin="$build/motcua"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
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

# CPU time of the server process (user + system, clock ticks): per request it does not depend on how busy the shared
# machine is, unlike the latencies.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
tick_hz=$(getconf CLK_TCK)
# stats FILE: requests/s, p50 and p99 of a wrk --latency output.
stats() { awk '/^Requests\/sec:/{r = $2} $1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2} END {printf "%.0f %s %s\n", r, p50, p99}' "$1"; }
rows=""
for kind in full_name family_given prefixes3 given nguyen cccd phone; do
  export MOTCUA_BENCH_QUERIES="$run/q/$kind.txt"
  # Matches per query (total of the first 50 queries' answers), and that every answer is a 200.
  totals=$(head -50 "$MOTCUA_BENCH_QUERIES" | while read -r q; do
    curl -sf -H "Authorization: Bearer $token" "$url/api/v1/dossiers?q=$q&per_page=1"
    echo
  done | python3 -c 'import json, sys; t = [json.loads(l)["total"] for l in sys.stdin if l.strip()]; print(f"{sum(t) / len(t):.0f} avg, {max(t)} max")')
  wrk -t1 -c1 -d2s -s bench/wrk/staff_search.lua "$url" >/dev/null  # warm-up
  # One connection (each request's own time) and four (two requests queue for the two workers).
  for c in 1 4; do
    c0=$(cpu_ticks)
    wrk -t1 -c"$c" -d"${secs}s" --timeout 10s --latency -s bench/wrk/staff_search.lua "$url" >"$run/$kind-c$c.txt"
    [ "$c" != 1 ] || cpu1=$(echo "scale=1; ($(cpu_ticks) - $c0) * 1000 / $tick_hz / $(awk '/requests in/{print $1}' "$run/$kind-c1.txt")" | bc | sed 's/^\./0./')
    bad=$(awk '/Non-2xx/{print $5}' "$run/$kind-c$c.txt")
    [ -z "$bad" ] || echo "$kind c$c: $bad non-2xx responses" >&2
  done
  read -r rps1 p50_1 p99_1 < <(stats "$run/$kind-c1.txt")
  read -r rps4 p50_4 p99_4 < <(stats "$run/$kind-c4.txt")
  example=$(head -1 "$MOTCUA_BENCH_QUERIES" | python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote_plus(sys.stdin.read().strip()))')
  rows="$rows$(printf '| %-13s | %-22s | %5s | %-18s | %6s ms | %6s | %8s | %8s | %6s | %8s | %8s |' "$kind" "\`$example\`" "$(wc -l <"$MOTCUA_BENCH_QUERIES")" \
    "$totals" "$cpu1" "$rps1" "$p50_1" "$p99_1" "$rps4" "$p50_4" "$p99_4")"$'\n'
done
kill $pid
wait $pid 2>/dev/null || true
trap - EXIT

echo "== the old LIKE against the new FTS5 query, same database, SQLite directly (best of 3, COUNT + first page)"
python3 bench/staff_search.py sql "$run/motcua.db" "$agency" | tee "$run/sql.txt"
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo
  echo "== summary: $count dossiers ($in_agency at $agency), desk officer of $agency, wrk ${secs}s per kind and connection count, server 1 I/O thread + 2 workers; load average $load_start → $load_end"
  echo "| kind | example | queries | matches (first 50) | server CPU / request | c1 req/s | c1 p50 | c1 p99 | c4 req/s | c4 p50 | c4 p99 |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s' "$rows"
} | tee "$run/summary.txt"
