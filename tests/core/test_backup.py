"""Backups: consistent copies, the rotating set, change detection, restore."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from funneldesk.cli import main as cli_main
from funneldesk.core import backup, customers, deals
from funneldesk.core.backup import BackupInfo
from funneldesk.core.db import open_database
from funneldesk.core.errors import Cancelled, DatabaseOpenError, NotFunnelDeskError
from funneldesk.core.file_checks import inspect_file


def _names(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM customers ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "backups"


def test_backup_is_a_sound_owner_only_copy_with_counts(db, folder: Path) -> None:
    customers.create_customer(db, {"name": "张三"})
    deals.create_deal(db, {"title": "Laptops"})
    info = backup.create_backup(db.path, folder=folder)
    assert inspect_file(info.path) >= 1
    assert (info.customers, info.deals) == (1, 1)
    assert info.path.stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / "manifest.json").stat().st_mode & 0o777 == 0o600
    assert _names(info.path) == ["张三"]


def test_backup_taken_while_another_thread_writes_is_one_consistent_snapshot(
    db, folder: Path
) -> None:
    with db.bulk() as conn:
        conn.executemany(
            "INSERT INTO customers (name, notes, created_at, updated_at) VALUES (?, ?, 'x', 'x')",
            [(f"c{i}", "n" * 500) for i in range(3000)],
        )
    stop = threading.Event()

    def writer() -> None:
        while not stop.is_set():
            customers.create_customer(db, {"name": "late"})

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        info = backup.create_backup(db.path, folder=folder, progress=lambda done, total: None)
    finally:
        stop.set()
        thread.join()
    names = _names(info.path)
    assert names[:3000] == [f"c{i}" for i in range(3000)]
    assert set(names[3000:]) <= {"late"}
    assert info.customers == len(names)


def test_cancelled_backup_leaves_no_file(db, folder: Path) -> None:
    with pytest.raises(Cancelled):
        backup.create_backup(db.path, folder=folder, cancelled=lambda: True)
    assert backup.list_backups(folder) == []
    assert not [p for p in folder.iterdir() if p.suffix != ".json"]


def test_backup_never_goes_to_the_database_file(db, tmp_path: Path) -> None:
    customers.create_customer(db, {"name": "Keep me"})
    for target in (db.path, Path(str(db.path) + "-wal"), tmp_path / "." / db.path.name):
        with pytest.raises(DatabaseOpenError):
            backup.create_backup(db.path, destination=target)
    assert db.scalar("SELECT COUNT(*) FROM customers") == 1


def test_change_detection_follows_the_file(tmp_path: Path, folder: Path) -> None:
    path = tmp_path / "a.sqlite"
    db = open_database(path)
    db.close()
    assert backup.needs_backup(path, folder)  # never backed up
    backup.create_backup(path, folder=folder, kind="auto")
    assert not backup.needs_backup(path, folder)
    db = open_database(path)
    assert not backup.needs_backup(path, folder)  # opening is not a change
    customers.create_customer(db, {"name": "New"})
    assert backup.needs_backup(path, folder)  # committed, still in the WAL
    db.close()
    assert backup.needs_backup(path, folder)  # checkpointed into the main file


def _info(folder: Path, when: datetime, kind: str = "auto") -> BackupInfo:
    return BackupInfo(
        folder / f"b-{when:%Y%m%d%H%M%S}-{kind}.sqlite",
        when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        kind,
        1,
        0,
        0,
        1,
    )


def test_rotation_keeps_last_ten_one_per_day_for_a_week_and_one_per_week_for_eight(
    folder: Path,
) -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    every_six_hours = [_info(folder, now - timedelta(hours=6 * i)) for i in range(4 * 90)]
    upgrade = _info(folder, now - timedelta(days=200), "before-upgrade")
    kept = backup.backups_to_keep([*every_six_hours, upgrade], now)
    assert {b.path for b in every_six_hours[:10]} <= kept
    assert upgrade.path in kept
    kept_times = sorted(
        (
            datetime.fromisoformat(b.created_at.replace("Z", "+00:00"))
            for b in every_six_hours
            if b.path in kept
        ),
        reverse=True,
    )
    older_than_recent = [t for t in kept_times if t < now - timedelta(hours=6 * 9)]
    local_days = {t.astimezone().date() for t in older_than_recent if now - t < timedelta(days=7)}
    assert len(local_days) >= 4
    assert all(now - t < timedelta(weeks=8) for t in older_than_recent)
    assert now - kept_times[-1] > timedelta(weeks=7)
    assert len(kept) <= 10 + 7 + 8 + 1


def test_rotate_deletes_files_outside_the_set(db, folder: Path) -> None:
    for _ in range(13):
        backup.create_backup(db.path, folder=folder, kind="auto")
    kept = backup.list_backups(folder)
    assert len(kept) == 10
    assert len(list(folder.glob("*.sqlite"))) == 10


def test_restore_backs_up_current_data_first_and_brings_back_the_old(
    tmp_path: Path, folder: Path
) -> None:
    path = tmp_path / "crm.sqlite"
    db = open_database(path)
    customers.create_customer(db, {"name": "Before"})
    old = backup.create_backup(path, folder=folder)
    customers.create_customer(db, {"name": "After"})
    result = backup.restore_backup(old.path, path, folder=folder)
    assert db.scalar("SELECT COUNT(*) FROM customers") == 1  # an open connection sees it
    db.close()
    assert _names(path) == ["Before"]
    assert result.safety_copy is not None and _names(result.safety_copy) == ["Before", "After"]
    assert inspect_file(path) >= 1


def test_restore_over_a_damaged_file_keeps_its_bytes(tmp_path: Path, folder: Path) -> None:
    path = tmp_path / "crm.sqlite"
    db = open_database(path)
    customers.create_customer(db, {"name": "Good"})
    db.close()
    good = backup.create_backup(path, folder=folder)
    path.write_bytes(b"\x00garbage" * 1000)
    with pytest.raises(NotFunnelDeskError):
        open_database(path)
    assert backup.latest_good_backup(path, folder) == good
    result = backup.restore_backup(good.path, path, folder=folder)
    assert _names(path) == ["Good"]
    assert result.safety_copy.read_bytes() == b"\x00garbage" * 1000
    assert backup.latest_good_backup(path, folder).kind != "refused"


def test_a_broken_backup_is_refused_and_the_database_untouched(
    db, tmp_path: Path, folder: Path
) -> None:
    customers.create_customer(db, {"name": "Safe"})
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x01" * 5000)
    with pytest.raises(DatabaseOpenError):
        backup.restore_backup(bad, db.path, folder=folder)
    assert db.scalar("SELECT name FROM customers") == "Safe"
    assert backup.list_backups(folder) == []


def test_cli_backup_and_restore_round_trip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(backup.BACKUP_DIR_ENV, str(tmp_path / "root"))
    path = tmp_path / "crm.sqlite"
    db = open_database(path)
    customers.create_customer(db, {"name": "One"})
    db.close()
    copy = tmp_path / "copy.sqlite"
    assert cli_main(["backup", "--db", str(path), "--to", str(copy)]) == 0
    assert "1 customers" in capsys.readouterr().out
    db = open_database(path)
    customers.create_customer(db, {"name": "Two"})
    db.close()
    assert cli_main(["restore", str(copy), "--db", str(path)]) == 0
    assert _names(path) == ["One"]
    assert cli_main(["backup", "--db", str(path), "--to", str(path)]) == 2
    assert cli_main(["restore", str(tmp_path / "missing.sqlite"), "--db", str(path)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 2
