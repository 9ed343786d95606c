"""What every benchmark row shares: results, statistics, child processes, the table.

Each figure is measured in a child process (a fresh interpreter, so one row's memory or
imports never colour another's) that prints one ``BENCH-RESULT {json}`` line. Peak RSS is
the kernel's ``ru_maxrss`` of that very child, read with ``os.wait4``.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tests.bench.protocol import RESULT_PREFIX

REPO = Path(__file__).resolve().parents[2]
PYCACHE = Path(__file__).resolve().parent / ".cache" / "pycache"
CHILD_TIMEOUT_S = 3600


@dataclass
class Result:
    """One row of ``bench-results.json`` (the README § Performance fields, plus a free-text detail).

    ``ok`` is ``None`` when the figure could not be measured: never counted as passed.
    """

    name: str
    dataset: str
    measured: float | None
    baseline: float | None
    ratio: float | None
    budget: str
    unit: str
    ok: bool | None
    detail: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def ratio_of(measured: float | None, baseline: float | None) -> float | None:
    if measured is None or not baseline:
        return None
    return measured / baseline


def not_measured(name: str, dataset: str, budget: str, unit: str, reason: str) -> Result:
    """A row that could not be measured, with why (reported, never passed)."""
    return Result(name, dataset, None, None, None, budget, unit, None, f"not measurable: {reason}")


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def p95(samples: Sequence[float]) -> float:
    """Nearest-rank 95th percentile: the value 95 % of the samples do not exceed."""
    ordered = sorted(samples)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} on {os.cpu_count()} cores"


@dataclass
class ChildRun:
    """What a child process reported, its wall time and its peak RSS (MB) from the kernel."""

    data: dict[str, Any]
    wall_s: float
    peak_mb: float
    stderr: str = ""
    lines: list[str] = field(default_factory=list)


class ChildError(RuntimeError):
    """A child process failed or printed no result; the message holds its stderr tail."""


def child_env(sandbox: Path) -> dict[str, str]:
    """Offscreen Qt, settings and backups in a throw-away folder, the repo importable.

    Bytecode is cached (under ``.cache/pycache``) as an installed app's is: without it every
    start would compile FunnelDesk's sources again.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(sandbox / "config"),
        XDG_DATA_HOME=str(sandbox / "data"),
        XDG_CACHE_HOME=str(sandbox / "cache"),
        XDG_RUNTIME_DIR=str(sandbox / "runtime"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
    )
    (sandbox / "runtime").mkdir(parents=True, exist_ok=True, mode=0o700)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


def run_child(module: str, args: Sequence[str], *, timeout: float = CHILD_TIMEOUT_S) -> ChildRun:
    """Run ``python -m module args`` and return its ``BENCH-RESULT`` object.

    Wall time runs from just before the process is spawned to the result line (the start-up
    rows use it: the child prints as soon as its window has painted, then exits).
    """
    with (
        tempfile.TemporaryDirectory(prefix="funneldesk-bench-") as sandbox,
        tempfile.TemporaryFile("w+") as errors,
    ):
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=REPO,
            env=child_env(Path(sandbox)),
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        data, wall, lines = None, 0.0, []
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(RESULT_PREFIX) and data is None:
                wall = time.perf_counter() - started
                data = json.loads(line[len(RESULT_PREFIX) :])
            else:
                lines.append(line.rstrip("\n"))
        _, status, usage = os.wait4(process.pid, 0)
        watchdog.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read()
    if data is None:
        tail = "\n".join((stderr.strip().splitlines() or ["(no output)"])[-8:])
        raise ChildError(f"{module} {' '.join(args)} exited {process.returncode}: {tail}")
    peak_mb = usage.ru_maxrss / 1024  # Linux reports kilobytes
    return ChildRun(data, wall, peak_mb, stderr, lines)


def _figure(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"


def table(results: Sequence[Result]) -> str:
    """The results as a plain-text table (what the README's performance section shows)."""
    header = ("name", "dataset", "measured", "baseline", "ratio", "unit", "budget", "ok")
    rows = [
        (
            r.name,
            r.dataset,
            _figure(r.measured),
            _figure(r.baseline),
            "—" if r.ratio is None else f"{r.ratio:.2f}",
            r.unit,
            r.budget,
            {True: "yes", False: "MISSED", None: "not measured"}[r.ok],
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(w) for cell, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row, result in zip(rows, results, strict=True):
        lines.append("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)))
        if result.detail:
            lines.append(f"    {result.detail}")
    return "\n".join(lines)


def write_json(results: Sequence[Result], path: Path) -> None:
    path.write_text(json.dumps([r.as_json() for r in results], indent=2, ensure_ascii=False))
