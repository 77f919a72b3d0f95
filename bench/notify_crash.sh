#!/usr/bin/env bash
# Issue 11's recovery check: kill -9 of the server while N messages (default 500) are pending and the
# SMTP server is down for DOWN seconds (default 300); after restart and recovery every message must be
# delivered exactly once, counted in the SMTP stand-in's Maildir.
#   1. motcua-smtp starts "down" (--down-file: every session gets 421), with --dedupe (a resend with a
#      Message-ID already stored is logged to duplicates.log instead of stored);
#   2. the Release server starts; the desk accepts N dossiers for N applicants with e-mail → N messages;
#   3. kill -9 of the server, restart (the mail server still down);
#   4. after DOWN seconds the mail server comes back; when a third has arrived, kill -9 again (in the
#      middle of delivery) and restart;
#   5. wait until N messages are in new/ (or a timeout), then a few seconds for late resends.
# Prints delivered files, distinct Message-IDs, caught resends and the outbox states; exit 0 when the
# Maildir holds exactly N messages with N distinct Message-IDs.
# Usage: bench/notify_crash.sh [messages=500] [down_seconds=300]
# Environment: MOTCUA_BUILD_DIR (default build/release); MOTCUA_NOTIFY_BACKOFF_MS etc. pass through to
# the server (defaults: first retry after 30 s, doubled each time).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-500}"
down="${2:-300}"
build="${MOTCUA_BUILD_DIR:-build/release}"
MOTCUA_BUILD_DIR="$build" scripts/build.sh release motcua motcua-smtp >"$build.notify-build.log" 2>&1 \
  || { tail -20 "$build.notify-build.log" >&2; exit 1; }
work="$(mktemp -d /tmp/motcua-notify-crash.XXXXXX)"
smtp_pid="" server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null || true
  [ -n "$smtp_pid" ] && kill "$smtp_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
wait_file() { for _ in $(seq 600); do [ -s "$1" ] && return 0; sleep 0.05; done; echo "timeout waiting for $1" >&2; exit 1; }
delivered() { find "$work/mail/new" -type f | wc -l; }

touch "$work/down"
"$build/motcua-smtp" --maildir "$work/mail" --port 0 --port-file "$work/smtp.port" --down-file "$work/down" --dedupe 2>"$work/smtp.log" &
smtp_pid=$!
wait_file "$work/smtp.port"
smtp_url="smtp://127.0.0.1:$(cat "$work/smtp.port")"

start_server() {
  rm -f "$work/port"
  MOTCUA_FAST_HASH=1 "$build/motcua" serve --data "$work/data" --port 0 --port-file "$work/port" --demo-if-empty --log-level warn \
    --smtp-url "$smtp_url" >>"$work/server.log" 2>&1 &
  server_pid=$!
  wait_file "$work/port"
  base="http://127.0.0.1:$(cat "$work/port")"
}
crash() { kill -9 "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

start_server
token=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"motcua.bensung","password":"demo1234"}' "$base/api/v1/auth/login" | jq -r .token)
t0=$(date +%s)
echo "== accepting $n dossiers (the mail server is down)"
ok=0
for i in $(seq 1 "$n"); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"procedure_code\":\"local.1\",\"agency_code\":\"000.01.25.H56\",\"delivery\":\"desk\",\"accept\":true,\"applicant\":{\"name\":\"Nguyễn Văn An\",\"email\":\"nguoi$i@example.vn\"}}" \
    "$base/api/v1/dossiers")
  [ "$code" = 201 ] && ok=$((ok + 1))
done
echo "   $ok accepted in $(( $(date +%s) - t0 )) s"
sleep 2
echo "== kill -9 with the messages pending; restart"
crash
start_server
left=$(( down - ($(date +%s) - t0) ))
[ "$left" -gt 0 ] && { echo "== the mail server stays down $left s more"; sleep "$left"; }
rm -f "$work/down"
t_up=$(date +%s)
echo "== the mail server is back; waiting for a third to arrive, then kill -9 in the middle of delivery"
deadline=$(( t_up + down + 900 ))
while [ "$(delivered)" -lt $(( ok / 3 )) ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
echo "   $(delivered) delivered when killed"
crash
start_server
while [ "$(delivered)" -lt "$ok" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.5; done
t_all=$(date +%s)
sleep 5
files=$(delivered)
ids=$(grep -h -i -m1 '^Message-ID:' "$work"/mail/new/* | sort -u | wc -l)
dups=$( [ -f "$work/mail/duplicates.log" ] && wc -l <"$work/mail/duplicates.log" || echo 0)
crash
echo "== result"
echo "   messages written: $ok; delivered files: $files; distinct Message-IDs: $ids; resends caught by Message-ID: $dups"
echo "   all delivered $(( t_all - t_up )) s after the mail server came back"
echo "   outbox: $(sqlite3 "$work/data/motcua.db" "SELECT status || '=' || COUNT(*) || ' (attempts max ' || MAX(attempts) || ')' FROM outbox GROUP BY status" | tr '\n' ' ')"
[ "$files" = "$ok" ] && [ "$ids" = "$ok" ] && echo "   exactly once: yes" && exit 0
echo "   exactly once: NO" >&2
exit 1
