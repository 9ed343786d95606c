"""Opening a file: damaged, foreign, newer or incomplete files are refused and left untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from funneldesk.cli import main as cli_main
from funneldesk.core import backup, customers, schema
from funneldesk.core.db import open_database
from funneldesk.core.errors import (
    DamagedDatabaseError,
    DatabaseOpenError,
    NewerSchemaError,
    NotFunnelDeskError,
)
from funneldesk.core.file_checks import check_pages_of, expected_schema, inspect_file


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _folder_state(folder: Path) -> dict[str, str]:
    return {p.name: _digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def _make_database(path: Path, customer_count: int = 3) -> None:
    db = open_database(path)
    for i in range(customer_count):
        customers.create_customer(db, {"name": f"Customer {i}"})
    db.close()


def _foreign_wal_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO places (url) VALUES ('https://example.org')")
    conn.commit()
    conn.close()


def _newer_database(path: Path) -> None:
    _make_database(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()


def _damaged_database(path: Path) -> None:
    """Every other page of the customer rows overwritten; the schema stays readable."""
    _make_database(path, customer_count=400)
    conn = sqlite3.connect(path)
    pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'customers'")]
    conn.close()
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in pages[1::2]:
        start = (page - 1) * page_size
        data[start : start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def _truncated_database(path: Path) -> None:
    _make_database(path, customer_count=400)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _missing_column_database(path: Path) -> None:
    _make_database(path)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE customers DROP COLUMN email")
    conn.commit()
    conn.close()


REFUSALS = [
    ("not sqlite", lambda p: p.write_bytes(b"name,phone\nAda,123\n" * 50), NotFunnelDeskError),
    ("foreign sqlite in WAL mode", _foreign_wal_database, NotFunnelDeskError),
    ("newer schema", _newer_database, NewerSchemaError),
    ("damaged pages", _damaged_database, DamagedDatabaseError),
    ("cut in half", _truncated_database, DamagedDatabaseError),
    ("table lacks a contract column", _missing_column_database, NotFunnelDeskError),
]


@pytest.mark.parametrize(("make", "error"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_refused_file_is_left_byte_identical_with_no_companion_files(
    tmp_path: Path, make, error: type[Exception]
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "file.sqlite"
    make(path)
    before = _folder_state(folder)
    with pytest.raises(error):
        open_database(path, backup_dir=tmp_path / "backups")
    assert _folder_state(folder) == before
    assert not (tmp_path / "backups").exists()


def test_cli_reports_a_refused_file_in_one_line_with_exit_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "newer.sqlite"
    _newer_database(path)
    before = _digest(path)
    assert cli_main(["today", "--db", str(path), "--json"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "newer FunnelDesk" in err
    assert _digest(path) == before


def test_sound_file_with_pending_wal_opens_with_its_latest_data(tmp_path: Path) -> None:
    path = tmp_path / "live.sqlite"
    db = open_database(path)
    customers.create_customer(db, {"name": "Still in the WAL"})
    assert inspect_file(path) == schema.SCHEMA_VERSION
    other = open_database(path)
    assert other.scalar("SELECT name FROM customers") == "Still in the WAL"
    other.close()
    db.close()


def test_user_added_columns_and_tables_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "extended.sqlite"
    _make_database(path)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE customers ADD COLUMN vip INTEGER")
    conn.execute("CREATE TABLE my_notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.commit()
    conn.close()
    assert inspect_file(path) == schema.SCHEMA_VERSION


def test_expected_schema_of_every_version_holds_the_contract_tables() -> None:
    for version in range(1, schema.SCHEMA_VERSION + 1):
        tables = expected_schema(version)
        assert set(tables) >= schema.REQUIRED_TABLES
        assert {"id", "name", "satisfaction", "updated_at"} <= tables["customers"]


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError, match="folder"):
        open_database(tmp_path)


def test_page_check_can_follow_the_open_and_damage_met_while_working_is_reported(
    tmp_path: Path,
) -> None:
    path = tmp_path / "late.sqlite"
    _damaged_database(path)
    db = open_database(path, check_pages=False)  # structure is fine: opens at once
    try:
        with pytest.raises(DamagedDatabaseError):
            check_pages_of(path)
        with pytest.raises(DamagedDatabaseError, match="damaged"):
            db.query("SELECT * FROM customers")
    finally:
        db.close()


def test_a_damaged_database_is_not_backed_up_over_good_backups(tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite"
    _damaged_database(path)
    folder = tmp_path / "backups"
    with pytest.raises(DamagedDatabaseError):
        backup.create_backup(path, folder=folder)
    assert backup.list_backups(folder) == []
    assert not [p for p in folder.iterdir() if p.name != "manifest.json"]
