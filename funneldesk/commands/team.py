"""``funneldesk team create|join|status|leave``: a file's membership of a team hub.

``--server`` is a PostgreSQL connection string (``postgresql://anna@office-pc/funneldesk``
or ``host=office-pc dbname=funneldesk user=anna``); a password in it (or in PGPASSWORD) is
moved to the system keyring, never stored in the FunnelDesk file.
"""

from __future__ import annotations

import argparse

from funneldesk.cli_support import (
    add_db_argument,
    database_path,
    open_for_reading,
    open_for_writing,
    print_json,
)
from funneldesk.core.sync import team


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "team",
        help="create, join, show or leave a team that syncs through PostgreSQL",
        description="Share one pipeline and its customers with your team through a "
        "PostgreSQL database (the hub). Each member keeps a full file and works offline.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, help_text in (
        ("create", "prepare the hub (idempotent) and upload this file to it"),
        ("join", "download the team's data into this file and upload the file's own"),
    ):
        sub = actions.add_parser(name, help=help_text, description=help_text.capitalize() + ".")
        add_db_argument(sub)
        sub.add_argument("--server", required=True, metavar="DSN", help="the hub (PostgreSQL)")
        sub.add_argument("--member", required=True, metavar="NAME", help="your name in the team")
        sub.add_argument(
            "--allow-insecure-lan",
            action="store_true",
            help="connect to a hub on your office network without verified TLS",
        )
        sub.add_argument("--json", action="store_true", help="print the sync summary as JSON")
        sub.set_defaults(func=run_create if name == "create" else run_join)
    status = actions.add_parser("status", help="hub, member, unsent changes, last sync, conflicts")
    add_db_argument(status)
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(func=run_status)
    leave = actions.add_parser("leave", help="stop syncing; the file stays a single-user file")
    add_db_argument(leave)
    leave.set_defaults(func=run_leave)


def _membership(args: argparse.Namespace, action) -> int:  # noqa: ANN001
    db = open_for_writing(args)
    try:
        result = action(db, args.server, args.member, allow_insecure_lan=args.allow_insecure_lan)
        found = team.status(db)
    finally:
        db.close()
    summary = {"pushed": result.pushed, "pulled": result.pulled, "conflicts": result.conflicts}
    if args.json:
        print_json({**found, **summary})
    else:
        print(
            f"{database_path(args)} is in the team at {found['hub']} as {found['member']}: "
            f"sent {result.pushed:,} changes, received {result.pulled:,}."
        )
    return 0


def run_create(args: argparse.Namespace) -> int:
    return _membership(args, team.create)


def run_join(args: argparse.Namespace) -> int:
    return _membership(args, team.join)


def run_status(args: argparse.Namespace) -> int:
    db = open_for_reading(args)
    try:
        found = team.status(db)
    finally:
        db.close()
    if args.json:
        print_json(found)
    elif found["hub"] is None:
        print(f"{database_path(args)} is not in a team.")
    else:
        print(
            f"Team hub: {found['hub']}\nMember: {found['member']}\n"
            f"Unsent changes: {found['unsent']:,}\nLast sync: {found['last_sync'] or 'never'}\n"
            f"Conflicts: {found['conflicts']:,}"
        )
    return 0


def run_leave(args: argparse.Namespace) -> int:
    db = open_for_writing(args)
    try:
        unsent = team.leave(db)
    finally:
        db.close()
    note = (
        f" ({unsent:,} changes made since the last sync stay only in this file)" if unsent else ""
    )
    print(f"{database_path(args)} left its team and is a single-user file again{note}.")
    return 0
