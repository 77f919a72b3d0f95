#!/usr/bin/env bash
# Where a submission's CPU goes (issue 14 "Submissions"): the Release server (1 I/O thread + 2 workers) on a copy of
# the cached generated database, online submissions from wrk (4 connections, the bodies of bench/dossier_cache.sh) for
# S seconds under `perf record -g`, then the flat profile (self time per function, ≥ 0.8 %) and the inclusive share of
# the phases of a request (what the call graph puts under each frame).
#
# Usage: bench/profile_submissions.sh [seconds, default 10] [dossiers, default 100000]
# Environment: MOTCUA_BUILD_DIR (default build/release), MOTCUA_BENCH_DIR (default var/bench), MOTCUA_SERVE_FLAGS (more
# server flags, e.g. "--jobs false": the request path alone, without the outbox's deliveries). Needs perf.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
count="${2:-100000}"
build="${MOTCUA_BUILD_DIR:-build/release}"
bench_root="${MOTCUA_BENCH_DIR:-var/bench}"
. bench/dossier_cache.sh
bench_build bench-build.log motcua bench_gen_dossiers
bin="$build/motcua"
dossier_cache "$count"
run="$bench_root/profile-run"
rm -rf "$run"
mkdir -p "$run"
cp "$cache/pristine/motcua.db" "$run/motcua.db"
sync
"$bin" serve ${MOTCUA_SERVE_FLAGS:-} --data "$run" --port 0 --port-file "$run/port" --log-level warn --io-threads 1 --workers 2 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 300); do [ -s "$run/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$run/port")"
citizen_session "$url" "$run"
export MOTCUA_BENCH_TOKEN="$token" MOTCUA_BENCH_BODIES="$run/bodies.jsonl"
wrk -t2 -c4 -d3s -s bench/wrk/post_dossier.lua "$url" >/dev/null  # warm-up
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
q() { curl -sf "$url/metrics" | awk '$1=="motcua_db_queries_total"{print $2}'; }
c0=$(ticks) q0=$(q)
perf record -F 499 --call-graph dwarf,16384 -p "$pid" -o "$run/perf.data" -- sleep "$secs" >/dev/null 2>&1 &
perf_pid=$!
wrk -t2 -c4 -d"${secs}s" --latency -s bench/wrk/post_dossier.lua "$url" >"$run/wrk.txt"
wait $perf_pid || true
c1=$(ticks) q1=$(q)
total=$(awk '/requests in/{print $1}' "$run/wrk.txt")
printf '== %s submissions in %s s: %s/s, server CPU %s ms each, %s statements each\n' "$total" "$secs" \
  "$(awk '/^Requests\/sec:/{printf "%.0f", $2}' "$run/wrk.txt")" \
  "$(echo "scale=3; ($c1 - $c0) * 1000 / $(getconf CLK_TCK) / $total" | bc | sed 's/^\./0./')" \
  "$(echo "scale=1; ($q1 - $q0) / $total" | bc)"
echo "== self time per function (≥ 0.8 %)"
perf report -i "$run/perf.data" --no-children --sort symbol --percent-limit 0.8 --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -40
echo "== inclusive share of phases (call graph)"
perf report -i "$run/perf.data" --children --sort symbol --stdio -g none 2>/dev/null >"$run/children.txt"
for f in 'DossierService::submit' 'DossierService::view' 'catalog::validate_values' 'catalog::applicable_values' 'AuditLog::append' \
  'OutboxService::enqueue_for' 'Outbox::enqueue_for' 'insert_documents' 'add_history' 'record_change' 'assign_code' 'on_submitted' \
  'sqlite3_step' 'sqlite3VdbeExec' 'fdatasync' 'nlohmann' 'Router::dispatch' 'json_quote' 'authorize' 'principal_by_token' 'sqlite3_prepare'; do
  awk -v f="$f" 'index($0, f) && $1 ~ /%$/ {gsub("%", "", $1); if ($1 + 0 > best) best = $1 + 0} END {if (best > 0) printf "  %-28s %5.1f %%\n", f, best}' "$run/children.txt"
done
