#!/usr/bin/env python3
"""Slow clients ("slowloris") for bench/connections.sh: N connections that each send an HTTP request header one
byte every INTERVAL seconds and never finish it. When the server closes one (or it fails), the client records how
and after how long, then connects again, so about N sockets stay occupied for the whole run.

  bench/slow_clients.py --port P [--host 127.0.0.1] [--count 500] [--interval 5] [--duration 120]
                        [--ready FILE] [--out FILE.json]

--ready FILE is written once every client has connected once (the caller waits for it before it starts the normal
load). SIGTERM/SIGINT or --duration end the run; the summary (JSON) goes to --out or stdout:
  opened, connect_errors, closed_by_server (EOF or reset while still sending), of which with_response (the
  server wrote something first) by status (e.g. {"408": n}) and without_response, held_s (connect → close:
  min / p50 / p90 / max over the connections the server closed), open_at_end, open_samples (open slow sockets
  once a second after ready: min / mean / max), bytes_sent.
"""
import argparse, asyncio, json, random, signal, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--count", type=int, default=500)
ap.add_argument("--interval", type=float, default=5.0)
ap.add_argument("--duration", type=float, default=120.0)
ap.add_argument("--ready")
ap.add_argument("--out")
args = ap.parse_args()

# A plausible browser request that never ends: after the header lines comes an endless cookie value, so the
# header is never complete whatever the run's length (one byte every few seconds stays far below 16 KB).
HEAD = (b"GET /thu-tuc HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: Mozilla/5.0 (slow client)\r\n"
        b"Accept: text/html\r\nCookie: x=")

stats = {"opened": 0, "connect_errors": 0, "closed_by_server": 0, "with_response": 0, "without_response": 0,
         "reset": 0, "by_status": {}, "bytes_sent": 0}
held = []
open_now = 0
samples = []
stop = None  # asyncio.Event, made in main()
ever_connected = set()


def pct(xs, p):
    if not xs:
        return None
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(p / 100 * len(xs)))], 2)


async def one(i, ready_evt):
    global open_now
    first = True
    while not stop.is_set():
        t0 = time.monotonic()
        try:
            reader, writer = await asyncio.open_connection(args.host, args.port)
        except OSError:
            stats["connect_errors"] += 1
            await asyncio.sleep(1)
            continue
        stats["opened"] += 1
        open_now += 1
        if first:
            first = False
            ever_connected.add(i)
            if len(ever_connected) == args.count:
                ready_evt.set()
        reading = asyncio.ensure_future(reader.read(4096))
        stopping = asyncio.ensure_future(stop.wait())
        pos = 0
        closed, data, reset = False, b"", False
        # Stagger the clients so that their bytes do not arrive in bursts.
        delay = random.uniform(0, args.interval)
        while True:
            done, _ = await asyncio.wait({reading, stopping}, timeout=delay, return_when=asyncio.FIRST_COMPLETED)
            if reading in done:
                closed = True
                try:
                    data = reading.result()
                except (ConnectionResetError, OSError):
                    reset = True
                break
            if stopping in done:
                break
            b = HEAD[pos:pos + 1] if pos < len(HEAD) else b"a"
            pos += 1
            try:
                writer.write(b)
                await writer.drain()
                stats["bytes_sent"] += 1
            except (ConnectionResetError, BrokenPipeError, OSError):
                closed, reset = True, True
                break
            delay = args.interval
        open_now -= 1
        if not stopping.done():
            stopping.cancel()
        if closed:
            stats["closed_by_server"] += 1
            held.append(time.monotonic() - t0)
            if reset:
                stats["reset"] += 1
            if data:
                stats["with_response"] += 1
                parts = data.split(b" ", 2)
                code = parts[1].decode(errors="replace") if len(parts) > 1 and parts[0].startswith(b"HTTP/") else "?"
                stats["by_status"][code] = stats["by_status"].get(code, 0) + 1
            else:
                stats["without_response"] += 1
        else:
            reading.cancel()
        try:
            writer.close()
        except Exception:
            pass


async def main():
    global stop
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    at_end = {}

    def finish():
        at_end.setdefault("open", open_now)  # before the clients see the stop and hang up
        stop.set()

    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, finish)
    ready_evt = asyncio.Event()
    t_start = time.monotonic()
    tasks = []
    for i in range(args.count):
        tasks.append(asyncio.ensure_future(one(i, ready_evt)))
        if i % 50 == 49:
            await asyncio.sleep(0.05)  # do not flood the accept queue

    async def on_ready():
        await ready_evt.wait()
        if args.ready:
            with open(args.ready, "w") as f:
                f.write(f"{time.monotonic() - t_start:.2f}\n")
        while not stop.is_set():
            samples.append(open_now)
            await asyncio.sleep(1)

    sampler = asyncio.ensure_future(on_ready())
    try:
        await asyncio.wait_for(stop.wait(), timeout=args.duration)
    except asyncio.TimeoutError:
        finish()
    open_at_end = at_end["open"]
    await asyncio.gather(*tasks, return_exceptions=True)
    sampler.cancel()
    out = dict(stats)
    out["count"] = args.count
    out["interval_s"] = args.interval
    out["open_at_end"] = open_at_end
    out["held_s"] = {"min": pct(held, 0), "p50": pct(held, 50), "p90": pct(held, 90), "max": pct(held, 100)}
    out["open_samples"] = ({"min": min(samples), "mean": round(sum(samples) / len(samples)), "max": max(samples)}
                           if samples else None)
    text = json.dumps(out)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


asyncio.run(main())
