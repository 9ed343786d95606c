"""What every subcommand shares: opening the database, printing JSON, failing cleanly.

Headless: nothing here imports Qt.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from funneldesk.core.db import Database, open_database, open_read_only
from funneldesk.core.defaults import normalise_language
from funneldesk.core.errors import FunnelDeskError
from funneldesk.paths import default_database_path


class CliError(FunnelDeskError):
    """Bad input on the command line: printed as one line on stderr, exit status 2."""


def add_command(
    subparsers: argparse._SubParsersAction,
    name: str,
    run: Callable[[argparse.Namespace], int],
    *,
    help: str,  # noqa: A002 - argparse's own word
    description: str | None = None,
) -> argparse.ArgumentParser:
    """A subcommand's parser with what every command has: ``--db PATH`` (left out, the app's
    own file) and its ``run``.

    The command adds its own arguments to the parser this returns.
    """
    parser = subparsers.add_parser(name, help=help, description=description)
    # Suppressed when absent, so ``funneldesk --db PATH COMMAND`` (the app's option before
    # the command) works as well.
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the FunnelDesk database file (default: the one the app opens)",
    )
    parser.set_defaults(func=run)
    return parser


def add_json_switch(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--json``: the command prints its result with :func:`print_json` instead of as text."""
    parser.add_argument("--json", action="store_true", help=help_text)


def add_pipeline_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--pipeline ID``: one pipeline's id (left out, ``None``: the command's default)."""
    parser.add_argument("--pipeline", type=bounded_int(1, MAX_ID), metavar="ID", help=help_text)


def add_period_options(parser: argparse.ArgumentParser, bound: str) -> None:
    """``--since DATE`` and ``--until DATE``, read back with :func:`parse_period`; ``bound``
    names the dates they limit ("day of the period", "creation date")."""
    parser.add_argument("--since", metavar="DATE", help=f"first {bound} (YYYY-MM-DD)")
    parser.add_argument("--until", metavar="DATE", help=f"last {bound} (YYYY-MM-DD)")


def database_path(args: argparse.Namespace) -> Path:
    """The file a command works on: ``--db``, else the app's default database."""
    given = getattr(args, "db", None)
    return Path(given).expanduser() if given else default_database_path()


def open_for_reading(args: argparse.Namespace) -> Database:
    """Open the command's database only to read it (``stats``, ``search``, ``today`` ...).

    Never creates, upgrades or chmods anything (see
    :func:`~funneldesk.core.db.open_read_only`). Skips ``quick_check``, which reads every
    page (2–3 s at 100k customers, most of such a command's time): the structural checks
    still run, and a damaged page met while reading still raises
    :class:`~funneldesk.core.errors.DamagedDatabaseError`.
    """
    return open_read_only(database_path(args), check_pages=False)


LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
"""Where a POSIX system keeps the user's message locale, in order of precedence."""


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """``zh_CN`` or ``en``: the language a new file gets on this system (stage names, currency).

    Commands never import Qt, so they read the locale variables as gettext does (the app
    asks ``QLocale.system()``, which reads the same ones on Linux): the first of
    :data:`LOCALE_VARIABLES` that is set wins; ``LANGUAGE`` (a list like ``zh_CN:en``, its
    first entry preferred) comes before it unless the locale is ``C``/``POSIX``, which
    means untranslated.
    """
    environ = os.environ if environ is None else environ
    locale = next((environ[n] for n in LOCALE_VARIABLES if environ.get(n, "").strip()), "C")
    if locale.split(".")[0] in ("C", "POSIX"):
        return "en"
    preferred = environ.get("LANGUAGE", "").split(":")[0].strip()
    return normalise_language(preferred or locale)


def open_for_writing(
    args: argparse.Namespace, *, create: bool = False, language: str | None = None
) -> Database:
    """Open the command's database to change it, with the full page check.

    A missing file is an error unless ``create`` (``import`` makes a new database, as the
    app would, in ``language`` or else the system's). A file the user cannot write opens read-only, and its first change then
    says "read-only: changes cannot be saved". A file that lacks triggers or indexes of its
    schema is repaired first (:func:`repair_at_open`).
    """
    db = open_database(database_path(args), create=create, language=language or system_language())
    if not db.read_only:
        repair_at_open(db)
    return db


def repair_at_open(db: Database) -> None:
    """A command that changes the file first puts back what its schema lacks (the cheap
    check: missing triggers and indexes, derived tables off) and says so in one line."""
    from funneldesk.core import integrity

    try:
        repaired = integrity.check_and_repair(
            db, full=False, progress=TerminalProgress("Repairing")
        ).repaired
    except BaseException:
        db.close()
        raise
    if repaired:
        done = " ".join(finding.message for finding in repaired)
        sys.stderr.write(f"funneldesk: repaired {db.path} at open: {done}\n")


MAX_ID = 2**63 - 1
"""The largest row id SQLite can store."""

FIRST_YEAR, LAST_YEAR = 1900, 2200
"""Dates a CRM works with, leaving room for windows and periods computed around them."""


def parse_cli_date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"{option}: “{text}” is not a date (YYYY-MM-DD)") from exc
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise CliError(f"{option}: choose a day between {FIRST_YEAR} and {LAST_YEAR}")
    return value


def parse_period(args: argparse.Namespace) -> tuple[date | None, date | None]:
    """``--since`` and ``--until`` as dates (either may be left out), the first not after
    the last."""
    since = parse_cli_date(args.since, "--since")
    until = parse_cli_date(args.until, "--until")
    if since and until and since > until:
        raise CliError(f"--since {since} is after --until {until}")
    return since, until


def display_width(text: str) -> int:
    """Terminal columns of ``text``: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type`` for a whole number in ``[low, high]``: huge or negative values
    are a one-line usage error, never an overflow deep inside SQLite."""

    def parse(text: str) -> int:
        value = int(text)  # argparse words a ValueError as "invalid int value"
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low:,} and {high:,}")
        return value

    parse.__name__ = "int"
    return parse


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(obj: Any) -> str:
    """The one JSON dialect of the CLI: UTF-8 text (Chinese stays readable), NaN becomes null."""
    return json.dumps(_nan_to_none(obj), ensure_ascii=False, indent=2, default=_default)


def _nan_to_none(obj: Any) -> Any:
    if isinstance(obj, float) and obj != obj:
        return None
    if isinstance(obj, dict):
        return {k: _nan_to_none(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_nan_to_none(v) for v in obj]
    return obj


def print_json(obj: Any) -> None:
    sys.stdout.write(to_json(obj) + "\n")
    sys.stdout.flush()


class TerminalProgress:
    """A one-line progress bar on stderr (only when stderr is a terminal or forced)."""

    def __init__(self, label: str, *, enabled: bool | None = None) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        percent = int(done * 100 / total)
        if percent == self._last:
            return
        self._last = percent
        filled = percent * 30 // 100
        bar = "█" * filled + "·" * (30 - filled)
        sys.stderr.write(f"\r{self.label} {bar} {percent:3d}% ({done:,}/{total:,})")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
