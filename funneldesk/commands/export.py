"""``funneldesk export``: the Excel report, and optionally CSV and calendar files.

``funneldesk export --db PATH --out report.xlsx [--since D] [--until D] [--pipeline ID]``
writes the report of DESIGN §6. ``--customers-csv``, ``--deals-csv`` and ``--ical`` write
those files too (``--out`` may then be left out).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from funneldesk.cli_support import (
    MAX_ID,
    CliError,
    TerminalProgress,
    add_db_argument,
    bounded_int,
    open_for_writing,
    parse_cli_date,
)
from funneldesk.core.exporting import export_calendar, export_customers_csv, export_deals_csv


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the Excel report (and customers/deals CSV, calendar)",
        description="Write the Excel funnel report; optionally customers and deals as CSV "
        "(UTF-8 with BOM) and important dates and planned activities as an iCalendar file.",
    )
    add_db_argument(parser)
    parser.add_argument("--out", metavar="REPORT.xlsx", help="the Excel report to write")
    parser.add_argument("--since", metavar="DATE", help="first day of the period (YYYY-MM-DD)")
    parser.add_argument("--until", metavar="DATE", help="last day of the period (YYYY-MM-DD)")
    parser.add_argument(
        "--pipeline",
        type=bounded_int(1, MAX_ID),
        metavar="ID",
        help="pipeline (default: the first)",
    )
    parser.add_argument("--customers-csv", metavar="FILE.csv", help="also write customers as CSV")
    parser.add_argument("--deals-csv", metavar="FILE.csv", help="also write deals as CSV")
    parser.add_argument(
        "--ical", metavar="FILE.ics", help="also write dates and planned activities as iCalendar"
    )
    parser.add_argument(
        "--lang",
        choices=("en", "zh_CN"),
        help="language of the Excel report (default: the file's language setting)",
    )
    parser.set_defaults(func=run)


def _target(text: str, option: str, suffixes: tuple[str, ...]) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() not in suffixes:
        raise CliError(f"{option}: “{text}” should end in {' or '.join(suffixes)}")
    if not path.parent.is_dir():
        raise CliError(f"{option}: folder {path.parent} does not exist")
    return path


def run(args: argparse.Namespace) -> int:
    outputs = (args.out, args.customers_csv, args.deals_csv, args.ical)
    if not any(outputs):
        raise CliError(
            "nothing to write: give --out REPORT.xlsx (or --customers-csv, --deals-csv, --ical)"
        )
    since = parse_cli_date(args.since, "--since")
    until = parse_cli_date(args.until, "--until")
    if since and until and since > until:
        raise CliError("--since is after --until")
    report = _target(args.out, "--out", (".xlsx",)) if args.out else None
    customers = (
        _target(args.customers_csv, "--customers-csv", (".csv",)) if args.customers_csv else None
    )
    deals = _target(args.deals_csv, "--deals-csv", (".csv",)) if args.deals_csv else None
    calendar = _target(args.ical, "--ical", (".ics",)) if args.ical else None
    db = open_for_writing(args)
    try:
        if report is not None:
            from funneldesk.core.report import write_report

            write_report(
                db,
                report,
                since=since,
                until=until,
                pipeline_id=args.pipeline,
                progress=TerminalProgress("Report"),
                language=args.lang,
            )
        if customers is not None:
            export_customers_csv(db, customers, TerminalProgress("Customers"))
        if deals is not None:
            export_deals_csv(db, deals, TerminalProgress("Deals"))
        if calendar is not None:
            export_calendar(db, calendar, TerminalProgress("Calendar"))
    finally:
        db.close()
    return 0
