-- POST /v1/projects with the same Idempotency-Key and body every time: after the first request
-- (made by the harness before the run) every answer is a stored replay.
-- A static request: wrk formats it once and sends the same bytes again and again.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

wrk.method = "POST"
wrk.path = os.getenv("BENCH_PATH") or "/v1/projects"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_API_KEY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Idempotency-Key"] = os.getenv("BENCH_IDEMPOTENCY_KEY")
