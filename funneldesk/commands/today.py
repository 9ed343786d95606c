"""``funneldesk today --db PATH [--date D] --json``: planned activities, greetings and idle deals due."""

from __future__ import annotations

import argparse

from funneldesk.cli_support import (
    add_db_argument,
    open_for_reading,
    parse_cli_date,
    print_json,
)
from funneldesk.core.clock import today
from funneldesk.core.today import today_as_json, today_list


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "today",
        help="planned activities, greetings and idle deals due on a day",
        description="List the open activities overdue or due that day, the greetings due "
        "(birthdays, anniversaries, ...) and the idle deals, as the Today view shows them.",
    )
    add_db_argument(parser)
    parser.add_argument(
        "--date", metavar="D", help="the day to look at (YYYY-MM-DD; default today)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON (the only output format)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    on = parse_cli_date(args.date, "--date") or today()
    db = open_for_reading(args)
    try:
        print_json(today_as_json(today_list(db, on)))
    finally:
        db.close()
    return 0
