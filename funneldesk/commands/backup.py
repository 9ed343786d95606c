"""``funneldesk backup --db PATH [--to FILE]``: a consistent copy of the database, now."""

from __future__ import annotations

import argparse
from pathlib import Path

from funneldesk.cli_support import CliError, TerminalProgress, add_db_argument, database_path
from funneldesk.core.backup import create_backup


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "backup",
        help="back up a database (SQLite backup API; safe while the app is open)",
        description="Copy the database with SQLite's online backup API into its backup folder "
        "(kept in the rotating set) or into FILE. The copy is checked before it counts.",
    )
    add_db_argument(parser)
    parser.add_argument("--to", metavar="FILE", help="write the backup to FILE instead")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    db_path = database_path(args)
    if not db_path.exists():
        raise CliError(f"{db_path}: no such database file")
    info = create_backup(
        db_path,
        kind="manual",
        destination=Path(args.to) if args.to else None,
        progress=TerminalProgress("Backing up"),
    )
    print(
        f"Backed up {db_path} to {info.path} "
        f"({info.customers:,} customers, {info.deals:,} deals, {info.size:,} bytes)."
    )
    return 0
