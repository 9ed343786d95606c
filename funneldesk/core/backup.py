"""Backups of a database file: taking them, keeping a rotating set, listing and restoring.

Every copy goes through SQLite's online backup API (a consistent snapshot even while the app
keeps writing), into an owner-only file in the database's backup folder, checked with
``quick_check`` before it counts. The folder holds a ``manifest.json`` with each backup's
date, kind and customer/deal counts, and the database file's signature at the last backup,
which tells whether the file changed since. The manifest is only a cache: the files in the
folder are the truth, so a lost or stale manifest never hides a backup.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from platformdirs import user_data_path

from funneldesk import APP_NAME, ORG_NAME
from funneldesk.core.clock import now_timestamp, parse_timestamp
from funneldesk.core.db import BUSY_TIMEOUT_MS, read_only_connection
from funneldesk.core.environment import environment_error, is_read_only
from funneldesk.core.errors import DatabaseOpenError, FunnelDeskError, RestoreFailed
from funneldesk.core.file_checks import inspect_file, require_database, same_database_file
from funneldesk.core.jobs import CancelCheck, Progress
from funneldesk.core.page_copy import backup_database, copy_pages
from funneldesk.core.safe_replace import (
    FOLDER_MODE,
    clean_stale_partials,
    create_private_file,
    fsync_path,
    make_private_folder,
    partial_path,
    remove_with_companions,
    replacing,
    unused_path,
)

AUTO_BACKUP_INTERVAL_S = 30 * 60
KEEP_RECENT = 10
KEEP_DAILY_DAYS = 7
KEEP_WEEKLY_WEEKS = 8
MANIFEST = "manifest.json"
BACKUP_DIR_ENV = "FUNNELDESK_BACKUP_DIR"

KINDS = ("auto", "manual", "before-restore", "before-upgrade", "refused")
PINNED_KINDS = frozenset({"before-upgrade", "refused"})
"""Kinds never rotated away: the copy taken before a schema upgrade (the only way back to an
older program) and the raw copy of a refused file that was restored over."""


_root_override: Path | None = None
_MANIFEST_LOCK = threading.Lock()
"""Backups taken on two threads at once (automatic and a restore's safety copy) must not
lose each other's manifest entry."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as the restore list shows it."""

    path: Path
    created_at: str
    kind: str
    size: int
    customers: int | None
    deals: int | None
    schema_version: int | None


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: where the replaced data was kept (``None`` if there was no file)."""

    database: Path
    restored_from: Path
    safety_copy: Path | None


# -- where backups live --------------------------------------------------------------------


def use_backup_root(root: Path | str | None) -> None:
    """Choose the folder that holds every database's backup folder (``None``: the default).

    The app calls this at start-up from its settings, before any database is opened, so the
    pre-upgrade backup lands in the same place as the automatic ones.
    """
    global _root_override
    _root_override = Path(root).expanduser() if root else None


def backup_root() -> Path:
    """The chosen root, else ``$FUNNELDESK_BACKUP_DIR``, else ``<user data dir>/backups``."""
    if _root_override is not None:
        return _root_override
    env = os.environ.get(BACKUP_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return user_data_path(APP_NAME, ORG_NAME) / "backups"


def backup_folder(db_path: Path | str, root: Path | None = None) -> Path:
    """The folder of one database's backups: its name plus a digest of its full path.

    Two databases with the same file name in different places keep separate sets.
    """
    resolved = Path(db_path).expanduser().resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()[:8]
    return (root or backup_root()) / f"{resolved.stem}-{digest}"


def _ensure_folder(folder: Path) -> Path:
    """The backup folder, owner-only like every folder FunnelDesk creates above it, without
    the leftovers of runs killed while writing into it."""
    make_private_folder(folder)
    with contextlib.suppress(OSError):
        os.chmod(folder, FOLDER_MODE)
    clean_stale_partials(folder)
    return folder


# -- the manifest ------------------------------------------------------------------------


def _load_manifest(folder: Path) -> dict:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"backups": {}}
    if not isinstance(data, dict) or not isinstance(data.get("backups"), dict):
        return {"backups": {}}
    return data


def _save_manifest(folder: Path, data: dict) -> None:
    """Write the manifest atomically and owner-only."""
    with replacing(folder / MANIFEST) as partial:
        partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def file_signature(db_path: Path) -> str:
    """Size and modification time of the main file: changes whenever committed data reaches it."""
    stat = Path(db_path).stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _record(folder: Path, info: BackupInfo, signature: str | None) -> None:
    with _MANIFEST_LOCK:
        _record_unlocked(folder, info, signature)


def _record_unlocked(folder: Path, info: BackupInfo, signature: str | None) -> None:
    data = _load_manifest(folder)
    entry = asdict(info)
    entry["path"] = info.path.name
    data["backups"][info.path.name] = entry
    if signature is not None:
        data["last_signature"] = signature
    _save_manifest(folder, data)


# -- taking backups ----------------------------------------------------------------------


def _backup_name(folder: Path, db_path: Path, kind: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%SZ")
    return unused_path(folder, f"{db_path.stem}-{stamp}-{kind}")


def _source_connection(db_path: Path) -> sqlite3.Connection:
    """A connection to read the live database from (its own, so any thread may use it).

    A file the user cannot write is read without creating anything beside it; any other
    file first gets what its WAL holds, so the signature taken next describes the data.
    """
    if is_read_only(db_path):
        return read_only_connection(db_path)
    conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    return conn


def read_backup_info(path: Path, kind: str = "manual", created_at: str | None = None) -> BackupInfo:
    """Counts and version of a backup file, read without changing it."""
    customers = deals = version = None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            customers = conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
            deals = conn.execute("SELECT COUNT(*) FROM deals").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        pass
    stat = path.stat()
    stamp = created_at or datetime.fromtimestamp(stat.st_mtime, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return BackupInfo(path, stamp, kind, stat.st_size, customers, deals, version)


def create_backup(
    db_path: Path | str,
    *,
    kind: str = "manual",
    folder: Path | None = None,
    destination: Path | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> BackupInfo:
    """Back up the database at ``db_path`` and return the new backup.

    Goes into the backup folder (rotated afterwards) unless ``destination`` names a file.
    A foreign or newer file is refused; a damaged one fails the check of the copy, which is
    then deleted, so a bad copy never pushes a good one out of the rotating set. Safe on a
    worker thread while the app writes: the copy is one consistent snapshot.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    db_path = Path(db_path).expanduser()
    if not db_path.is_file():
        raise DatabaseOpenError(f"{db_path} does not exist.")
    inspect_file(db_path, check_pages=False)  # the copy gets the full check
    if destination is not None:
        destination = Path(destination).expanduser()
        if same_database_file(db_path, destination):
            raise DatabaseOpenError("A backup cannot be written over the database itself.")
        if destination.is_dir():
            raise DatabaseOpenError(f"{destination} is a folder; name the backup file.")
    target_folder = folder or backup_folder(db_path)
    target = destination or _backup_name(_ensure_folder(target_folder), db_path, kind)
    source = _source_connection(db_path)
    try:
        # Signature first: a write that slips in before the snapshot makes the backup newer
        # than the signature (one backup too many next time), never the other way round.
        signature = file_signature(db_path)
        backup_database(source, target, progress=progress, cancelled=cancelled)
    finally:
        source.close()
    info = read_backup_info(target, kind, now_timestamp())
    if destination is None:
        _record(target_folder, info, signature)
        rotate(target_folder)
    return info


def backup_before_upgrade(
    conn: sqlite3.Connection, db_path: Path, version: int, folder: Path | None = None
) -> Path:
    """Keep the file as it was before a schema upgrade (never rotated away)."""
    target_folder = _ensure_folder(folder or backup_folder(db_path))
    target = _backup_name(target_folder, db_path, "before-upgrade")
    backup_database(conn, target)
    info = read_backup_info(target, "before-upgrade", now_timestamp())
    _record(target_folder, info, None)
    return target


def needs_backup(db_path: Path | str, folder: Path | None = None) -> bool:
    """Whether the file changed since its last backup (or was never backed up).

    Compares the main file's size and modification time with the ones recorded after the last
    backup; a WAL file with content also counts as a change (writes not yet in the main file,
    e.g. after a crash).
    """
    db_path = Path(db_path).expanduser()
    target_folder = folder or backup_folder(db_path)
    if not list_backups(target_folder):
        return True
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return True
    return _load_manifest(target_folder).get("last_signature") != file_signature(db_path)


# -- the rotating set --------------------------------------------------------------------


def list_backups(folder: Path) -> list[BackupInfo]:
    """Every backup in ``folder``, newest first (files missing from the manifest included)."""
    if not folder.is_dir():
        return []
    entries = _load_manifest(folder)["backups"]
    found: list[BackupInfo] = []
    for path in folder.glob("*.sqlite"):
        entry = entries.get(path.name)
        if isinstance(entry, dict):
            try:
                found.append(
                    BackupInfo(
                        path=path,
                        created_at=str(entry["created_at"]),
                        kind=str(entry.get("kind", "manual")),
                        size=path.stat().st_size,
                        customers=entry.get("customers"),
                        deals=entry.get("deals"),
                        schema_version=entry.get("schema_version"),
                    )
                )
                continue
            except (KeyError, OSError):
                pass
        found.append(read_backup_info(path))
    return sorted(found, key=_newest_first_key, reverse=True)


def _newest_first_key(info: BackupInfo) -> tuple[str, int]:
    """Creation time, then file time: two backups taken in the same second keep their order."""
    try:
        return info.created_at, info.path.stat().st_mtime_ns
    except OSError:
        return info.created_at, 0


def backups_to_keep(backups: list[BackupInfo], now: datetime | None = None) -> set[Path]:
    """The rotating set: the last 10, the newest of each of the last 7 days and of each of the
    last 8 weeks (local calendar), and every pinned kind."""
    now = (now or datetime.now(UTC)).astimezone()
    newest_first = sorted(backups, key=lambda b: b.created_at, reverse=True)
    keep = {b.path for b in newest_first if b.kind in PINNED_KINDS}
    rotating = [b for b in newest_first if b.kind not in PINNED_KINDS]
    keep.update(b.path for b in rotating[:KEEP_RECENT])
    days: set[object] = set()
    weeks: set[object] = set()
    for item in rotating:
        local = parse_timestamp(item.created_at).astimezone()
        age = now.date() - local.date()
        if age < timedelta(days=KEEP_DAILY_DAYS) and local.date() not in days:
            days.add(local.date())
            keep.add(item.path)
        week = local.isocalendar()[:2]
        if age < timedelta(weeks=KEEP_WEEKLY_WEEKS) and week not in weeks:
            weeks.add(week)
            keep.add(item.path)
    return keep


def rotate(folder: Path, now: datetime | None = None) -> list[Path]:
    """Delete the backups outside the rotating set; returns the deleted files."""
    backups = list_backups(folder)
    keep = backups_to_keep(backups, now)
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    if removed:
        _forget(folder, removed)
    return removed


def _forget(folder: Path, removed: list[Path]) -> None:
    with _MANIFEST_LOCK:
        data = _load_manifest(folder)
        for path in removed:
            data["backups"].pop(path.name, None)
        _save_manifest(folder, data)


def latest_good_backup(db_path: Path | str, folder: Path | None = None) -> BackupInfo | None:
    """The newest backup that passes the open checks (for "restore the latest good backup")."""
    for info in list_backups(folder or backup_folder(Path(db_path).expanduser())):
        try:
            inspect_file(info.path)
        except (FunnelDeskError, OSError):
            continue
        return info
    return None


# -- restoring ---------------------------------------------------------------------------


def restore_backup(
    backup_path: Path | str,
    db_path: Path | str,
    *,
    folder: Path | None = None,
    progress: Progress | None = None,
) -> RestoreResult:
    """Put the backup's data into the database file, keeping what is there now.

    Nothing is replaced before its replacement is proven: the backup must be a sound
    FunnelDesk database (an empty, damaged or foreign file is refused with the live file
    untouched), and it is first copied beside the database and that copy checked. Only then
    is the current file kept — a sound one backed up (kind ``before-restore``), one that
    fails the checks byte for byte (kind ``refused``) — and replaced: a sound file in one
    SQLite transaction, so programs that have it open see either the old or the restored
    data; any other by an atomic rename. A failure after the safety copy says where it is.
    """
    source_path = Path(backup_path).expanduser()
    db_path = Path(db_path).expanduser()
    if not source_path.is_file():
        raise DatabaseOpenError(f"{source_path}: no such backup file.")
    if same_database_file(db_path, source_path):
        raise DatabaseOpenError("That backup is the database itself.")
    require_database(source_path)
    target_folder = _ensure_folder(folder or backup_folder(db_path))
    staged = _staged_copy(source_path, db_path, progress)
    try:
        if _is_sound(db_path):
            safety = create_backup(db_path, kind="before-restore", folder=target_folder).path
            with _naming_safety_copy(safety):
                _restore_in_place(staged, db_path, progress)
        else:
            safety = _keep_refused_file(db_path, target_folder) if db_path.exists() else None
            with _naming_safety_copy(safety):
                _restore_by_rename(staged, db_path)
    finally:
        remove_with_companions(staged)
    return RestoreResult(db_path, source_path, safety)


def _is_sound(db_path: Path) -> bool:
    if not db_path.exists():
        return False
    try:
        inspect_file(db_path)
    except DatabaseOpenError:
        return False
    return True


@contextlib.contextmanager
def _naming_safety_copy(safety: Path | None) -> Iterator[None]:
    """A restore that fails after the current data was kept tells where it was kept."""
    try:
        yield
    except Exception as exc:
        error = environment_error(exc)
        if error is None or safety is None:
            raise
        raise RestoreFailed(
            f"{error} Your database was not changed; a copy of it taken before the restore "
            f"is in {safety}.",
            safety,
        ) from exc


def _open_backup(source_path: Path) -> sqlite3.Connection:
    return read_only_connection(source_path)


def _staged_copy(source_path: Path, db_path: Path, progress: Progress | None) -> Path:
    """The backup copied beside the database and checked there: what gets swapped in."""
    staged = partial_path(db_path)
    clean_stale_partials(db_path.parent, db_path.name)
    remove_with_companions(staged)
    create_private_file(staged)
    source = _open_backup(source_path)
    try:
        copy_pages(source, staged, progress)
        require_database(staged)
        fsync_path(staged)
    except BaseException:
        remove_with_companions(staged)
        raise
    finally:
        source.close()
    return staged


def _restore_in_place(staged: Path, db_path: Path, progress: Progress | None) -> None:
    """Overwrite a live database through the backup API: one write transaction, atomic."""

    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    source = _open_backup(staged)
    target = sqlite3.connect(db_path, isolation_level=None)
    try:
        target.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        target.execute("PRAGMA synchronous = FULL")
        source.backup(target, pages=1024 if progress else -1, progress=step)
        target.execute("PRAGMA journal_mode = WAL")
    finally:
        target.close()
        source.close()


def _restore_by_rename(staged: Path, db_path: Path) -> None:
    """Rename the checked copy over a file nobody can have open (missing or refused).

    Its stale -wal/-shm go first: they would otherwise be applied to the restored data.
    """
    for leftover in ("-wal", "-shm"):
        db_path.with_name(db_path.name + leftover).unlink(missing_ok=True)
    os.replace(staged, db_path)
    fsync_path(db_path.parent)


def _keep_refused_file(db_path: Path, folder: Path) -> Path:
    """Keep a file we cannot open (and its WAL) byte for byte before restoring over it."""
    target = _backup_name(folder, db_path, "refused")
    create_private_file(target)
    shutil.copyfile(db_path, target)
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists():
        wal_copy = target.with_name(target.name + "-wal.saved")
        create_private_file(wal_copy)
        shutil.copyfile(wal, wal_copy)
    stat = target.stat()
    info = BackupInfo(target, now_timestamp(), "refused", stat.st_size, None, None, None)
    _record(folder, info, None)
    return target
