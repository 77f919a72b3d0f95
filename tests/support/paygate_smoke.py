#!/usr/bin/env python3
"""Smoke test of the VNPAY sandbox stand-in (src/standins/paygate/), by hand or in CI:

    python3 tests/support/paygate_smoke.py build/asan/motcua-paygate

Starts motcua-paygate on a free port with a small merchant IPN listener (checks the IPN's HMAC-SHA512, answers
{"RspCode","Message"}), then walks: payment page (good and forged), pay, second confirm, return URL signature,
querydr, refunds (partial, repeated request id, too much), cancel, and the modes fail / timeout + resend /
duplicate / forged / amount / late / api-down, and /stats. Exits non-zero on the first failed check.
Standard library only.
"""
import hashlib
import hmac
import http.server
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

TMN = "MOTCUA01"
SECRET = "bi-mat-thu-nghiem-" + secrets.token_hex(8)
GMT7 = 7 * 3600


def enc(s):
    """VNPAY's url encoding: A-Z a-z 0-9 - _ . * kept, space -> +, every other byte -> %XX."""
    out = []
    for b in s.encode("utf-8"):
        c = chr(b)
        if c.isascii() and (c.isalnum() or c in "-_.*"):
            out.append(c)
        elif c == " ":
            out.append("+")
        else:
            out.append("%%%02X" % b)
    return "".join(out)


def hash_data(params):
    return "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(params.items())
                    if v != "" and k not in ("vnp_SecureHash", "vnp_SecureHashType"))


def sign(data):
    return hmac.new(SECRET.encode(), data.encode("utf-8"), hashlib.sha512).hexdigest()


def vnp_time(t):
    return time.strftime("%Y%m%d%H%M%S", time.gmtime(t + GMT7))


def parse_qs(q):
    return {k: v for k, v in urllib.parse.parse_qsl(q, keep_blank_values=True)}


def signed_ok(params):
    return hmac.compare_digest(params.get("vnp_SecureHash", "").lower(), sign(hash_data(params)))


def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)
    print("ok  ", what)


# ---- the merchant's IPN endpoint
ipns = []
ipn_lock = threading.Lock()


