"""``funneldesk search QUERY``: customers matching QUERY, best first (README § Command line)."""

from __future__ import annotations

import argparse
import sys

from funneldesk import cli_support as cli
from funneldesk.core.search import search_customers

TABLE_COLUMNS = ("id", "name", "company", "phone", "email", "city")
MAX_LIMIT = 1_000_000


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = cli.add_command(
        subparsers,
        "search",
        run,
        help="find customers by name, pinyin, company, phone, e-mail, city or notes",
        description="Find customers as the search box does: by name (also pinyin and "
        "initials of Chinese names), company, phone digits, e-mail, city or notes.",
    )
    parser.add_argument("query", metavar="QUERY", help="what to look for")
    cli.add_json_switch(parser, "print a JSON list")
    parser.add_argument(
        "--limit",
        type=cli.bounded_int(1, MAX_LIMIT),
        default=50,
        metavar="N",
        help=f"at most N customers (50; up to {MAX_LIMIT:,})",
    )


def run(args: argparse.Namespace) -> int:
    with cli.open_for_reading(args) as db:
        found = search_customers(db, args.query, limit=args.limit)
    if args.json:
        cli.print_json(found)
    else:
        sys.stdout.write(format_table(found))
    return 0


def _cell(value: object, width: int) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    while cli.display_width(text) > width:
        text = text[:-2] + "…"
    return text + " " * (width - cli.display_width(text))


def format_table(rows: list[dict]) -> str:
    """A plain text table, columns as wide as their content (at most 32)."""
    if not rows:
        return "No customers match.\n"
    widths = {
        column: min(
            32,
            max(
                cli.display_width(column), *(cli.display_width(str(r[column] or "")) for r in rows)
            ),
        )
        for column in TABLE_COLUMNS
    }
    lines = ["  ".join(_cell(column, widths[column]) for column in TABLE_COLUMNS)]
    lines += [
        "  ".join(_cell(row[column], widths[column]) for column in TABLE_COLUMNS) for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"
