"""The rows of README § Performance, each measured beside its baseline in the same run.

Every row function takes a :class:`Plan` (datasets and repetitions) and returns
:class:`~tests.bench.harness.Result` rows. FunnelDesk and baseline samples are interleaved
(one of each in turn) so that load from other programs falls on both alike.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.bench import datasets, sync_rows
from tests.bench.harness import (
    ChildError,
    Result,
    load_average,
    median,
    not_measured,
    p95,
    ratio_of,
    run_child,
)

UI = "tests.bench.ui_child"
CORE = "tests.bench.core_child"


@dataclass(frozen=True)
class Plan:
    """Dataset sizes and repetitions of one run (``--quick`` shrinks both)."""

    main: int = 100_000  # customers of the startup/drag/stats/excel/import datasets
    big: int = 1_000_000  # customers of the search and memory dataset
    reps: int = 7  # process starts and report runs per side
    loops: int = 5  # in-process rounds (stats, search, drag)
    cache: Path = datasets.CACHE

    def db(self, customers: int) -> Path:
        return datasets.demo_database(customers, self.cache)


def _dataset(path: Path) -> str:
    return datasets.describe(path)


def startup(plan: Plan) -> list[Result]:
    """Window shown and painted after process start vs a bare QMainWindow process."""
    db = plan.db(plan.main)
    measured, baseline = [], []
    for _ in range(plan.reps):
        measured.append(run_child(UI, ["app", "--db", str(db)]).wall_s)
        baseline.append(run_child(UI, ["bare"]).wall_s)
    m, b = median(measured), median(baseline)
    r = ratio_of(m, b)
    detail = f"median of {plan.reps} fresh processes each; {load_average()}"
    return [Result("startup", _dataset(db), m, b, r, "ratio ≤ 3", "s", r <= 3, detail)]


def search(plan: Plan, customers: int | None = None) -> list[Result]:
    """Type-ahead end to end (p95) vs the raw FTS5 MATCH of the same text, in one process."""
    db = plan.db(customers or plan.big)
    run = run_child(UI, ["search", "--db", str(db), "--reps", str(plan.loops)])
    measured = [s * 1000 for s in run.data["measured"]]
    ranked = [s * 1000 for s in run.data["baseline"]]
    m, b = p95(measured), p95(ranked)
    r = ratio_of(m, b)
    detail = (
        f"p95 of {len(measured)} keystrokes ({run.data['queries']} texts × {plan.loops}); "
        f"baseline: MATCH … ORDER BY rank LIMIT 100; "
        f"unranked MATCH … LIMIT 100 p95 {p95([s * 1000 for s in run.data['unranked']]):.2f} ms; "
        f"median {median(measured):.1f} ms vs {median(ranked):.2f} ms; "
        f"CPU time per keystroke p95 {p95([s * 1000 for s in run.data['cpu']]):.1f} ms "
        f"(median {median([s * 1000 for s in run.data['cpu']]):.1f}); "
        f"the uncounted first round (cold caches) p95 "
        f"{p95([s * 1000 for s in run.data['first']]):.1f} ms; "
        f"a plain QTableView repaint of the same size alone: p95 "
        f"{p95([s * 1000 for s in run.data['floor']]):.1f} ms; {load_average()}"
    )
    ok = m <= 30 and r is not None and r <= 2
    return [Result("search", _dataset(db), m, b, r, "p95 ≤ 30 ms and ratio ≤ 2", "ms", ok, detail)]


def drag(plan: Plan) -> list[Result]:
    """Drop on the next stage: committed + both columns repainted vs raw UPDATE+INSERT."""
    source = plan.db(plan.main)
    with tempfile.TemporaryDirectory(prefix="funneldesk-bench-drag-") as folder:
        db = datasets.working_copy(source, Path(folder))
        run = run_child(UI, ["drag", "--db", str(db), "--reps", str(plan.loops * 4)])
    measured = [s * 1000 for s in run.data["measured"]]
    baseline = [s * 1000 for s in run.data["baseline"]]
    m, b = median(measured), median(baseline)
    cpu = [s * 1000 for s in run.data["cpu"]]
    detail = (
        f"median of {len(measured)} drops; first 5 drops {median(measured[:5]):.1f} ms, "
        f"last 5 {median(measured[-5:]):.1f} ms; CPU time per drop: median "
        f"{median(cpu):.1f} ms ({min(cpu):.1f}-{max(cpu):.1f}); {load_average()}"
    )
    return [
        Result("drag", _dataset(source), m, b, ratio_of(m, b), "≤ 16 ms", "ms", m <= 16, detail)
    ]


def stats(plan: Plan, customers: int | None = None) -> list[Result]:
    """All funnel statistics of docs/analytics.md (``compute_funnel``, activity and CAC included) vs
    one SQL pass counting deals per stage."""
    db = plan.db(customers or plan.main)
    run = run_child(CORE, ["stats", "--db", str(db), "--reps", str(plan.loops * 2)])
    m = median(run.data["measured"]) * 1000
    b = median(run.data["baseline"]) * 1000
    detail = (
        f"median of {len(run.data['measured'])} calls in one process, each after a commit "
        f"by another connection (first call {run.data['first'] * 1000:.0f} ms; the same "
        f"call again on an unchanged file {median(run.data['kept']) * 1000:.0f} ms); "
        f"what `funneldesk stats` computes "
        f"(no activity, CAC, segments or forecast): median "
        f"{median(run.data['command']) * 1000:.0f} ms; "
        f"{load_average()}"
    )
    return [Result("stats", _dataset(db), m, b, ratio_of(m, b), "≤ 300 ms", "ms", m <= 300, detail)]


def duplicates(plan: Plan) -> list[Result]:
    """``funneldesk duplicates`` (every likely duplicate group) vs one fetch of the five
    columns its rules read; not a row of the design's table: the budget is this project's."""
    db = plan.db(plan.main)
    run = run_child(CORE, ["duplicates", "--db", str(db), "--reps", str(plan.loops)])
    m, b = median(run.data["measured"]), median(run.data["baseline"])
    r = ratio_of(m, b)
    detail = (
        f"median of {len(run.data['measured'])} calls in one process (first call, caches "
        f"cold, {run.data['first']:.2f} s); {run.data['groups']:,} groups; {load_average()}"
    )
    ok = r is not None and r <= 8
    return [Result("duplicates", _dataset(db), m, b, r, "ratio ≤ 8", "s", ok, detail)]


def stats_cold(plan: Plan) -> list[Result]:
    """The funnel panel's first statistics in a fresh process (imports, numpy and the first
    queries included) vs one raw SQL pass counting deals per stage on a fresh connection;
    the median over fresh processes."""
    db = plan.db(plan.main)
    runs = [run_child(CORE, ["stats-cold", "--db", str(db)]) for _ in range(plan.loops + 2)]
    m = median([r.data["measured"] for r in runs]) * 1000
    b = median([r.data["baseline"] for r in runs]) * 1000
    numpy_ms = median([r.data["numpy"] for r in runs]) * 1000
    detail = (
        f"median of {len(runs)} fresh processes, the panel's default period (365 days), "
        f"numpy's import included ({numpy_ms:.0f} ms of it); {load_average()}"
    )
    return [
        Result("stats-cold", _dataset(db), m, b, ratio_of(m, b), "≤ 300 ms", "ms", m <= 300, detail)
    ]


def today(plan: Plan) -> list[Result]:
    """The Today view's first screen (every group's count and its first rows) vs one indexed
    raw query for the activities due; the whole lists' time in the detail."""
    db = plan.db(plan.main)
    run = run_child(CORE, ["today", "--db", str(db), "--reps", str(plan.loops * 2)])
    m = median(run.data["measured"]) * 1000
    b = median(run.data["baseline"]) * 1000
    listed = ", ".join(f"{count:,} {name}" for name, count in run.data["listed"].items())
    detail = (
        f"median of {len(run.data['measured'])} reads in one process (first "
        f"{run.data['first'] * 1000:.0f} ms); {run.data['open']:,} open activities, "
        f"{run.data['due']:,} due; counted: {listed}; {run.data['shown']} rows read for the "
        f"first screen; the whole lists (today --json, Show n more) {run.data['whole']:.2f} s; "
        f"baseline plan: "
        f"{run.data['baseline_plan']}; {load_average()}"
    )
    return [Result("today", _dataset(db), m, b, ratio_of(m, b), "≤ 100 ms", "ms", m <= 100, detail)]


