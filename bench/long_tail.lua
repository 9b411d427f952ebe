-- wrk script for bench/long_tail.py: paths from a file, the page cache's answers counted.
-- wrk -t THREADS -s bench/long_tail.lua URL PATHS_FILE
-- Each thread starts at its own place in the file and goes round it.

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

function init(args)
   paths = {}
   for line in io.lines(args[1]) do
      if #line > 0 then table.insert(paths, line) end
   end
   hits, misses, others = 0, 0, 0
   math.randomseed(1000 + id)
   index = math.random(#paths)
end

function request()
   if index > #paths then index = 1 end
   local path = paths[index]
   index = index + 1
   return wrk.format("GET", path)
end

function response(status, headers, body)
   local answer = headers["X-Page-Cache"] or headers["x-page-cache"]
   if answer == "HIT" then
      hits = hits + 1
   elseif answer == "MISS" then
      misses = misses + 1
   else
      others = others + 1
   end
end

function done(summary, latency, requests)
   local totals = { HIT = 0, MISS = 0, NONE = 0 }
   for _, thread in ipairs(threads) do
      totals.HIT = totals.HIT + thread:get("hits")
      totals.MISS = totals.MISS + thread:get("misses")
      totals.NONE = totals.NONE + thread:get("others")
   end
   for name, n in pairs(totals) do
      io.write(string.format("page-cache %s %d\n", name, n))
   end
end
