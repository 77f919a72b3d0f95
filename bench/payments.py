#!/usr/bin/env python3
"""IPN path throughput (issue 10): N online dossiers of 2.000635 each get a pending VNPAY payment through the API,
then W client threads send VNPAY's signed IPNs (success) for all of them as fast as the server answers. Prints
payments applied per second, the server's CPU per IPN, and checks every payment was applied exactly once
(a second IPN round must answer 02 for all) and the ledger balances.

  bench/payments.py SERVER_PORT SERVER_PID N WORKERS TMN SECRET
"""
import hashlib, hmac, json, os, sys, threading, time, urllib.parse, urllib.request, uuid

port, pid, n, workers, tmn, secret = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
base = f"http://127.0.0.1:{port}"


def call(method, path, body=None, token=None, ctype="application/json", raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", ctype)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def login(user):
    s, b = call("POST", "/api/v1/auth/login", {"username": user, "password": "demo1234"})
    return json.loads(b)["token"]


def cpu_ticks():
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return int(parts[11]) + int(parts[12])


tok = login("001090000001")
proc = json.loads(call("GET", "/api/v1/procedures/2.000635")[1])
form = {}
for f in proc["form_schema"]["fields"]:
    if not f.get("required"):
        continue
    t = f["type"]
    form[f["name"]] = (True if t == "checkbox" else f["choices"][0]["value"] if t in ("select", "radio") else "2020-01-02" if t == "date"
                       else "001090000001" if t == "id_number" else "0912345678" if t == "phone" else "an@example.vn" if t == "email" else "Nguyễn Văn An")
form["so_ban_sao"] = 2
pdf = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer\n%%EOF\n"
boundary = "benchBoundary"
upload = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cccd.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode() + pdf + f"\r\n--{boundary}--\r\n".encode()

print(f"== preparing {n} dossiers with a pending payment", flush=True)
pending = []
for i in range(n):
    s, b = call("POST", "/api/v1/files", token=tok, raw=upload, ctype=f"multipart/form-data; boundary={boundary}")
    fid = json.loads(b)["id"]
    s, b = call("POST", "/api/v1/dossiers", {"procedure_code": "2.000635", "agency_code": "000.01.25.H56", "delivery": "desk", "form": form,
                                              "documents": [{"component_code": "BS-04", "file_id": fid}]}, tok)
    assert s == 201, b
    did = json.loads(b)["id"]
    s, b = call("POST", f"/api/v1/dossiers/{did}/payments", {"gateway": "vnpay"}, tok)
    assert s == 201, b
    p = json.loads(b)
    pending.append((p["txn_ref"], p["amount"], did))


def ipn_query(txn, amount, no):
    params = {"vnp_Amount": str(amount * 100), "vnp_BankCode": "NCB", "vnp_BankTranNo": f"VNP{no}", "vnp_CardType": "ATM",
              "vnp_OrderInfo": "Thanh toan phi le phi", "vnp_PayDate": time.strftime("%Y%m%d%H%M%S", time.gmtime(time.time() + 7 * 3600)),
              "vnp_ResponseCode": "00", "vnp_TmnCode": tmn, "vnp_TransactionNo": str(no), "vnp_TransactionStatus": "00", "vnp_TxnRef": txn}
    data = "&".join(f"{urllib.parse.quote_plus(k)}={urllib.parse.quote_plus(v)}" for k, v in sorted(params.items()))
    return data + "&vnp_SecureHash=" + hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


queries = [ipn_query(t, a, 10000000 + i) for i, (t, a, _) in enumerate(pending)]


def run_round():
    replies, lock, idx = {}, threading.Lock(), [0]

    def worker():
        while True:
            with lock:
                i = idx[0]
                idx[0] += 1
            if i >= len(queries):
                return
            s, b = call("GET", "/api/v1/payments/vnpay/ipn?" + queries[i])
            code = json.loads(b)["RspCode"] if s == 200 else f"http{s}"
            with lock:
                replies[code] = replies.get(code, 0) + 1

    ts = [threading.Thread(target=worker) for _ in range(workers)]
    c0, t0 = cpu_ticks(), time.time()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return replies, time.time() - t0, cpu_ticks() - c0


hz = os.sysconf("SC_CLK_TCK")
replies, secs, ticks = run_round()
print(f"IPN round 1 (applies): {n / secs:.0f} payments/s, server CPU {ticks * 1000 / hz / n:.2f} ms per IPN, replies {replies}")
replies2, secs2, ticks2 = run_round()
print(f"IPN round 2 (replays): {n / secs2:.0f} IPN/s, server CPU {ticks2 * 1000 / hz / n:.2f} ms per IPN, replies {replies2}")
ok = replies.get("00", 0) == n and replies2.get("02", 0) == n
desk = login("motcua.bensung")
paid = sum(json.loads(call("GET", f"/api/v1/dossiers/{d}/fees", token=tok)[1])["paid"] for _, _, d in pending[:50])
ok = ok and paid == 50 * 16000
print(f"check: every payment applied once = {ok}")
print(f"RESULT payments_per_s={n / secs:.0f} cpu_ms={ticks * 1000 / hz / n:.2f} replay_per_s={n / secs2:.0f} ok={ok}")
