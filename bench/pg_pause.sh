#!/usr/bin/env bash
# PostgreSQL with several nodes (issue 14): does one node's transaction, stopped in the middle (the process paused
# by SIGSTOP, a VM migration or a long stall), stop the other nodes' writes?
#
# A durable PostgreSQL 15 (fsync on, scripts/pg-test-cluster.sh) with the demo catalog; one Release server ("node
# B", 1 I/O thread + 2 workers) takes online submissions from wrk (4 connections, the bodies of
# bench/dossier_cache.sh) for 4 phases of P seconds each. The paused node A is a psql session that opened a
# transaction, did what it stands for, and sleeps for the phase:
#   1. nothing paused (baseline);
#   2. a node paused in the middle of a submission to another commune: it holds that commune's day counter
#      (dossier_sequences) and its audit entry (audit_pending) — before the sealer, every writer's audit entry
#      took the one audit_head row, and such a pause stopped every write on every node;
#   3. a node paused in the middle of sealing the audit log: it holds audit_head — now only sealers take it, so
#      sealing waits and writes go on;
#   4. nothing paused again (the held entries commit at the phase's start; the sealer catches up).
# First, submissions with 16 connections against PostgreSQL's single-row commit ceiling (pgbench, 8 clients), with
# the server's and PostgreSQL's CPU per submission. Then prints submissions per second in each phase (from the dossiers' submitted_at), the non-2xx responses, and the
# audit check at the end (`motcua audit verify`: every entry sealed, the chain intact).
#
# Usage: bench/pg_pause.sh [seconds per phase, default 8]
# Environment: MOTCUA_BUILD_DIR (default build/release), MOTCUA_BENCH_DIR (default var/bench), MOTCUA_SERVE_FLAGS
# (more server flags: "--jobs false" measures the request path without the outbox deliveries and the sealer).
set -euo pipefail
cd "$(dirname "$0")/.."
phase="${1:-8}"
build="${MOTCUA_BUILD_DIR:-build/release}"
bench_root="${MOTCUA_BENCH_DIR:-var/bench}"

. bench/dossier_cache.sh
bench_build bench-build.log motcua bench_gen_dossiers
bin="$build/motcua"
dossier_cache 1000  # only its submission bodies are used

. scripts/pg-test-cluster.sh
MOTCUA_PG_FSYNC=on pg_test_start >/dev/null
pg="$MOTCUA_TEST_PG"
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null || true; pg_test_stop' EXIT
run="$bench_root/pg-pause"
rm -rf "$run"
mkdir -p "$run"
MOTCUA_FAST_HASH=1 "$bin" demo --db "$pg" --data "$run" --log-level warn >/dev/null
"$bin" serve ${MOTCUA_SERVE_FLAGS:-} --db "$pg" --data "$run" --port 0 --port-file "$run/port" --log-level warn --io-threads 1 --workers 2 &
pid=$!
for _ in $(seq 300); do [ -s "$run/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$run/port")"
citizen_session "$url" "$run"
export MOTCUA_BENCH_TOKEN="$token" MOTCUA_BENCH_BODIES="$run/bodies.jsonl"
wrk -t2 -c4 -d3s -s bench/wrk/post_dossier.lua "$url" >/dev/null  # warm-up

