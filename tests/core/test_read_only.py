"""Reading never changes a file: read-only commands, read-only files and read-only folders.

``stats``, ``search`` and ``today`` open the file only to read it (no new file, no upgrade, no
chmod, no ``-wal``/``-shm``); a file or folder the user made read-only can be read, and every
change says "read-only: changes cannot be saved" in one line.
"""

from __future__ import annotations

import hashlib
import shutil
import stat
from pathlib import Path

import pytest

from funneldesk.cli import main
from funneldesk.core import customers
from funneldesk.core.db import open_database
from funneldesk.core.errors import ReadOnlyDatabaseError
from funneldesk.core.search import update_search_index

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
READ_COMMANDS = (["stats", "--json"], ["search", "Ana"], ["today", "--json"])


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "crm.sqlite"
    with open_database(path) as db:
        customers.create_customer(db, {"name": "Ana Lima", "phone": "+49 30 1234567"})
        update_search_index(db)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _companions(path: Path) -> list[Path]:
    return [p for p in path.parent.iterdir() if p.name.startswith(path.name + "-")]


def _one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_read_commands_refuse_an_empty_file_and_leave_it_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    err = _one_line_error(capsys, [*command, "--db", str(empty)])
    assert "empty" in err
    assert empty.stat().st_size == 0 and not _companions(empty)


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_read_commands_never_create_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    missing = tmp_path / "missing.sqlite"
    assert "no such database file" in _one_line_error(capsys, [*command, "--db", str(missing)])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_read_commands_leave_the_file_byte_identical_mode_and_all(
    database: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    database.chmod(0o640)  # the user's choice; only commands that change data tighten it
    before = _digest(database)
    assert main([*command, "--db", str(database)]) == 0
    capsys.readouterr()
    assert _digest(database) == before
    assert stat.S_IMODE(database.stat().st_mode) == 0o640
    assert not _companions(database)


def test_read_commands_do_not_upgrade_an_older_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema-v1.sqlite", old)
    before = _digest(old)
    assert "older FunnelDesk" in _one_line_error(capsys, ["stats", "--db", str(old)])
    assert _digest(old) == before and not _companions(old)


def test_a_file_made_read_only_is_read_and_never_written_or_chmodded(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database.chmod(0o444)
    before = _digest(database)
    assert main(["search", "Ana", "--json", "--db", str(database)]) == 0
    assert "Ana Lima" in capsys.readouterr().out
    rows = tmp_path / "more.csv"
    rows.write_text("name,phone\nBo Chen,+86 138 0000 0000\n", encoding="utf-8")
    err = _one_line_error(capsys, ["import", str(rows), "--db", str(database)])
    assert "read-only: changes cannot be saved" in err
    assert stat.S_IMODE(database.stat().st_mode) == 0o444
    assert _digest(database) == before and not _companions(database)


def test_a_database_in_a_read_only_folder_is_read_and_changes_are_refused(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = database.parent / "locked"
    folder.mkdir()
    locked = folder / database.name
    shutil.copyfile(database, locked)
    folder.chmod(0o555)
    try:
        assert main(["today", "--json", "--db", str(locked)]) == 0
        assert main(["stats", "--json", "--db", str(locked)]) == 0
        capsys.readouterr()
        with open_database(locked) as db:
            assert db.read_only
            assert db.scalar("SELECT COUNT(*) FROM customers") == 1
            with pytest.raises(ReadOnlyDatabaseError, match="read-only: changes cannot be saved"):
                customers.create_customer(db, {"name": "Bo"})
        assert sorted(p.name for p in folder.iterdir()) == [database.name]
    finally:
        folder.chmod(0o755)


def test_import_creates_a_new_private_database_and_db_defaults_to_the_apps_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    rows = tmp_path / "contacts.csv"
    rows.write_text("name,phone\nAna Lima,+49 30 1234567\n", encoding="utf-8")
    new = tmp_path / "new.sqlite"
    assert main(["import", str(rows), "--db", str(new)]) == 0
    assert stat.S_IMODE(new.stat().st_mode) == 0o600

    assert "no such database file" in _one_line_error(capsys, ["search", "Ana"])
    assert main(["import", str(rows)]) == 0  # no --db: the app's own file, created
    capsys.readouterr()
    assert main(["search", "Ana", "--json"]) == 0
    assert "Ana Lima" in capsys.readouterr().out
    assert list((tmp_path / "data").rglob("funneldesk.sqlite"))
