"""The file checks itself: missing triggers and indexes, stale derived data, broken rules.

Another SQLite tool (or a hand-made restore) drops a trigger or an index, or writes rows that
break a rule with the checks switched off. ``funneldesk check`` must find each of them, its
``--repair`` put back what can be put back, the statistics refuse stale facts, and a file
with a broken rule must still be backed up.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from funneldesk.cli import main as cli_main
from funneldesk.core import backup, customers, deals, funnel_facts, integrity, search
from funneldesk.core.db import Database
from funneldesk.core.errors import Cancelled, StaleDataError
from funneldesk.core.funnel_statistics import compute_funnel
from funneldesk.core.schema import SCHEMA_VERSION
from tests.core.test_analytics_oracle import assert_matches


def with_deals(db: Database, count: int = 12) -> list[int]:
    """``count`` deals of three customers, half of them moved on once."""
    stages = stage_ids(db)
    owners = [customers.create_customer(db, {"name": n, "owner": n}) for n in ("Ann", "Bo", "Cy")]
    ids = []
    for number in range(count):
        owner = owners[number % 3].inserted_ids("customers")[0]
        change = deals.create_deal(db, {"title": f"Deal {number}", "customer_id": owner})
        ids.append(change.inserted_ids("deals")[0])
    deals.move_deals(db, ids[::2], stages[1])
    return ids


def stage_ids(db: Database) -> list[int]:
    return [r[0] for r in db.query("SELECT id FROM stages ORDER BY position")]


def kinds(report: integrity.IntegrityReport) -> list[str]:
    return [finding.kind for finding in report.findings]


def check_json(capsys, path: Path, *options: str) -> tuple[int, dict]:  # noqa: ANN001
    code = cli_main(["check", "--db", str(path), "--json", *options])
    return code, json.loads(capsys.readouterr().out)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw(path: Path, *statements: str) -> None:
    """Write as another SQLite tool would: its own connection, foreign keys and checks off."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def test_a_new_file_is_sound_and_expected_objects_come_from_the_migrations(db: Database) -> None:
    report = integrity.inspect(db.conn, SCHEMA_VERSION, full=True)
    assert report.sound, report.findings
    expected = integrity.expected_objects(SCHEMA_VERSION)
    assert set(funnel_facts.TRIGGERS) <= set(expected)
    assert {"idx_deals_stage", "customers_search_insert", "customer_search"} <= set(expected)


def test_moves_with_a_facts_trigger_dropped_are_found_and_repaired(db: Database) -> None:
    ids = with_deals(db)
    raw(db.path, "DROP TRIGGER facts_history_insert")
    stages = stage_ids(db)
    deals.move_deals(db, ids[:8], stages[2])
    deals.move_deals(db, ids[:3], stages[3])
    deals.win_deals(db, ids[:2])
    assert funnel_facts.differences(db.conn)  # the statistics would be wrong

    cheap = integrity.inspect(db.conn, SCHEMA_VERSION, full=False)
    assert cheap.stale() == [integrity.FACTS.name]
    with pytest.raises(StaleDataError):
        compute_funnel(db)
    full = integrity.inspect(db.conn, SCHEMA_VERSION, full=True)
    stale = [f for f in full.findings if f.kind == integrity.STALE]
    assert {f.table for f in stale} >= {"stage_visits"} and all(f.rows for f in stale)

    report = integrity.check_and_repair(db, full=True)
    assert report.sound and integrity.MISSING_TRIGGER in [f.kind for f in report.repaired]
    assert funnel_facts.differences(db.conn) == {}
    deals.move_deals(db, ids[8:], stages[2])  # the trigger works again
    assert funnel_facts.differences(db.conn) == {}
    assert_matches(db, None, None)


def test_a_dropped_index_is_recreated(db: Database) -> None:
    raw(db.path, "DROP INDEX idx_deals_stage", "DROP INDEX idx_deal_facts_open")
    report = integrity.inspect(db.conn, SCHEMA_VERSION, full=False)
    assert sorted(f.name for f in report.findings) == ["idx_deal_facts_open", "idx_deals_stage"]
    assert report.stale() == []  # an index only makes reading fast: figures stay right
    compute_funnel(db)
    integrity.check_and_repair(db, full=False)
    names = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"idx_deals_stage", "idx_deal_facts_open"} <= names


