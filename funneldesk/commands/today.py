"""``funneldesk today --db PATH [--date D] --json``: planned activities, greetings and idle deals due."""

from __future__ import annotations

import argparse

from funneldesk import cli_support as cli
from funneldesk.core.clock import today
from funneldesk.core.today import today_as_json, today_list


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = cli.add_command(
        subparsers,
        "today",
        run,
        help="planned activities, greetings and idle deals due on a day",
        description="List the open activities overdue or due that day, the greetings due "
        "(birthdays, anniversaries, ...) and the idle deals, as the Today view shows them.",
    )
    parser.add_argument(
        "--date", metavar="D", help="the day to look at (YYYY-MM-DD; default today)"
    )
    cli.add_json_switch(parser, "print JSON (the only output format)")


def run(args: argparse.Namespace) -> int:
    on = cli.parse_cli_date(args.date, "--date") or today()
    with cli.open_for_reading(args) as db:
        cli.print_json(today_as_json(today_list(db, on)))
    return 0
