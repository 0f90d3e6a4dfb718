-- GET the paths listed in BENCH_PATHS_FILE (one per line) round-robin; each thread starts at a
-- different offset so threads do not walk the list in lockstep.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS_FILE")) do
  if line ~= "" then
    paths[#paths + 1] = line
  end
end

local headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_API_KEY") }
local index = nil

function request()
  if index == nil then
    index = ((thread_id or 1) * 7919) % #paths
  end
  index = index % #paths + 1
  return wrk.format("GET", paths[index], headers)
end
