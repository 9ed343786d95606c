"""``funneldesk team create|join|status|leave``: a file's membership of a team hub.

``--server`` is a PostgreSQL connection string (``postgresql://anna@office-pc/funneldesk``
or ``host=office-pc dbname=funneldesk user=anna``); a password in it (or in PGPASSWORD) is
moved to the system keyring, never stored in the FunnelDesk file.
"""

from __future__ import annotations

import argparse

from funneldesk import cli_support as cli
from funneldesk.core.sync import team


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "team",
        help="create, join, show or leave a team that syncs through PostgreSQL",
        description="Share one pipeline and its customers with your team through a "
        "PostgreSQL database (the hub). Each member keeps a full file and works offline.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, help_text, run in (
        ("create", "prepare the hub (idempotent) and upload this file to it", run_create),
        ("join", "download the team's data into this file and upload the file's own", run_join),
    ):
        sub = cli.add_command(
            actions, name, run, help=help_text, description=help_text.capitalize() + "."
        )
        sub.add_argument("--server", required=True, metavar="DSN", help="the hub (PostgreSQL)")
        sub.add_argument("--member", required=True, metavar="NAME", help="your name in the team")
        sub.add_argument(
            "--allow-insecure-lan",
            action="store_true",
            help="connect to a hub on your office network without verified TLS",
        )
        cli.add_json_switch(sub, "print the sync summary as JSON")
    status = cli.add_command(
        actions,
        "status",
        run_status,
        help="hub, member, unsent changes, last sync, conflicts, whether to update FunnelDesk",
    )
    cli.add_json_switch(status, "print JSON")
    cli.add_command(
        actions, "leave", run_leave, help="stop syncing; the file stays a single-user file"
    )


def _membership(args: argparse.Namespace, action) -> int:  # noqa: ANN001
    with cli.open_for_writing(args) as db:
        result = action(db, args.server, args.member, allow_insecure_lan=args.allow_insecure_lan)
        found = team.status(db)
    summary = {"pushed": result.pushed, "pulled": result.pulled, "conflicts": result.conflicts}
    if args.json:
        cli.print_json({**found, **summary})
    else:
        print(
            f"{cli.database_path(args)} is in the team at {found['hub']} as {found['member']}: "
            f"sent {result.pushed:,} changes, received {result.pulled:,}."
        )
    return 0


def run_create(args: argparse.Namespace) -> int:
    return _membership(args, team.create)


def run_join(args: argparse.Namespace) -> int:
    return _membership(args, team.join)


def run_status(args: argparse.Namespace) -> int:
    with cli.open_for_reading(args) as db:
        found = team.status(db)
    if args.json:
        cli.print_json(found)
    elif found["hub"] is None:
        print(f"{cli.database_path(args)} is not in a team.")
    else:
        print(
            f"Team hub: {found['hub']}\nMember: {found['member']}\n"
            f"Unsent changes: {found['unsent']:,}\nLast sync: {found['last_sync'] or 'never'}\n"
            f"Conflicts: {found['conflicts']:,}"
        )
        if found["update_needed"]:
            print(
                "Sync stopped: the team hub was set up by a newer FunnelDesk. "
                "Update FunnelDesk on this computer to sync again; your changes wait in this file."
            )
    return 0


def run_leave(args: argparse.Namespace) -> int:
    with cli.open_for_writing(args) as db:
        unsent = team.leave(db)
    note = (
        f" ({unsent:,} changes made since the last sync stay only in this file)" if unsent else ""
    )
    print(f"{cli.database_path(args)} left its team and is a single-user file again{note}.")
    return 0
