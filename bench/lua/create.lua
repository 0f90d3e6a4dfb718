-- POST /v1/projects with a fresh Idempotency-Key and a unique customerExternalId every time.
-- Uniqueness across threads and runs: BENCH_RUN_ID (one per wrk run) + thread id + counter.
-- No appDescription, so the create starts no background job.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local run_id = os.getenv("BENCH_RUN_ID")
local api_key = os.getenv("BENCH_API_KEY")
local path = os.getenv("BENCH_PATH") or "/v1/projects"
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

local counter = 0
local headers = {
  ["Authorization"] = "Bearer " .. api_key,
  ["Content-Type"] = "application/json",
}

function request()
  counter = counter + 1
  local unique = string.format("%s-%d-%d", run_id, thread_id, counter)
  headers["Idempotency-Key"] = unique
  local body = '{"name":"Bench project","timezone":"UTC","customerExternalId":"bench-'
    .. unique .. '"}'
  return wrk.format("POST", path, headers, body)
end
