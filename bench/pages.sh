#!/usr/bin/env bash
# Public pages and the public lookup against /healthz (issue 14): wrk -t2 -c64 on the Release server (1 I/O thread +
# 2 workers, like bench/healthz.sh and bench/dossiers.sh) over the generated dossier database of bench/dossiers.sh
# (the same cache: var/bench/dossiers-N, generated here when missing), anonymous, Accept-Encoding: gzip:
#   GET /healthz, GET /thu-tuc/1.001193, GET /thu-tuc, GET /, GET /api/v1/lookup/{code} (bench/wrk/lookup.lua), and
#   GET /thu-tuc?q=dang+ky+<n> with a new n every time (bench/wrk/unique_search.lua: every request a page-cache miss)
# and prints req/s, p50/p99, the server's CPU per request (from /proc, independent of how busy the machine is) and
# the ratio to /healthz of the same server.
#
# Before/after in one run: MOTCUA_BASELINE_BIN=<another motcua binary> measures that binary first, against the same
# database and templates, then this checkout's build.
#
# Usage: bench/pages.sh [seconds per wrk run, default 10] [dossiers, default 1000000]
# Environment: MOTCUA_BUILD_DIR (default build/release), MOTCUA_BENCH_DIR (default var/bench), MOTCUA_BASELINE_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
count="${2:-1000000}"
build="${MOTCUA_BUILD_DIR:-build/release}"
bench_root="${MOTCUA_BENCH_DIR:-var/bench}"
conns=64
threads=2

. bench/dossier_cache.sh
bench_build pages-build.log motcua bench_gen_dossiers
bin="$build/motcua"

# ---- the generated dossiers (shared with bench/dossiers.sh) ----
dossier_cache "$count"
run="$bench_root/pages-run"
rm -rf "$run"
mkdir -p "$run"
cp "$cache/pristine/motcua.db" "$run/motcua.db"
export MOTCUA_BENCH_CODES="$cache/codes.txt"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
tick_hz=$(getconf CLK_TCK)
ratio() { echo "scale=2; $1 / $2" | bc | sed 's/^\./0./'; }

# measure LABEL BINARY: one server, every endpoint; appends rows to $run/rows.txt
measure() {
  local label=$1 server=$2 pid port url
  rm -f "$run/port"
  "$server" serve --data "$run" --port 0 --port-file "$run/port" --log-level warn --io-threads 1 --workers 2 &
  pid=$!
  trap "kill $pid 2>/dev/null; wait $pid 2>/dev/null || true" EXIT
  for _ in $(seq 300); do [ -s "$run/port" ] && break; sleep 0.1; done
  port="$(cat "$run/port")"
  url="http://127.0.0.1:$port"
  local h_rps=""
  for spec in "healthz|/healthz|" "detail|/thu-tuc/1.001193|gz" "list|/thu-tuc|gz" "home|/|gz" "lookup|lua|" "miss|unique|gz"; do
    IFS='|' read -r name target gz <<<"$spec"
    local args=()
    [ -n "$gz" ] && args+=(-H "Accept-Encoding: gzip")
    if [ "$target" = lua ]; then args+=(-s bench/wrk/lookup.lua "$url"); shown="/api/v1/lookup/{code}"
    elif [ "$target" = unique ]; then args+=(-s bench/wrk/unique_search.lua "$url"); shown="/thu-tuc?q=dang+ky+<n>, never twice"
    else args+=("$url$target"); shown="$target"; fi
    wrk -t"$threads" -c"$conns" -d2s "${args[@]}" >/dev/null  # warm-up
    local c0 c1
    c0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "${args[@]}" >"$run/$label-$name.txt"
    c1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    local rps p50 p99 total bad cpu
    rps=$(awk '/^Requests\/sec:/{printf "%.0f", $2}' "$run/$label-$name.txt")
    p50=$(awk '$1=="50%"{print $2}' "$run/$label-$name.txt")
    p99=$(awk '$1=="99%"{print $2}' "$run/$label-$name.txt")
    total=$(awk '/requests in/{print $1}' "$run/$label-$name.txt")
    bad=$(awk '/Non-2xx/{print $5}' "$run/$label-$name.txt")
    cpu=$(echo "scale=3; ($c1 - $c0) * 1000 / $tick_hz / $total" | bc | sed 's/^\./0./')
    [ "$name" = healthz ] && h_rps=$rps
    printf '| %-9s | %-40s | %7s | %8s | %8s | %8s ms | %5s | %s |\n' "$label" "GET $shown${gz:+ (gzip)}" "$rps" "$p50" "$p99" "$cpu" \
      "$(ratio "$rps" "$h_rps")" "${bad:-0}" | tee -a "$run/rows.txt"
  done
  curl -sf "$url/metrics" | grep -E '^motcua_page_cache_(hits_total|misses_total|hit_ratio|bytes|entries) ' | sed "s/^/$label: /" || true
  kill $pid
  wait $pid 2>/dev/null || true
  trap - EXIT
}

: >"$run/rows.txt"
if [ -n "${MOTCUA_BASELINE_BIN:-}" ]; then
  echo "== baseline: $MOTCUA_BASELINE_BIN"
  measure baseline "$MOTCUA_BASELINE_BIN"
fi
echo "== this build: $bin"
measure current "$bin"
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
echo
echo "== summary: wrk -t$threads -c$conns ${secs}s, $count dossiers; load average $load_start → $load_end"
echo "| server    | request                                  |   req/s |      p50 |      p99 | CPU/request | ÷ /healthz | non-2xx |"
echo "|---|---|---|---|---|---|---|---|"
cat "$run/rows.txt"
