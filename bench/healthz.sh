#!/usr/bin/env bash
# /healthz and catalog API throughput with wrk against the Release build, in one run so the figures are
# comparable (ratios). Usage: bench/healthz.sh [seconds] — prints wrk summaries.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
scripts/build.sh release motcua >/dev/null
dir="$(mktemp -d)"
build/release/motcua serve --data "$dir" --port 0 --port-file "$dir/port" --demo-if-empty --log-level warn --io-threads 1 --workers 2 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.1; done
port="$(cat "$dir/port")"
echo "== GET /healthz (inline on the I/O thread)"
wrk -t2 -c64 -d"${secs}s" "http://127.0.0.1:$port/healthz"
echo "== GET /api/v1/procedures?q=dang+ky+khai+sinh (worker pool + search)"
wrk -t2 -c64 -d"${secs}s" "http://127.0.0.1:$port/api/v1/procedures?q=dang+ky+khai+sinh"
echo "== GET /thu-tuc/1.001193 (HTML page, mustache)"
wrk -t2 -c64 -d"${secs}s" -H "Accept-Encoding: gzip" "http://127.0.0.1:$port/thu-tuc/1.001193"