def excel(plan: Plan, customers: int | None = None) -> list[Result]:
    """The whole report vs raw XlsxWriter constant_memory writing the same cells; peak RSS."""
    db = plan.db(customers or plan.main)
    dataset = _dataset(db)
    with tempfile.TemporaryDirectory(prefix="funneldesk-bench-excel-") as folder:
        out = Path(folder) / "report.xlsx"
        cells = plan.cache / f"report-cells-{db.stem}.pickle"
        first = run_child(CORE, ["excel", "--db", str(db), "--out", str(out)])
        if not cells.exists():
            run_child(CORE, ["excel-cells", "--xlsx", str(out), "--out", str(cells)])
        measured, baseline, peaks, base_peaks = [first.data["seconds"]], [], [first.peak_mb], []
        raw = Path(folder) / "raw.xlsx"
        reports = min(plan.reps, 3)  # a report at 100k takes the best part of a minute
        for rep in range(reports):
            if rep:
                run = run_child(CORE, ["excel", "--db", str(db), "--out", str(out)])
                measured.append(run.data["seconds"])
                peaks.append(run.peak_mb)
            run = run_child(CORE, ["excel-baseline", "--cells", str(cells), "--out", str(raw)])
            baseline.append(run.data["seconds"])
            base_peaks.append(run.peak_mb)
    m, b = median(measured), median(baseline)
    r = ratio_of(m, b)
    peak, base_peak = max(peaks), max(base_peaks)
    detail = f"median of {reports} reports, one process each; {load_average()}"
    rss_detail = (
        "highest ru_maxrss of the report processes (interpreter and numpy included); "
        "baseline: the raw-writer processes (which also hold every cell in memory)"
    )
    return [
        Result("excel", dataset, m, b, r, "ratio ≤ 1.5", "s", r <= 1.5, detail),
        Result("excel-rss", dataset, peak, base_peak, ratio_of(peak, base_peak),
               "peak RSS ≤ 200 MB", "MB", peak <= 200, rss_detail),
    ]  # fmt: skip


