-- wrk: GET /api/v1/dossiers?q=… (the staff inbox search) as one signed-in officer, cycling through a file of
-- queries (one per line, already percent-encoded). Each thread starts at its own offset.
-- Environment: MOTCUA_BENCH_QUERIES (file), MOTCUA_BENCH_TOKEN (bearer token).
local queries = {}
local i = 0
local thread_no = 0

function setup(thread)
  thread_no = thread_no + 1
  thread:set("offset", thread_no * 7919)
end

function init(args)
  for line in io.lines(os.getenv("MOTCUA_BENCH_QUERIES")) do
    if #line > 0 then queries[#queries + 1] = line end
  end
  i = (offset or 0) % #queries
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("MOTCUA_BENCH_TOKEN")
end

function request()
  i = i % #queries + 1
  return wrk.format("GET", "/api/v1/dossiers?q=" .. queries[i])
end
