"""``funneldesk demo``: build a realistic demo database (DESIGN §5)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from funneldesk.cli_support import CliError, TerminalProgress, parse_cli_date
from funneldesk.core.db import inspect_file, open_database
from funneldesk.core.demo import generate_demo, holds_data
from funneldesk.core.errors import DatabaseOpenError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="create a realistic demo database",
        description="Create a demo database with customers, important dates, contact history, "
        "deals and their stage history. The same --seed and --today give identical data.",
    )
    parser.add_argument("--db", required=True, metavar="PATH", help="database file to create")
    parser.add_argument(
        "--customers", type=int, default=2000, metavar="N", help="number of customers (2000)"
    )
    parser.add_argument("--seed", type=int, default=7, metavar="S", help="random seed (7)")
    parser.add_argument(
        "--lang",
        choices=("en", "zh_CN"),
        default=argparse.SUPPRESS,  # keeps `funneldesk --lang zh_CN demo …` working too
        help="language of the new file: stage names, currency, mix of names (en)",
    )
    parser.add_argument(
        "--today",
        metavar="DATE",
        help="reference date the data is placed around (default: today)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace an existing database that holds data"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.customers < 0:
        raise CliError("--customers must be 0 or more")
    reference = parse_cli_date(args.today, "--today")
    path = Path(args.db).expanduser()
    _make_room(path, force=args.force)
    started = time.perf_counter()
    with open_database(path, language=args.lang or "en") as db:
        summary = generate_demo(
            db,
            customers=args.customers,
            seed=args.seed,
            reference=reference,
            progress=_two_bars(args.customers),
        )
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seconds = time.perf_counter() - started
    sys.stdout.write(
        f"Created {path}: {summary.customers:,} customers, {summary.deals:,} deals, "
        f"{summary.stage_changes:,} stage changes, {summary.interactions:,} interactions, "
        f"{summary.important_dates:,} dates (reference {summary.reference}) in {seconds:.1f} s\n"
    )
    return 0


def _two_bars(customers: int) -> Callable[[int, int], None]:
    """The generator reports 2 × customers steps: rows first, then the search index."""
    writing = TerminalProgress("Writing customers  ")
    indexing = TerminalProgress("Indexing for search")

    def report(done: int, total: int) -> None:
        if done <= customers and total:
            writing(done, customers)
        if done > customers or done == total:
            indexing(done - customers, total - customers)

    return report


def _make_room(path: Path, *, force: bool) -> None:
    """Refuse to overwrite a database that holds data unless ``--force``; never touch other files."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise CliError(f"{path} is a folder, not a database file")
    try:
        inspect_file(path)
    except DatabaseOpenError as exc:
        raise CliError(f"{exc} Choose another --db path.") from exc
    if not holds_data(path):
        return
    if not force:
        raise CliError(f"{path} already holds data; use --force to replace it")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
