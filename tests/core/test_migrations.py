"""Every schema version ever shipped upgrades to the current one without losing a row.

``tests/fixtures/schema-vN.sqlite`` was made by version N's own code
(``tests/fixtures/make_fixtures.py``); ``schema-vN.json`` holds every row it had.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from funneldesk.core import backup, customers, funnel_facts, schema, search
from funneldesk.core.db import open_database
from funneldesk.core.file_checks import inspect_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VERSIONS = sorted(int(p.stem.removeprefix("schema-v")) for p in FIXTURES.glob("schema-v*.sqlite"))


def _rows(path: Path, table: str, columns: list[str]) -> list[dict]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        quoted = ", ".join(f'"{c}"' for c in columns)
        return [dict(r) for r in conn.execute(f"SELECT {quoted} FROM {table} ORDER BY 1")]
    finally:
        conn.close()


def _assert_same_rows(path: Path, expected: dict) -> None:
    for table, rows in expected["tables"].items():
        columns = list(rows[0]) if rows else ["rowid"]
        assert _rows(path, table, columns) == rows, table


FOLLOW_UP_STEP = schema.MIGRATIONS.index(schema._v10_follow_ups_to_activities) + 1


def _follow_ups_planned(expected: dict, version: int) -> dict:
    """The rows a file of ``version`` keeps: follow-up dates move into activities when the
    follow-up step runs, so its contacts keep every value but that date."""
    if version >= FOLLOW_UP_STEP:
        return expected
    tables = dict(expected["tables"])
    tables["interactions"] = [{**r, "next_follow_up": None} for r in tables["interactions"]]
    return {**expected, "tables": tables}


def test_there_is_a_fixture_for_every_schema_version() -> None:
    assert list(range(1, schema.SCHEMA_VERSION + 1)) == VERSIONS


@pytest.mark.parametrize("version", VERSIONS)
def test_fixture_upgrades_to_current_with_every_row_and_a_pre_upgrade_backup(
    version: int, tmp_path: Path
) -> None:
    expected = json.loads((FIXTURES / f"schema-v{version}.json").read_text(encoding="utf-8"))
    path = tmp_path / "customer-file.sqlite"
    shutil.copyfile(FIXTURES / f"schema-v{version}.sqlite", path)
    assert inspect_file(path) == version == expected["schema_version"]
    folder = tmp_path / "backups"

    db = open_database(path, backup_dir=folder)
    assert db.scalar("PRAGMA user_version") == schema.SCHEMA_VERSION
    assert db.scalar("PRAGMA quick_check") == "ok"
    # The funnel's derived tables were filled from the rows the file already had.
    assert funnel_facts.differences(db.conn) == {}
    assert db.scalar("SELECT COUNT(*) FROM deal_facts") == len(expected["tables"]["deals"])
    planned = [dict(r) for r in db.query("SELECT * FROM activities ORDER BY id")]
    db.close()
    _assert_same_rows(path, _follow_ups_planned(expected, version))
    follow_ups = [r for r in expected["tables"]["interactions"] if r["next_follow_up"]]
    if version < FOLLOW_UP_STEP:  # each pending follow-up date became a planned activity
        assert follow_ups and [
            (a["customer_id"], a["due_date"], a["kind"], a["notes"]) for a in planned
        ] == [(r["customer_id"], r["next_follow_up"], r["kind"], r["summary"]) for r in follow_ups]

    db = open_database(path, backup_dir=folder)  # the upgraded file works like a new one
    try:
        customers.create_customer(db, {"name": "After upgrade"})
        assert [c["name"] for c in search.search_customers(db, "张三")] == ["张三"]
        assert [c["name"] for c in search.search_customers(db, "After")] == ["After upgrade"]
    finally:
        db.close()

    saved = backup.list_backups(folder)
    if version < schema.SCHEMA_VERSION:
        assert [b.kind for b in saved] == ["before-upgrade"]
        assert inspect_file(saved[0].path) == version
        _assert_same_rows(saved[0].path, expected)
        assert saved[0].path.stat().st_mode & 0o777 == 0o600
    else:
        assert saved == []


def test_a_failing_upgrade_step_leaves_the_file_at_its_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    oldest = VERSIONS[0]
    if oldest == schema.SCHEMA_VERSION:
        pytest.skip("only one schema version so far")
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / f"schema-v{oldest}.sqlite", path)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (id INTEGER)")
        raise sqlite3.OperationalError("disk I/O error")

    steps = list(schema.MIGRATIONS)
    steps[-1] = broken
    monkeypatch.setattr(schema, "MIGRATIONS", steps)
    with pytest.raises(Exception, match="could not be upgraded|disk I/O"):
        open_database(path, backup_dir=tmp_path / "backups")
    assert inspect_file(path) == oldest
    expected = json.loads((FIXTURES / f"schema-v{oldest}.json").read_text(encoding="utf-8"))
    _assert_same_rows(path, expected)
