"""The synced tables' shape as a sync reads it: read once per schema, never stale."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from funneldesk.core.db import open_database
from funneldesk.core.sync.tables import synced_tables


def _statements(conn: sqlite3.Connection) -> list[str]:
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    return seen


def test_the_shape_is_read_once_while_the_schema_stays(tmp_path: Path) -> None:
    """Every sync asks: the second time costs one query, not the forty PRAGMAs."""
    db = open_database(tmp_path / "a.sqlite", backup_dir=tmp_path / "backups")
    first = synced_tables(db.conn)
    seen = _statements(db.conn)
    assert synced_tables(db.conn) == first
    assert len(seen) == 1 and "PRAGMA" not in seen[0]
    db.close()


def test_a_column_added_is_seen_and_one_rolled_back_is_not(tmp_path: Path) -> None:
    db = open_database(tmp_path / "a.sqlite", backup_dir=tmp_path / "backups")
    customers = {t.name: t for t in synced_tables(db.conn)}["customers"]
    assert "budget" not in customers.columns
    with db.bulk() as conn:
        conn.execute("ALTER TABLE customers ADD COLUMN budget INTEGER DEFAULT 0")
        inside = {t.name: t for t in synced_tables(conn)}["customers"]
    assert inside.columns[-1] == "budget" and "budget" in inside.defaulted
    now = {t.name: t for t in synced_tables(db.conn)}["customers"]
    assert now == inside
    db.conn.execute("BEGIN")
    db.conn.execute("ALTER TABLE customers ADD COLUMN rolled_back TEXT")
    assert "rolled_back" in {t.name: t for t in synced_tables(db.conn)}["customers"].columns
    db.conn.execute("ROLLBACK")
    assert {t.name: t for t in synced_tables(db.conn)}["customers"] == now
    db.close()


def test_each_file_gets_its_own_shape(tmp_path: Path) -> None:
    a = open_database(tmp_path / "a.sqlite", backup_dir=tmp_path / "backups")
    b = open_database(tmp_path / "b.sqlite", backup_dir=tmp_path / "backups")
    with b.bulk() as conn:
        conn.execute("DROP TABLE activities")
    assert "activities" in [t.name for t in synced_tables(a.conn)]
    assert "activities" not in [t.name for t in synced_tables(b.conn)]
    assert "activities" in [t.name for t in synced_tables(a.conn)]
    a.close()
    b.close()
