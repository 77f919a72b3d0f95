# Sourced by ./test: a throwaway PostgreSQL 15 cluster on 127.0.0.1 under a temp dir.
# pg_test_start exports MOTCUA_TEST_PG=postgresql://motcua@127.0.0.1:PORT/motcua_test; pg_test_stop removes it.
# MOTCUA_PG_FSYNC=on makes it durable (benchmarks); tests run it with fsync off.
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
pg_test_start() {
  PG_DIR="$(mktemp -d /tmp/motcua-pg.XXXXXX)"
  PG_PORT=$((20000 + RANDOM % 20000))
  while (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; do PG_PORT=$((20000 + RANDOM % 20000)); done
  local run_as=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PG_DIR"
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U motcua --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log"; return 1; }
  "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=${MOTCUA_PG_FSYNC:-off} -c max_connections=200" start >/dev/null \
    || { cat "$PG_DIR/server.log"; return 1; }
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U motcua motcua_test
  MOTCUA_TEST_PG="postgresql://motcua@127.0.0.1:$PG_PORT/motcua_test"
  export MOTCUA_TEST_PG
  echo "motcua: test PostgreSQL at $MOTCUA_TEST_PG"
}
pg_test_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  local run_as=()
  [ "$(id -u)" -eq 0 ] && run_as=(runuser -u postgres --)
  "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
