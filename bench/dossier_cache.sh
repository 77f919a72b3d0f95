# Sourced by the benchmark scripts (dossiers, pages, staff_search, connections, pg_pause): the steps they share.
#
# bench_build LOG TARGETS…: builds TARGETS in $build (Release) and prints the commit line; on failure prints the
#   errors (log: $build.LOG) and exits.
# dossier_cache COUNT: the generated database of COUNT dossiers, cached under $bench_root/dossiers-COUNT (pristine
#   copy, regenerated when the generator's source — or, with $gen set to another generator binary, that binary —
#   or COUNT changes; new migrations are applied — and migration 28's backfill run — with `motcua migrate`).
#   Needs $build (or $bin and $gen), $bench_root; sets $cache.
# citizen_session URL RUN: signs the demo citizen in, uploads one scanned PDF and writes RUN/bodies.jsonl (the cached
#   submission bodies attaching it to each mandatory component); sets $token and $file_id.
bench_build() {
  local log=$1
  shift
  echo "== build ($build) — $(git log -1 --format='%h %s' | cut -c1-70)$(git diff --quiet HEAD -- src || echo ' + uncommitted src changes')"
  if ! MOTCUA_BUILD_DIR="$build" scripts/build.sh release "$@" >"$build.$log" 2>&1; then
    grep -E -m20 'error|FAILED' "$build.$log" >&2 || tail -20 "$build.$log" >&2
    echo "build failed (log: $build.$log)" >&2
    exit 1
  fi
}

dossier_cache() {
  local count=$1 t0 t1 stamp
  local server="${bin:-$build/motcua}" generator="${gen:-$build/bench_gen_dossiers}"
  cache="$bench_root/dossiers-$count"
  if [ -n "${MOTCUA_GEN:-}" ]; then stamp="$count bin-$(sha256sum "$generator" | cut -c1-16)"
  else stamp="$count $(sha256sum bench/gen_dossiers.cpp | cut -c1-16)"; fi
  if [ ! -f "$cache/stamp" ] || [ "$(cat "$cache/stamp")" != "$stamp" ]; then
    [ -x "$generator" ] || { echo "no generator at $generator (build bench_gen_dossiers or set MOTCUA_GEN)" >&2; exit 1; }
    echo "== generating $count dossiers into $cache"
    rm -rf "$cache"
    mkdir -p "$cache/pristine"
    t0=$(date +%s.%N)
    # Schema + demo agencies, procedures and accounts (cheap Argon2id: only the benchmark's sign-ins use it).
    MOTCUA_FAST_HASH=1 "$server" demo --data "$cache/pristine" --log-level warn >/dev/null
    "$generator" --db "$cache/pristine/motcua.db" --count "$count" \
      --codes-out "$cache/codes.txt" --bodies-out "$cache/bodies.jsonl" | tee "$cache/generate.txt"
    t1=$(date +%s.%N)
    printf 'generation wall time (demo + generator): %.1f s\n' "$(echo "$t1 - $t0" | bc)" | tee -a "$cache/generate.txt"
    echo "$stamp" >"$cache/stamp"
  else
    echo "== reusing $cache ($(head -1 "$cache/generate.txt"))"
  fi
  "$server" migrate --data "$cache/pristine" --log-level warn >/dev/null
}

citizen_session() {
  local url=$1 run=$2
  token=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"username":"001090000001","password":"demo1234"}' \
    "$url/api/v1/auth/login" | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
  [ -n "$token" ] || { echo "sign-in failed" >&2; exit 1; }
  # The citizen uploads one scanned document (a small PDF); every submission attaches it to each mandatory
  # component (the server checks the file exists and belongs to the applicant).
  printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' >"$run/scan.pdf"
  file_id=$(curl -sf -H "Authorization: Bearer $token" -F "file=@$run/scan.pdf;type=application/pdf" "$url/api/v1/files" |
    sed -n 's/.*"id":"\([0-9a-zA-Z]*\)".*/\1/p')
  [ -n "$file_id" ] || { echo "upload failed" >&2; exit 1; }
  sed "s/@FILE@/$file_id/g" "$cache/bodies.jsonl" >"$run/bodies.jsonl"
}