# ---- throughput against PostgreSQL's own single-row commit ceiling (the issue's "PostgreSQL" row) ----
# pgbench: one INSERT per transaction, 8 clients, the same durable cluster; then submissions through the server with
# 16 connections; the CPU of the server and of every PostgreSQL process per submission.
psql "$pg" -q -c "CREATE TABLE IF NOT EXISTS bench_commit (id BIGSERIAL PRIMARY KEY, v TEXT NOT NULL)"
echo "INSERT INTO bench_commit (v) VALUES ('x');" >"$run/commit.sql"
ceiling=$(pgbench -n -c8 -j2 -T5 -f "$run/commit.sql" "$pg" 2>/dev/null | awk '/^tps/ {printf "%.0f", $3}')
# CPU ticks of this cluster's postmaster and its children (the server's pooled backends live through the run).
pg_ticks() {
  local t=0 p pm
  pm=$(head -1 "$PG_DIR/data/postmaster.pid")
  for p in $pm $(pgrep -P "$pm" || true); do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo "$t"
}
srv_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
n0=$(psql "$pg" -Atc "SELECT COUNT(*) FROM dossiers")
c0=$(srv_ticks) g0=$(pg_ticks)
wrk -t2 -c16 -d"${phase}s" --latency -s bench/wrk/post_dossier.lua "$url" >"$run/wrk-c16.txt"
c1=$(srv_ticks) g1=$(pg_ticks)
n1=$(psql "$pg" -Atc "SELECT COUNT(*) FROM dossiers")
sub_rps=$(awk '/^Requests\/sec:/{printf "%.0f", $2}' "$run/wrk-c16.txt")
sub_p99=$(awk '$1=="99%"{print $2}' "$run/wrk-c16.txt")
sub_bad=$(awk '/Non-2xx/{print $5}' "$run/wrk-c16.txt")
written=$((n1 - n0))
echo "== PostgreSQL commit ceiling (pgbench, 1 INSERT, 8 clients): $ceiling/s"
echo "== submissions, 16 connections: $sub_rps/s (p99 $sub_p99, non-2xx ${sub_bad:-0}, $written dossiers written) = $(echo "scale=2; $sub_rps / $ceiling" | bc) of the ceiling"
echo "   server CPU $(echo "scale=3; ($c1 - $c0) * 1000 / $hz / $written" | bc) ms, PostgreSQL CPU $(echo "scale=3; ($g1 - $g0) * 1000 / $hz / $written" | bc) ms per submission"

now_ms() { date +%s%3N; }
# hold SQL: a psql session that runs SQL inside a transaction, then sleeps for the phase before committing.
hold() { psql "$pg" -q -v ON_ERROR_STOP=1 -c "BEGIN; $1; SELECT pg_sleep($phase); COMMIT;" >/dev/null; }
echo "== 4 phases of $phase s, wrk -c4 submissions on node B"
wrk -t2 -c4 -d"$((4 * phase))s" -s bench/wrk/post_dossier.lua "$url" >"$run/wrk.txt" &
wrk_pid=$!
t0=$(now_ms)
sleep "$phase"
t1=$(now_ms)
# A commune the bodies never name: its counter and an audit entry, as a submission there takes them.
hold "INSERT INTO dossier_sequences (agency_code, day, last_value) VALUES ('000.99.99.H56', '991231', 1) ON CONFLICT (agency_code, day) DO UPDATE SET last_value = dossier_sequences.last_value + 1; INSERT INTO audit_pending (at, actor, action) VALUES ($t1, 'node-a', 'dossier.submit')"
t2=$(now_ms)
hold "UPDATE audit_head SET seq = seq WHERE id = 1"
t3=$(now_ms)
wait $wrk_pid
t4=$(now_ms)
cat "$run/wrk.txt"
bad=$(awk '/Non-2xx/{print $5}' "$run/wrk.txt")
per_s() { psql "$pg" -Atc "SELECT ROUND(COUNT(*) * 1000.0 / ($2 - $1)) FROM dossiers WHERE channel = 2 AND submitted_at >= $1 AND submitted_at < $2"; }
sleep 3  # the sealer's next runs
pending=$(psql "$pg" -Atc "SELECT COUNT(*) FROM audit_pending")
verify=$("$bin" audit verify --db "$pg" --data "$run" --log-level warn || true)
printf '\n| phase | submissions/s on node B |\n|---|---|\n'
printf '| 1. nothing paused | %s |\n' "$(per_s "$t0" "$t1")"
printf '| 2. node A paused mid-submission (another commune: its counter + audit entry held) | %s |\n' "$(per_s "$t1" "$t2")"
printf '| 3. node A paused mid-seal (audit_head held) | %s |\n' "$(per_s "$t2" "$t3")"
printf '| 4. nothing paused | %s |\n' "$(per_s "$t3" "$t4")"
echo "non-2xx responses: ${bad:-0}; audit entries still pending 3 s after the run: $pending"
echo "audit verify: $verify"
