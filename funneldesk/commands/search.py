"""``funneldesk search QUERY``: customers matching QUERY, best first (DESIGN §5)."""

from __future__ import annotations

import argparse
import sys
import unicodedata

from funneldesk.cli_support import add_db_argument, bounded_int, open_for_reading, print_json
from funneldesk.core.search import search_customers

TABLE_COLUMNS = ("id", "name", "company", "phone", "email", "city")
MAX_LIMIT = 1_000_000


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "search",
        help="find customers by name, pinyin, company, phone, e-mail, city or notes",
        description="Find customers as the search box does: by name (also pinyin and "
        "initials of Chinese names), company, phone digits, e-mail, city or notes.",
    )
    parser.add_argument("query", metavar="QUERY", help="what to look for")
    add_db_argument(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.add_argument(
        "--limit",
        type=bounded_int(1, MAX_LIMIT),
        default=50,
        metavar="N",
        help=f"at most N customers (50; up to {MAX_LIMIT:,})",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    db = open_for_reading(args)
    try:
        found = search_customers(db, args.query, limit=args.limit)
    finally:
        db.close()
    if args.json:
        print_json(found)
    else:
        sys.stdout.write(format_table(found))
    return 0


def _width(text: str) -> int:
    """Terminal columns: CJK and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: object, width: int) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    while _width(text) > width:
        text = text[:-2] + "…"
    return text + " " * (width - _width(text))


def format_table(rows: list[dict]) -> str:
    """A plain text table, columns as wide as their content (at most 32)."""
    if not rows:
        return "No customers match.\n"
    widths = {
        column: min(32, max(_width(column), *(_width(str(r[column] or "")) for r in rows)))
        for column in TABLE_COLUMNS
    }
    lines = ["  ".join(_cell(column, widths[column]) for column in TABLE_COLUMNS)]
    lines += [
        "  ".join(_cell(row[column], widths[column]) for column in TABLE_COLUMNS) for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"
