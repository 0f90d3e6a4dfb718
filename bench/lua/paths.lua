-- GET the paths listed in BENCH_PATHS_FILE (one per line) round-robin; each thread starts at a
-- different offset so threads do not walk the list in lockstep. A line may carry a tab and an
-- ETag after the path: that request then sends it as If-None-Match (a poller holding the
-- current version).
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

local paths = {}
local etags = {}
for line in io.lines(os.getenv("BENCH_PATHS_FILE")) do
  if line ~= "" then
    local path, etag = line:match("^([^\t]+)\t(.+)$")
    paths[#paths + 1] = path or line
    etags[#paths] = etag
  end
end

local api_key = "Bearer " .. os.getenv("BENCH_API_KEY")
local index = nil

function request()
  if index == nil then
    index = ((thread_id or 1) * 7919) % #paths
  end
  index = index % #paths + 1
  local headers = { ["Authorization"] = api_key, ["If-None-Match"] = etags[index] }
  return wrk.format("GET", paths[index], headers)
end
