#!/usr/bin/env python3
"""Summary of a bench/connections.sh run: reads DIR/run.meta, DIR/<n>-<phase>.meta, the wrk reports
(bench/wrk/report.lua), the /metrics snapshots and the slow clients' JSON; prints the tables.

  bench/connections_summary.py DIR
"""
import glob, json, os, re, sys

d = sys.argv[1]


def meta(path):
    out = {}
    with open(path) as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                out[k] = v
    return out


def report(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        line = f.read().strip().splitlines()[-1]
    return {k: float(v) for k, v in (kv.split("=") for kv in line.split())}


def metrics(path):
    out = {}
    rx = re.compile(r'^motcua_http_requests_total\{route="([^"]*)",method="([^"]*)",status="(\d+)"\} (\d+)')
    with open(path) as f:
        for line in f:
            m = rx.match(line)
            if m:
                out[(m[1], m[2], int(m[3]))] = int(m[4])
    return out


def rate(ph, t):
    r = ph["reports"][t]
    return r["requests"] / (r["duration_us"] / 1e6) if r else 0


def ms(us):
    return f"{us / 1000:.1f} ms" if us >= 100 else f"{us / 1000:.2f} ms"


def num(x):
    return f"{x:,.0f}"


def mb(kb):
    return f"{int(kb) / 1024:.1f} MB" if kb else "–"


run = meta(os.path.join(d, "run.meta"))
mix = [(m.split(":")[0], int(m.split(":")[1])) for m in run["mix"].split()]
phases = []
alone = []
for p in sorted(glob.glob(os.path.join(d, "*-*.meta")), key=lambda p: int(os.path.basename(p).split("-")[0])):
    tag = os.path.basename(p)[:-5]
    pm = meta(p)
    pm["tag"] = tag
    pm["reports"] = {t: report(os.path.join(d, f"{tag}.{t}.report")) for t, _ in mix}
    if pm["phase"] == "alone":
        alone.append(pm)
        continue
    m0, m1 = metrics(os.path.join(d, f"{tag}.metrics0")), metrics(os.path.join(d, f"{tag}.metrics1"))
    pm["bad"] = {k: v - m0.get(k, 0) for k, v in m1.items() if k[2] >= 400 and v - m0.get(k, 0) > 0}
    m2p = os.path.join(d, f"{tag}.metrics2")
    if os.path.exists(m2p):  # after the slow clients hung up (mid-header)
        m2 = metrics(m2p)
        pm["after_slow"] = {k: v - m1.get(k, 0) for k, v in m2.items() if v - m1.get(k, 0) > 0 and (k[0] == "-" or k[2] >= 400)}
    sj = os.path.join(d, f"{tag}.slow.json")
    pm["slow"] = json.load(open(sj)) if os.path.exists(sj) else None
    phases.append(pm)

total_conns = sum(n for _, n in mix)
print(f"== {int(run['count']):,} dossiers ({run['db_mb']} MB database; {run['generated']})")
print(f"   {total_conns:,} keep-alive connections ({run['mix']}), {run['secs']} s per phase; slow phases add "
      f"{int(run['slow_n']):,} slow clients (1 header byte every {run['slow_interval']} s, reconnecting)")
print(f"   server: {run['io_threads']} I/O thread + {run['workers']} workers, --max-connections {run['max_conns']}; "
      f"{run['binary']}; tree {run['tree']}; load average {run['load_start']} → {run.get('load_end', '?')}")
tick = int(run["tick_hz"])
for ph in alone:
    print(f"each request type alone ({ph['tag']}: 16 connections, {ph['secs']} s each, fresh server; load {ph['load']}; "
          f"VmRSS {mb(ph['rss_idle_kb'])} before, {mb(ph['rss_end_kb'])} after):")
    print("| request type | req/s | p50 | p99 | server CPU / request |")
    print("|---|---|---|---|---|")
    for t, _ in mix:
        r = ph["reports"][t]
        if not r:
            continue
        cpu = int(ph.get(f"cpu_ticks_{t}", 0)) / tick * 1000 / r["requests"] if r["requests"] else 0
        print(f"| {t} | {num(rate(ph, t))} | {ms(r['p50'])} | {ms(r['p99'])} | {cpu:.3f} ms |")
    print()
print("| phase | request type | conns | req/s | p50 | p99 | max | ≥400 | socket errors (connect/read/write/timeout) |")
print("|---|---|---|---|---|---|---|---|---|")
for ph in phases:
    for t, n in mix:
        r = ph["reports"][t]
        if not r:
            print(f"| {ph['tag']} | {t} | {n} | (no report) | | | | | |")
            continue
        rps = r["requests"] / (r["duration_us"] / 1e6)
        sock = f"{int(r['connect'])}/{int(r['read'])}/{int(r['write'])}/{int(r['timeout'])}"
        print(f"| {ph['tag']} | {t} | {n} | {num(rps)} | {ms(r['p50'])} | {ms(r['p99'])} | {ms(r['max'])} | "
              f"{int(r['status'])} | {sock} |")
print()
print("| phase | all req/s | server CPU (machine busy) | CPU / request | VmRSS idle → warm | with slow clients held "
      "| VmRSS peak under load | VmHWM | server connections during load (min–max) | dossiers after |")
print("|---|---|---|---|---|---|---|---|---|---|")
for ph in phases:
    reqs = sum(r["requests"] for r in ph["reports"].values() if r)
    wall = float(ph["wall_s"])
    cpu_s = int(ph["cpu_ticks"]) / tick
    ph["rps"] = sum(rate(ph, t) for t, _ in mix)
    ph["cpu_req_ms"] = cpu_s * 1000 / reqs if reqs else 0
    slow = (f"{mb(ph['rss_slow_kb'])} ({ph['conns_slow']} connections)" if ph.get("rss_slow_kb") else "–")
    busy = int(ph["machine_busy_ticks"]) / int(ph["machine_total_ticks"]) * int(ph["ncpu"])
    print(f"| {ph['tag']} | {num(ph['rps'])} | {cpu_s / wall:.2f} of {busy:.2f} cores | {ph['cpu_req_ms']:.3f} ms | "
          f"{mb(ph['rss_idle_kb'])} → {mb(ph['rss_warm_kb'])} | {slow} | {mb(ph['rss_max_kb'])} | {mb(ph['hwm_end_kb'])} | "
          + (f"{ph['conns_min']}–{ph['conns_max']}" if ph.get("conns_min") else "no sample")
          + (f"; /metrics took up to {ph['metrics_wait_s']} s" if ph.get("metrics_wait_s") else "")
          + f" | {int(ph['dossiers_after']):,} |")
print()
print("(VmHWM includes the Argon2id hash of the start-up's dummy password and of the sign-ins: 64 MiB each, at most 2 "
      "at once)")
print()
for ph in phases:
    if ph["bad"]:
        items = ", ".join(f"{r} {m} {s}: {n:,}" for (r, m, s), n in sorted(ph["bad"].items()))
        print(f"{ph['tag']}: responses ≥ 400 by route (from /metrics): {items}")
    else:
        print(f"{ph['tag']}: no response ≥ 400 in /metrics during the load")

plain = [p for p in phases if p["phase"] == "plain"]
slow = [p for p in phases if p["phase"] == "slow"]
if plain and slow:
    print()
    print(f"slow ÷ plain ({'mean of ' + str(len(plain)) + ' plain phases' if len(plain) > 1 else 'one phase each'}"
          f"{', mean of ' + str(len(slow)) + ' slow phases' if len(slow) > 1 else ''}):")
    print("| request type | req/s ratio | p50 ratio | p99 ratio |")
    print("|---|---|---|---|")

    def mean(ps, t, k):
        vals = []
        for p in ps:
            r = p["reports"][t]
            if r:
                vals.append(r["requests"] / (r["duration_us"] / 1e6) if k == "rps" else r[k])
        return sum(vals) / len(vals) if vals else 0

    for t, _ in mix:
        a = [mean(plain, t, k) for k in ("rps", "p50", "p99")]
        b = [mean(slow, t, k) for k in ("rps", "p50", "p99")]
        print("| " + t + " | " + " | ".join(f"{y / x:.2f}" if x else "–" for x, y in zip(a, b)) + " |")
    if len(plain) > 1:
        a, b = plain[0], plain[-1]
        spread = ", ".join(f"{t} {rate(b, t) / rate(a, t):.2f}" for t, _ in mix if rate(a, t))
        print(f"| (noise: last plain ÷ first plain) | {b['rps'] / a['rps']:.2f} all; {spread} | | | |")
    pa = sum(p["rps"] for p in plain) / len(plain)
    sa = sum(p["rps"] for p in slow) / len(slow)
    ca = sum(p["cpu_req_ms"] for p in plain) / len(plain)
    cb = sum(p["cpu_req_ms"] for p in slow) / len(slow)
    print(f"| all | {sa / pa:.2f} | | | (CPU per request: {cb / ca:.2f}) |")

for ph in slow:
    s = ph["slow"]
    if not s:
        continue
    print()
    h = s["held_s"]
    st = ", ".join(f"{k}: {v}" for k, v in sorted(s["by_status"].items())) or "none"
    held = f"held {h['min']}–{h['max']} s, p50 {h['p50']} s" if h["min"] is not None else "none closed"
    print(f"{ph['tag']}: slow clients — {s['opened']:,} connections opened for {s['count']} clients "
          f"(all connected in {ph['slow_ready_s']} s), {s['connect_errors']} connect errors; "
          f"{s['closed_by_server']:,} closed by the server ({held}), "
          f"{s['without_response']:,} of them without any response, with a response: {st}; "
          f"{s['reset']} resets; open slow sockets once a second: "
          + (f"{s['open_samples']['min']}–{s['open_samples']['max']} (mean {s['open_samples']['mean']})" if s["open_samples"] else "?")
          + f"; {s['open_at_end']} open at the end; {s['bytes_sent']:,} bytes sent in all")
    if ph.get("after_slow"):
        items = ", ".join(f"route {r!r} {m} {st}: {n:,}" for (r, m, st), n in sorted(ph["after_slow"].items()))
        print(f"{ph['tag']}: counted by the server when the slow clients hung up mid-header: {items}")
