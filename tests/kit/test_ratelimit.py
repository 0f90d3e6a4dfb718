"""Rate-limit machinery: GCRA math, tiers, headers, the memory and Redis backends.

Redis tests use the server at LAYERS_TEST_REDIS_URL (default redis://127.0.0.1:6379/0); they are
skipped with a printed reason when it is unreachable, unless CI=true, where that is a failure.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import sys
import time
import uuid

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from layers_server.kit.ratelimit import (
    DAY,
    DEFAULT_TIERS,
    MINUTE,
    Decision,
    MemoryBackend,
    RateCheck,
    RateLimiter,
    RedisBackend,
    TierLimits,
    create_backend,
    gcra,
    parse_tier_overrides,
    per_minute_limit,
    rate_limit_headers,
)

REDIS_URL = os.environ.get("LAYERS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
LOGGER = "layers_server.kit.ratelimit"
EPOCH = 1_700_000_000.0  # realistic magnitude: float precision matters at ~1.7e9 s


class FakeClock:
    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def hits(backend, key, n, *, limit, period, now=None) -> list[Decision]:
    return [await backend.hit(key, limit=limit, period=period, now=now) for _ in range(n)]


# --------------------------------------------------------------------------- GCRA math


async def test_full_bucket_allows_exactly_limit_back_to_back() -> None:
    backend = MemoryBackend()
    burst = await hits(backend, "k", 4, limit=4, period=60, now=1_000.0)
    assert [d.allowed for d in burst] == [True] * 4
    assert [d.remaining for d in burst] == [3, 2, 1, 0]
    # T = 15 s: each admitted request pushes "full again" 15 s further out.
    assert [d.reset_after for d in burst] == pytest.approx([15, 30, 45, 60])
    assert all(d.retry_after == 0 and d.limit == 4 for d in burst)

    refused = await backend.hit("k", limit=4, period=60, now=1_000.0)
    assert refused == Decision(False, 4, 0, reset_after=pytest.approx(60), retry_after=15.0)


async def test_refill_one_request_per_emission_interval() -> None:
    backend = MemoryBackend()
    await hits(backend, "k", 4, limit=4, period=60, now=1_000.0)

    # 10 s later: still 5 s short of the next token.
    early = await backend.hit("k", limit=4, period=60, now=1_010.0)
    assert not early.allowed
    assert early.retry_after == pytest.approx(5)
    assert early.reset_after == pytest.approx(50)

    # 30 s later two tokens have come back: admit one, one left.
    d = await backend.hit("k", limit=4, period=60, now=1_030.0)
    assert (d.allowed, d.remaining) == (True, 1)
    assert d.reset_after == pytest.approx(45)

    # Once the TAT is in the past the bucket is full again, and credit does not pile up beyond it.
    later = await hits(backend, "k", 5, limit=4, period=60, now=5_000.0)
    assert [d.allowed for d in later] == [True] * 4 + [False]
    assert later[0].remaining == 3


async def test_no_double_burst_at_window_edge_memory() -> None:
    backend = MemoryBackend()
    first = await hits(backend, "k", 60, limit=60, period=60, now=59.9)
    second = await hits(backend, "k", 60, limit=60, period=60, now=60.1)
    assert sum(d.allowed for d in first) == 60
    # A fixed-window limiter would admit all 60 here (new minute); GCRA has earned 0.2 tokens.
    assert sum(d.allowed for d in second) == 0
    assert second[0].retry_after == pytest.approx(0.8)
    # A full period after the volley the whole burst is available again.
    third = await hits(backend, "k", 61, limit=60, period=60, now=119.9)
    assert sum(d.allowed for d in third) == 60


def test_float_noise_does_not_refuse_the_last_request_of_a_burst() -> None:
    # 60 s / 9 is not representable; at ~1.7e9 s nine such sums overshoot the period by ulps,
    # which an exact comparison would turn into a refusal of the ninth request.
    tat = None
    for _ in range(9):
        decision, tat = gcra(tat, now=EPOCH, limit=9, period=60)
        assert decision.allowed
    assert not gcra(tat, now=EPOCH, limit=9, period=60)[0].allowed


def test_gcra_rejects_nonsense_limits() -> None:
    with pytest.raises(ValueError):
        gcra(None, now=0, limit=0, period=60)
    with pytest.raises(ValueError):
        gcra(None, now=0, limit=1, period=0)


async def test_memory_backend_sweeps_keys_whose_bucket_is_full_again() -> None:
    clock = FakeClock(0.0)
    backend = MemoryBackend(clock=clock, sweep_interval=10)
    for i in range(100):
        await backend.hit(f"k{i}", limit=5, period=1)
    assert len(backend) == 100
    clock.now = 20.0  # every bucket above has refilled; the sweep is due
    await backend.hit("fresh", limit=1, period=60)
    assert len(backend) == 1
    clock.now = 40.0  # "fresh" is full again only at t=80: kept
    await backend.hit("other", limit=5, period=1)
    assert len(backend) == 2


# --------------------------------------------------------------------------- tiers


def test_default_tier_table_matches_contract() -> None:
    assert DEFAULT_TIERS == {
        "standard": TierLimits(120, 60, 20, 10_000),
        "pilot": TierLimits(1_200, 600, 60, 100_000),
        "partner": TierLimits(6_000, 3_000, 300, 500_000),
        "internal": TierLimits(None, None, None, None),
    }
    standard = DEFAULT_TIERS["standard"]
    assert per_minute_limit(standard, "read-light") == 120
    assert per_minute_limit(standard, "write-light") == 60
    assert per_minute_limit(standard, "long-running") == 20
    assert per_minute_limit(DEFAULT_TIERS["internal"], "read-light") is None
    with pytest.raises(ValueError):
        per_minute_limit(standard, "bulk")  # type: ignore[arg-type]


def test_overrides_merge_over_defaults() -> None:
    tiers = parse_tier_overrides(
        json.dumps(
            {
                "standard": {"read_per_min": 10, "writes_per_day": None},
                "trial": {"write_per_min": 5},
            }
        )
    )
    assert tiers["standard"] == TierLimits(10, 60, 20, None)
    # A new tier starts from standard's built-in values.
    assert tiers["trial"] == TierLimits(120, 5, 20, 10_000)
    assert tiers["pilot"] == DEFAULT_TIERS["pilot"]
    assert DEFAULT_TIERS["standard"] == TierLimits(120, 60, 20, 10_000)  # not mutated


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_no_overrides(raw) -> None:
    assert parse_tier_overrides(raw) == DEFAULT_TIERS


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{nope", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"standard": 5}', "expected an object"),
        ('{"standard": {"reads": 5}}', "unknown field(s) reads"),
        ('{"standard": {"read_per_min": 0}}', "positive integer"),
        ('{"standard": {"read_per_min": -3}}', "positive integer"),
        ('{"standard": {"read_per_min": 1.5}}', "positive integer"),
        ('{"standard": {"read_per_min": "10"}}', "positive integer"),
        ('{"standard": {"read_per_min": true}}', "positive integer"),
        ('{"": {"read_per_min": 1}}', "non-empty"),
    ],
)
def test_bad_overrides_are_clear_errors(raw, message) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_tier_overrides(raw)


# --------------------------------------------------------------------------- limiter


TINY = TierLimits(read_per_min=100, write_per_min=5, long_running_per_min=5, writes_per_day=3)


async def test_daily_cap_refuses_writes_while_minute_budget_has_room() -> None:
    clock = FakeClock()
    limiter = RateLimiter(MemoryBackend(clock=clock), {"tiny": TINY})
    check = limiter.check

    assert (await check(api_key_id="key1", tier="tiny", endpoint_class="write-light")).allowed
    assert (await check(api_key_id="key1", tier="tiny", endpoint_class="write-light")).allowed
    third = await check(api_key_id="key1", tier="tiny", endpoint_class="long-running")
    assert third.allowed and third.scope == "minute"
    assert third.decision.limit == 5  # headers show the per-minute budget while allowed

    refused = await check(api_key_id="key1", tier="tiny", endpoint_class="write-light")
    assert not refused.allowed
    assert refused.scope == "day"
    assert refused.decision.limit == 3
    assert refused.decision.retry_after == pytest.approx(DAY / 3)
    # The long-running class shares the daily cap.
    lr = await check(api_key_id="key1", tier="tiny", endpoint_class="long-running")
    assert (lr.allowed, lr.scope) == (False, "day")

    # Reads are not writes; another key has its own cap.
    read = await check(api_key_id="key1", tier="tiny", endpoint_class="read-light")
    assert read.allowed and read.decision.limit == 100
    assert (await check(api_key_id="key2", tier="tiny", endpoint_class="write-light")).allowed

    # Rolling cap: one write comes back every day/3.
    clock.now += DAY / 3
    assert (await check(api_key_id="key1", tier="tiny", endpoint_class="write-light")).allowed
    assert not (await check(api_key_id="key1", tier="tiny", endpoint_class="write-light")).allowed


async def test_minute_refusal_does_not_spend_the_daily_cap() -> None:
    clock = FakeClock()
    tiers = {"t": TierLimits(100, 2, 2, 3)}
    limiter = RateLimiter(MemoryBackend(clock=clock), tiers)

    results = [
        await limiter.check(api_key_id="k", tier="t", endpoint_class="write-light")
        for _ in range(5)
    ]
    assert [r.allowed for r in results] == [True, True, False, False, False]
    assert {r.scope for r in results[2:]} == {"minute"}

    clock.now += MINUTE
    after = [
        await limiter.check(api_key_id="k", tier="t", endpoint_class="write-light")
        for _ in range(2)
    ]
    # The three minute-refused writes left the daily cap at 1.
    assert [(r.allowed, r.scope) for r in after] == [(True, "minute"), (False, "day")]


async def test_classes_have_separate_budgets() -> None:
    limiter = RateLimiter(MemoryBackend(), {"t": TierLimits(2, 1, 1, None)})
    results = {
        cls: [
            (await limiter.check(api_key_id="k", tier="t", endpoint_class=cls)).allowed
            for _ in range(3)
        ]
        for cls in ("read-light", "write-light", "long-running")
    }
    assert results == {
        "read-light": [True, True, False],
        "write-light": [True, False, False],
        "long-running": [True, False, False],
    }


async def test_unknown_tier_falls_back_to_standard() -> None:
    limiter = RateLimiter(MemoryBackend())
    check = await limiter.check(api_key_id="k", tier="no-such-tier", endpoint_class="read-light")
    assert check.decision.limit == 120


class ExplodingBackend:
    async def hit(self, key, *, limit, period, now=None):
        raise AssertionError("unlimited budgets must not touch the backend")

    async def close(self) -> None:
        pass


@pytest.mark.parametrize("cls", ["read-light", "write-light", "long-running"])
async def test_internal_tier_is_unlimited_without_backend_calls(cls) -> None:
    limiter = RateLimiter(ExplodingBackend())
    check = await limiter.check(api_key_id="k", tier="internal", endpoint_class=cls)
    assert check == RateCheck(True, cls, None, "minute")
    assert rate_limit_headers(check) == {"X-RateLimit-Endpoint-Class": cls}


async def test_only_a_daily_cap_is_shown_when_per_minute_is_unlimited() -> None:
    limiter = RateLimiter(MemoryBackend(), {"t": TierLimits(None, None, None, 1)})
    first = await limiter.check(api_key_id="k", tier="t", endpoint_class="write-light")
    assert (first.allowed, first.scope, first.decision.limit) == (True, "day", 1)
    second = await limiter.check(api_key_id="k", tier="t", endpoint_class="write-light")
    assert (second.allowed, second.scope) == (False, "day")
    read = await limiter.check(api_key_id="k", tier="t", endpoint_class="read-light")
    assert (read.allowed, read.decision) == (True, None)


# --------------------------------------------------------------------------- headers


def test_headers_when_allowed() -> None:
    check = RateCheck(True, "read-light", Decision(True, 120, 118, 1.0000001, 0.0), "minute")
    assert rate_limit_headers(check) == {
        "X-RateLimit-Endpoint-Class": "read-light",
        "X-RateLimit-Limit": "120",
        "X-RateLimit-Remaining": "118",
        "X-RateLimit-Reset": "1",
        "RateLimit-Policy": '"read-light";q=120;w=60',
        "RateLimit": '"read-light";r=118;t=1',
    }


def test_headers_when_refused_per_minute() -> None:
    check = RateCheck(False, "write-light", Decision(False, 60, 0, 59.2, 0.2), "minute")
    headers = rate_limit_headers(check)
    assert headers["X-RateLimit-Remaining"] == "0"
    assert headers["X-RateLimit-Reset"] == "60"  # rounded up, seconds, not an epoch
    assert headers["RateLimit"] == '"write-light";r=0;t=60'
    assert headers["Retry-After"] == "1"  # never 0: "retry now" would be refused again


def test_headers_when_refused_by_daily_cap() -> None:
    check = RateCheck(False, "long-running", Decision(False, 10_000, 0, 86_399.5, 8.64), "day")
    assert rate_limit_headers(check) == {
        "X-RateLimit-Endpoint-Class": "long-running",
        "X-RateLimit-Limit": "10000",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": "86400",
        "RateLimit-Policy": '"writes-per-day";q=10000;w=86400',
        "RateLimit": '"writes-per-day";r=0;t=86400',
        "Retry-After": "9",
    }


async def test_headers_from_a_real_check_round_trip() -> None:
    limiter = RateLimiter(MemoryBackend(clock=FakeClock()), {"t": TierLimits(2, 2, 2, None)})
    for _ in range(2):
        await limiter.check(api_key_id="k", tier="t", endpoint_class="read-light")
    check = await limiter.check(api_key_id="k", tier="t", endpoint_class="read-light")
    headers = rate_limit_headers(check)
    assert headers["Retry-After"] == "30"
    assert headers["X-RateLimit-Reset"] == "60"


def test_create_backend() -> None:
    assert isinstance(create_backend(None), MemoryBackend)
    assert isinstance(create_backend(REDIS_URL), RedisBackend)


# --------------------------------------------------------------------------- Redis


@pytest.fixture
async def redis_client():
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=0.5, socket_timeout=2)
    try:
        await client.ping()
    except (RedisError, OSError) as exc:
        await client.aclose()
        reason = f"Redis not reachable at {REDIS_URL}: {exc}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        print(f"SKIPPING Redis rate-limit tests: {reason}", file=sys.stderr)
        pytest.skip(reason)
    yield client
    await client.aclose()


@pytest.fixture
async def redis_prefix(redis_client):
    prefix = f"test:rl:{uuid.uuid4().hex}:"
    yield prefix
    keys = [key async for key in redis_client.scan_iter(match=prefix + "*")]
    if keys:
        await redis_client.delete(*keys)


@pytest.fixture
async def redis_backend(redis_prefix):
    # A generous timeout: a slow test machine must not silently fail open.
    backend = RedisBackend(REDIS_URL, prefix=redis_prefix, socket_timeout=5)
    yield backend
    await backend.close()


async def test_redis_script_matches_memory_backend(redis_backend) -> None:
    memory = MemoryBackend()
    schedule = [0, 0, 0, 0, 0, 0, 1.9, 2.0, 2.1, 2.1, 4, 4, 9.99, 10, 30, 30, 30.0001, 31.7]
    for offset in schedule:
        now = EPOCH + offset
        expected = await memory.hit("k", limit=5, period=10, now=now)
        actual = await redis_backend.hit("k", limit=5, period=10, now=now)
        assert actual.allowed == expected.allowed, offset
        assert actual.remaining == expected.remaining, offset
        assert actual.reset_after == pytest.approx(expected.reset_after, abs=1e-5), offset
        assert actual.retry_after == pytest.approx(expected.retry_after, abs=1e-5), offset


async def test_redis_key_expires_when_bucket_is_full_again(
    redis_backend, redis_client, redis_prefix
) -> None:
    await hits(redis_backend, "k", 3, limit=10, period=60)
    ttl_ms = await redis_client.pttl(redis_prefix + "k")
    assert 17_000 < ttl_ms <= 18_000  # 3 × T (6 s), not a fixed period
    await hits(redis_backend, "k", 20, limit=10, period=60)
    assert 59_000 < await redis_client.pttl(redis_prefix + "k") <= 60_000


async def test_redis_uses_server_time_not_client_clock(
    redis_backend, redis_client, redis_prefix, monkeypatch
) -> None:
    monkeypatch.setattr(time, "time", lambda: 0.0)  # a wildly wrong client clock
    await redis_backend.hit("k", limit=10, period=60)
    monkeypatch.undo()
    seconds, micros = await redis_client.time()
    tat = float(await redis_client.get(redis_prefix + "k"))
    assert tat == pytest.approx(seconds + micros / 1e6 + 6, abs=1.0)


async def test_redis_no_double_burst_at_window_edge(redis_backend, redis_client) -> None:
    limit, period = 10, 1.0
    interval = period / limit

    async def volley() -> int:
        results = await asyncio.gather(
            *(redis_backend.hit("edge", limit=limit, period=period) for _ in range(limit))
        )
        return sum(d.allowed for d in results)

    # Open the pool's connections now so the volleys below take milliseconds.
    await asyncio.gather(*(redis_backend.hit("warm", limit=100, period=1) for _ in range(limit)))

    # Fire the first volley just before a whole second of the server clock and the second just
    # after it: a fixed-window limiter would see a fresh window and admit both in full.
    seconds, micros = await redis_client.time()
    await asyncio.sleep((0.9 - micros / 1e6) % 1.0)
    boundary = seconds + (1 if micros < 900_000 else 2)
    started = time.monotonic()
    first = await volley()
    seconds, micros = await redis_client.time()
    await asyncio.sleep(max(0.0, boundary + 0.02 - (seconds + micros / 1e6)))
    second = await volley()
    elapsed = time.monotonic() - started

    assert first == limit
    # GCRA has only refilled what elapsed time earned (one token per 0.1 s; elapsed ≈ 0.12 s).
    assert second <= math.floor(elapsed / interval) + 1
    assert second < limit


_WORKER = """
import asyncio, sys, time
from layers_server.kit.ratelimit import RedisBackend

