#!/usr/bin/env python3
"""National portal sync under load, issue 13's acceptance run (driven by bench/national_sync.sh).

N dossiers go through a life at the Bến Sung desk — recorded and accepted (1, 2), handed to Tư pháp (4),
supplement requested (5) and accepted (4), stopped (8): 6 changes, 12 payloads each — from W client
threads, while the national portal's stand-in is DOWN for D seconds in the middle of the run (its
control file says "down": connections are closed unanswered). Then it waits until the stand-in has
accepted every payload and checks: exactly N × 12 accepted, none twice (request ids), none refused by the
schema or transition checks, each dossier's DongBoHoSoMC statuses exactly 1, 2, 4, 5, 4, 8 in that order,
and the reconciliation API says pending 0, failed 0, dead 0. Prints throughput figures:
  - API changes/s while the portal was up and while it was down (the outbox decouples them);
  - drain: payloads/s from the moment the portal is back until the last one is accepted;
  - steady: payloads/s accepted while the portal was up and changes were being made.
"""
import http.client
import json
import os
import sys
import threading
import time

port, portal_port, n, workers, down_s, data = (int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]),
                                               float(sys.argv[5]), sys.argv[6])
control = os.path.join(data, "national", "control")
accepted_log = os.path.join(data, "national", "accepted.jsonl")
PER = 12


def call(conn, method, path, body=None, token=None):
    h = {"Content-Type": "application/json"}
    if token:
        h["Authorization"] = "Bearer " + token
    conn.request(method, path, json.dumps(body) if body is not None else None, h)
    r = conn.getresponse()
    data = r.read()
    return r.status, (json.loads(data) if data else None)


def login(user):
    c = http.client.HTTPConnection("127.0.0.1", port)
    st, j = call(c, "POST", "/api/v1/auth/login", {"username": user, "password": "demo1234"})
    assert st == 200, (user, st, j)
    return j["token"]


def stats():
    c = http.client.HTTPConnection("127.0.0.1", portal_port)
    return call(c, "GET", "/stats")[1]


desk, spec = login("motcua.bensung"), login("tuphap.bensung")
admin = login("quantri")
done = 0
done_lock = threading.Lock()
errors = []
marks = {}


def life(conn, i):
    body = {"procedure_code": "local.1", "agency_code": "000.01.25.H56", "delivery": "desk", "accept": True,
            "applicant": {"name": "Nguyễn Văn Thử %d" % i, "id_number": "001090000001", "phone": "0912345678"}}
    st, d = call(conn, "POST", "/api/v1/dossiers", body, desk)
    if st != 201:
        raise RuntimeError("intake %d %s" % (st, d))
    base = "/api/v1/dossiers/%s/actions/" % d["id"]
    for who, action, b in ((desk, "transfer", {"unit": "TP"}), (spec, "request-supplement", {"reason": "Thiếu giấy tờ"}),
                           (desk, "accept-supplement", {}), (spec, "stop", {"reason": "Người nộp đề nghị dừng"})):
        st, r = call(conn, "POST", base + action, b, who)
        if st != 200:
            raise RuntimeError("%s %d %s" % (action, st, r))


def worker(k):
    global done
    conn = http.client.HTTPConnection("127.0.0.1", port)
    for i in range(k, n, workers):
        try:
            life(conn, i)
        except Exception as e:  # noqa: BLE001
            errors.append(str(e))
            conn = http.client.HTTPConnection("127.0.0.1", port)
        with done_lock:
            done += 1


def portal_switch():
    # Down once a third of the dossiers went through; back after down_s seconds.
    while done < n // 3:
        time.sleep(0.05)
    marks["down_at"], marks["done_at_down"], marks["acc_at_down"] = time.time(), done, stats()["accepted"]
    with open(control, "w") as f:
        f.write("down\n")
    # A commune numbers at most 9,999 dossiers a day (the code's sequence): the rest of the run is "tomorrow".
    tomorrow = time.strftime("%Y-%m-%dT08:00", time.gmtime(time.time() + 7 * 3600 + 86400))
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("POST", "/test/clock", json.dumps({"now": tomorrow}), {"Content-Type": "application/json"})
    r = c.getresponse()
    r.read()
    if r.status != 200:
        errors.append("test clock %d" % r.status)
    time.sleep(down_s)
    os.remove(control)
    marks["up_at"], marks["done_at_up"] = time.time(), done


t0 = time.time()
ts = [threading.Thread(target=worker, args=(k,)) for k in range(workers)]
sw = threading.Thread(target=portal_switch)
for t in ts + [sw]:
    t.start()
for t in ts:
    t.join()
t_changes = time.time()
sw.join()
expected = n * PER
# Wait until everything is accepted, or nothing moved for 330 s (longer than the 5-minute cap on a retry's backoff,
# so a row waiting out its backoff is not taken for a loss), or an hour passed.
last, moved_at = -1, time.time()
while True:
    s = stats()
    if s["accepted"] >= expected:
        break
    if s["accepted"] != last:
        last, moved_at = s["accepted"], time.time()
    if time.time() - moved_at > 330 or time.time() - marks["up_at"] > 3600:
        break
    time.sleep(0.2)
t_end = time.time()
s = stats()

# ---- checks ----
seen, order, dup = set(), {}, 0
with open(accepted_log) as f:
    for line in f:
        a = json.loads(line)
        if a["request_id"] in seen:
            dup += 1
        seen.add(a["request_id"])
        if a["service"] == "DongBoHoSoMC":
            order.setdefault(a["payload"]["MaHoSo"], []).append(a["payload"]["TrangThaiHoSo"])
bad_order = sum(1 for v in order.values() if v != [1, 2, 4, 5, 4, 8])
c = http.client.HTTPConnection("127.0.0.1", port)
st, rec = call(c, "GET", "/api/v1/sync/status", None, admin)

changes_down = marks["done_at_up"] - marks["done_at_down"]
print("dossiers %d (× 6 changes, × %d payloads), client threads %d, portal down %.0f s" % (n, PER, workers, down_s))
print("API errors: %d%s" % (len(errors), (" — first: " + errors[0]) if errors else ""))
print("changes/s while the portal was down: %.0f (%d dossiers in %.1f s)" % (changes_down * 6 / max(down_s, 1e-9), changes_down, down_s))
print("changes/s over the whole run: %.0f (%.1f s)" % (n * 6 / (t_changes - t0), t_changes - t0))
print("steady sync before the outage: %.0f payloads/s" % (marks["acc_at_down"] / (marks["down_at"] - t0)))
drained = s["accepted"] - marks["acc_at_down"]
print("drain after the portal came back: %d payloads in %.1f s = %.0f payloads/s" % (drained, t_end - marks["up_at"], drained / max(t_end - marks["up_at"], 1e-9)))
print("portal: accepted %d of %d expected, duplicates answered %d, refused %d, unauthorized %d" % (
    s["accepted"], expected, s["duplicates"], s["rejected"], s["unauthorized"]))
print("log: %d payloads, request ids seen twice %d, dossiers out of order %d of %d" % (len(seen), dup, bad_order, len(order)))
print("reconciliation: synced %d pending %d failed %d dead %d" % (rec["synced"], rec["pending"], rec["failed"], rec["dead"]))
ok = (s["accepted"] == expected and dup == 0 and s["rejected"] == 0 and bad_order == 0 and len(order) == n and not errors
      and rec["pending"] == 0 and rec["failed"] == 0 and rec["dead"] == 0 and rec["synced"] == expected)
print("RESULT: " + ("every payload delivered exactly once, in order, valid" if ok else "FAILED"))
sys.exit(0 if ok else 1)
