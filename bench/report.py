"""What a run found: measurements, the targets they are judged against, the printed table, the
JSON file and the plot."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .load import LoadResult
from .processes import MemoryPeak

BACKEND_TITLES = {"sqlite": "SQLite", "postgres": "PostgreSQL + Redis"}
MEMORY_LIMIT_MB = 200
# The two baselines (bench/baseline_app.py): the raw driver, which the targets are judged
# against, and the server's own SQLAlchemy engine.
BASELINES = ("driver", "engine")
# The baseline scenario each server scenario is compared with (every other one: get).
BASELINE_OF = {"create": "create", "replay": "create"}
SCENARIO_ORDER = [
    "baseline get (driver)", "baseline get (engine)", "get", "lookup", "list page 1",
    "list deep page", "job poll", "job poll 304", "hooks bank",
    "baseline create (driver)", "baseline create (engine)", "create", "replay",
]  # fmt: skip


@dataclass
class Measurement:
    backend: str
    target: str  # "server", or the baseline: "driver" or "engine"
    scenario: str  # create, replay, get, lookup, list page 1, list deep page, job poll, …
    projects: int
    workers: int = 1
    tier: str = "internal"  # the rate-limit tier of the key the load is sent with
    result: LoadResult | None = None
    detail: str = ""
    skipped: str = ""  # why there is no result
    # % of one core (server, machine) and the server's CPU milliseconds per request
    cpu: dict[str, float] = field(default_factory=dict)
    all_rps: list[float] = field(default_factory=list)  # every run, with --repeat > 1
    failures: str = ""  # what the server logged about failed requests, if any failed

    @property
    def label_key(self) -> str:
        if self.target == "server":
            return self.scenario
        return f"baseline {self.scenario} ({self.target})"

    @property
    def label(self) -> str:
        extras = [f"{self.workers} workers"] if self.workers > 1 else []
        if self.tier != "internal":
            extras.append(f"{self.tier} key")
        return f"{self.label_key} ({', '.join(extras)})" if extras else self.label_key

    def to_json(self) -> dict:
        return {
            "backend": self.backend,
            "target": self.target,
            "scenario": self.scenario,
            "projects": self.projects,
            "workers": self.workers,
            "tier": self.tier,
            "detail": self.detail or None,
            "skipped": self.skipped or None,
            **(self.result.to_json() if self.result else {}),
            **({"cpu": self.cpu} if self.cpu else {}),
            **({"allRunsRps": self.all_rps} if len(self.all_rps) > 1 else {}),
            **({"failures": self.failures} if self.failures else {}),
        }


@dataclass
class ServerMemory:
    backend: str
    workers: int
    projects: int
    peaks: list[MemoryPeak]

    @property
    def label(self) -> str:
        return (
            f"{BACKEND_TITLES[self.backend]}, {self.workers} worker(s), {self.projects:,} projects"
        )

    def to_json(self) -> dict:
        return {
            "backend": self.backend,
            "workers": self.workers,
            "projects": self.projects,
            "processes": [peak.to_json() for peak in self.peaks],
        }


@dataclass
class Target:
    name: str
    passed: bool | None  # None: could not be measured or judged
    observed: str
    inputs: list[Measurement] = field(default_factory=list)

    @property
    def mark(self) -> str:
        return {True: "✓", False: "✗", None: "–"}[self.passed]

    def to_json(self) -> dict:
        return {"name": self.name, "passed": self.passed, "observed": self.observed}


@dataclass
class RunReport:
    measurements: list[Measurement] = field(default_factory=list)
    memory: list[ServerMemory] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    # -- lookups -----------------------------------------------------------------------------

    def find(
        self, backend: str, scenario: str, *, target="server", projects=None, workers=1,
        tier="internal",
    ) -> Measurement | None:  # fmt: skip
        for m in self.measurements:
            if (
                m.backend == backend
                and m.scenario == scenario
                and m.target == target
                and m.workers == workers
                and m.tier == tier
                and (projects is None or m.projects == projects)
                and m.result is not None
            ):
                return m
        return None

    def baseline_for(self, m: Measurement, flavour: str) -> Measurement | None:
        """The measurement of baseline ``flavour`` that ``m`` is compared with: its create for
        create and replay, its get at the same table size for every read."""
        if m.target != "server":
            return None
        scenario = BASELINE_OF.get(m.scenario, "get")
        projects = None if scenario == "create" else m.projects
        return self.find(m.backend, scenario, target=flavour, projects=projects)

    def ordered(self, backend: str) -> list[Measurement]:
        """A backend's measurements as the table shows them: by worker count, table size, then
        scenario (each baseline just above the figures compared with it)."""
        return sorted(
            (m for m in self.measurements if m.backend == backend),
            key=lambda m: (
                m.workers,
                m.tier != "internal",
                m.projects,
                SCENARIO_ORDER.index(m.label_key),
            ),
        )

    def backends(self) -> list[str]:
        return list(dict.fromkeys(m.backend for m in self.measurements))

    # -- targets -----------------------------------------------------------------------------

    def targets(self, small: int, large: int) -> list[Target]:
        """Every target, judged only on error-free measurements (a run whose requests failed
        measures the failures, not the server)."""
        return [self._unjudged_if_errors(target) for target in self._targets(small, large)]

    def _unjudged_if_errors(self, target: Target) -> Target:
        failed = [m for m in target.inputs if m.result is not None and m.result.error_count]
        if not failed:
            return target
        names = ", ".join(f"{m.label} @{m.projects:,}" for m in failed)
        return Target(target.name, None, f"{target.observed} — not judged: errors during {names}")

    def _targets(self, small: int, large: int) -> list[Target]:
        def driver(backend: str, scenario: str, projects: int | None = None):
            return self.find(backend, scenario, target="driver", projects=projects)

        targets: list[Target] = [
            _ratio_target(
                "PostgreSQL: create ≥ 0.5× the raw driver's create",
                self.find("postgres", "create"), driver("postgres", "create"),
                lambda ratio: ratio >= 0.5,
            ),
            _ratio_target(
                "PostgreSQL: replay ≥ 2× create",
                self.find("postgres", "replay"), self.find("postgres", "create"),
                lambda ratio: ratio >= 2.0,
            ),
        ]  # fmt: skip
        for scenario in ("get", "job poll", "job poll 304"):
            targets.append(
                _ratio_target(
                    f"PostgreSQL: {scenario} ≥ 0.6× the raw driver's get ({large:,} projects)",
                    self.find("postgres", scenario, projects=large),
                    driver("postgres", "get", large),
                    lambda ratio: ratio >= 0.6,
                )
            )
        targets.append(
            _ratio_target(
                "SQLite: create ≥ 0.4× the raw driver's create",
                self.find("sqlite", "create"),
                driver("sqlite", "create"),
                lambda ratio: ratio >= 0.4,
            )  # fmt: skip
        )
        for backend in self.backends():
            title = BACKEND_TITLES[backend]
            for scenario in ("get", "lookup"):
                targets.append(
                    _ratio_target(
                        f"{title}: {scenario} within 1.3× from {small:,} to {large:,} projects",
                        self.find(backend, scenario, projects=small),
                        self.find(backend, scenario, projects=large),
                        lambda ratio: ratio <= 1.3,
                    )
                )
            targets.append(
                _ratio_target(
                    f"{title}: deep page within 1.3× of page 1 ({large:,} projects)",
                    self.find(backend, "list page 1", projects=large),
                    self.find(backend, "list deep page", projects=large),
                    lambda ratio: ratio <= 1.3,
                )
            )
        for memory in self.memory:
            if not memory.peaks:
                continue
            worst = max(peak.peak_rss_bytes for peak in memory.peaks) / 2**20
            targets.append(
                Target(
                    f"{memory.label}: memory < {MEMORY_LIMIT_MB} MB per process",
                    worst < MEMORY_LIMIT_MB,
                    f"peak {worst:.0f} MB",
                )
            )
        return targets

    def limiter_cost(self) -> list[str]:
        """What the Redis limiter costs a `standard` key against an `internal` one (which never
        reaches it), per scenario measured with both."""
        lines = []
        for m in self.measurements:
            if m.tier == "internal" or m.result is None:
                continue
            internal = self.find(m.backend, m.scenario, projects=m.projects, workers=m.workers)
            if internal is None:
                continue
            ms = m.cpu.get("serverMsPerRequest", 0) - internal.cpu.get("serverMsPerRequest", 0)
            lines.append(
                f"{BACKEND_TITLES[m.backend]}, {m.workers} worker(s), {m.scenario}: "
                f"{m.result.rps:,.0f} req/s with {m.tier} keys vs {internal.result.rps:,.0f} "
                f"with internal keys ({m.result.rps / internal.result.rps:.2f}×); server CPU "
                f"{ms:+.2f} ms per request"
            )
        return lines

    # -- output ------------------------------------------------------------------------------

    def table(self, small: int, large: int) -> str:
        lines: list[str] = []
        header = (
            f"{'scenario':<38}{'projects':>11}{'req/s':>9}{'p50 ms':>8}{'p99 ms':>8}"
            f"{'errors':>7}{'CPU srv/all':>12}{'ms/req':>8}{'vs driver':>10}{'vs engine':>10}"
        )
        for backend in self.backends():
            lines += ["", BACKEND_TITLES[backend], header, "-" * len(header)]
            for m in self.ordered(backend):
                if m.result is None:
                    why = m.skipped or "not measured (the run stopped)"
                    lines.append(f"{m.label:<38}{m.projects:>11,}  skipped: {why}")
                    continue
                r = m.result
                versus = ""
                for flavour in BASELINES:
                    base = self.baseline_for(m, flavour)
                    versus += f"{r.rps / base.result.rps:>9.2f}×" if base else " " * 10
                detail = f"  [{m.detail}]" if m.detail else ""
                if m.failures:
                    detail += f"  [failed: {m.failures[:120]}]"
                cpu = (
                    f"{m.cpu['serverPercent']:.0f}%/{m.cpu['machinePercent']:.0f}%" if m.cpu else ""
                )
                per_request = f"{m.cpu['serverMsPerRequest']:.2f}" if m.cpu else ""
                lines.append(
                    f"{m.label:<38}{m.projects:>11,}{r.rps:>9,.0f}"
                    f"{r.latency_us['p50'] / 1000:>8.1f}{r.latency_us['p99'] / 1000:>8.1f}"
                    f"{r.error_count:>7}{cpu:>12}{per_request:>8}{versus}{detail}"
                )
        if self.memory:
            lines += ["", "Peak RSS per server process"]
            for memory in self.memory:
                peaks = ", ".join(
                    f"{p.role} {p.peak_rss_bytes / 2**20:.0f} MB" for p in memory.peaks
                )
                lines.append(f"  {memory.label}: {peaks}")
        limiter = self.limiter_cost()
        if limiter:
            lines += ["", "Rate limiter on the path (Redis)"] + [f"  {line}" for line in limiter]
        lines += ["", "Targets"]
        lines += [f"  {t.mark} {t.name}: {t.observed}" for t in self.targets(small, large)]
        if self.notes:
            lines += ["", "Notes"] + [f"  - {note}" for note in self.notes]
        return "\n".join(lines)

    def to_json(self, small: int, large: int, **context) -> dict:
        return {
            **context,
            "measurements": [m.to_json() for m in self.measurements],
            "memory": [memory.to_json() for memory in self.memory],
            "targets": [t.to_json() for t in self.targets(small, large)],
            "limiterCost": self.limiter_cost(),
            "notes": self.notes,
        }

    def write_json(self, path: Path, small: int, large: int, **context) -> None:
        path.write_text(json.dumps(self.to_json(small, large, **context), indent=2) + "\n")

    def plot(self, path: Path, title: str = "") -> None:
        """One panel per backend: req/s of every scenario, server beside baseline."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        backends = self.backends()
        if not backends:
            return
        figure, axes = plt.subplots(
            1, len(backends), figsize=(6.5 * len(backends), 5.5), squeeze=False
        )
        for axis, backend in zip(axes[0], backends, strict=True):
            measured = [m for m in self.ordered(backend) if m.result]
            labels = [f"{m.label} @{_short(m.projects)}" for m in measured]
            shades = {"driver": "#616161", "engine": "#bdbdbd"}
            colors = [shades.get(m.target, "#1f77b4") for m in measured]
            values = [m.result.rps for m in measured]
            bars = axis.barh(range(len(measured)), values, color=colors)
            axis.bar_label(bars, fmt="{:,.0f}", fontsize=7, padding=2)
            axis.set_yticks(range(len(measured)), labels, fontsize=8)
            axis.invert_yaxis()
            axis.set_xlabel("requests/s (grey: raw-driver baseline, light grey: engine baseline)")
            axis.set_title(BACKEND_TITLES[backend])
            axis.grid(axis="x", alpha=0.3)
        if title:
            figure.suptitle(title, fontsize=9)
        figure.tight_layout()
        figure.savefig(path, dpi=110)
        plt.close(figure)


def _ratio_target(
    name: str,
    numerator: Measurement | None,
    denominator: Measurement | None,
    passes: Callable[[float], bool],
    *,
    percent: bool = False,
) -> Target:
    """A target on the ratio of two throughputs; unjudged when either was not measured."""
    if numerator is None or denominator is None:
        return Target(name, None, "not measured")
    top, bottom = numerator.result.rps, denominator.result.rps
    ratio = top / bottom
    shown = f"{ratio:.0%}" if percent else f"{ratio:.2f}×"
    return Target(
        name,
        passes(ratio),
        f"{shown} ({top:,.0f} vs {bottom:,.0f} req/s)",
        inputs=[numerator, denominator],
    )


def _short(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:g}M"
    if count >= 1_000:
        return f"{count / 1_000:g}k"
    return str(count)
