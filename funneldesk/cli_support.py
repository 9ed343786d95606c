"""What every subcommand shares: opening the database, printing JSON, failing cleanly.

Headless: nothing here imports Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from funneldesk.core.db import Database, open_database
from funneldesk.core.errors import FunnelDeskError


class CliError(FunnelDeskError):
    """Bad input on the command line: printed as one line on stderr, exit status 2."""


def add_db_argument(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument(
        "--db",
        required=required,
        metavar="PATH",
        help="the FunnelDesk database file",
        default=argparse.SUPPRESS if not required else None,
    )


def open_existing(path: str, *, language: str = "en", check_pages: bool = True) -> Database:
    """Open a database the user named; a missing file is an error, not a new database.

    Commands that only read (``stats``, ``search``, ``today``) pass ``check_pages=False``:
    the structural checks still run, but not ``quick_check``, which reads every page (2–3 s
    at 100k customers, most of such a command's time). A damaged page they do meet still
    raises :class:`~funneldesk.core.errors.DamagedDatabaseError`; commands that write keep
    the full check.
    """
    db_path = Path(path).expanduser()
    if not db_path.exists():
        raise CliError(f"{db_path}: no such database file")
    return open_database(db_path, create=False, language=language, check_pages=check_pages)


def parse_cli_date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"{option}: “{text}” is not a date (YYYY-MM-DD)") from exc


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
