"""A full disk is one line and exit 2, never a traceback, and the database stays sound.

Runs each command that writes against a small tmpfs filled almost to the brim. Mounting
needs root (as in CI); elsewhere the tests are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from funneldesk.cli import main
from funneldesk.core import backup
from funneldesk.core.db import open_database
from funneldesk.core.demo import generate_demo
from funneldesk.core.file_checks import inspect_file

SIZE_BYTES = 3 * 1024 * 1024


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("source") / "crm.sqlite"
    with open_database(path) as db:
        generate_demo(db, customers=200, seed=5, reference=date(2026, 11, 25))
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def full_disk(tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A 3 MB filesystem holding a copy of ``source`` and a filler leaving ~40 kB free."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root (the CI runs the tests as root)")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE_BYTES}", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        shutil.copyfile(source, mount / "crm.sqlite")
        free = shutil.disk_usage(mount).free
        (mount / "filler").write_bytes(b"\0" * (free - 40_000))
        monkeypatch.setenv("FUNNELDESK_BACKUP_DIR", str(mount / "backups"))
        monkeypatch.setattr(backup, "_root_override", None)  # an app test may have set one
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _customers(path: Path) -> int:
    inspect_file(path)
    with open_database(path) as db:
        return db.scalar("SELECT COUNT(*) FROM customers")


@pytest.mark.parametrize(
    "command",
    [
        ["import", "{big}"],
        ["backup"],
        ["backup", "--to", "{disk}/copy.sqlite"],
        ["restore", "{source}"],
        ["export", "--out", "{disk}/report.xlsx"],
        ["export", "--customers-csv", "{disk}/customers.csv"],
        ["demo", "--force", "--customers", "2000"],
    ],
    ids=["import", "backup", "backup-to", "restore", "report", "csv", "demo"],
)
def test_a_full_disk_is_one_line_and_the_database_stays_whole(
    full_disk: Path,
    source: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    big = tmp_path / "big.csv"
    rows = "".join(f"Person {n},+49 30 {1_000_000 + n},{'note ' * 40}\n" for n in range(5000))
    big.write_text("name,phone,notes\n" + rows, encoding="utf-8")
    database = full_disk / "crm.sqlite"
    argv = [part.format(big=big, disk=full_disk, source=source) for part in command]
    assert main([*argv, "--db", str(database)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert "disk is full" in err or "Not enough free space" in err
    assert _customers(database) == 200
    leftovers = [p.name for p in full_disk.rglob("*") if ".partial" in p.name]
    assert leftovers == [] and not (full_disk / "copy.sqlite").exists()


def test_a_demo_that_fills_the_disk_midway_leaves_the_old_file(
    full_disk: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from funneldesk.commands import demo

    monkeypatch.setattr(demo, "BYTES_PER_CUSTOMER", 0)  # past the free-space check
    database = full_disk / "crm.sqlite"
    assert main(["demo", "--db", str(database), "--force", "--customers", "2000"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "disk is full" in err, err
    assert _customers(database) == 200
    assert not [p for p in full_disk.iterdir() if ".partial" in p.name]
