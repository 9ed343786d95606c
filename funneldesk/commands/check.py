"""``funneldesk check --db PATH [--repair] [--json]``: is the file whole, and repair it.

Without ``--repair`` the file is opened only to read, like ``stats`` (never created, upgraded
or changed; a file from an older FunnelDesk must be upgraded first: ``--repair`` does).
Exit status 0 when the file is sound, 1 when findings remain (listed), 2 for bad input or a
file that cannot be opened at all.
"""

from __future__ import annotations

import argparse
import sys

from funneldesk import cli_support as cli
from funneldesk.core import integrity
from funneldesk.core.db import open_database

SOUND, FINDINGS = 0, 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = cli.add_command(
        subparsers,
        "check",
        run,
        help="check a database: pages, indexes, triggers, derived data, rules between rows",
        description="Compare the database with what its schema version must have: every "
        "index and trigger, the derived data (funnel facts, search index) against a fresh "
        "derivation, damaged pages, rows breaking a CHECK or NOT NULL rule and rows referring "
        "to rows that do not exist. Without --repair the file is only read. Exit status: "
        "0 sound, 1 findings remain, 2 bad input or a file that cannot be opened.",
    )
    parser.add_argument(
        "--repair",
        action="store_true",
        help="recreate missing indexes and triggers and rebuild stale derived data (one "
        "transaction); rows breaking a rule are listed, never deleted",
    )
    cli.add_json_switch(parser, "print one JSON object")


def run(args: argparse.Namespace) -> int:
    path = cli.database_path(args)
    if args.repair:
        with open_database(path, create=False) as db:
            report = integrity.check_and_repair(
                db, full=True, progress=cli.TerminalProgress("Repairing")
            )
    else:
        report = integrity.check_file(path, cli.TerminalProgress("Checking"))
    if args.json:
        cli.print_json(report.as_json())
    else:
        sys.stdout.write(format_report(report))
    return SOUND if report.sound else FINDINGS


def format_report(report: integrity.IntegrityReport) -> str:
    """The report for the terminal: what was repaired, then what remains."""
    lines = [f"{report.database} (schema {report.schema_version})"]
    lines += [f"  repaired: {finding.message}" for finding in report.repaired]
    lines += [
        f"  {'repairable' if finding.repairable else 'found'}: {finding.message}"
        for finding in report.findings
    ]
    if report.sound:
        lines.append("  sound: nothing is missing or wrong.")
    elif report.repairable:
        lines.append("  Run “funneldesk check --repair” to repair what can be repaired.")
    return "\n".join(lines) + "\n"
