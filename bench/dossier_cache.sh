# Sourced by bench/dossiers.sh and bench/staff_search.sh: the generated database of N dossiers, cached under
# $bench_root/dossiers-N (pristine copy, regenerated when the generator's source or N changes; new migrations are
# applied — and migration 28's backfill run — with `motcua migrate`). Needs $build, $bench_root; sets $cache.
# Usage: dossier_cache COUNT
dossier_cache() {
  local count=$1 bin="$build/motcua" stamp t0 t1
  cache="$bench_root/dossiers-$count"
  stamp="$count $(sha256sum bench/gen_dossiers.cpp | cut -c1-16)"
  if [ ! -f "$cache/stamp" ] || [ "$(cat "$cache/stamp")" != "$stamp" ]; then
    echo "== generating $count dossiers into $cache"
    rm -rf "$cache"
    mkdir -p "$cache/pristine"
    t0=$(date +%s.%N)
    # Schema + demo agencies, procedures and accounts (cheap Argon2id: only the benchmark's sign-ins use it).
    MOTCUA_FAST_HASH=1 "$bin" demo --data "$cache/pristine" --log-level warn >/dev/null
    "$build/bench_gen_dossiers" --db "$cache/pristine/motcua.db" --count "$count" \
      --codes-out "$cache/codes.txt" --bodies-out "$cache/bodies.jsonl" | tee "$cache/generate.txt"
    t1=$(date +%s.%N)
    printf 'generation wall time (demo + generator): %.1f s\n' "$(echo "$t1 - $t0" | bc)" | tee -a "$cache/generate.txt"
    echo "$stamp" >"$cache/stamp"
  else
    echo "== reusing $cache ($(head -1 "$cache/generate.txt"))"
  fi
  "$bin" migrate --data "$cache/pristine" --log-level warn >/dev/null
}