def import_(plan: Plan) -> list[Result]:
    """CSV import of ``main`` rows into an empty database vs sqlite-utils insert_all."""
    csv_path = datasets.import_csv(plan.main, plan.cache)
    measured, baseline, cpu, base_cpu = [], [], [], []
    imported = 0
    for _ in range(max(plan.reps // 2, 1)):
        with tempfile.TemporaryDirectory(prefix="funneldesk-bench-import-") as folder:
            run = run_child(CORE, ["import", "--csv", str(csv_path), "--db", f"{folder}/fd.sqlite"])
            measured.append(run.data["seconds"])
            cpu.append(run.data["cpu"])
            imported = run.data["imported"]
            run = run_child(
                CORE, ["import-baseline", "--csv", str(csv_path), "--db", f"{folder}/raw.sqlite"]
            )
            baseline.append(run.data["seconds"])
            base_cpu.append(run.data["cpu"])
    m, b = median(measured), median(baseline)
    r = ratio_of(m, b)
    cpu_m, cpu_b = median(cpu), median(base_cpu)
    detail = (
        f"{imported:,} rows imported ({', '.join(datasets.CSV_COLUMNS)}); "
        f"median of {len(measured)}; CPU {cpu_m:.2f} s vs {cpu_b:.2f} s "
        f"(ratio {ratio_of(cpu_m, cpu_b):.2f}); {load_average()}"
    )
    dataset = f"{datasets.label(plan.main)}-row CSV"
    return [Result("import", dataset, m, b, r, "ratio ≤ 2", "s", r <= 2, detail)]


def memory(plan: Plan) -> list[Result]:
    """RSS with the customer list open on ``big`` customers vs a bare window + empty table."""
    db = plan.db(plan.big)
    measured, baseline = [], []
    settle = ["--settle", "3000"]
    for _ in range(max(plan.reps // 2, 1)):
        measured.append(run_child(UI, ["app", "--db", str(db), "--view", "customers", *settle]))
        baseline.append(run_child(UI, ["bare", "--table", *settle]))
    m = median([run.data["rss_mb"] for run in measured])
    b = median([run.data["rss_mb"] for run in baseline])
    peak = max(run.peak_mb for run in measured)
    detail = (
        f"RSS 3 s after the list painted (/proc), median of {len(measured)}; "
        f"peak RSS {peak:.0f} MB; {load_average()}"
    )
    return [
        Result("memory", _dataset(db), m, b, ratio_of(m, b), "≤ 400 MB", "MB", m <= 400, detail)
    ]


BUDGETS = {
    # result row: (budget, unit), in the order of README § Performance
    "startup": ("ratio ≤ 3", "s"),
    "search": ("p95 ≤ 30 ms and ratio ≤ 2", "ms"),
    "drag": ("≤ 16 ms", "ms"),
    "stats": ("≤ 300 ms", "ms"),
    "stats-cold": ("≤ 300 ms", "ms"),
    "excel": ("ratio ≤ 1.5", "s"),
    "excel-rss": ("peak RSS ≤ 200 MB", "MB"),
    "import": ("ratio ≤ 2", "s"),
    "memory": ("≤ 400 MB", "MB"),
    "sync-push": ("ratio ≤ 3", "s"),
    "sync-pull": ("ratio ≤ 3", "s"),
    "team-join": ("ratio ≤ 3", "s"),
    "duplicates": ("ratio ≤ 8", "s"),
    "today": ("≤ 100 ms", "ms"),
}
ROWS: dict[str, tuple[Callable[[Plan], list[Result]], tuple[str, ...]]] = {
    "startup": (startup, ("startup",)),
    "search": (search, ("search",)),
    "drag": (drag, ("drag",)),
    "stats": (stats, ("stats",)),
    "stats-cold": (stats_cold, ("stats-cold",)),
    "excel": (excel, ("excel", "excel-rss")),
    "import": (import_, ("import",)),
    "memory": (memory, ("memory",)),
    "sync": (sync_rows.push_and_pull, ("sync-push", "sync-pull")),
    "team-join": (sync_rows.team_join, ("team-join",)),
    "duplicates": (duplicates, ("duplicates",)),
    "today": (today, ("today",)),
}


def run_row(name: str, plan: Plan) -> list[Result]:
    """One row's results; a failure is reported as not measured, never as passed."""
    function, names = ROWS[name]
    try:
        return function(plan)
    except (
        ChildError,
        OSError,
        subprocess.CalledProcessError,
        KeyError,
        ValueError,
        RuntimeError,
    ) as exc:
        text = str(exc).strip()
        reason = text.splitlines()[-1][:300] if text else repr(exc)
        return [not_measured(row, "—", *BUDGETS[row], reason) for row in names]
