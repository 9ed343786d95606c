"""New rows pushed typed: what goes typed, what keeps its JSON, and hubs whose log predates it."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from funneldesk.core import customers
from funneldesk.core.sync import capture, hub, team
from tests.sync.support import as_hub_schema_3, assert_converged, laptop, sync_all, team_of


def _id(db, name: str) -> int:  # noqa: ANN001
    return db.scalar("SELECT id FROM customers WHERE name = ?", (name,))


def _log(dsn: str, row_id: int, column: str = "name") -> list[tuple]:
    """The row's log entries: (op, whether it is a typed row, its ``column``'s value)."""
    with psycopg.connect(dsn) as conn:
        return conn.execute(
            "SELECT op, typed, cols ->> %s FROM funneldesk.log WHERE row_id = %s ORDER BY seq",
            (column, row_id),
        ).fetchall()


def test_new_rows_go_typed_and_edited_ones_keep_their_json(tmp_path: Path, hub_dsn: str) -> None:
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    customers.create_customer(a, {"name": "Plain", "notes": "it's 'quoted', \\N, a,b"})
    customers.create_customer(a, {"name": "Edited"})
    customers.update_customer(a, _id(a, "Edited"), {"city": "Hangzhou"})
    sync_all(a, b)
    assert _log(hub_dsn, _id(a, "Plain")) == [("insert", True, "Plain")]
    assert _log(hub_dsn, _id(a, "Edited"), "city") == [
        ("insert", False, None),
        ("update", False, "Hangzhou"),
    ]
    assert_converged(hub_dsn, a, b)
    assert b.scalar("SELECT notes FROM customers WHERE name = 'Plain'") == "it's 'quoted', \\N, a,b"


def test_a_row_changed_after_capture_is_sent_as_captured(tmp_path: Path, hub_dsn: str) -> None:
    """A row whose values differ from what its insert captured (written while capture was
    paused, as a pull or a schema step writes) is sent as the trigger recorded it: the log
    holds what was captured, never what the row holds later."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    customers.create_customer(a, {"name": "Changed", "city": "Captured"})
    customers.create_customer(a, {"name": "Same"})
    with a.bulk() as conn:
        capture.paused(conn)
        conn.execute("UPDATE customers SET city = 'Later' WHERE name = 'Changed'")
        capture.resumed(conn)
    team.sync(a)
    assert [(op, city) for op, _, city in _log(hub_dsn, _id(a, "Changed"), "city")] == [
        ("insert", "Captured")
    ]
    assert _log(hub_dsn, _id(a, "Same")) == [("insert", True, "Same")]
    with psycopg.connect(hub_dsn) as conn:
        city = conn.execute(
            "SELECT city FROM funneldesk.customers WHERE id = %s", (_id(a, "Changed"),)
        ).fetchone()
    assert city == ("Captured",)
    team.sync(b)
    assert b.scalar("SELECT city FROM customers WHERE name = 'Changed'") == "Captured"


def test_a_value_the_hub_cannot_hold_is_refused_whole(tmp_path: Path, hub_dsn: str) -> None:
    """Text in a number column (written by another SQLite tool) converts on the hub as the
    JSON's text would: a value that cannot refuses the whole push, nothing of it stored;
    one that can arrives converted; once the value is fixed, everything goes through."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    customers.create_customer(a, {"name": "Fine"})
    with a.bulk() as conn:
        conn.execute(
            "INSERT INTO customers (name, contact_every_days, satisfaction, created_at, "
            "updated_at) VALUES ('Odd', 'often', ' 4', 'x', 'x')"
        )
    with psycopg.connect(hub_dsn) as conn:
        before = conn.execute("SELECT count(*) FROM funneldesk.log").fetchone()
    with pytest.raises(hub.HubError, match="bigint"):
        team.sync(a)
    with psycopg.connect(hub_dsn) as conn:
        assert conn.execute("SELECT count(*) FROM funneldesk.log").fetchone() == before
    assert a.scalar("SELECT COUNT(*) FROM sync_outbox") == 2
    customers.update_customer(a, _id(a, "Odd"), {"contact_every_days": 30})
    sync_all(a, b)
    assert b.query_one("SELECT contact_every_days, satisfaction FROM customers WHERE name = 'Odd'")[
        :
    ] == (30, 4)


def test_an_upgraded_hub_keeps_the_json_entries_in_its_log(tmp_path: Path, hub_dsn: str) -> None:
    """A hub whose log was written before typed inserts (an identity ``seq``, JSON in every
    entry, mirrors as plain tables) is upgraded by its owner's next sync; its old entries
    are pulled, folded and joined from as before, beside the new typed ones."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    customers.create_customer(a, {"name": "Old"})
    customers.create_customer(a, {"name": "Old, edited later"})
    team.sync(a)
    as_hub_schema_3(hub_dsn)  # as if an older FunnelDesk had pushed them there
    team.sync(b)  # upgrades the hub, pulls the old entries
    assert _log(hub_dsn, _id(a, "Old")) == [("insert", False, "Old")]  # as an old push wrote it
    customers.update_customer(a, _id(a, "Old, edited later"), {"city": "Xi'an"})
    customers.create_customer(b, {"name": "New"})
    sync_all(a, b)
    assert _log(hub_dsn, _id(b, "New")) == [("insert", True, "New")]
    c = laptop(tmp_path, "chen")
    team.join(c, hub_dsn, "chen")
    sync_all(a, b, c)
    assert_converged(hub_dsn, a, b, c)
    with psycopg.connect(hub_dsn) as conn:
        identity = conn.execute(
            "SELECT attidentity FROM pg_attribute WHERE attrelid = 'funneldesk.changes'::regclass "
            "AND attname = 'seq'"
        ).fetchone()
    assert identity == ("",)


def test_a_column_the_office_added_to_a_mirror_stays_empty(tmp_path: Path, hub_dsn: str) -> None:
    """The mirrors are the office's to query: a column it adds to one (to its table of
    folded rows, shown by the view once it is made again) for its own reports does not stop
    new rows going typed, and stays empty for them."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    with psycopg.connect(hub_dsn) as conn:
        conn.execute("ALTER TABLE funneldesk.folded_customers ADD COLUMN region text")
        with conn.cursor() as cur:  # as `team create` run again makes them
            hub.make_views(cur, ["customers"])
    customers.create_customer(a, {"name": "Typed"})
    sync_all(a, b)
    assert _log(hub_dsn, _id(a, "Typed")) == [("insert", True, "Typed")]
    assert_converged(hub_dsn, a, b)
    with psycopg.connect(hub_dsn) as conn:
        assert conn.execute("SELECT DISTINCT region FROM funneldesk.customers").fetchall() == [
            (None,)
        ]
