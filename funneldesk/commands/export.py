"""``funneldesk export``: the Excel report, and optionally CSV and calendar files.

``funneldesk export --db PATH --out report.xlsx [--since D] [--until D] [--pipeline ID]``
writes the Excel report (README § Import, export and the Excel report). ``--customers-csv``, ``--deals-csv`` and ``--ical`` write
those files too (``--out`` may then be left out).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from funneldesk import cli_support as cli
from funneldesk.core.exporting import export_calendar, export_customers_csv, export_deals_csv


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = cli.add_command(
        subparsers,
        "export",
        run,
        help="write the Excel report (and customers/deals CSV, calendar)",
        description="Write the Excel funnel report; optionally customers and deals as CSV "
        "(UTF-8 with BOM) and important dates and planned activities as an iCalendar file.",
    )
    parser.add_argument("--out", metavar="REPORT.xlsx", help="the Excel report to write")
    cli.add_period_options(parser, "day of the period")
    cli.add_pipeline_option(parser, "pipeline (default: the first)")
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


def _target(text: str, option: str, suffixes: tuple[str, ...]) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() not in suffixes:
        raise cli.CliError(f"{option}: “{text}” should end in {' or '.join(suffixes)}")
    if not path.parent.is_dir():
        raise cli.CliError(f"{option}: folder {path.parent} does not exist")
    return path


def run(args: argparse.Namespace) -> int:
    outputs = (args.out, args.customers_csv, args.deals_csv, args.ical)
    if not any(outputs):
        raise cli.CliError(
            "nothing to write: give --out REPORT.xlsx (or --customers-csv, --deals-csv, --ical)"
        )
    since, until = cli.parse_period(args)
    report = _target(args.out, "--out", (".xlsx",)) if args.out else None
    customers = (
        _target(args.customers_csv, "--customers-csv", (".csv",)) if args.customers_csv else None
    )
    deals = _target(args.deals_csv, "--deals-csv", (".csv",)) if args.deals_csv else None
    calendar = _target(args.ical, "--ical", (".ics",)) if args.ical else None
    with cli.open_for_writing(args) as db:
        if report is not None:
            from funneldesk.core.report import write_report

            write_report(
                db,
                report,
                since=since,
                until=until,
                pipeline_id=args.pipeline,
                progress=cli.TerminalProgress("Report"),
                language=args.lang,
            )
        if customers is not None:
            export_customers_csv(db, customers, cli.TerminalProgress("Customers"))
        if deals is not None:
            export_deals_csv(db, deals, cli.TerminalProgress("Deals"))
        if calendar is not None:
            export_calendar(db, calendar, cli.TerminalProgress("Calendar"))
    return 0
