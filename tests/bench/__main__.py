"""``python -m tests.bench`` (``make bench``): measure every README § Performance row, print the table
and write ``bench-results.json``.

``--only NAME`` (repeatable) runs some rows; ``--quick`` uses 10k/100k customers and fewer
repetitions (a smoke run, not the budget figures); ``--growth`` measures stats, search and
export at several sizes instead (``--sizes``; ``--only`` picks among those three) (written to ``tests/bench/.cache/growth.json``).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

from tests.bench import rows
from tests.bench.harness import REPO, Result, load_average, table, write_json
from tests.bench.rows import Plan

QUICK = Plan(main=10_000, big=100_000, reps=3, loops=2)
GROWTH_SIZES = (10_000, 100_000, 1_000_000)
GROWTH_ROWS = {"stats": rows.stats, "search": rows.search, "excel": rows.excel}


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--only", action="append", choices=sorted(rows.ROWS), metavar="NAME")
    parser.add_argument("--quick", action="store_true", help="small datasets, fewer repetitions")
    parser.add_argument("--main", type=int, help="customers of the main dataset (100,000)")
    parser.add_argument("--big", type=int, help="customers for search and memory (1,000,000)")
    parser.add_argument("--reps", type=int, help="process starts / reports per side (7)")
    parser.add_argument("--loops", type=int, help="rounds of in-process rows (5)")
    parser.add_argument("--growth", action="store_true", help="stats, search, excel by size")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=list(GROWTH_SIZES), help="sizes for --growth"
    )
    parser.add_argument("--cache", type=Path, help="dataset cache folder (tests/bench/.cache)")
    parser.add_argument("--out", type=Path, help="results file (bench-results.json)")
    return parser.parse_args(argv)


def plan_of(args: argparse.Namespace) -> Plan:
    plan = QUICK if args.quick else Plan()
    changes = {
        key: value
        for key, value in (
            ("main", args.main),
            ("big", args.big),
            ("reps", args.reps),
            ("loops", args.loops),
            ("cache", args.cache),
        )
        if value is not None
    }
    return replace(plan, **changes)


def run_rows(names: list[str], plan: Plan) -> list[Result]:
    results: list[Result] = []
    for name in names:
        started = time.perf_counter()
        print(f"[{time.strftime('%H:%M:%S')}] {name} … ({load_average()})", flush=True)
        found = rows.run_row(name, plan)
        print(f"    done in {time.perf_counter() - started:.0f} s", flush=True)
        results.extend(found)
    return results


def run_growth(sizes: list[int], plan: Plan, only: list[str] | None) -> list[Result]:
    results: list[Result] = []
    for size in sizes:
        for name, function in GROWTH_ROWS.items():
            if only and name not in only:
                continue
            print(
                f"[{time.strftime('%H:%M:%S')}] {name} at {size:,} … ({load_average()})", flush=True
            )
            try:
                results.extend(function(plan, size))
            except Exception as exc:  # noqa: BLE001 (reported as not measured, the run goes on)
                reason = str(exc).strip().splitlines()[-1][:300] if str(exc).strip() else repr(exc)
                budget, unit = rows.BUDGETS[name]
                results.append(Result(name, f"{size:,} customers", None, None, None, budget,
                                      unit, None, f"not measurable: {reason}"))  # fmt: skip
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    plan = plan_of(args)
    if args.growth:
        results = run_growth(args.sizes, plan, args.only)
        out = args.out or plan.cache / "growth.json"
    else:
        results = run_rows(args.only or list(rows.ROWS), plan)
        out = args.out or REPO / "bench-results.json"
    print()
    print(table(results))
    write_json(results, out)
    print(f"\nwrote {out}")
    missed = [r.name for r in results if r.ok is False]
    unmeasured = [r.name for r in results if r.ok is None]
    if missed:
        print(f"over budget: {', '.join(missed)}")
    if unmeasured:
        print(f"not measured: {', '.join(unmeasured)}")
    return 1 if missed or unmeasured else 0


if __name__ == "__main__":
    sys.exit(main())
