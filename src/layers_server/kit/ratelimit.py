"""Rate limiting for the Partner API (docs/api/README.md).

Self-contained: no FastAPI, no database. The middleware asks :class:`RateLimiter` for a
:class:`RateCheck` and turns it into headers with :func:`rate_limit_headers`.

Algorithm: GCRA (generic cell rate algorithm), i.e. a token bucket stored as a single number per
key, the *theoretical arrival time* (TAT). ``limit`` requests per ``period`` seconds, burst =
``limit``: a full bucket admits ``limit`` back-to-back requests, then one more every
``T = period / limit`` seconds. Unlike fixed windows there is no double burst at a window edge:
``limit`` requests at t=59.9 s followed by ``limit`` more at t=60.1 s admits (almost) none of the
second volley.

Budgets (one GCRA bucket each):

* per (API key, endpoint class), ``period`` = 60 s, limit from the key's tier;
* per API key, the daily write cap, ``period`` = 86 400 s, shared by ``write-light`` and
  ``long-running``. Being GCRA it is a rolling cap, not a reset at midnight: once spent, one write
  comes back every ``86 400 / writes_per_day`` seconds.

Backends: :class:`MemoryBackend` for a single process, :class:`RedisBackend` when several
processes serve one deployment. The Redis backend fails open (docs/api/README.md): a limiter outage
must not become an API outage.

Header decisions (see :func:`rate_limit_headers`):

* ``X-RateLimit-Endpoint-Class`` is on every response.
* Numeric headers describe the per-minute budget of the class, unless the daily write cap is
  what refused the request; then they describe the daily cap and the IETF policy is named
  ``"writes-per-day"`` (window 86 400) instead of the class name.
* Unlimited budgets (the ``internal`` tier) carry only ``X-RateLimit-Endpoint-Class``: there is
  no honest number to put in ``X-RateLimit-Limit`` (``0`` would read as "blocked", a huge number
  as a real budget), and omitting them is what clients of other APIs already handle for
  unlimited keys. Such checks never touch the backend.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Literal, Protocol, get_args

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

EndpointClass = Literal["read-light", "write-light", "long-running"]
ENDPOINT_CLASSES: tuple[str, ...] = get_args(EndpointClass)

MINUTE = 60.0
DAY = 86_400.0

# Name of the daily-cap policy in the IETF headers; the per-minute policies are named after
# their endpoint class.
DAILY_POLICY_NAME = "writes-per-day"

# Float slack when comparing times. TATs are sums of many float increments (and, in Redis,
# magnitudes around 1.7e9 s), so an exact comparison could refuse the last request of a full
# burst by a rounding error. Capped at half an emission interval so it can never admit more than
# ``limit`` requests in a burst.
_TOLERANCE = 1e-3


# --------------------------------------------------------------------------- tiers


@dataclass(frozen=True)
class TierLimits:
    """Budgets of one tier. ``None`` means unlimited."""

    read_per_min: int | None
    write_per_min: int | None
    long_running_per_min: int | None
    writes_per_day: int | None


DEFAULT_TIERS: dict[str, TierLimits] = {
    "standard": TierLimits(120, 60, 20, 10_000),
    "pilot": TierLimits(1_200, 600, 60, 100_000),
    "partner": TierLimits(6_000, 3_000, 300, 500_000),
    "internal": TierLimits(None, None, None, None),
}

_DEFAULT_TIER = "standard"

_CLASS_FIELD: dict[str, str] = {
    "read-light": "read_per_min",
    "write-light": "write_per_min",
    "long-running": "long_running_per_min",
}

# Classes that spend the daily write cap.
_WRITE_CLASSES = frozenset({"write-light", "long-running"})


def per_minute_limit(tier: TierLimits, cls: EndpointClass) -> int | None:
    """The per-minute budget of ``cls`` in ``tier`` (``None`` = unlimited)."""
    try:
        return getattr(tier, _CLASS_FIELD[cls])
    except KeyError:
        raise ValueError(f"unknown endpoint class {cls!r}") from None


def parse_tier_overrides(raw: str | None) -> dict[str, TierLimits]:
    """Parse ``LAYERS_RATE_LIMIT_TIERS`` and merge it over :data:`DEFAULT_TIERS`.

    ``raw`` is a JSON object mapping tier name to an object with any of the
    :class:`TierLimits` fields, each a positive integer or ``null`` (unlimited). Fields left out
    keep the built-in value for a known tier; a new tier starts from ``standard`` (the
    conservative default), so ``{"trial": {"read_per_min": 30}}`` is a complete definition.
    ``None`` or a blank string means "no overrides".
    """
    tiers = dict(DEFAULT_TIERS)
    if not raw or not raw.strip():
        return tiers
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"rate-limit tier overrides are not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError("rate-limit tier overrides must be a JSON object of tier name → limits")

    allowed = [f.name for f in fields(TierLimits)]
    for name, spec in data.items():
        if not name.strip():
            raise ValueError("rate-limit tier names must be non-empty")
        if not isinstance(spec, dict):
            raise ValueError(f"rate-limit tier {name!r}: expected an object of limits")
        unknown = sorted(set(spec) - set(allowed))
        if unknown:
            raise ValueError(
                f"rate-limit tier {name!r}: unknown field(s) {', '.join(unknown)}; "
                f"allowed: {', '.join(allowed)}"
            )
        for field_name, value in spec.items():
            # bool is an int subclass; `true` as a limit is certainly a mistake.
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or value < 1
            ):
                raise ValueError(
                    f"rate-limit tier {name!r}: {field_name} must be a positive integer "
                    f"or null (unlimited), got {value!r}"
                )
        base = tiers.get(name, DEFAULT_TIERS[_DEFAULT_TIER])
        tiers[name] = replace(base, **spec)
    return tiers


# --------------------------------------------------------------------------- GCRA


@dataclass(frozen=True)
class Decision:
    """Outcome of one hit on one bucket."""

    allowed: bool
    limit: int
    remaining: int  # further requests that would be admitted right now
    reset_after: float  # seconds until the bucket is full again
    retry_after: float  # seconds until one more request would be admitted (0 when allowed)


def gcra(tat: float | None, *, now: float, limit: int, period: float) -> tuple[Decision, float]:
    """One GCRA step. Returns the decision and the TAT to store (unchanged when refused).

    ``tat`` is the stored theoretical arrival time (``None`` for a fresh key). The Lua script in
    :class:`RedisBackend` mirrors this function line for line; keep them in step.
    """
    if limit < 1 or period <= 0:
        raise ValueError(f"invalid rate limit {limit}/{period}s")
    interval = period / limit
    tolerance = min(_TOLERANCE, interval / 2)
    # A TAT in the past means a full bucket; credit does not accumulate beyond that.
    tat = now if tat is None or tat < now else tat
    new_tat = tat + interval
    allow_at = new_tat - period  # earliest arrival time that still fits the burst
    if allow_at - now > tolerance:
        return Decision(False, limit, 0, reset_after=tat - now, retry_after=allow_at - now), tat
    remaining = math.floor((period - (new_tat - now) + tolerance) / interval)
    remaining = max(0, min(limit - 1, remaining))
    return Decision(True, limit, remaining, reset_after=new_tat - now, retry_after=0.0), new_tat


class RateLimitBackend(Protocol):
    async def hit(
        self, key: str, *, limit: int, period: float, now: float | None = None
    ) -> Decision: ...

    async def ping(self) -> bool: ...

    async def close(self) -> None: ...


class MemoryBackend:
    """GCRA state in a dict: right for one process, wrong for several (each would get its own
    budget).

    Not thread-safe by design: ``hit`` never awaits, so on one event loop each hit is atomic.
    Memory stays bounded by the keys active within the longest period: a key whose TAT is in the
    past is indistinguishable from a fresh one, so a sweep every ``sweep_interval`` seconds drops
    them.
    """

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, sweep_interval: float = 60.0
    ) -> None:
        self._clock = clock
        self._sweep_interval = sweep_interval
        self._tat: dict[str, float] = {}
        self._next_sweep: float | None = None

    def __len__(self) -> int:
        return len(self._tat)

    async def hit(
        self, key: str, *, limit: int, period: float, now: float | None = None
    ) -> Decision:
        if now is None:
            now = self._clock()
        self._maybe_sweep(now)
        decision, new_tat = gcra(self._tat.get(key), now=now, limit=limit, period=period)
        if decision.allowed:
            self._tat[key] = new_tat
        return decision

    def _maybe_sweep(self, now: float) -> None:
        if self._next_sweep is None:
            self._next_sweep = now + self._sweep_interval
        elif now >= self._next_sweep:
            self._tat = {k: tat for k, tat in self._tat.items() if tat > now}
            self._next_sweep = now + self._sweep_interval

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        self._tat.clear()


# The GCRA step of `gcra()` in Lua, run atomically by Redis so concurrent processes share one
# bucket. Time comes from the server's TIME so processes with skewed clocks still agree; ARGV[3]
# overrides it for deterministic tests only. The TAT is stored with %.17g because Lua's default
# number→string conversion (%.14g) would drop the sub-millisecond part of a ~1.7e9 s timestamp.
# The key expires when the bucket is full again (≤ period): at that point it carries no state.
_GCRA_LUA = """
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local interval = period / limit
local tolerance = math.min(tonumber(ARGV[4]), interval / 2)
local stored = redis.call('GET', KEYS[1])
local tat = now
if stored then
  tat = math.max(tonumber(stored), now)
