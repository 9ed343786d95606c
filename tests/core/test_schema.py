"""The file format is a documented interface (docs/data-model.md): tables, columns, pragmas, defaults.

Refusing damaged, foreign and newer files untouched is specified in ``test_open_checks.py``.
"""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from funneldesk.core import customers, schema
from funneldesk.core.db import BUSY_TIMEOUT_MS, open_database

CONTRACT = {
    "customers": "id name company title phone email address city source spending_level "
    "purchase_frequency satisfaction notes owner created_at updated_at",
    "important_dates": "id customer_id kind label month day year calendar is_leap_month "
    "remind_days_before",
    "preferences": "id customer_id category value",
    "interactions": "id customer_id deal_id kind occurred_at duration_min summary outcome "
    "next_follow_up",
    "pipelines": "id name position",
    "stages": "id pipeline_id name position probability rot_days",
    "deals": "id customer_id pipeline_id stage_id title value currency probability status "
    "lost_reason expected_close created_at closed_at owner updated_at",
    "stage_changes": "id deal_id from_stage_id to_stage_id changed_at",
    "source_costs": "source month cost",
}


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_every_contract_table_has_its_columns(db, table: str) -> None:  # noqa: ANN001
    assert set(CONTRACT[table].split()) <= _columns(db.conn, table)


def test_every_foreign_key_is_indexed(db) -> None:  # noqa: ANN001
    for table in CONTRACT:
        indexed = {
            info[2]
            for (_seq, name, *_rest) in db.conn.execute(f"PRAGMA index_list({table})")
            for info in db.conn.execute(f"PRAGMA index_info({name})")
            if info[0] == 0
        }
        for fk in db.conn.execute(f"PRAGMA foreign_key_list({table})"):
            assert fk[3] in indexed, f"{table}.{fk[3]} has no index"


def test_new_file_is_created_at_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.sqlite"
    with open_database(path) as database:
        assert database.scalar("PRAGMA user_version") == schema.SCHEMA_VERSION
        assert database.scalar("PRAGMA application_id") == schema.APPLICATION_ID
    assert path.exists()


def test_empty_file_is_upgraded_from_version_0(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.touch()
    with open_database(path) as database:
        assert database.scalar("PRAGMA user_version") == schema.SCHEMA_VERSION
        assert database.scalar("SELECT COUNT(*) FROM stages") == 5


def test_sqlite_file_without_tables_is_upgraded_from_version_0(tmp_path: Path) -> None:
    path = tmp_path / "blank.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE scratch (x)")
    conn.execute("DROP TABLE scratch")
    conn.commit()
    conn.close()
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
    with open_database(path) as database:
        assert database.scalar("PRAGMA user_version") == schema.SCHEMA_VERSION
        assert CONTRACT.keys() <= {
            r[0] for r in database.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        }


def test_reopening_keeps_data_and_adds_no_second_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "again.sqlite"
    with open_database(path) as database:
        customers.create_customer(database, {"name": "Ada"})
    with open_database(path) as database:
        assert database.scalar("SELECT name FROM customers") == "Ada"
        assert database.scalar("SELECT COUNT(*) FROM pipelines") == 1


def test_connections_use_wal_foreign_keys_and_a_busy_timeout(db) -> None:  # noqa: ANN001
    for conn in (db.conn, db.reader):
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS >= 3000


def test_foreign_keys_refuse_a_deal_in_a_missing_stage(db) -> None:  # noqa: ANN001
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute(
            "INSERT INTO deals (pipeline_id, stage_id, title, created_at, updated_at) "
            "VALUES (1, 999, 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
        )


def test_database_and_its_wal_and_shm_are_private(tmp_path: Path) -> None:
    path = tmp_path / "private.sqlite"
    with open_database(path) as database:
        customers.create_customer(database, {"name": "Ada"})
        database.scalar("SELECT COUNT(*) FROM customers")
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
        for file in files:
            assert file.exists(), file
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_default_pipeline_has_five_stages_in_english(db) -> None:  # noqa: ANN001
    rows = db.query("SELECT name, position, probability, rot_days FROM stages ORDER BY position")
    assert [r[0] for r in rows] == [
        "Lead",
        "Contacted",
        "Needs analysis",
        "Proposal",
        "Negotiation",
    ]
    assert [r[1] for r in rows] == [1, 2, 3, 4, 5]
    probabilities = [r[2] for r in rows]
    assert probabilities == sorted(probabilities) and 0 < probabilities[0] < probabilities[-1] < 100
    assert all(r[3] is None or r[3] > 0 for r in rows)
    assert db.setting("currency") == "USD"


def test_default_pipeline_in_chinese(tmp_path: Path) -> None:
    with open_database(tmp_path / "zh.sqlite", language="zh_CN") as database:
        names = [r[0] for r in database.query("SELECT name FROM stages ORDER BY position")]
        assert names == ["潜在客户", "初步接触", "需求分析", "提供方案", "商务谈判"]
        assert database.scalar("SELECT name FROM pipelines") == "销售管道"
        assert database.setting("currency") == "CNY"
