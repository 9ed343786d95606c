"""``funneldesk demo``: build a realistic demo database (README § Command line)."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from funneldesk import cli_support as cli
from funneldesk.core.db import fold_wal, open_database
from funneldesk.core.demo import DemoSummary, generate_demo, holds_data
from funneldesk.core.environment import require_free_space
from funneldesk.core.errors import DatabaseOpenError
from funneldesk.core.file_checks import inspect_file, require_database
from funneldesk.core.jobs import Progress
from funneldesk.core.safe_replace import make_private_folder, replacing

MAX_CUSTOMERS = 1_000_000
BYTES_PER_CUSTOMER = 12_000
"""Room one demo customer needs while it is written: about 5 kB in the finished file (with
its deals, history and search index), doubled for the write-ahead log."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = cli.add_command(
        subparsers,
        "demo",
        run,
        help="create a realistic demo database",
        description="Create a demo database with customers, important dates, contact history, "
        "deals and their stage history. The same --seed and --today give identical data.",
    )
    parser.add_argument(
        "--customers",
        type=cli.bounded_int(0, MAX_CUSTOMERS),
        default=2000,
        metavar="N",
        help=f"number of customers (2000; at most {MAX_CUSTOMERS:,})",
    )
    parser.add_argument(
        "--seed", type=cli.bounded_int(0, 2**32 - 1), default=7, metavar="S", help="random seed (7)"
    )
    parser.add_argument(
        "--lang",
        choices=("en", "zh_CN"),
        default=argparse.SUPPRESS,  # keeps `funneldesk --lang zh_CN demo …` working too
        help="language of the new file: stage names, currency, mix of names "
        "(default: the system's, from LANGUAGE, LC_ALL, LC_MESSAGES or LANG)",
    )
    parser.add_argument(
        "--today",
        metavar="DATE",
        help="reference date the data is placed around (default: today)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace an existing database that holds data"
    )


def run(args: argparse.Namespace) -> int:
    reference = cli.parse_cli_date(args.today, "--today")
    path = cli.database_path(args)
    _check_target(path, force=args.force)
    make_private_folder(path.parent)
    require_free_space(path.parent, BYTES_PER_CUSTOMER * args.customers, "the demo database")
    started = time.perf_counter()
    # Built beside the target and swapped in only when complete: a killed or failed run
    # leaves the old file as it was (it used to be deleted first).
    with replacing(path, verify=require_database) as partial:
        summary = _generate(partial, args, reference)
    seconds = time.perf_counter() - started
    sys.stdout.write(
        f"Created {path}: {summary.customers:,} customers, {summary.deals:,} deals, "
        f"{summary.stage_changes:,} stage changes, {summary.interactions:,} interactions, "
        f"{summary.important_dates:,} dates (reference {summary.reference}) in {seconds:.1f} s\n"
    )
    return 0


def _generate(path: Path, args: argparse.Namespace, reference: date | None) -> DemoSummary:
    language = getattr(args, "lang", None) or cli.system_language()
    with open_database(path, language=language) as db:
        return generate_demo(
            db,
            customers=args.customers,
            seed=args.seed,
            reference=reference,
            progress=_two_bars(args.customers),
        )


def _two_bars(customers: int) -> Progress:
    """The generator reports 2 × customers steps: rows first, then the search index."""
    writing = cli.TerminalProgress("Writing customers  ")
    indexing = cli.TerminalProgress("Indexing for search")

    def report(done: int, total: int) -> None:
        if done <= customers and total:
            writing(done, customers)
        if done > customers or done == total:
            indexing(done - customers, total - customers)

    return report


def _check_target(path: Path, *, force: bool) -> None:
    """Refuse to replace a database that holds data unless ``--force``; never other files.

    A replaced file's write-ahead log is folded into it first, so the file alone holds its
    data until the new one is renamed over it.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise cli.CliError(f"{path} is a folder, not a database file")
    try:
        inspect_file(path)
    except DatabaseOpenError as exc:
        raise cli.CliError(f"{exc} Choose another --db path.") from exc
    if holds_data(path) and not force:
        raise cli.CliError(f"{path} already holds data; use --force to replace it")
    fold_wal(path)
