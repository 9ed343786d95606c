"""A large import builds the customers' indexes once at its end (``core/index_rebuild.py``):
they are back after a normal end, a Cancel, an error and a crash, lists stay right while
they are missing, undo still works, and the integrity check never calls the file damaged."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from funneldesk.core import integrity, schema
from funneldesk.core.customer_list import ListQuery, fetch_page
from funneldesk.core.db import Database, open_database
from funneldesk.core.importing import import_file, writer
from funneldesk.core.index_rebuild import deferred_indexes
from funneldesk.core.recorder import revert

NAMES = ["Zoe", "张伟", "adam", "Émile", "李娜", "Bob", "王芳", "carl", "Дмитрий", "Ann"]
CITIES = ["Beijing", "Paris", "Oslo"]


def customer_indexes(db: Database) -> set[str]:
    return {
        row[0]
        for row in db.query(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' "
            "AND sql IS NOT NULL"
        )
    }


def expected_indexes() -> set[str]:
    return {
        obj.name
        for obj in integrity.expected_objects(schema.SCHEMA_VERSION).values()
        if obj.type == "index" and obj.table == "customers"
    }


def contacts_csv(path: Path, rows: int, start: int = 0) -> Path:
    lines = ["Name,City,Mobile"] + [
        f"{NAMES[i % len(NAMES)]} {i},{CITIES[i % len(CITIES)]},139{i:08d}"
        for i in range(start, start + rows)
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def by_name(db: Database, city: str | None = None) -> list[str]:
    """The customer list sorted by name (as the app reads it), optionally for one city."""
    return [row.name for row in fetch_page(db, ListQuery(sort="name", city=city), 0, 1000)]


def name_sorted(db: Database, city: str | None = None) -> list[str]:
    """The same list sorted in Python from the stored sort keys: what it must show."""
    rows = db.query("SELECT id, name, name_sort, city FROM customers")
    chosen = [r for r in rows if city is None or r["city"] == city]
    return [r["name"] for r in sorted(chosen, key=lambda r: (r["name_sort"], r["id"]))]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "BATCH_ROWS", 5)


def watching(db: Database, seen: list[dict]) -> Callable[[int, int], None]:
    """A progress callback that records, after each committed batch, what another reader
    of the file sees."""

    def progress(done: int, _total: int) -> None:
        report = integrity.open_check(db)
        seen.append(
            {
                "done": done,
                "indexes": customer_indexes(db),
                "deferred": set(deferred_indexes(db.reader)),
                "sound": report.sound,
                "sorted": by_name(db) == name_sorted(db),
                "city": by_name(db, "Paris") == name_sorted(db, "Paris"),
            }
        )

    return progress


@pytest.mark.usefixtures("small_batches")
def test_a_large_import_builds_the_indexes_at_its_end_and_lists_stay_right(
    db: Database, tmp_path: Path
) -> None:
    seen: list[dict] = []
    result = import_file(db, contacts_csv(tmp_path / "c.csv", 23), progress=watching(db, seen))
    assert result.imported == 23
    during = seen[:-1]
    assert during and all(not s["indexes"] for s in during), "dropped in the first batch"
    assert all(s["deferred"] == expected_indexes() for s in during), "each one marked"
    assert all(s["sound"] for s in seen), "the check does not call a deferred index missing"
    assert all(s["sorted"] and s["city"] for s in seen), "sorted and filtered lists stay right"
    assert customer_indexes(db) == expected_indexes()
    assert deferred_indexes(db.reader) == {}
    assert integrity.check_file(db.path).sound


@pytest.mark.usefixtures("small_batches")
def test_a_deferring_import_is_undone_and_redone(db: Database, tmp_path: Path) -> None:
    result = import_file(db, contacts_csv(tmp_path / "c.csv", 12))
    undo = revert(db, result.changeset)
    assert db.scalar("SELECT COUNT(*) FROM customers") == 0
    revert(db, undo)
    assert by_name(db) == name_sorted(db) and len(by_name(db)) == 12
    assert customer_indexes(db) == expected_indexes()


@pytest.mark.usefixtures("small_batches")
def test_cancel_builds_the_indexes(db: Database, tmp_path: Path) -> None:
    seen: list[dict] = []
    watch = watching(db, seen)
    result = import_file(
        db, contacts_csv(tmp_path / "c.csv", 20), progress=watch, cancelled=lambda: len(seen) == 2
    )
    assert result.cancelled and result.imported == 10
    assert not seen[-1]["indexes"], "the batches written ran without them"
    assert customer_indexes(db) == expected_indexes()
    assert deferred_indexes(db.reader) == {}
    revert(db, result.changeset)
    assert db.scalar("SELECT COUNT(*) FROM customers") == 0


@pytest.mark.usefixtures("small_batches")
def test_an_error_mid_import_builds_the_indexes_and_is_raised(db: Database, tmp_path: Path) -> None:
    def fail_at_ten(done: int, _total: int) -> None:
        if done == 10:
            raise OSError("disk unplugged")

    with pytest.raises(OSError, match="unplugged"):
        import_file(db, contacts_csv(tmp_path / "c.csv", 20), progress=fail_at_ten)
    assert db.scalar("SELECT COUNT(*) FROM customers") == 10
    assert customer_indexes(db) == expected_indexes()
    assert deferred_indexes(db.reader) == {}


CRASHING_IMPORT = """
import os, sys
from funneldesk.core.db import open_database
from funneldesk.core.importing import import_file, writer

