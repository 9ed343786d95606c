"""Nothing is replaced before its replacement is proven: restore, ``demo --force``, backups.

An empty, damaged or foreign restore source is refused with the live file byte-identical; a
killed ``demo --force`` leaves the old data; temporary files of killed runs are cleaned up by
the next run; a restore says where the copy taken before it went, also when it fails.
"""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from funneldesk.cli import main
from funneldesk.core import backup, customers
from funneldesk.core.db import open_database
from funneldesk.core.demo import generate_demo
from funneldesk.core.errors import RestoreFailed
from funneldesk.core.file_checks import inspect_file


@pytest.fixture
def live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FUNNELDESK_BACKUP_DIR", str(tmp_path / "backups"))
    monkeypatch.setattr(backup, "_root_override", None)  # an app test may have chosen one
    path = tmp_path / "real.sqlite"
    with open_database(path) as db:
        for name in ("Ana Lima", "Bo Chen", "Chen Jie"):
            customers.create_customer(db, {"name": name})
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _customers(path: Path) -> int:
    with open_database(path) as db:
        return db.scalar("SELECT COUNT(*) FROM customers")


def _error_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"name,phone\nAna,1\n", "not an SQLite file"),
        (b"SQLite format 3\x00" + b"\x07" * 5000, "damaged|cannot be opened"),
    ],
    ids=["empty", "foreign", "damaged"],
)
def test_restore_refuses_a_bad_source_and_leaves_the_live_file_alone(
    live: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, reason: str
) -> None:
    source = tmp_path / "offered.sqlite"
    source.write_bytes(content)
    before = _digest(live)
    err = _error_line(capsys, ["restore", str(source), "--db", str(live)])
    assert any(word in err for word in reason.split("|"))
    assert _digest(live) == before and _customers(live) == 3


def test_restore_says_where_the_copy_taken_before_it_is(
    live: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    older = tmp_path / "older.sqlite"
    with open_database(live) as db:
        db.backup_to(older)
        customers.create_customer(db, {"name": "Dai Wei"})
    assert main(["restore", str(older), "--db", str(live)]) == 0
    out = capsys.readouterr().out
    kept = Path(out.split("kept in ")[1].strip().rstrip("."))
    assert kept.is_file() and _customers(kept) == 4
    assert _customers(live) == 3


def test_a_restore_failing_after_the_safety_copy_names_it_and_keeps_the_file(
    live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = tmp_path / "older.sqlite"
    with open_database(live) as db:
        db.backup_to(older)

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(live))

    monkeypatch.setattr(backup, "_restore_in_place", disk_full)
    before = _digest(live)
    with pytest.raises(RestoreFailed) as failed:
        backup.restore_backup(older, live)
    assert "disk is full" in str(failed.value)
    assert Path(failed.value.safety_copy).is_file()
    assert str(failed.value.safety_copy) in str(failed.value)
    assert _digest(live) == before
    assert not [p for p in live.parent.iterdir() if p.name.endswith(".partial")]


def test_a_killed_demo_force_keeps_the_old_database(live: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "funneldesk", "demo", "--db", str(live), "--force"]
        + ["--customers", "50000", "--seed", "3"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    partial = live.with_name(f".{live.name}.{child.pid}.partial")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not partial.exists():
        time.sleep(0.02)
    time.sleep(0.5)  # well into writing the new data
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert partial.exists(), "the demo never started writing"
    assert inspect_file(live) and _customers(live) == 3  # the old data, whole

    # The next run that writes there removes what the killed one left behind.
    assert main(["demo", "--db", str(live), "--force", "--customers", "5"]) == 0
    assert not [p for p in live.parent.iterdir() if ".partial" in p.name]
    assert _customers(live) == 5


def test_backup_to_cleans_the_leftovers_of_killed_runs(live: Path, tmp_path: Path) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(gone.stdout)
    target = tmp_path / "copy.sqlite"
    leftovers = [
        tmp_path / f".copy.sqlite.{dead_pid}.partial",
        tmp_path / f".copy.sqlite.{dead_pid}.partial-journal",
    ]
    for leftover in leftovers:
        leftover.write_bytes(b"half a backup")
    running = tmp_path / f".copy.sqlite.{os.getppid()}.partial"  # a live process's file
    running.write_bytes(b"still being written")
    assert main(["backup", "--db", str(live), "--to", str(target)]) == 0
    assert not any(p.exists() for p in leftovers)
    assert running.exists()
    assert _customers(target) == 3


def test_the_backup_error_for_a_damaged_file_is_one_short_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "damaged.sqlite"
    with open_database(damaged) as db:
        generate_demo(db, customers=20, seed=7, reference=date(2026, 11, 25))
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(damaged, "r+b") as handle:  # cells scrambled: quick_check lists ~100 problems
        for page in range(30, 45, 3):
            handle.seek(page * 4096 + 50)
            handle.write(b"\x07" * 900)
    err = _error_line(capsys, ["backup", "--db", str(damaged), "--to", str(tmp_path / "b.sqlite")])
    assert "damaged" in err and "more problems" in err and len(err) < 300


def test_exports_and_the_backups_folder_are_owner_only_whatever_the_umask(
    live: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    previous = os.umask(0)
    try:
        assert (
            main(
                ["export", "--db", str(live), "--out", str(out / "report.xlsx")]
                + ["--customers-csv", str(out / "customers.csv")]
                + ["--deals-csv", str(out / "deals.csv"), "--ical", str(out / "dates.ics")]
            )
            == 0
        )
        assert main(["backup", "--db", str(live)]) == 0
    finally:
        os.umask(previous)
    modes = {p.name: p.stat().st_mode & 0o777 for p in out.iterdir()}
    assert modes == dict.fromkeys(["report.xlsx", "customers.csv", "deals.csv", "dates.ics"], 0o600)
    root = tmp_path / "backups"
    assert root.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o777 == 0o700 for p in root.iterdir())
