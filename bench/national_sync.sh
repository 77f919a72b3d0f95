#!/usr/bin/env bash
# National portal sync under load with the portal down in the middle (issue 13's acceptance run):
# N dossiers (default 10,000) each go through 6 changes (12 payloads) from W client threads (default 8) against
# the Release server on SQLite (1 I/O thread + 2 workers), while the national portal's stand-in (motcua-national,
# checking every payload against data/national/schema.json and each dossier's transitions) is down for D seconds
# (default 300) once a third of the dossiers went through. Then it waits for the outbox to drain and checks:
# every payload accepted exactly once, in order per dossier, none refused, reconciliation pending = failed = dead = 0.
# Prints changes/s with the portal up and down, the steady sync rate and the drain rate (payloads/s).
#
# Usage: bench/national_sync.sh [dossiers, default 10000] [seconds down, default 300] [client threads, default 8]
# Environment: MOTCUA_BUILD_DIR (default build/release). Needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
down="${2:-300}"
workers="${3:-8}"
build="${MOTCUA_BUILD_DIR:-build/release}"
echo "== build ($build) — $(git log -1 --format='%h %s' | cut -c1-70)$(git diff --quiet HEAD -- src || echo ' + uncommitted src changes')"
MOTCUA_BUILD_DIR="$build" scripts/build.sh release motcua motcua-national >"$build.bench-build.log" 2>&1 || { tail -20 "$build.bench-build.log"; exit 1; }
dir="$(mktemp -d /tmp/motcua-sync-bench.XXXXXX)"
mkdir -p "$dir/national"
cleanup() { kill "${spid:-}" "${npid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
"$build/motcua-national" --schema data/national/schema.json --log "$dir/national/accepted.jsonl" --port 0 --port-file "$dir/national.port" \
  --control-file "$dir/national/control" --client-id bench --client-secret bench-secret 2>"$dir/national.log" &
npid=$!
for _ in $(seq 200); do [ -s "$dir/national.port" ] && break; sleep 0.05; done
base="http://127.0.0.1:$(cat "$dir/national.port")"
MOTCUA_FAST_HASH=1 MOTCUA_NATIONAL_PERIOD_MS=200 MOTCUA_NATIONAL_BACKOFF_MS=2000 \
  "$build/motcua" serve --data "$dir" --demo-if-empty --test-clock --port 0 --port-file "$dir/port" --io-threads 1 --workers 2 --log-level warn \
  --web-root "$PWD" --national-url "$base/api" --national-token-url "$base/token" --national-client-id bench --national-client-secret bench-secret \
  2>"$dir/server.log" &
spid=$!
for _ in $(seq 400); do [ -s "$dir/port" ] && break; sleep 0.05; done
echo "== $n dossiers, portal down ${down}s, $workers client threads; load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/national_sync.py "$(cat "$dir/port")" "$(cat "$dir/national.port")" "$n" "$workers" "$down" "$dir"
