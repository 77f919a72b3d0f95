-- wrk: runs the request script named by MOTCUA_BENCH_SCRIPT (e.g. bench/wrk/lookup.lua) and adds a done()
-- that appends one line of key=value figures to the file MOTCUA_BENCH_REPORT (stdout when unset):
--   requests duration_us bytes connect read write status timeout (wrk's error counts: status = responses
--   with a status above 399, the rest are socket errors and requests over --timeout) mean p50 p90 p99 p999 max (µs).
-- Usage: MOTCUA_BENCH_SCRIPT=bench/wrk/lookup.lua MOTCUA_BENCH_REPORT=out.txt wrk -s bench/wrk/report.lua …
dofile(os.getenv("MOTCUA_BENCH_SCRIPT"))

function done(summary, latency, requests)
  local e = summary.errors
  local line = string.format(
    "requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d mean=%.0f p50=%d p90=%d p99=%d p999=%d max=%d",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max)
  local path = os.getenv("MOTCUA_BENCH_REPORT")
  if path and #path > 0 then
    local f = assert(io.open(path, "a"))
    f:write(line, "\n")
    f:close()
  else
    print(line)
  end
end
