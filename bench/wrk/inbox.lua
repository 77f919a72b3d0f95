-- wrk: GET /can-bo (officers' inbox, HTML) with a browser session cookie, cycling through the officers'
-- sessions and the inbox tabs (the default landing tab, intake queue, mine, my unit, due soon, overdue, all).
-- Environment: MOTCUA_BENCH_SESSIONS (session tokens separated by spaces).
local tokens = {}
local tabs = {"", "?tab=cho-tiep-nhan", "?tab=cua-toi", "?tab=cua-don-vi", "?tab=sap-den-han", "?tab=qua-han", "?tab=tat-ca"}
local i, j = 0, 0

function init(args)
  for t in string.gmatch(os.getenv("MOTCUA_BENCH_SESSIONS"), "%S+") do tokens[#tokens + 1] = t end
  i = math.random(#tokens)
  j = math.random(#tabs)
end

function request()
  i = i % #tokens + 1
  if i == 1 then j = j % #tabs + 1 end
  local headers = {["Accept"] = "text/html", ["Accept-Encoding"] = "gzip, deflate, br",
                   ["Cookie"] = "motcua_session=" .. tokens[i]}
  return wrk.format("GET", "/can-bo" .. tabs[j], headers)
end