end
local new_tat = tat + interval
local allow_at = new_tat - period
if allow_at - now > tolerance then
  return {0, 0, string.format('%.6f', tat - now), string.format('%.6f', allow_at - now)}
end
local remaining = math.floor((period - (new_tat - now) + tolerance) / interval)
remaining = math.max(0, math.min(limit - 1, remaining))
local ttl_ms = math.ceil((new_tat - now) * 1000)
redis.call('SET', KEYS[1], string.format('%.17g', new_tat), 'PX', ttl_ms)
return {1, remaining, string.format('%.6f', new_tat - now), '0'}
"""


class RedisBackend:
    """GCRA in Redis, shared by every process of a deployment.

    Fails open: on any Redis error the request is allowed (``remaining = limit``) and a WARNING is
    logged at most once per ``warn_interval`` seconds. After a failure Redis is not contacted
    again for ``retry_interval`` seconds, so a Redis that times out costs one request
    ``socket_timeout`` per interval rather than every request.
    """

    def __init__(
        self,
        url: str = "redis://127.0.0.1:6379/0",
        *,
        prefix: str = "layers:rl:",
        socket_timeout: float = 0.25,
        retry_interval: float = 1.0,
        warn_interval: float = 10.0,
        client: Redis | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if client is None:
            # redis-py retries failed commands with exponential backoff by default, which would
            # turn a dead Redis into a multi-second stall per request; fail fast instead.
            client = Redis.from_url(
                url,
                socket_timeout=socket_timeout,
                socket_connect_timeout=socket_timeout,
                retry=Retry(NoBackoff(), 0),
            )
            self._owns_client = True
        else:
            self._owns_client = False
        self._client = client
        # EVALSHA, reloading the script on NOSCRIPT (e.g. after a Redis restart or failover).
        self._script = client.register_script(_GCRA_LUA)
        self._prefix = prefix
        self._retry_interval = retry_interval
        self._warn_interval = warn_interval
        self._clock = clock
        self._skip_until = -math.inf
        self._next_warning = -math.inf
        self._suppressed = 0
        self._failing = False

    async def hit(
        self, key: str, *, limit: int, period: float, now: float | None = None
    ) -> Decision:
        if limit < 1 or period <= 0:
            raise ValueError(f"invalid rate limit {limit}/{period}s")
        if self._clock() < self._skip_until:
            return self._fail_open(limit, None)
        try:
            allowed, remaining, reset_after, retry_after = await self._script(
                keys=[self._prefix + key],
                args=[limit, repr(float(period)), "" if now is None else repr(now), _TOLERANCE],
            )
        except (RedisError, OSError) as exc:  # OSError covers TimeoutError and socket errors
            self._skip_until = self._clock() + self._retry_interval
            return self._fail_open(limit, exc)
        if self._failing:
            self._failing = False
            logger.info("rate limiter: Redis reachable again; enforcing limits")
        return Decision(
            allowed=bool(allowed),
            limit=limit,
            remaining=int(remaining),
            reset_after=float(reset_after),
            retry_after=float(retry_after),
        )

    def _fail_open(self, limit: int, exc: BaseException | None) -> Decision:
        self._failing = True
        now = self._clock()
        if now >= self._next_warning:
            suppressed = (
                f" ({self._suppressed} similar events suppressed)" if self._suppressed else ""
            )
            reason = f"{type(exc).__name__}: {exc}" if exc else "Redis recently unreachable"
            logger.warning(
                "rate limiter: Redis unavailable (%s); failing open, requests are not "
                "rate limited%s",
                reason,
                suppressed,
            )
            self._next_warning = now + self._warn_interval
            self._suppressed = 0
        else:
            self._suppressed += 1
        return Decision(True, limit, limit, reset_after=0.0, retry_after=0.0)

    async def ping(self) -> bool:
        try:
            return bool(await self._client.ping())
        except (RedisError, OSError):
            return False

    async def close(self) -> None:
        if self._owns_client:
            await self._client.aclose()


def create_backend(redis_url: str | None) -> RateLimitBackend:
    """Redis when a URL is configured (several processes), process memory otherwise."""
    return RedisBackend(redis_url) if redis_url else MemoryBackend()


# --------------------------------------------------------------------------- limiter


@dataclass(frozen=True)
class RateCheck:
    """What the middleware needs: refuse or not, and what to put in the headers."""

    allowed: bool
    endpoint_class: str
    # The bucket shown in headers: per-minute, or the daily cap when that is what refused.
    # None when every applicable budget is unlimited.
    decision: Decision | None
    scope: Literal["minute", "day"]


class RateLimiter:
    def __init__(
        self, backend: RateLimitBackend, tiers: Mapping[str, TierLimits] = DEFAULT_TIERS
    ) -> None:
        self._backend = backend
        self._tiers = tiers

    def tier_limits(self, tier: str) -> TierLimits:
        # An unknown tier (e.g. a key minted before an operator removed a custom tier) gets the
        # most conservative built-in budget rather than an error or no limit.
        return (
            self._tiers.get(tier) or self._tiers.get(_DEFAULT_TIER) or DEFAULT_TIERS[_DEFAULT_TIER]
        )

    async def check(
        self, *, api_key_id: str, tier: str, endpoint_class: EndpointClass
    ) -> RateCheck:
        limits = self.tier_limits(tier)
        minute_limit = per_minute_limit(limits, endpoint_class)
        day_limit = limits.writes_per_day if endpoint_class in _WRITE_CLASSES else None

        # Per-minute first: a request it refuses must not spend the scarcer daily cap. (The
        # converse — a minute token spent on a request the daily cap then refuses — is harmless:
        # once the daily cap is spent, every write is refused anyway.)
        minute = None
        if minute_limit is not None:
            minute = await self._backend.hit(
                f"{api_key_id}:{endpoint_class}", limit=minute_limit, period=MINUTE
            )
            if not minute.allowed:
                return RateCheck(False, endpoint_class, minute, "minute")
        if day_limit is not None:
            day = await self._backend.hit(
                f"{api_key_id}:{DAILY_POLICY_NAME}", limit=day_limit, period=DAY
            )
            if not day.allowed or minute is None:
                return RateCheck(day.allowed, endpoint_class, day, "day")
        return RateCheck(True, endpoint_class, minute, "minute")

    async def backend_healthy(self) -> bool:
        return await self._backend.ping()

    async def close(self) -> None:
        await self._backend.close()


# --------------------------------------------------------------------------- headers


def _ceil_seconds(seconds: float) -> int:
    # Shave float noise so 60.000000001 s is reported as 60, not 61.
    return max(0, math.ceil(seconds - 1e-6))


def rate_limit_headers(check: RateCheck) -> dict[str, str]:
    """Response headers for ``check`` (docs/api/README.md).

    ``X-RateLimit-Reset`` and the IETF ``t`` are seconds until the shown bucket is full again,
    rounded up, never an epoch. ``RateLimit-Policy``/``RateLimit`` use the structured-field syntax
    of draft-ietf-httpapi-ratelimit-headers-09. ``Retry-After`` (≥ 1 s, rounded up so a client
    that waits exactly that long is admitted) only on refusal.
    """
    headers = {"X-RateLimit-Endpoint-Class": check.endpoint_class}
    d = check.decision
    if d is None:  # unlimited: see the module docstring
        return headers
    if check.scope == "day":
        name, window = DAILY_POLICY_NAME, int(DAY)
    else:
        name, window = check.endpoint_class, int(MINUTE)
    reset = _ceil_seconds(d.reset_after)
    headers |= {
        "X-RateLimit-Limit": str(d.limit),
        "X-RateLimit-Remaining": str(d.remaining),
        "X-RateLimit-Reset": str(reset),
        "RateLimit-Policy": f'"{name}";q={d.limit};w={window}',
        "RateLimit": f'"{name}";r={d.remaining};t={reset}',
    }
    if not check.allowed:
        headers["Retry-After"] = str(max(1, _ceil_seconds(d.retry_after)))
    return headers
