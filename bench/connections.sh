#!/usr/bin/env bash
# Many connections and slow clients (issue 14, "scale and memory"): 1,000 concurrent keep-alive connections with a
# mixed load for S seconds: by itself ("plain"), next to 500 slow clients ("slow") that trickle a request header one
# byte every few seconds and never finish it, and by itself again (the two plain phases show the noise of a shared
# machine); before them each request type alone with 16 connections ("alone": service latency and server CPU per
# request of each type). Every phase runs on a fresh copy of the same generated database and a fresh server (so the
# submissions of one phase do not change the data of the next).
#
# The mix (closed loop, one wrk process per request type, so each type has its own latency distribution; req/s of a
# type follows its share of the connections, its CPU cost decides how much of the server it takes):
#   lookup          GET /api/v1/lookup/{code}  public status lookup, random sample of the generated codes
#   catalog_list    GET /thu-tuc[?q=…]         public catalog list page (HTML, gzip), searches and page 2
#   catalog_detail  GET /thu-tuc/{code}        public procedure page (HTML, gzip), every published procedure
#   inbox           GET /can-bo[?tab=…]        officers' inbox (HTML) with a browser session cookie: the desk,
#                                              a specialist and the post of the largest agency, all tabs
#   submit          POST /api/v1/dossiers      online submission as the demo citizen (bearer token), bodies of
#                                              every procedure open to citizens × every commune agency
# Slow clients: bench/slow_clients.py (asyncio), reconnecting whenever the server drops one, so ~500 sockets stay
# held. Reports per type req/s, p50/p99 (wrk's distribution through bench/wrk/report.lua's done()), errors
# (responses ≥ 400 and socket errors, plus non-2xx/3xx by route and status from /metrics), the slow/plain ratios,
# what the server did to the slow clients (closed after how long, with what response), the server's memory
# (VmRSS idle, after warm-up, with the slow clients held, its peak under load sampled each second, and VmHWM —
# which also holds the 64 MiB Argon2id hash of start-up and sign-ins), CPU per request next to the machine's busy
# cores, and how long /metrics took to answer during the load.
#
# Usage: bench/connections.sh [dossiers, default 100000] [seconds per phase, default 60]
#   bench/connections.sh 1000000      — the 1 M database (cached like bench/dossiers.sh; ~2 min to generate once)
# Environment:
#   MOTCUA_BUILD_DIR (build/release), MOTCUA_BENCH_DIR (var/bench: cache and results), MOTCUA_NO_BUILD=1 to use the
#   binaries as they are; MOTCUA_BIN / MOTCUA_GEN to name prebuilt binaries (imply no build; with an older
#   binary, MOTCUA_WEB_ROOT should hold its commit's templates/, static/ and data/); MOTCUA_BENCH_MIX
#   ("lookup:400 catalog_list:150 catalog_detail:250 inbox:100 submit:100"), MOTCUA_BENCH_SLOW (500),
#   MOTCUA_BENCH_SLOW_INTERVAL (5 s between bytes), MOTCUA_BENCH_PHASES ("alone plain slow plain": "alone" runs each
#   request type by itself with 16 connections for S/6 s — its latency without the queue and its server CPU per
#   request; the second plain phase shows how much the figures move between two identical phases on a shared
#   machine), MOTCUA_IO_THREADS (1), MOTCUA_WORKERS (2), MOTCUA_BENCH_MAX_CONNECTIONS (2000),
#   MOTCUA_BENCH_LOG_LEVEL (warn; info logs every request into the phase's server.log).
# Results: $MOTCUA_BENCH_DIR/connections-<date>/ (wrk outputs, reports, /metrics snapshots, server logs,
# summary.txt). Needs wrk, python3, curl, jq, sqlite3, bc. About 4–5 min plus generation with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-100000}"
secs="${2:-60}"
build="${MOTCUA_BUILD_DIR:-build/release}"
bench_root="${MOTCUA_BENCH_DIR:-var/bench}"
bin="${MOTCUA_BIN:-$build/motcua}"
gen="${MOTCUA_GEN:-$build/bench_gen_dossiers}"
mix="${MOTCUA_BENCH_MIX:-lookup:400 catalog_list:150 catalog_detail:250 inbox:100 submit:100}"
slow_n="${MOTCUA_BENCH_SLOW:-500}"
slow_interval="${MOTCUA_BENCH_SLOW_INTERVAL:-5}"
phases="${MOTCUA_BENCH_PHASES:-alone plain slow plain}"
alone_secs=$(( secs / 6 > 3 ? secs / 6 : 3 ))
io_threads="${MOTCUA_IO_THREADS:-1}"
workers="${MOTCUA_WORKERS:-2}"
max_conns="${MOTCUA_BENCH_MAX_CONNECTIONS:-2000}"

