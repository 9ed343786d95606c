"""``funneldesk backup --db PATH [--to FILE]``: a consistent copy of the database, now."""

from __future__ import annotations

import argparse
from pathlib import Path

from funneldesk import cli_support as cli
from funneldesk.core.backup import create_backup


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = cli.add_command(
        subparsers,
        "backup",
        run,
        help="back up a database (SQLite backup API; safe while the app is open)",
        description="Copy the database with SQLite's online backup API into its backup folder "
        "(kept in the rotating set) or into FILE. The copy is checked before it counts.",
    )
    parser.add_argument("--to", metavar="FILE", help="write the backup to FILE instead")


def run(args: argparse.Namespace) -> int:
    db_path = cli.database_path(args)
    if not db_path.exists():
        raise cli.CliError(f"{db_path}: no such database file")
    info = create_backup(
        db_path,
        kind="manual",
        destination=Path(args.to) if args.to else None,
        progress=cli.TerminalProgress("Backing up"),
    )
    print(
        f"Backed up {db_path} to {info.path} "
        f"({info.customers:,} customers, {info.deals:,} deals, {info.size:,} bytes)."
    )
    return 0
