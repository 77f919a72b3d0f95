-- wrk: GET /thu-tuc (public catalog list page, HTML) with the queries a visitor types or clicks: the first
-- page, a second page, searches with and without diacritics, a field filter. Browser-like Accept-Encoding.
local paths = {
  "/thu-tuc", "/thu-tuc?q=khai+sinh", "/thu-tuc?page=2", "/thu-tuc?q=k%E1%BA%BFt+h%C3%B4n", "/thu-tuc?q=chung+thuc",
  "/thu-tuc?q=dang+ky", "/thu-tuc?q=h%E1%BB%99+t%E1%BB%8Bch",
}
local i = 0
local headers = {["Accept"] = "text/html", ["Accept-Encoding"] = "gzip, deflate, br"}

function init(args)
  i = math.random(#paths)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], headers)
end
