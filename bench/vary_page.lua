-- wrk script: the URL's query plus a per_page from 50 to 500 and one of 12 sort orders, a
-- different combination on every request (5,412 in all). When the URL's filter matches at
-- most 50 zones, every answer holds the same zones (re-sorted, same size), but as a distinct
-- query it misses gowest's cache of rendered pages (2,048 pages per snapshot), so this
-- measures rendering a page rather than looking it up. Prints the same RESULT line as
-- latency.lua.
--
--   wrk -t2 -c64 -d15s -s bench/vary_page.lua 'http://127.0.0.1:8080/api/v1/zones?region=west&industry=C'

local sorts = {
   "province", "-province", "name", "-name", "approved_year", "-approved_year",
   "land_price", "-land_price", "avg_wage", "-avg_wage", "seaport_km", "-seaport_km",
}
local combinations = 451 * #sorts
local thread_count = 0

function setup(thread)
   thread:set("id", thread_count)
   thread_count = thread_count + 1
end

local counter = nil

function request()
   if counter == nil then
      -- Threads start far apart in the sequence, so they do not warm the cache for each other.
      counter = (id or 0) * math.floor(combinations / 2)
   end
   counter = counter + 1
   local k = counter % combinations
   local per_page = 50 + (k % 451)
   local sort = sorts[math.floor(k / 451) + 1]
   return wrk.format(nil, wrk.path .. "&per_page=" .. per_page .. "&sort=" .. sort)
end

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   local errors = e.connect + e.read + e.write + e.status + e.timeout
   io.write(string.format(
      "RESULT rps=%.1f requests=%d bytes=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%d non2xx=%d\n",
      summary.requests / seconds,
      summary.requests,
      summary.bytes,
      latency:percentile(50) / 1000,
      latency:percentile(90) / 1000,
      latency:percentile(99) / 1000,
      latency.max / 1000,
      errors,
      e.status))
end
