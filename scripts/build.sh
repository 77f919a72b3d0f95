#!/usr/bin/env bash
# scripts/build.sh <release|asan|debug> [target…] — configure (once) and build with Ninja.
# MOTCUA_BUILD_DIR overrides the build directory (parallel work trees); MOTCUA_BUILD_JOBS the job count.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-release}"; shift || true
case "$kind" in
  release) bt=Release ;;
  asan) bt=Asan ;;
  debug) bt=Debug ;;
  *) echo "unknown build kind $kind" >&2; exit 2 ;;
esac
dir="${MOTCUA_BUILD_DIR:-build/$kind}"
# ccache keyed on paths relative to the checkout, so several checkouts (git worktrees) share one cache.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(cd .. && pwd)}" CCACHE_NOHASHDIR=1
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$bt"
fi
jobs="${MOTCUA_BUILD_JOBS:-2}"
if [ $# -gt 0 ]; then
  cmake --build "$dir" -j "$jobs" --target "$@"
else
  cmake --build "$dir" -j "$jobs"
fi
