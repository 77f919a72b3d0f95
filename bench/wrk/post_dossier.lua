-- wrk: POST /api/v1/dossiers (online submission) as a signed-in citizen, cycling through valid bodies
-- (every procedure × every commune agency) written by bench_gen_dossiers --bodies-out.
-- Environment: MOTCUA_BENCH_TOKEN (bearer token), MOTCUA_BENCH_BODIES (file, one JSON body per line).
local bodies = {}
local i = 0
local headers = {}

function init(args)
  for line in io.lines(os.getenv("MOTCUA_BENCH_BODIES")) do
    if #line > 0 then bodies[#bodies + 1] = line end
  end
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = "Bearer " .. os.getenv("MOTCUA_BENCH_TOKEN")
  i = math.random(#bodies)
end

function request()
  i = i % #bodies + 1
  return wrk.format("POST", "/api/v1/dossiers", headers, bodies[i])
end
