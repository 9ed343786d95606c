"""``funneldesk sync --db PATH --json``: exchange changes with the team's hub now."""

from __future__ import annotations

import argparse

from funneldesk.cli_support import (
    add_db_argument,
    open_for_writing,
    print_json,
)
from funneldesk.core.sync import team


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="send this file's changes to the team hub and receive the team's",
        description="Pull the team's changes from the hub, then push this file's. "
        "An unreachable hub is reported in one line (exit 2); the file stays usable.",
    )
    add_db_argument(parser)
    parser.add_argument(
        "--json", action="store_true", help='print {"pushed", "pulled", "conflicts"}'
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    db = open_for_writing(args)
    try:
        result = team.sync(db)
    finally:
        db.close()
    if args.json:
        print_json(
            {"pushed": result.pushed, "pulled": result.pulled, "conflicts": result.conflicts}
        )
    else:
        print(
            f"Sent {result.pushed:,} changes, received {result.pulled:,}"
            f"{f', {result.conflicts:,} conflicts' if result.conflicts else ''}."
        )
    return 0
