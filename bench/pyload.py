"""Fallback load generator (asyncio + httpx) for machines without wrk.

Runs as its own process, like wrk, and speaks the same interface: the scenario comes from the
same ``BENCH_*`` environment variables the Lua scripts read, and the result is printed as the
same ``BENCH_RESULT {…}`` line. It is much slower than wrk (a Python client spends CPU the server
would otherwise get), so figures measured with it are lower bounds; the harness says so.

    python -m bench.pyload create|replay|paths URL --connections N --duration S
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import time

import httpx


def _request_factory(kind: str):
    api_key = os.environ["BENCH_API_KEY"]
    path = os.environ.get("BENCH_PATH", "/v1/projects")
    auth = {"Authorization": f"Bearer {api_key}"}
    if kind == "create":
        run_id = os.environ["BENCH_RUN_ID"]
        counter = itertools.count(1)

        def create() -> tuple[str, str, dict, bytes | None]:
            unique = f"{run_id}-1-{next(counter)}"
            body = (
                f'{{"name":"Bench project","timezone":"UTC","customerExternalId":"bench-{unique}"}}'
            ).encode()
            headers = {**auth, "Content-Type": "application/json", "Idempotency-Key": unique}
            return "POST", path, headers, body

        return create
    if kind == "replay":
        headers = {
            **auth,
            "Content-Type": "application/json",
            "Idempotency-Key": os.environ["BENCH_IDEMPOTENCY_KEY"],
        }
        body = os.environ["BENCH_BODY"].encode()
        return lambda: ("POST", path, headers, body)
    requests = []
    with open(os.environ["BENCH_PATHS_FILE"]) as lines:
        for line in lines:
            if line.strip():
                # "path" or "path<TAB>etag": the ETag goes out as If-None-Match
                path, _, etag = line.strip().partition("\t")
                requests.append((path, {**auth, "If-None-Match": etag} if etag else auth))
    cycle = itertools.cycle(requests)

    def get() -> tuple[str, str, dict, bytes | None]:
        path, headers = next(cycle)
        return "GET", path, headers, None

    return get


async def _load(kind: str, base_url: str, connections: int, duration: float) -> dict:
    next_request = _request_factory(kind)
    latencies: list[int] = []
    errors = {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}
    received = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=10) as client:
        started = time.perf_counter()
        deadline = started + duration

        async def connection() -> None:
            nonlocal received
            while time.perf_counter() < deadline:
                method, path, headers, body = next_request()
                sent = time.perf_counter()
                try:
                    response = await client.request(method, path, headers=headers, content=body)
                except httpx.TimeoutException:
                    errors["timeout"] += 1
                    continue
                except httpx.TransportError:
                    errors["connect"] += 1
                    continue
                latencies.append(int((time.perf_counter() - sent) * 1e6))
                received += len(response.content)
                if response.status_code > 399:
                    errors["status"] += 1

        await asyncio.gather(*(connection() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    latencies.sort()

    def percentile(p: float) -> int:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] if latencies else 0

    mean = sum(latencies) / len(latencies) if latencies else 0.0
    return {
        "requests": len(latencies),
        "duration_us": int(elapsed * 1e6),
        "bytes": received,
        "errors": errors,
        "latency_us": {
            "min": latencies[0] if latencies else 0,
            "mean": mean,
            "max": latencies[-1] if latencies else 0,
            "stdev": 0.0,
            "p50": percentile(50),
            "p90": percentile(90),
            "p99": percentile(99),
            "p999": percentile(99.9),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["create", "replay", "paths"])
    parser.add_argument("base_url")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=10.0)
    args = parser.parse_args()
    result = asyncio.run(_load(args.kind, args.base_url, args.connections, args.duration))
    print("BENCH_RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