def test_a_lost_search_trigger_is_found_and_the_index_rebuilt(db: Database) -> None:
    raw(
        db.path,
        "DROP TRIGGER customers_search_insert",
        "INSERT INTO customers (name, created_at, updated_at) VALUES ('Zelda Quist', 'x', 'x')",
    )
    search.update_search_index(db)
    assert search.search_customers(db, "Zelda") == []
    assert integrity.inspect(db.conn, SCHEMA_VERSION, full=False).stale() == ["search index"]
    integrity.check_and_repair(db, full=True)
    assert [c["name"] for c in search.search_customers(db, "Zelda")] == ["Zelda Quist"]
    assert integrity.inspect(db.conn, SCHEMA_VERSION, full=True).sound


def test_check_lists_foreign_key_and_rule_violations_by_row(db: Database, capsys) -> None:  # noqa: ANN001
    with_deals(db, 3)
    raw(
        db.path,
        "INSERT INTO preferences (customer_id, category, value) VALUES (987654, 'tea', 'green')",
        "UPDATE deals SET value = -5 WHERE id = 2",
    )
    # NOT NULL cannot be switched off: a tool that rewrites the table's definition can
    loosen = "replace(sql, 'name TEXT NOT NULL,', 'name TEXT,')"
    tighten = "replace(sql, 'name TEXT,', 'name TEXT NOT NULL,')"
    for statement in (loosen, tighten):
        version = db.scalar("PRAGMA schema_version")
        raw(
            db.path,
            "PRAGMA writable_schema = ON",
            f"UPDATE sqlite_master SET sql = {statement} WHERE name = 'customers'",
            f"PRAGMA schema_version = {version + 1}",
        )
        if statement == loosen:
            raw(db.path, "UPDATE customers SET name = NULL WHERE id = 1")
    code, data = check_json(capsys, db.path)
    assert code == 1 and data["sound"] is False
    found = {(f["kind"], f["table"], f["row_id"]): f for f in data["findings"]}
    assert set(found) == {
        ("foreign_key_violation", "preferences", 1),
        ("check_violation", "deals", 2),
        ("not_null_violation", "customers", 1),
    }
    assert "987654" in found[("foreign_key_violation", "preferences", 1)]["message"]
    assert "value >= 0" in found[("check_violation", "deals", 2)]["message"]
    assert not any(f["repairable"] for f in data["findings"])
    code, data = check_json(capsys, db.path, "--repair")  # listed, never deleted
    assert code == 1 and len(data["findings"]) == 3
    assert db.scalar("SELECT value FROM deals WHERE id = 2") == -5


def test_a_file_breaking_a_check_rule_is_still_backed_up_and_restorable(
    db: Database, tmp_path: Path
) -> None:
    with_deals(db, 2)
    raw(db.path, "UPDATE deals SET value = -5 WHERE id = 1")
    info = backup.create_backup(db.path, folder=tmp_path / "backups")
    assert info.deals == 2
    assert backup.latest_good_backup(db.path, tmp_path / "backups") == info
    assert cli_main(["backup", "--db", str(db.path), "--to", str(tmp_path / "copy.sqlite")]) == 0
    copy = integrity.check_file(tmp_path / "copy.sqlite")
    assert kinds(copy) == ["check_violation"]


def test_check_without_repair_leaves_the_file_byte_identical(db: Database, capsys) -> None:  # noqa: ANN001
    with_deals(db)
    db.close()
    raw(db.path, "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA journal_mode = DELETE")
    raw(db.path, "DROP TRIGGER facts_deal_update", "UPDATE deals SET value = value + 1")
    before = digest(db.path)
    code, data = check_json(capsys, db.path)
    assert code == 1 and data["repaired"] == []
    assert {f["kind"] for f in data["findings"]} == {"missing_trigger", "stale_derived_data"}
    assert digest(db.path) == before
    assert sorted(p.name for p in db.path.parent.iterdir()) == [db.path.name]
    code, data = check_json(capsys, db.path, "--repair")
    assert code == 0 and data["sound"] and len(data["repaired"]) == 2
    assert check_json(capsys, db.path) == (0, data | {"repaired": []})


