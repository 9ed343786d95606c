"""``funneldesk sync --db PATH --json``: exchange changes with the team's hub now."""

from __future__ import annotations

import argparse

from funneldesk import cli_support as cli
from funneldesk.core.sync import team


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = cli.add_command(
        subparsers,
        "sync",
        run,
        help="send this file's changes to the team hub and receive the team's",
        description="Pull the team's changes from the hub, then push this file's. "
        "An unreachable hub is reported in one line (exit 2); the file stays usable.",
    )
    cli.add_json_switch(parser, 'print {"pushed", "pulled", "conflicts"}')


def run(args: argparse.Namespace) -> int:
    with cli.open_for_writing(args) as db:
        result = team.sync(db)
    if args.json:
        cli.print_json(
            {"pushed": result.pushed, "pulled": result.pulled, "conflicts": result.conflicts}
        )
    else:
        print(
            f"Sent {result.pushed:,} changes, received {result.pulled:,}"
            f"{f', {result.conflicts:,} conflicts' if result.conflicts else ''}."
        )
    return 0