async def main(url, prefix, start_at, limit, attempts):
    backend = RedisBackend(url, prefix=prefix, socket_timeout=5)
    await backend.hit("warmup", limit=1000, period=1)  # connect before the start line
    await asyncio.sleep(max(0.0, start_at - time.time()))
    results = await asyncio.gather(
        *(backend.hit("shared", limit=limit, period=3600) for _ in range(attempts))
    )
    print(sum(d.allowed for d in results))
    await backend.close()

asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])))
"""


async def test_redis_budget_is_shared_by_two_processes(redis_backend, redis_prefix) -> None:
    limit, attempts = 50, 100
    start_at = time.time() + 1.5  # both processes fire at the same wall-clock instant
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            _WORKER,
            REDIS_URL,
            redis_prefix,
            str(start_at),
            str(limit),
            str(attempts),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outputs = [await asyncio.wait_for(p.communicate(), timeout=30) for p in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err.decode()
        assert b"failing open" not in err, err.decode()
    allowed = [int(out) for out, _ in outputs]
    # 200 concurrent attempts against one 50/hour bucket (T = 72 s: nothing refills meanwhile).
    assert sum(allowed) == limit, allowed
    assert not (await redis_backend.hit("shared", limit=limit, period=3600)).allowed


# --------------------------------------------------------------------------- fail open


async def test_fail_open_against_closed_port(caplog) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    backend = RedisBackend("redis://127.0.0.1:1/0")
    try:
        started = time.monotonic()
        decision = await backend.hit("k", limit=7, period=60)
        assert time.monotonic() - started < 1.0
        assert decision == Decision(True, 7, 7, 0.0, 0.0)
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1
        assert "failing open" in warnings[0].getMessage()

        # A down Redis must not flood the logs.
        for _ in range(20):
            assert (await backend.hit("k", limit=7, period=60)).allowed
        assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    finally:
        await backend.close()


class FlakyRedis:
    """Stands in for redis.asyncio.Redis: the script call fails until `up` is set."""

    def __init__(self) -> None:
        self.calls = 0
        self.up = False

    def register_script(self, script):
        async def run(keys, args):
            self.calls += 1
            if not self.up:
                raise RedisConnectionError("Connection refused")
            return [1, 3, b"15.000000", b"0"]

        return run


async def test_fail_open_backs_off_and_throttles_warnings(caplog) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    clock = FakeClock(0.0)
    fake = FlakyRedis()
    backend = RedisBackend(client=fake, clock=clock, retry_interval=1.0, warn_interval=10.0)

    def warnings() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]

    assert (await backend.hit("k", limit=4, period=60)).allowed
    assert (fake.calls, len(warnings())) == (1, 1)

    # Within retry_interval Redis is not even tried, so a hanging Redis costs no latency.
    for _ in range(5):
        assert (await backend.hit("k", limit=4, period=60)).remaining == 4
    assert fake.calls == 1

    clock.now = 1.5
    await backend.hit("k", limit=4, period=60)
    assert (fake.calls, len(warnings())) == (2, 1)

    clock.now = 11.0
    await backend.hit("k", limit=4, period=60)
    assert len(warnings()) == 2
    assert "6 similar events suppressed" in warnings()[1]

    fake.up = True
    clock.now = 12.5
    decision = await backend.hit("k", limit=4, period=60)
    assert decision == Decision(True, 4, 3, 15.0, 0.0)
    assert any("reachable again" in r.getMessage() for r in caplog.records)
    await backend.close()  # not ours: must not close the injected client
