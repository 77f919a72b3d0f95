#!/usr/bin/env bash
# Payments through the IPN path against the raw durable-commit rate (issue 10), in one run on this machine:
#   1. raw SQLite durable commits (bench_sqlite_commit: WAL, synchronous=FULL, one row per transaction) — the ceiling;
#   2. the server (SQLite, 1 I/O thread + 2 workers) applying N VNPAY IPNs from W client threads (bench/payments.py):
#      each IPN is one write transaction (payment, fee lines, receipt number, receipt, ledger, audit); then a replay
#      round (every IPN again → 02, nothing applied twice).
# Prints payments/s, server CPU per IPN and the ratio payments/s ÷ commits/s.
# Usage: bench/payments.sh [N, default 500] [workers, default 8]. Environment: MOTCUA_BUILD_DIR (default build/release),
# MOTCUA_BUILD_KIND (release | asan; default release).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-500}"
workers="${2:-8}"
build="${MOTCUA_BUILD_DIR:-build/release}"
kind="${MOTCUA_BUILD_KIND:-release}"
echo "== build ($build, $kind) — $(git log -1 --format='%h %s' | cut -c1-70)$(git diff --quiet HEAD -- src || echo ' + uncommitted src changes')"
MOTCUA_BUILD_DIR="$build" scripts/build.sh "$kind" motcua bench_sqlite_commit >"$build.bench-build.log" 2>&1 || { tail -20 "$build.bench-build.log"; exit 1; }
dir="$(mktemp -d /tmp/motcua-pay-bench.XXXXXX)"
cleanup() { kill "${spid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
echo "== load $(cut -d' ' -f1-3 /proc/loadavg)"
raw=$("$build/bench_sqlite_commit" "$dir/commit-bench" 5 1024 | sed -n 's/.*commits_per_s=\([0-9]*\).*/\1/p')
echo "raw SQLite durable commits: $raw/s"
secret="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
MOTCUA_FAST_HASH=1 ASAN_OPTIONS=detect_leaks=0 "$build/motcua" serve --data "$dir" --demo-if-empty --port 0 --port-file "$dir/port" --io-threads 1 --workers 2 \
  --log-level warn --web-root "$PWD" --rate-limit 100000 --vnpay-url http://127.0.0.1:9/paymentv2/vpcpay.html --vnpay-tmn-code BENCH001 \
  --vnpay-secret "$secret" 2>"$dir/server.log" &
spid=$!
for _ in $(seq 400); do [ -s "$dir/port" ] && break; sleep 0.05; done
out=$(python3 bench/payments.py "$(cat "$dir/port")" "$spid" "$n" "$workers" BENCH001 "$secret")
echo "$out"
pps=$(sed -n 's/.*RESULT payments_per_s=\([0-9]*\).*/\1/p' <<<"$out")
echo "ratio payments/s ÷ raw commits/s = $(echo "scale=2; $pps / $raw" | bc)"
