"""``funneldesk restore BACKUP --db PATH``: put a backup's data back, keeping the current file."""

from __future__ import annotations

import argparse
from pathlib import Path

from funneldesk import cli_support as cli
from funneldesk.core.backup import read_backup_info, restore_backup


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = cli.add_command(
        subparsers,
        "restore",
        run,
        help="restore a database from a backup (the current file is backed up first)",
        description="Replace the data of the database with BACKUP's. The current file is "
        "first backed up into the backup folder, so a restore can itself be undone.",
    )
    parser.add_argument("backup", metavar="BACKUP", help="the backup file to restore")


def run(args: argparse.Namespace) -> int:
    source = Path(args.backup).expanduser()
    if not source.is_file():
        raise cli.CliError(f"{source}: no such backup file")
    result = restore_backup(
        source, cli.database_path(args), progress=cli.TerminalProgress("Restoring")
    )
    info = read_backup_info(result.database)
    print(
        f"Restored {result.database} from {source} "
        f"({info.customers or 0:,} customers, {info.deals or 0:,} deals)."
    )
    if result.safety_copy is not None:
        print(f"The data it replaced was kept in {result.safety_copy}.")
    return 0
