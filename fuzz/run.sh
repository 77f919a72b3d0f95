#!/usr/bin/env bash
# fuzz/run.sh BINARY SEED_DIR WORK_DIR SECONDS — a time-boxed libFuzzer run (used by ctest, label fuzz).
# New inputs go to WORK_DIR/corpus (the seeds in the repository are only read), crashes to
# WORK_DIR/artifacts/. Exit code non-zero when the fuzzer found a crash or a contract violation.
set -euo pipefail
bin="$1" seeds="$2" work="$3" secs="$4"
mkdir -p "$work/corpus" "$work/artifacts"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
exec "$bin" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=1024 -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" "$seeds"
