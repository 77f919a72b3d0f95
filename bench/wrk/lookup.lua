-- wrk: GET /api/v1/lookup/{code} (public, masked) across many dossier codes: a random sample of the
-- generated codes written by bench_gen_dossiers --codes-out. Each thread starts at its own offset.
-- Environment: MOTCUA_BENCH_CODES (file, one code per line).
local codes = {}
local i = 0
local thread_no = 0

function setup(thread)
  thread_no = thread_no + 1
  thread:set("offset", thread_no * 7919)
end

function init(args)
  for line in io.lines(os.getenv("MOTCUA_BENCH_CODES")) do
    if #line > 0 then codes[#codes + 1] = line end
  end
  i = (offset or 0) % #codes
end

function request()
  i = i % #codes + 1
  return wrk.format("GET", "/api/v1/lookup/" .. codes[i])
end