class Ipn(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        params = parse_qs(urllib.parse.urlsplit(self.path).query)
        good = signed_ok(params)
        with ipn_lock:
            ipns.append((params, good))
        reply = {"RspCode": "00", "Message": "Confirm Success"} if good else {"RspCode": "97", "Message": "Invalid signature"}
        body = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


def request(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with opener.open(req, timeout=15) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: paygate_smoke.py PATH/TO/motcua-paygate")
    ipn_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ipn)
    threading.Thread(target=ipn_server.serve_forever, daemon=True).start()
    ipn_url = f"http://127.0.0.1:{ipn_server.server_port}/thanh-toan/vnpay/ipn"

    tmp = tempfile.mkdtemp(prefix="paygate-smoke-")
    log, port_file, control, secret_file = (os.path.join(tmp, n) for n in ("log.jsonl", "port", "mode", "secret"))
    with open(secret_file, "w") as f:
        f.write(SECRET + "\n")
    gw = subprocess.Popen([sys.argv[1], "--log", log, "--port-file", port_file, "--control-file", control, "--tmn-code", TMN,
                           "--secret-file", secret_file, "--ipn-url", ipn_url], stderr=subprocess.PIPE)
    try:
        for _ in range(400):
            if os.path.exists(port_file):
                break
            time.sleep(0.025)
        base = "http://127.0.0.1:" + open(port_file).read().strip()

        def mode(m):
            with open(control, "w") as f:
                f.write(m + "\n")

        def pay_url(ref, amount=8000, **override):
            now = time.time()
            p = {"vnp_Version": "2.1.0", "vnp_Command": "pay", "vnp_TmnCode": TMN, "vnp_Amount": str(amount * 100),
                 "vnp_CurrCode": "VND", "vnp_TxnRef": ref, "vnp_OrderInfo": "Thanh toan phi le phi ho so " + ref,
                 "vnp_OrderType": "other", "vnp_Locale": "vn", "vnp_ReturnUrl": "http://127.0.0.1:9/thanh-toan/vnpay/ket-qua",
                 "vnp_IpAddr": "127.0.0.1", "vnp_CreateDate": vnp_time(now), "vnp_ExpireDate": vnp_time(now + 900)}
            p.update(override)
            data = hash_data(p)
            return p, f"{base}/paymentv2/vpcpay.html?{data}&vnp_SecureHash={sign(data)}"

        def open_page(ref, **kw):
            p, url = pay_url(ref, **kw)
            status, _, html = request(url)
            m = re.search(r'name="token" value="([0-9a-f]+)"', html)
            return status, html, (m.group(1) if m else None), p

        def confirm(token, action="pay", bank="NCB"):
            body = urllib.parse.urlencode({"token": token, "action": action, "bank": bank}).encode()
            return request(base + "/paymentv2/confirm", body, {"Content-Type": "application/x-www-form-urlencoded"})

        def ipn_count():
            with ipn_lock:
                return len(ipns)

        def api(body):
            status, _, text = request(base + "/merchant_webapi/api/transaction", json.dumps(body).encode(),
                                      {"Content-Type": "application/json"})
            return status, (json.loads(text) if status == 200 else text)

        def querydr(ref, create_date):
            q = {"vnp_RequestId": secrets.token_hex(8), "vnp_Version": "2.1.0", "vnp_Command": "querydr", "vnp_TmnCode": TMN,
                 "vnp_TxnRef": ref, "vnp_OrderInfo": "Truy van " + ref, "vnp_TransactionDate": create_date,
                 "vnp_CreateDate": vnp_time(time.time()), "vnp_IpAddr": "127.0.0.1"}
            q["vnp_SecureHash"] = sign("|".join(q[k] for k in ("vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef",
                                                             "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo")))
            status, r = api(q)
            if status == 200:
                data = "|".join(str(r.get(k, "")) for k in (
                    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef", "vnp_Amount",
                    "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType", "vnp_TransactionStatus",
                    "vnp_OrderInfo", "vnp_PromotionCode", "vnp_PromotionAmount"))
                check(hmac.compare_digest(r["vnp_SecureHash"], sign(data)), f"querydr {ref}: answer signed")
            return status, r

        def refund(ref, amount, full, txn_no, create_date, request_id=None):
            q = {"vnp_RequestId": request_id or secrets.token_hex(8), "vnp_Version": "2.1.0", "vnp_Command": "refund", "vnp_TmnCode": TMN,
                 "vnp_TransactionType": "02" if full else "03", "vnp_TxnRef": ref, "vnp_Amount": str(amount * 100),
                 "vnp_TransactionNo": txn_no, "vnp_TransactionDate": create_date, "vnp_CreateBy": "ketoan",
                 "vnp_CreateDate": vnp_time(time.time()), "vnp_IpAddr": "127.0.0.1", "vnp_OrderInfo": "Hoan phi " + ref}
            q["vnp_SecureHash"] = sign("|".join(q[k] for k in (
                "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TransactionType", "vnp_TxnRef", "vnp_Amount",
                "vnp_TransactionNo", "vnp_TransactionDate", "vnp_CreateBy", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo")))
            status, r = api(q)
            if status == 200:
                data = "|".join(str(r.get(k, "")) for k in (
                    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef", "vnp_Amount",
                    "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo"))
                check(hmac.compare_digest(r["vnp_SecureHash"], sign(data)), f"refund {ref}: answer signed")
            return r

        check(request(base + "/health")[0] == 200, "health")

        # ---- the page: checks
        _, url = pay_url("BAD1")
        status, _, html = request(url.replace("vnp_Amount=800000", "vnp_Amount=900000"))
        check(status == 400 and "Sai chữ ký" in html, "tampered amount → 400 Sai chữ ký")
        p, _ = pay_url("BAD2", vnp_CurrCode="USD", vnp_ExpireDate="20200101000000", vnp_ReturnUrl="ftp://x")
        data = hash_data(p)
        status, _, html = request(f"{base}/paymentv2/vpcpay.html?{data}&vnp_SecureHash={sign(data).upper()}")
        check(status == 400 and "vnp_CurrCode" in html and "hết hạn" in html and "vnp_ReturnUrl" in html, "upper-case hash accepted, problems named")

        # ---- pay
        status, html, token, p1 = open_page("MC0001")
        check(status == 200 and token and "8.000 đ" in html and 'lang="vi"' in html and '<label for="bank">' in html, "payment page")
        status, r = querydr("MC0001", p1["vnp_CreateDate"])
        check(r["vnp_ResponseCode"] == "00" and r["vnp_TransactionStatus"] == "01", "querydr before confirm → status 01")
        status, headers, _ = confirm(token, "pay", "VIETCOMBANK")
        loc = headers.get("Location", "")
        check(status == 302 and loc.startswith(p1["vnp_ReturnUrl"] + "?"), "pay → 302 to vnp_ReturnUrl")
        ret = parse_qs(urllib.parse.urlsplit(loc).query)
        check(signed_ok(ret) and ret["vnp_ResponseCode"] == "00" and ret["vnp_BankCode"] == "VIETCOMBANK", "return params signed, 00")
        check(ipn_count() == 1 and ipns[0][1] and ipns[0][0]["vnp_TxnRef"] == "MC0001", "IPN delivered and signed")
        check(confirm(token)[0] == 400, "second confirm → 400")
        status, r = querydr("MC0001", p1["vnp_CreateDate"])
        check(r["vnp_ResponseCode"] == "00" and r["vnp_TransactionStatus"] == "00" and r["vnp_Amount"] == "800000"
              and r["vnp_TransactionType"] == "01", "querydr after pay → 00, paid")
        txn_no = ret["vnp_TransactionNo"]

        # ---- refunds
        r = refund("MC0001", 3000, False, txn_no, p1["vnp_CreateDate"], request_id="rq-1")
        check(r["vnp_ResponseCode"] == "00", "partial refund → 00")
        check(refund("MC0001", 1000, False, txn_no, p1["vnp_CreateDate"], request_id="rq-1")["vnp_ResponseCode"] == "94", "same request id → 94")
        check(refund("MC0001", 6000, False, txn_no, p1["vnp_CreateDate"])["vnp_ResponseCode"] == "95", "more than left → 95")
        check(refund("MC0001", 4000, True, txn_no, p1["vnp_CreateDate"])["vnp_ResponseCode"] == "95", "full refund of a wrong amount → 95")
        status, r = querydr("MC0001", p1["vnp_CreateDate"])
        check(r["vnp_TransactionType"] == "03", "querydr after partial refund → type 03")
        check(refund("MC0001", 5000, True, txn_no, p1["vnp_CreateDate"])["vnp_ResponseCode"] == "00", "full refund of the rest → 00")
        status, r = querydr("MC0001", p1["vnp_CreateDate"])
        check(r["vnp_TransactionType"] == "02", "querydr after full refund → type 02")
        check(refund("NOPE", 1000, True, "1", p1["vnp_CreateDate"])["vnp_ResponseCode"] == "91", "refund of unknown → 91")
        check(querydr("NOPE", p1["vnp_CreateDate"])[1]["vnp_ResponseCode"] == "91", "querydr unknown → 91")
        status, r = api({"vnp_Command": "querydr", "vnp_TmnCode": TMN, "vnp_TxnRef": "MC0001", "vnp_SecureHash": "00"})
        check(r["vnp_ResponseCode"] == "97", "bad checksum → 97")

        # ---- cancel
        _, _, token, _ = open_page("MC0002")
        status, headers, _ = confirm(token, "cancel")
        ret = parse_qs(urllib.parse.urlsplit(headers["Location"]).query)
        check(ret["vnp_ResponseCode"] == "24" and ret["vnp_TransactionStatus"] == "02" and ipn_count() == 2, "cancel → 24 + IPN")

        # ---- modes
        mode("fail")
        _, _, token, _ = open_page("MC0003")
        ret = parse_qs(urllib.parse.urlsplit(confirm(token)[1]["Location"]).query)
        check(ret["vnp_ResponseCode"] == "51", "fail → 51")

        mode("timeout")
        _, _, token, p4 = open_page("MC0004")
        n = ipn_count()
        status, _, html = confirm(token)
        check(status == 504 and "Cổng thanh toán không phản hồi" in html and ipn_count() == n, "timeout → 504, no IPN")
        check(querydr("MC0004", p4["vnp_CreateDate"])[1]["vnp_TransactionStatus"] == "00", "timeout: paid at the gateway (querydr 00)")
        status, _, text = request(base + "/paymentv2/resend?txn_ref=MC0004", b"", method="POST")
        check(status == 200 and json.loads(text)["RspCode"] == "00" and ipn_count() == n + 1, "resend delivers the late IPN")
        check(request(base + "/paymentv2/resend?txn_ref=NOPE", b"", method="POST")[0] == 404, "resend unknown → 404")

        mode("duplicate")
        _, _, token, _ = open_page("MC0005")
        n = ipn_count()
        confirm(token)
        check(ipn_count() == n + 2, "duplicate → two IPNs")

        mode("forged")
        _, _, token, _ = open_page("MC0006")
        ret = parse_qs(urllib.parse.urlsplit(confirm(token)[1]["Location"]).query)
        check(not ipns[-1][1] and signed_ok(ret), "forged → IPN with a bad signature, return params fine")

        mode("amount")
        _, _, token, _ = open_page("MC0007")
        ret = parse_qs(urllib.parse.urlsplit(confirm(token)[1]["Location"]).query)
        check(ret["vnp_Amount"] == str(800000 + 10000000) and ipns[-1][1] and ipns[-1][0]["vnp_Amount"] == ret["vnp_Amount"],
              "amount → signed params with a wrong amount")

        mode("late:400")
        _, _, token, _ = open_page("MC0008")
        n = ipn_count()
        status = confirm(token)[0]
        check(status == 302 and ipn_count() == n, "late → redirect before the IPN")
        time.sleep(1.0)
        check(ipn_count() == n + 1, "late → IPN after the delay")

        mode("api-down")
        check(api({"vnp_Command": "querydr"})[0] == 503, "api-down → 503")
        mode("ok")

        status, _, text = request(base + "/stats")
        stats = json.loads(text)
        check(stats["transactions"] == 8 and stats["ipn_replies"].get("97") == 1 and stats["refunds"] == 2, "stats")
        with open(log) as f:
            lines = f.read()
        check(SECRET not in lines and '"event":"ipn"' in lines, "log written, never the secret")
        print("paygate smoke test passed")
    finally:
        gw.terminate()
        gw.wait()
        ipn_server.shutdown()


if __name__ == "__main__":
    main()