writer.BATCH_ROWS = 5
db = open_database(sys.argv[1])
import_file(db, sys.argv[2], progress=lambda done, total: done == 10 and os._exit(9))
"""


@pytest.mark.usefixtures("small_batches")
def test_an_import_killed_half_way_is_completed_when_the_file_is_next_opened(
    db: Database, tmp_path: Path
) -> None:
    path = db.path
    db.close()
    killed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CRASHING_IMPORT), str(path),
         str(contacts_csv(tmp_path / "c.csv", 20))],
        env={**os.environ}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert killed.returncode == 9, killed.stderr
    with closing(sqlite3.connect(path)) as raw:
        assert set(deferred_indexes(raw)) == expected_indexes(), "killed with them deferred"
    report = integrity.check_file(path)  # read only: it cannot build them, nor calls them missing
    assert report.sound, report.as_json()
    with open_database(path) as reopened:
        assert customer_indexes(reopened) == expected_indexes()
        assert deferred_indexes(reopened.reader) == {}
        assert reopened.scalar("SELECT COUNT(*) FROM customers") == 10
        assert by_name(reopened) == name_sorted(reopened)


@pytest.mark.usefixtures("small_batches")
def test_a_small_import_into_a_larger_file_keeps_the_indexes(db: Database, tmp_path: Path) -> None:
    import_file(db, contacts_csv(tmp_path / "first.csv", 30))
    seen: list[dict] = []
    import_file(db, contacts_csv(tmp_path / "more.csv", 12, start=30), progress=watching(db, seen))
    assert all(s["indexes"] == expected_indexes() for s in seen), "12 rows beside 30: kept"
    assert db.scalar("SELECT COUNT(*) FROM customers") == 42


@pytest.mark.usefixtures("small_batches")
def test_the_index_build_is_reported_as_a_phase_before_the_import_ends(
    db: Database, tmp_path: Path
) -> None:
    reports: list[tuple[str, int, int]] = []

    def building(done: int, total: int) -> None:
        present = db.conn.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
        ).fetchone()[0]
        reports.append(("building", done, total))
        assert present == done, "each report comes once that many indexes are built"

    import_file(
        db,
        contacts_csv(tmp_path / "c.csv", 23),
        progress=lambda done, total: reports.append(("rows", done, total)),
        building=building,
    )
    count = len(expected_indexes())
    rows = [r for r in reports if r[0] == "rows"]
    assert rows[-1] == ("rows", 23, 23)
    assert reports[len(rows) :] == [("building", i, count) for i in range(count + 1)], (
        "after the last row: the build, index by index, from its start to its end"
    )


@pytest.mark.usefixtures("small_batches")
def test_cancel_reports_the_index_build_it_still_waits_for(db: Database, tmp_path: Path) -> None:
    built: list[int] = []
    result = import_file(
        db,
        contacts_csv(tmp_path / "c.csv", 20),
        building=lambda done, _total: built.append(done),
        cancelled=lambda: db.scalar("SELECT COUNT(*) FROM customers") == 10,
    )
    assert result.cancelled and built == list(range(len(expected_indexes()) + 1))


def test_the_rows_bar_ends_full_when_the_line_count_overstated_the_rows(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "notes.csv"
    path.write_text('Name,Notes\nAnn,"two\nlines"\nBob,one\n', encoding="utf-8")
    reports: list[tuple[int, int]] = []
    import_file(db, path, progress=lambda done, total: reports.append((done, total)))
    assert reports[-1] == (2, 2), "three lines, two rows: the bar must not stop short"
