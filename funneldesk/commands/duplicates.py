"""``funneldesk duplicates --db PATH --json``: groups of customers that are likely one person."""

from __future__ import annotations

import argparse

from funneldesk.cli_support import add_db_argument, open_for_reading, print_json
from funneldesk.core.duplicates import find_groups, groups_as_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "duplicates",
        help="list groups of customers that are likely the same person",
        description="List groups of customer cards that are likely the same person: the "
        "same phone number (whatever its spacing or country prefix), the same e-mail "
        "address, or the same name (also in pinyin) at the same company. Reads only; "
        "merge cards in the app (Customers ▸ Find duplicates…).",
    )
    add_db_argument(parser)
    parser.add_argument("--json", action="store_true", help="print JSON (the only output format)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    db = open_for_reading(args)
    try:
        print_json(groups_as_json(db, find_groups(db)))
    finally:
        db.close()
    return 0
