"""``funneldesk duplicates --db PATH --json``: groups of customers that are likely one person."""

from __future__ import annotations

import argparse

from funneldesk import cli_support as cli
from funneldesk.core.duplicates import find_groups, groups_as_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = cli.add_command(
        subparsers,
        "duplicates",
        run,
        help="list groups of customers that are likely the same person",
        description="List groups of customer cards that are likely the same person: the "
        "same phone number (whatever its spacing or country prefix), the same e-mail "
        "address, or the same name (also in pinyin) at the same company. Reads only; "
        "merge cards in the app (Customers ▸ Find duplicates…).",
    )
    cli.add_json_switch(parser, "print JSON (the only output format)")


def run(args: argparse.Namespace) -> int:
    with cli.open_for_reading(args) as db:
        cli.print_json(groups_as_json(db, find_groups(db)))
    return 0
