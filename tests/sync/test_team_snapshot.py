"""The hub's snapshot file: a new laptop joins from it, and gets what a row-by-row join
gives; it holds nothing of the laptop that made it; crashes, old hubs and other FunnelDesk
versions fall back or recover."""

from __future__ import annotations

import math
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from funneldesk.core import customers, schema, search
from funneldesk.core.db import Database
from funneldesk.core.demo import generate_demo
from funneldesk.core.funnel_statistics import compute_funnel
from funneldesk.core.settings_ops import set_settings
from funneldesk.core.sync import hub, snapshot, team
from tests.sync.support import (
    assert_converged,
    drop_snapshot,
    laptop,
    owner_and_member_team,
    rows_of,
    sync_all,
    team_of,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _info(dsn: str) -> hub.SnapshotInfo | None:
    with hub.connect(dsn) as conn:
        return hub.snapshot_info(conn)


def _download(dsn: str, target: Path) -> hub.SnapshotInfo:
    with hub.connect(dsn) as conn:
        info = hub.download_snapshot(conn, target, schema.SCHEMA_VERSION)
    assert info is not None
    return info


@pytest.fixture
def joins(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """How each join took the team's data: "snapshot" or "rows"."""
    taken: list[str] = []
    by_rows, by_snapshot = team._take_in, team._take_in_snapshot

    def rows(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        taken.append("rows")
        return by_rows(*args, **kwargs)

    def from_snapshot(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        taken.append("snapshot")
        return by_snapshot(*args, **kwargs)

    monkeypatch.setattr(team, "_take_in", rows)
    monkeypatch.setattr(team, "_take_in_snapshot", from_snapshot)
    return taken


def _table(db: Database, sql: str) -> list[tuple]:
    return sorted(tuple(r) for r in db.conn.execute(sql))


def _derived(db: Database) -> dict[str, list[tuple]]:
    """Every derived table, with the funnel facts' path ids spelled out (each file numbers
    the stage paths it meets in its own order)."""
    facts = [r[1] for r in db.conn.execute("PRAGMA table_info(deal_facts)") if r[1] != "path_id"]
    return {
        "customers": _table(db, "SELECT * FROM customers"),  # with the sort keys
        "deal_facts": _table(
            db,
            f"SELECT {', '.join('f.' + c for c in facts)}, p.stages FROM deal_facts f "
            "JOIN stage_paths p ON p.id = f.path_id",
        ),
        "stage_paths": _table(db, "SELECT stages FROM stage_paths"),
        "stage_visits": _table(db, "SELECT * FROM stage_visits"),
        "activity_days": _table(db, "SELECT * FROM activity_days"),
        "customer_search": _table(db, "SELECT rowid, * FROM customer_search"),
        "customer_name_keys": _table(db, "SELECT key, customer_id FROM customer_name_keys"),
        "settings": _table(db, "SELECT key, value, id FROM settings"),
        "queues": _table(
            db,
            "SELECT (SELECT COUNT(*) FROM customer_search_pending), "
            "(SELECT COUNT(*) FROM customer_sort_pending)",
        ),
    }


def test_a_snapshot_join_gives_what_a_row_join_gives(
    tmp_path: Path, hub_dsn: str, joins: list[str]
) -> None:
    a = laptop(tmp_path, "anna")
    generate_demo(a, customers=120, seed=3)
    team.create(a, hub_dsn, "anna")
    b = laptop(tmp_path, "bo")
    team.join(b, hub_dsn, "bo")
    drop_snapshot(hub_dsn)
    c = laptop(tmp_path, "chen")
    team.join(c, hub_dsn, "chen")
    assert joins == ["rows", "snapshot", "rows"]  # anna's file had data of its own
    sync_all(a, b, c)
    assert_converged(hub_dsn, a, b, c)
    for db in (b, c):
        search.update_search_index(db)  # what the app does with a long queue
    assert _derived(b) == _derived(c)
    name = b.scalar("SELECT name FROM customers ORDER BY id LIMIT 1 OFFSET 7")
    found = search.search_customers(b, name.split()[0])
    assert found and found == search.search_customers(c, name.split()[0])
    assert compute_funnel(b) == compute_funnel(c)


def test_the_uploaded_snapshot_holds_nothing_of_the_laptop_that_made_it(
    tmp_path: Path, hub_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    ada = customers.create_customer(a, {"name": "Ada"}).inserted_ids("customers")[0]
    sync_all(a, b)
    customers.update_customer(b, ada, {"city": "Marker-Lost-91c2"})
    time.sleep(0.005)  # a later clock, even on one machine
    customers.update_customer(a, ada, {"city": "Shanghai"})
    team.sync(b)
    team.sync(a)  # anna's later edit wins; her laptop lists Bo's value as lost
    assert [c["lost_value"] for c in team.conflicts(a)] == ["Marker-Lost-91c2"]
    set_settings(a, {"remind_days_before": 3})
    with a.bulk() as conn:  # a personal setting another tool wrote
        conn.execute("INSERT INTO settings (key, value) VALUES ('scratch', 'Marker-Local-7f3a')")
    monkeypatch.setattr(snapshot, "MIN_GROWTH", 0)
    team.sync(a)
    info = _download(hub_dsn, tmp_path / "uploaded.sqlite")
    assert info.made_by == "anna"
    assert info.seq == a.scalar("SELECT cursor FROM sync_state")
    raw = (tmp_path / "uploaded.sqlite").read_bytes()
    assert b"Marker-Lost-91c2" not in raw and b"Marker-Local-7f3a" not in raw
    conn = sqlite3.connect(tmp_path / "uploaded.sqlite")
    for table in snapshot.LOCAL_TABLES:
        assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone() == (0,), table
    assert conn.execute("SELECT COUNT(*) FROM settings WHERE id IS NULL").fetchone() == (0,)
    assert conn.execute("SELECT name FROM sqlite_sequence WHERE seq > 0").fetchall() == []
    triggers = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_%'"
    assert conn.execute(triggers).fetchall() == []
    assert snapshot.unclassified(conn) == []
    assert conn.execute("SELECT city FROM customers").fetchall() == [("Shanghai",)]
    assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
    conn.close()


def test_every_table_of_the_schema_is_shared_derived_or_local(tmp_path: Path) -> None:
    db = laptop(tmp_path, "anna")
    assert snapshot.unclassified(db.conn) == []
    with db.bulk() as conn:
        conn.execute("CREATE TABLE notes_of_another_tool (id INTEGER PRIMARY KEY)")
    assert snapshot.unclassified(db.conn) == ["notes_of_another_tool"]


def test_the_snapshot_is_refreshed_when_the_log_has_grown_enough(
    tmp_path: Path, hub_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot, "MIN_GROWTH", 20)
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    first = _info(hub_dsn)
    assert first is not None and first.made_by == "anna"  # team create made one
    for i in range(15):
        customers.create_customer(b, {"name": f"Customer {i}"})
    team.sync(b)
    assert _info(hub_dsn) == first  # 15 changes: not worth a new file
    for i in range(10):
        customers.create_customer(b, {"name": f"More {i}"})
    team.sync(b)
    second = _info(hub_dsn)
    assert second is not None and second.made_by == "bo"
    assert second.seq == b.scalar("SELECT cursor FROM sync_state") == first.seq + 25
    assert second.shared_rows == first.shared_rows + 25
    with psycopg.connect(hub_dsn) as conn:  # only the newest is kept
        assert conn.execute("SELECT COUNT(*) FROM funneldesk.snapshot").fetchone() == (1,)
        chunks = conn.execute("SELECT COUNT(*) FROM funneldesk.snapshot_chunks").fetchone()[0]
    assert chunks == math.ceil(second.size / hub.SNAPSHOT_CHUNK)
    c = laptop(tmp_path, "chen")
    seen: list[tuple[int, int]] = []
    joined = team.join(c, hub_dsn, "chen", progress=lambda done, total: seen.append((done, total)))
    assert joined.pulled == 0  # everything came in the file
    assert c.scalar("SELECT COUNT(*) FROM customers") == 25
    assert seen == sorted(seen) and seen[-1] == (second.size, second.size)  # bytes, in order


def test_the_refresh_rule() -> None:
    assert not snapshot.worth_refreshing(10_000, 0, 0)
    assert snapshot.worth_refreshing(10_001, 0, 0)
    assert not snapshot.worth_refreshing(520_000, 500_000, 200_000)  # 20,000 = 10 %
    assert snapshot.worth_refreshing(520_001, 500_000, 200_000)


def test_a_joining_file_with_data_or_a_hub_without_a_snapshot_takes_rows(
    tmp_path: Path, hub_dsn: str, joins: list[str]
) -> None:
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    c = laptop(tmp_path, "chen")
    customers.create_customer(c, {"name": "Chen's customer"})
    team.join(c, hub_dsn, "chen")
    drop_snapshot(hub_dsn)
    d = laptop(tmp_path, "dana")
    team.join(d, hub_dsn, "dana")
    assert joins == ["rows", "snapshot", "rows", "rows"]
    sync_all(a, b, c, d)
    assert_converged(hub_dsn, a, b, c, d)
    assert d.scalar("SELECT owner FROM customers") == "chen"


def test_a_snapshot_from_a_newer_funneldesk_is_left_for_rows(
    tmp_path: Path, hub_dsn: str, joins: list[str]
) -> None:
    a = team_of(tmp_path, hub_dsn, "anna")[0]
    customers.create_customer(a, {"name": "Ada"})
    team.sync(a)
    with psycopg.connect(hub_dsn) as conn:
        conn.execute("UPDATE funneldesk.snapshot SET schema_version = schema_version + 1")
    b = laptop(tmp_path, "bo")
    team.join(b, hub_dsn, "bo")
    assert joins == ["rows", "rows"]
    assert_converged(hub_dsn, a, b)


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE funneldesk.snapshot_chunks SET data = decode(repeat('00', 4096), 'hex') "
        "WHERE n = 3",
        "DELETE FROM funneldesk.snapshot_chunks WHERE n = (SELECT max(n) FROM "
        "funneldesk.snapshot_chunks)",
    ],
    ids=["zeroed page", "missing chunk"],
)
def test_a_damaged_snapshot_is_set_aside_for_rows(
    tmp_path: Path, hub_dsn: str, monkeypatch: pytest.MonkeyPatch, joins: list[str], damage: str
) -> None:
    monkeypatch.setattr(hub, "SNAPSHOT_CHUNK", 4096)  # one page per chunk
    a = laptop(tmp_path, "anna")
    generate_demo(a, customers=30, seed=5)
    team.create(a, hub_dsn, "anna")
    with psycopg.connect(hub_dsn) as conn:
        conn.execute(damage)
    b = laptop(tmp_path, "bo")
    team.join(b, hub_dsn, "bo")
    assert joins == ["rows", "rows"]
    assert_converged(hub_dsn, a, b)


def test_a_snapshot_from_an_older_funneldesk_is_upgraded_as_it_arrives(
    tmp_path: Path, hub_dsn: str
) -> None:
    a = team_of(tmp_path, hub_dsn, "anna")[0]
    older = tmp_path / "older.sqlite"
    shutil.copyfile(FIXTURES / f"schema-v{schema.SCHEMA_VERSION - 1}.sqlite", older)
    conn = sqlite3.connect(older, isolation_level=None)
    conn.execute("DELETE FROM settings")  # as that FunnelDesk would have stripped it
    names = sorted(r[0] for r in conn.execute("SELECT name FROM customers"))
    conn.close()  # the last connection folds the write-ahead log into the file
    top = a.scalar("SELECT cursor FROM sync_state")
    with hub.connect(hub_dsn) as conn:
        conn.execute("DELETE FROM funneldesk.snapshot")
        conn.commit()
        assert hub.upload_snapshot(
            conn,
            older,
            seq=top,
            hlc=1,
            schema_version=schema.SCHEMA_VERSION - 1,
            shared_rows=len(names),
            member="anna",
        )
    b = laptop(tmp_path, "bo")
    team.join(b, hub_dsn, "bo")
    assert b.scalar("PRAGMA user_version") == schema.SCHEMA_VERSION
    assert sorted(r[0] for r in b.query("SELECT name FROM customers")) == names
    assert b.setting("language") == "en"  # Bo's own settings came along


KILLED_JOIN = """
import os, signal, sys
import psycopg
from funneldesk.core.db import Database, open_database
from funneldesk.core.sync import team

def kill():
    os.kill(os.getpid(), signal.SIGKILL)

if sys.argv[3] == "download":  # a few chunks in
    stream = psycopg.Cursor.stream
    def streamed(self, *args, **kwargs):
        for n, row in enumerate(stream(self, *args, **kwargs)):
            if n == 5:
                kill()
            yield row
    psycopg.Cursor.stream = streamed
else:  # the file replaced, the first sync not yet run
    take = Database.take_content_of
    def taken(self, source):
        take(self, source)
        kill()
    Database.take_content_of = taken
team.join(open_database(sys.argv[1]), sys.argv[2], "bo")
"""


def _killed_join(db_path: Path, dsn: str, where: str) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", KILLED_JOIN, str(db_path), dsn, where],
        env=env,
        capture_output=True,
    )
    assert done.returncode == -9, done.stderr.decode()


def test_kill_9_during_the_snapshot_download_leaves_the_file_as_it_was(
    tmp_path: Path, hub_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hub, "SNAPSHOT_CHUNK", 4096)  # many chunks to be killed among
    a = laptop(tmp_path, "anna")
    generate_demo(a, customers=30, seed=5)
    team.create(a, hub_dsn, "anna")
    laptop(tmp_path, "bo").close()
    before = (tmp_path / "bo.sqlite").read_bytes()
    _killed_join(tmp_path / "bo.sqlite", hub_dsn, "download")
    assert (tmp_path / "bo.sqlite").read_bytes() == before
    assert list(tmp_path.glob(".bo.sqlite.snapshot.*.partial"))  # the half-downloaded file
    b = laptop(tmp_path, "bo")
    assert not list(tmp_path.glob(".bo.sqlite.*partial*"))  # cleaned up on opening
    assert team.state(b) is None and b.scalar("SELECT COUNT(*) FROM customers") == 0
    team.join(b, hub_dsn, "bo")
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)


def test_kill_9_right_after_the_file_was_replaced_leaves_it_joined(
    tmp_path: Path, hub_dsn: str
) -> None:
    a = laptop(tmp_path, "anna")
    generate_demo(a, customers=30, seed=5)
    team.create(a, hub_dsn, "anna")
    customers.create_customer(a, {"name": "After the snapshot"})
    team.sync(a)
    laptop(tmp_path, "bo").close()
    _killed_join(tmp_path / "bo.sqlite", hub_dsn, "replaced")
    b = laptop(tmp_path, "bo")
    assert not list(tmp_path.glob(".bo.sqlite.*partial*"))
    assert b.scalar("PRAGMA quick_check") == "ok"
    assert b.scalar("SELECT cursor FROM sync_state") == _info(hub_dsn).seq
    assert team.sync(b).pulled == 1  # what came after the snapshot
    assert_converged(hub_dsn, a, b)
    assert rows_of(a) == rows_of(b)


def test_an_older_hub_is_upgraded_by_its_owner_and_members_share_the_snapshot(
    tmp_path: Path, hub_dsn: str, monkeypatch: pytest.MonkeyPatch, joins: list[str]
) -> None:
    a, b, c = laptop(tmp_path, "anna"), laptop(tmp_path, "bo"), laptop(tmp_path, "chen")
    with owner_and_member_team(hub_dsn, a, b) as (as_owner, as_member, member):
        with psycopg.connect(as_owner) as conn:  # as a hub set up before snapshots
            conn.execute("DROP TABLE funneldesk.snapshot, funneldesk.snapshot_chunks")
            conn.execute(
                "UPDATE funneldesk.hub_meta SET value = %s WHERE key = 'schema_version'",
                (str(hub.HUB_MIGRATIONS.index(hub._v3_snapshot)),),
            )
        with pytest.raises(hub.HubOutdatedError):
            team.sync(b)
        team.sync(a)  # the owner's laptop upgrades the hub
        monkeypatch.setattr(snapshot, "MIN_GROWTH", 0)
        customers.create_customer(b, {"name": "Bo's customer"})
        team.sync(b)  # a member may replace the snapshot
        assert _info(hub_dsn).made_by == "bo"
        team.join(c, as_member, "chen")
        assert joins == ["rows", "snapshot", "snapshot"]
        sync_all(a, b, c)
        assert_converged(hub_dsn, a, b, c)