for tool in wrk python3 curl jq sqlite3 bc; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

# ---- processes: every one started here is ended on exit ----
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM
forget() {  # forget PID: it was waited for
  local p keep=()
  for p in "${pids[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  pids=("${keep[@]}")
}

# ---- descriptors: wrk and the slow clients hold ~1,500 sockets, the server as many ----
total_conns=0
for m in $mix; do total_conns=$((total_conns + ${m#*:})); done
need=$((total_conns + slow_n + 200))
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt "$need" ]; then
  echo "open-file hard limit $hard < $need needed (raise it: ulimit -Hn / prlimit)" >&2
  exit 1
fi
ulimit -n "$hard"
[ "$max_conns" -ge $((total_conns + slow_n + 10)) ] || echo "warning: --max-connections $max_conns < $((total_conns + slow_n + 10)): some connections will get 503" >&2

# ---- binaries ----
if [ -z "${MOTCUA_BIN:-}${MOTCUA_GEN:-}" ] && [ "${MOTCUA_NO_BUILD:-}" != 1 ]; then
  echo "== build ($build) — $(git log -1 --format='%h %s' | cut -c1-70)$(git diff --quiet HEAD -- src || echo ' + uncommitted src changes')"
  if ! MOTCUA_BUILD_DIR="$build" scripts/build.sh release motcua bench_gen_dossiers >"$build.bench-build.log" 2>&1; then
    grep -E -m20 'error|FAILED' "$build.bench-build.log" >&2 || tail -20 "$build.bench-build.log" >&2
    echo "build failed (log: $build.bench-build.log)" >&2
    exit 1
  fi
fi
[ -x "$bin" ] || { echo "no server binary at $bin" >&2; exit 1; }
bin_desc="$bin ($(stat -c '%y' "$bin" | cut -c1-19), sha256 $(sha256sum "$bin" | cut -c1-12))"
echo "== server binary: $bin_desc; tree: $(git log -1 --format='%h %ci' | cut -c1-28)${MOTCUA_WEB_ROOT:+; web root $MOTCUA_WEB_ROOT}"

# ---- generated data (cached; shared with bench/dossiers.sh) ----
. bench/dossier_cache.sh
dossier_cache "$count"
db_mb=$(du -m "$cache/pristine/motcua.db" | cut -f1)

out="$bench_root/connections-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
run="$bench_root/connections-run"
tick_hz=$(getconf CLK_TCK)
{
  echo "count=$count"
  echo "db_mb=$db_mb"
  echo "secs=$secs"
  echo "mix=$mix"
  echo "slow_n=$slow_n"
  echo "slow_interval=$slow_interval"
  echo "io_threads=$io_threads"
  echo "workers=$workers"
  echo "max_conns=$max_conns"
  echo "tick_hz=$tick_hz"
  echo "binary=$bin_desc"
  echo "tree=$(git log -1 --format=%h)"
  echo "generated=$(head -1 "$cache/generate.txt")"
  echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/run.meta"

status_kb() { awk -v k="$2:" '$1==k{print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# The whole machine: "busy total" ticks over all cores (idle and iowait excluded), to tell the server's share.
machine_ticks() { awk '$1=="cpu"{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
login() {
  curl -sf -X POST -H 'Content-Type: application/json' -d "{\"username\":\"$2\",\"password\":\"demo1234\"}" \
    "$1/api/v1/auth/login" | jq -r .token
}
gauge() { curl -sf "$1/metrics" | awk '$1=="motcua_http_connections"{print $2}'; }

# run_phase N NAME: fresh copy of the database, fresh server, the mix for $secs seconds (NAME=slow: next to the
# slow clients); everything goes to $out/N-NAME.*
run_phase() {
  local tag="$1-$2" name=$2 port url pid token file_id sessions procs m type n s p wpids=() slow_pid="" c0 c1
  echo "== phase $tag: fresh copy of the database, fresh server"
  rm -rf "$run"
  mkdir -p "$run"
  cp "$cache/pristine/motcua.db" "$run/motcua.db"
  [ ! -d "$cache/pristine/keys" ] || cp -r "$cache/pristine/keys" "$run/keys"
  sync
  "$bin" serve --data "$run" --port 0 --port-file "$run/port" --log-level "${MOTCUA_BENCH_LOG_LEVEL:-warn}" --io-threads "$io_threads" \
    --workers "$workers" --max-connections "$max_conns" >"$out/$tag.server.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 300); do [ -s "$run/port" ] && break; sleep 0.1; done
  [ -s "$run/port" ] || { echo "server did not start (log: $out/$tag.server.log)" >&2; exit 1; }
  port="$(cat "$run/port")"
  url="http://127.0.0.1:$port"

  citizen_session "$url" "$run"
  # Officers of the largest agency (Bến Sung, 40 % of the dossiers) who may open the inbox without a second
  # factor: the desk, a specialist and the post (the demo leader must enrol TOTP first).
  sessions=""
  for u in motcua.bensung tuphap.bensung buudien.bensung; do
    s=$(login "$url" "$u")
    [ -n "$s" ] && [ "$s" != null ] || { echo "sign-in of $u failed" >&2; exit 1; }
    sessions="$sessions $s"
  done
  procs=$(curl -sf "$url/api/v1/procedures?per_page=100" | jq -r '[.items[].code] | join(" ")')
  export MOTCUA_BENCH_CODES="$cache/codes.txt" MOTCUA_BENCH_TOKEN="$token" MOTCUA_BENCH_BODIES="$run/bodies.jsonl" \
    MOTCUA_BENCH_SESSIONS="$sessions" MOTCUA_BENCH_PROCEDURES="$procs"

  local rss_idle hwm_idle
  rss_idle=$(status_kb "$pid" VmRSS) hwm_idle=$(status_kb "$pid" VmHWM)
  # Warm-up (caches, templates per worker thread, page cache): the read-only types, 2 s each, 16 connections.
  for m in lookup catalog_list catalog_detail inbox; do
    MOTCUA_BENCH_SCRIPT="bench/wrk/$m.lua" wrk -t1 -c16 -d2s -s bench/wrk/report.lua "$url" >/dev/null
  done
  local rss_warm rss_slow="" slow_ready="" conns_slow=""
  rss_warm=$(status_kb "$pid" VmRSS)
  if [ "$name" = slow ]; then
    rm -f "$out/$tag.slow.ready"
    python3 bench/slow_clients.py --port "$port" --count "$slow_n" --interval "$slow_interval" \
      --duration $((secs + 120)) --ready "$out/$tag.slow.ready" --out "$out/$tag.slow.json" &
    slow_pid=$!
    pids+=("$slow_pid")
    for _ in $(seq 600); do [ -s "$out/$tag.slow.ready" ] && break; sleep 0.1; done
    [ -s "$out/$tag.slow.ready" ] || { echo "the slow clients did not all connect in 60 s" >&2; exit 1; }
    slow_ready=$(cat "$out/$tag.slow.ready")
    sleep 2
    rss_slow=$(status_kb "$pid" VmRSS)
    conns_slow=$(gauge "$url")
    echo "   $slow_n slow clients connected in ${slow_ready} s; server: $conns_slow connections, VmRSS ${rss_slow} kB (${rss_warm} kB before)"
  fi

  if [ "$name" = alone ]; then
    # Each request type alone, 16 connections: its own latency without the queue, and its server CPU.
    for m in $mix; do
      type=${m%%:*}
      script="bench/wrk/$type.lua"
      [ "$type" = submit ] && script=bench/wrk/post_dossier.lua
      rm -f "$out/$tag.$type.report"
      c0=$(cpu_ticks "$pid")
      MOTCUA_BENCH_SCRIPT="$script" MOTCUA_BENCH_REPORT="$out/$tag.$type.report" \
        wrk -t1 -c16 -d"${alone_secs}s" --timeout 10s -s bench/wrk/report.lua "$url" >"$out/$tag.$type.txt" 2>&1
      c1=$(cpu_ticks "$pid")
      echo "cpu_ticks_$type=$((c1 - c0))" >>"$out/$tag.meta"
    done
    { echo "phase=alone"; echo "secs=$alone_secs"; echo "rss_idle_kb=$rss_idle"; echo "rss_end_kb=$(status_kb "$pid" VmRSS)"
      echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"; } >>"$out/$tag.meta"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    forget "$pid"
    return
  fi
  curl -sf "$url/metrics" >"$out/$tag.metrics0"
  c0=$(cpu_ticks "$pid")
  local t0 t1 mt0 mt1
  mt0=$(machine_ticks)
  t0=$(date +%s.%N)
  # wrk --timeout 30s: with 1,000 connections in a closed loop a request waits ~1,000 ÷ (req/s) seconds, and wrk
  # leaves latencies above its timeout out of the distribution (it counts them as timeouts instead).
  for m in $mix; do
    type=${m%%:*} n=${m#*:}
    rm -f "$out/$tag.$type.report"
    script="bench/wrk/$type.lua"
    [ "$type" = submit ] && script=bench/wrk/post_dossier.lua
    MOTCUA_BENCH_SCRIPT="$script" MOTCUA_BENCH_REPORT="$out/$tag.$type.report" \
      wrk -t1 -c"$n" -d"${secs}s" --timeout 30s --latency -s bench/wrk/report.lua "$url" >"$out/$tag.$type.txt" 2>&1 &
    wpids+=($!)
    pids+=($!)
  done
  # While the load runs (not in its first and last 3 s, when wrk connects and hangs up), in the background: the
  # server's VmRSS every second (its peak under load: VmHWM also holds the start-up's Argon2id hash, 64 MiB) and its
  # open connections every 5 s from /metrics, with the time /metrics took to answer (it waits in the worker queue
  # like any request: how late monitoring sees an overloaded server).
  (
    trap - EXIT
    sleep 3
    k=0 until_s=$(($(date +%s) + secs - 6))
    while [ "$(date +%s)" -lt "$until_s" ]; do
      echo "rss $(status_kb "$pid" VmRSS)"
      if [ $((k % 5)) -eq 0 ]; then
        t=$(curl -sf -m 30 -o "$out/$tag.metrics-sample" -w '%{time_total}' "$url/metrics" || true)
        echo "conns $(awk '$1=="motcua_http_connections"{print $2}' "$out/$tag.metrics-sample" 2>/dev/null) $t"
        rm -f "$out/$tag.metrics-sample"
      fi
      k=$((k + 1))
      sleep 1
    done
  ) >"$out/$tag.samples" 2>/dev/null &
  local sampler=$!
  pids+=("$sampler")
  for p in "${wpids[@]}"; do
    wait "$p" || echo "wrk exited with $? (see $out/$tag.*.txt)" >&2
    forget "$p"
  done
  t1=$(date +%s.%N)
  c1=$(cpu_ticks "$pid")
  mt1=$(machine_ticks)
  curl -sf "$url/metrics" >"$out/$tag.metrics1"
  local rss_end hwm_end rss_max conns_min conns_max metrics_wait
  rss_end=$(status_kb "$pid" VmRSS) hwm_end=$(status_kb "$pid" VmHWM)
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  forget "$sampler"
  rss_max=$(awk '$1=="rss" && $2>m{m=$2} END{print m+0}' "$out/$tag.samples")
  conns_min=$(awk '$1=="conns" && NF==3 && (m=="" || $2<m){m=$2} END{print m}' "$out/$tag.samples")
  conns_max=$(awk '$1=="conns" && NF==3 && $2>m{m=$2} END{print m+0}' "$out/$tag.samples")
  metrics_wait=$(awk '$1=="conns" && NF==3 && $3>m{m=$3} END{printf "%.1f", m}' "$out/$tag.samples")
  if [ -n "$slow_pid" ]; then
    kill -TERM "$slow_pid"
    wait "$slow_pid" || true
    forget "$slow_pid"
    sleep 1
    curl -sf "$url/metrics" >"$out/$tag.metrics2"  # how the server logged the slow clients hanging up
  fi
  local dossiers
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  forget "$pid"
  dossiers=$(sqlite3 "$run/motcua.db" "SELECT COUNT(*) FROM dossiers")
  {
    echo "phase=$name"
    echo "wall_s=$(echo "$t1 - $t0" | bc)"
    echo "cpu_ticks=$((c1 - c0))"
    echo "machine_busy_ticks=$((${mt1% *} - ${mt0% *}))"
    echo "machine_total_ticks=$((${mt1#* } - ${mt0#* }))"
    echo "ncpu=$(nproc)"
    echo "rss_idle_kb=$rss_idle"
    echo "hwm_idle_kb=$hwm_idle"
    echo "rss_warm_kb=$rss_warm"
    echo "rss_slow_kb=$rss_slow"
    echo "conns_slow=$conns_slow"
    echo "slow_ready_s=$slow_ready"
    echo "rss_end_kb=$rss_end"
    echo "rss_max_kb=$rss_max"
    echo "hwm_end_kb=$hwm_end"
    echo "conns_min=$conns_min"
    echo "conns_max=$conns_max"
    echo "metrics_wait_s=$metrics_wait"
    echo "dossiers_after=$dossiers"
    echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$out/$tag.meta"
  grep -h '"level":"\(warning\|error\|critical\)"' "$out/$tag.server.log" 2>/dev/null | head -5 || true
}

i=0
for ph in $phases; do
  i=$((i + 1))
  case "$ph" in alone | plain | slow) ;; *) echo "unknown phase $ph (alone|plain|slow)" >&2; exit 2 ;; esac
  run_phase "$i" "$ph"
done
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/run.meta"
rm -rf "$run"
python3 bench/connections_summary.py "$out" | tee "$out/summary.txt"
echo "(files: $out)"
