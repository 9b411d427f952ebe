-- wrk script for bench/long_tail.py: paths from a file, the page cache's answers counted.
-- wrk -t THREADS -s bench/long_tail.lua URL PATHS_FILE zipf|crawl THREADS [MARKER]
--   zipf:  each thread starts at its own place in the file and goes round it
--   crawl: the threads share the file out and read each path once; each thread that is
--          done writes MARKER<id> (bench/long_tail.py then stops wrk) and stops

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
   mode = args[2] or "zipf"
   threads_total = tonumber(args[3] or "1")
   hits, misses, others = 0, 0, 0
   sent = 0
   marker = args[4]
   if mode == "crawl" then
      index = id + 1
      step = threads_total
      share = 0
      for n = index, #paths, step do share = share + 1 end
   else
      math.randomseed(1000 + id)
      index = math.random(#paths)
      step = 1
   end
end

function request()
   if index > #paths then
      if mode == "crawl" then
         -- Every path is sent; the connections still waiting ask for a page outside the count.
         return wrk.format("GET", "/healthz")
      end
      index = ((index - 1) % #paths) + 1
   end
   local path = paths[index]
   index = index + step
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
   if mode == "crawl" and hits + misses == share then
      if marker then
         local file = io.open(marker .. id, "w")
         file:close()
      end
      wrk.thread:stop()
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
