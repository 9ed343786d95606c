"""Replacing a file only once its replacement is proven good: the one way FunnelDesk writes a
whole file (backups, restores, a demo database, reports, CSV and calendar exports).

The new content is written to ``.NAME.PID.partial`` beside the target, created owner-only
(0600, whatever the umask: these files hold customer data), checked by the caller's
``verify``, flushed to disk and renamed over the target in one step. A crash or a failure at
any point leaves the target as it was; the temporary file is removed, and the one a killed
run could not remove is cleaned up by the next run that writes there.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from funneldesk.core.environment import environment_error

FILE_MODE = 0o600
FOLDER_MODE = 0o700
PARTIAL = ".partial"
COMPANIONS = ("", "-wal", "-shm", "-journal")


def create_private_file(path: Path) -> None:
    """Create ``path`` empty and readable by the owner only (SQLite copies the mode to -wal/-shm)."""
    make_private_folder(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, FILE_MODE)
    os.close(fd)


def make_private_folder(folder: Path) -> Path:
    """Create ``folder`` and any missing parents owner-only (0700, whatever the umask).

    Folders that already exist keep their mode: they are the user's.
    """
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for created in reversed(missing):
        with suppress(FileExistsError):
            created.mkdir(mode=FOLDER_MODE)
            os.chmod(created, FOLDER_MODE)  # mkdir's mode is filtered by the umask
    return folder


def unused_path(folder: Path, stem: str, suffix: str = ".sqlite") -> Path:
    """``folder/stem.suffix``, or ``stem-2``, ``stem-3`` … when that name is taken: a new
    file (a backup, a demo) never replaces one made in the same second."""
    candidate = folder / f"{stem}{suffix}"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{counter}{suffix}"
        counter += 1
    return candidate


def partial_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}{PARTIAL}")


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: leave its file alone
    return True


def clean_stale_partials(folder: Path, name: str = "*") -> list[Path]:
    """Remove the temporary files (and their SQLite companions) of killed runs in ``folder``.

    ``name`` limits the cleaning to one target's leftovers (in a folder that is not
    FunnelDesk's own). A file whose writing process still runs is left alone.
    """
    removed = []
    pattern = f".{glob.escape(name) if name != '*' else '*'}.*{PARTIAL}*"
    for leftover in folder.glob(pattern):
        stem = leftover.name.split(PARTIAL)[0]
        pid = stem.rsplit(".", 1)[-1]
        if pid.isdigit() and not _process_alive(int(pid)):
            with suppress(OSError):
                leftover.unlink()
                removed.append(leftover)
    return removed


def fsync_path(path: Path) -> None:
    """Flush a file (or a folder entry, after a rename) to disk where the platform allows."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_with_companions(path: Path) -> None:
    for suffix in COMPANIONS:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def replacing(target: Path, verify: Callable[[Path], None] | None = None) -> Iterator[Path]:
    """Yield a new owner-only temporary file beside ``target`` for the caller to fill.

    When the block ends without an error, ``verify(temporary)`` runs (it raises to refuse),
    the file is made owner-only again (a writer may have recreated it), flushed, and renamed
    over ``target``. On any error ``target`` is untouched and the temporary file removed.
    """
    target = Path(target)
    clean_stale_partials(target.parent, target.name)
    partial = partial_path(target)
    remove_with_companions(partial)
    create_private_file(partial)
    try:
        yield partial
        os.chmod(partial, FILE_MODE)
        if verify is not None:
            verify(partial)
        fsync_path(partial)
        os.replace(partial, target)
        fsync_path(target.parent)
    except Exception as exc:
        known = environment_error(exc, target)  # a full disk names the file the user chose
        if known is None or known is exc:
            raise
        raise known from exc
    finally:
        remove_with_companions(partial)
