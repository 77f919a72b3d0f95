-- wrk: GET /thu-tuc/{code} (public procedure page, HTML) cycling through the published procedures.
-- Environment: MOTCUA_BENCH_PROCEDURES (procedure codes separated by spaces).
local codes = {}
local i = 0
local headers = {["Accept"] = "text/html", ["Accept-Encoding"] = "gzip, deflate, br"}

function init(args)
  for c in string.gmatch(os.getenv("MOTCUA_BENCH_PROCEDURES"), "%S+") do codes[#codes + 1] = c end
  i = math.random(#codes)
end

function request()
  i = i % #codes + 1
  return wrk.format("GET", "/thu-tuc/" .. codes[i], headers)
end
