"""What the machine allows, and the one wording of its refusals.

A full disk, a read-only file, folder or medium, a missing permission, a number or date
beyond what the system can hold: none of these is a bug, and none may end in a traceback.
:func:`environment_error` turns each into a :class:`~funneldesk.core.errors.FunnelDeskError`
written for the person at the keyboard; the command line prints it as one line (exit 2),
the app shows it in a dialog. :func:`is_read_only` decides, before anything is written,
whether a database file can take changes at all.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from funneldesk.core.errors import EnvironmentFailure, FunnelDeskError, ReadOnlyDatabaseError

READ_ONLY = "read-only: changes cannot be saved"
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
READ_ONLY_ERRNOS = frozenset({errno.EROFS})
DENIED_ERRNOS = frozenset({errno.EACCES, errno.EPERM})
COMPANIONS = ("-wal", "-shm")


def _no_write_bits(path: Path) -> bool:
    """The user took every write permission away (also meant for root, who could ignore it)."""
    return not path.stat().st_mode & 0o222


def is_read_only(path: Path) -> bool:
    """Whether the database file ``path`` must be opened for reading only.

    True when the file has no write permission (``chmod 444``; honoured even for root, since
    that is what the user said), lies on read-only media, or sits in a folder where SQLite
    cannot create the ``-wal``/``-shm`` files it needs to write and they do not exist yet.
    """
    path = Path(path)
    if _no_write_bits(path) or not os.access(path, os.W_OK):
        return True
    companions = [path.with_name(path.name + suffix) for suffix in COMPANIONS]
    if all(c.exists() and os.access(c, os.W_OK) for c in companions):
        return False
    folder = path.parent
    return _no_write_bits(folder) or not os.access(folder, os.W_OK)


def read_only_error(path: Path) -> ReadOnlyDatabaseError:
    return ReadOnlyDatabaseError(f"{path} is {READ_ONLY}.")


def disk_full_error(path: Path | str | None) -> EnvironmentFailure:
    where = f" {path} could not be written;" if path else ""
    return EnvironmentFailure(f"The disk is full:{where} nothing was changed.")


def require_free_space(folder: Path, needed: int, what: str) -> None:
    """Refuse to start a job that needs about ``needed`` bytes in ``folder`` it cannot have."""
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise EnvironmentFailure(
            f"Not enough free space for {what}: it needs about {_megabytes(needed)}, "
            f"{folder} has {_megabytes(free)} free."
        )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB" if size >= 1_000_000 else f"{size / 1000:,.0f} kB"


def environment_error(exc: BaseException, path: Path | str | None = None) -> FunnelDeskError | None:
    """The user-facing error for ``exc``, or ``None`` when it is a bug in the program.

    ``path`` names the file being worked on when the exception does not say it.
    """
    if isinstance(exc, FunnelDeskError):
        return exc
    if isinstance(exc, sqlite3.Error):
        return _sqlite_error(exc, path)
    if isinstance(exc, OSError):
        return _os_error(exc, path)
    if isinstance(exc, OverflowError):
        return EnvironmentFailure(f"A number or date is out of range ({exc}).")
    if isinstance(exc, MemoryError):
        return EnvironmentFailure("Not enough memory to finish; nothing was changed.")
    inner = exc.__cause__ or exc.__context__
    if inner is not None and str(inner) in str(exc):  # a library's wrapper (XlsxWriter's
        return environment_error(inner, path)  # FileCreateError) around an OSError
    return None


def _sqlite_error(exc: sqlite3.Error, path: Path | str | None) -> FunnelDeskError | None:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == sqlite3.SQLITE_FULL:
        return disk_full_error(path)
    if code == sqlite3.SQLITE_READONLY:
        return read_only_error(Path(path) if path else Path("The database"))
    if code in (sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH):
        return EnvironmentFailure(f"Permission denied: {path or 'the database'}.")
    if code == sqlite3.SQLITE_CANTOPEN:
        return EnvironmentFailure(f"{path or 'The database'} cannot be opened: {exc}.")
    if code == sqlite3.SQLITE_IOERR:
        return EnvironmentFailure(f"{path or 'The database'} could not be read or written: {exc}.")
    return None


def _os_error(exc: OSError, path: Path | str | None) -> FunnelDeskError:
    where = path or exc.filename
    if exc.errno in DISK_FULL_ERRNOS:
        return disk_full_error(where)
    if exc.errno in READ_ONLY_ERRNOS:
        return read_only_error(Path(where) if where else Path("The file"))
    if exc.errno in DENIED_ERRNOS:
        return EnvironmentFailure(f"Permission denied: {where or 'a file'}.")
    reason = exc.strerror or str(exc)
    return EnvironmentFailure(f"{where}: {reason}." if where else f"{reason}.")
