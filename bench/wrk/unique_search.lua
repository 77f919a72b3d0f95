-- wrk: GET /thu-tuc?q=dang+ky+<n> with a new n on every request — every one a page-cache miss (the worst case for
-- the cache: a client that never asks twice). Each thread counts from its own offset.
local n = 0
local thread_no = 0

function setup(thread)
  thread_no = thread_no + 1
  thread:set("offset", thread_no * 100000000)
end

function init(args)
  n = offset or 0
end

function request()
  n = n + 1
  return wrk.format("GET", "/thu-tuc?q=dang+ky+" .. n, {["Accept-Encoding"] = "gzip"})
end