def test_check_of_a_missing_or_foreign_file_is_exit_2(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    assert cli_main(["check", "--db", str(tmp_path / "nothing.sqlite")]) == 2
    (tmp_path / "notes.txt").write_text("not a database")
    assert cli_main(["check", "--db", str(tmp_path / "notes.txt")]) == 2
    assert capsys.readouterr().err.count("\n") == 2


def test_a_cancelled_repair_changes_nothing(db: Database) -> None:
    with_deals(db)
    raw(db.path, "DROP TRIGGER facts_history_insert", "DROP INDEX idx_deals_stage")
    report = integrity.inspect(db.conn, SCHEMA_VERSION, full=False)
    steps: list[int] = []
    with pytest.raises(Cancelled):  # pressed after the first step
        integrity.repair(db, report, lambda done, _total: steps.append(done), lambda: bool(steps))
    assert steps == [1] and integrity.inspect(db.conn, SCHEMA_VERSION, full=False) == report


def test_an_old_file_is_only_read_without_repair_and_upgraded_with_it(
    tmp_path: Path,
    capsys,  # noqa: ANN001
) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schema-v3.sqlite"
    copy = tmp_path / "old.sqlite"
    copy.write_bytes(fixture.read_bytes())
    assert cli_main(["check", "--db", str(copy)]) == 2
    assert "older FunnelDesk" in capsys.readouterr().err
    assert digest(copy) == digest(fixture)
    code, data = check_json(capsys, copy, "--repair")
    assert code == 0 and data["schema_version"] == SCHEMA_VERSION and data["sound"]


def test_statistics_refuse_stale_facts_on_the_command_line(db: Database, capsys) -> None:  # noqa: ANN001
    with_deals(db, 3)
    raw(db.path, "DROP TRIGGER facts_deal_insert")
    assert cli_main(["stats", "--db", str(db.path), "--json"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "check --repair" in error


def test_a_command_that_writes_repairs_the_file_at_open(
    db: Database, tmp_path: Path, capsys
) -> None:  # noqa: ANN001
    with_deals(db, 3)
    raw(db.path, "DROP TRIGGER facts_history_insert", "DROP INDEX idx_customers_name")
    sheet = tmp_path / "people.csv"
    sheet.write_text("name,company\nIda Berg,Nordic Tea\n", encoding="utf-8")
    assert cli_main(["import", str(sheet), "--db", str(db.path)]) == 0
    assert "facts_history_insert" in capsys.readouterr().err
    assert integrity.inspect(db.conn, SCHEMA_VERSION, full=True).sound
    assert cli_main(["stats", "--db", str(db.path), "--json"]) == 0


def test_damaged_pages_are_one_finding_that_points_to_a_backup(db: Database, capsys) -> None:  # noqa: ANN001
    with db.bulk() as conn:
        conn.executemany(
            "INSERT INTO customers (name, notes, created_at, updated_at) VALUES (?, ?, 'x', 'x')",
            [(f"c{i}", "n" * 300) for i in range(2000)],
        )
    db.close()
    raw(db.path, "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA journal_mode = DELETE")
    middle_page = db.path.stat().st_size // 2 // 4096
    with db.path.open("r+b") as handle:  # scribble over a cell pointer of a customers' page
        handle.seek(middle_page * 4096 + 20)
        handle.write(b"\xff" * 8)
    code = cli_main(["check", "--db", str(db.path), "--json"])
    out, err = capsys.readouterr()
    if code == 1:  # the damage SQLite could walk past: one finding, not a row of each
        findings = json.loads(out)["findings"]
        assert [f["kind"] for f in findings] == ["damage"], findings
        assert "Restore a backup" in findings[0]["message"]
    else:  # too damaged to read at all: one line, exit 2
        assert code == 2 and err.count("\n") == 1 and "damaged" in err, (code, err)


def test_history_of_a_deal_that_is_gone_is_listed_and_does_not_block_the_statistics(
    db: Database,
) -> None:
    with_deals(db, 3)
    stage = stage_ids(db)[1]
    raw(
        db.path,
        "INSERT INTO stage_changes (deal_id, from_stage_id, to_stage_id, changed_at) "
        f"VALUES (424242, NULL, {stage}, '2026-03-01T09:00:00Z')",
    )
    report = integrity.inspect(db.conn, SCHEMA_VERSION, full=True)
    assert kinds(report) == ["foreign_key_violation"] and report.findings[0].row_id
    assert integrity.open_check(db).sound  # nothing stale: the figures may be computed
    compute_funnel(db)


def test_an_index_that_misses_rows_of_a_damaged_page_is_part_of_the_damage() -> None:
    """Which page a scribble hits decides whether integrity_check also reports an index
    missing rows; either way the user sees one finding: restore a backup."""

    class Lines:
        def execute(self, _sql: str) -> list[tuple[str]]:
            return [
                ("On tree page 165 cell 9: Offset 65535 out of range 37..4092",),
                ("row 693 missing from index idx_customers_name",),
                ("row 694 missing from index idx_customers_name_sort",),
            ]

    findings = integrity._integrity_findings(Lines())  # type: ignore[arg-type]
    assert [(f.kind, f.rows) for f in findings] == [("damage", 3)]
    assert "(and 2 more problems)" in findings[0].message
