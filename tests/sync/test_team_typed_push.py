"""New rows pushed typed: what goes typed, what keeps its JSON, and hubs whose log predates it."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from funneldesk.core import customers
from funneldesk.core.sync import capture, hub, team
from funneldesk.core.sync.clock import allocate_ids
from tests.sync.support import (
    as_hub_schema_3,
    as_hub_schema_5,
    assert_converged,
    hub_indexes,
    laptop,
    sync_all,
    team_of,
)


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


def test_an_upgraded_hub_finds_its_typed_rows_by_a_summary_of_their_order(
    tmp_path: Path, hub_dsn: str
) -> None:
    """Hub schema step 6: the typed insert logs lose their b-tree on ``seq`` and their
    trigger for a BRIN index, and pushes raise the log's top themselves; rows pushed typed
    before and after the upgrade reach a laptop that joins afterwards, and the top is
    the log's last entry."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    customers.create_customer(a, {"name": "Before"})
    sync_all(a, b)
    as_hub_schema_5(hub_dsn)
    customers.create_customer(b, {"name": "After"})
    sync_all(a, b)  # the owner's laptop upgrades the hub on its first sync
    c = laptop(tmp_path, "chen")
    team.join(c, hub_dsn, "chen")
    sync_all(a, b, c)
    assert_converged(hub_dsn, a, b, c)
    assert _log(hub_dsn, _id(b, "After")) == [("insert", True, "After")]
    indexes = [
        (name, "USING brin" in sql) for name, sql in hub_indexes(hub_dsn, "inserted_customers")
    ]
    with psycopg.connect(hub_dsn) as conn:
        triggers = conn.execute(
            "SELECT DISTINCT event_object_table FROM information_schema.triggers "
            "WHERE trigger_schema = 'funneldesk' AND trigger_name = 'log_grew'"
        ).fetchall()
        top, last = conn.execute(
            "SELECT (SELECT value::bigint FROM funneldesk.hub_meta WHERE key = 'top'), "
            "max(seq) FROM funneldesk.log"
        ).fetchone()
    assert indexes == [("inserted_customers_seq", True)]
    assert triggers == [("changes",)]
    assert top == last == c.scalar("SELECT cursor FROM sync_state")


def test_the_rows_a_file_brings_are_folded_when_it_joins(tmp_path: Path, hub_dsn: str) -> None:
    """``team create`` and a file joining with rows of its own fold what they upload into
    the mirrors' tables at once: nothing is left for a teammate's next sync to fold."""

    def pending_and_folded(name: str) -> tuple[bool, list[tuple]]:
        with psycopg.connect(hub_dsn) as conn:
            pending = conn.execute(
                "SELECT (SELECT value FROM funneldesk.hub_meta WHERE key = 'folded') <> "
                "(SELECT value FROM funneldesk.hub_meta WHERE key = 'top')"
            ).fetchone()[0]
            rows = conn.execute(
                "SELECT name FROM funneldesk.folded_customers WHERE name = %s", (name,)
            ).fetchall()
        return pending, rows

    a = laptop(tmp_path, "anna")
    customers.create_customer(a, {"name": "Anna's"})
    team.create(a, hub_dsn, "anna")
    assert pending_and_folded("Anna's") == (False, [("Anna's",)])
    b = laptop(tmp_path, "bo")
    customers.create_customer(b, {"name": "Bo's"})
    team.join(b, hub_dsn, "bo")
    assert pending_and_folded("Bo's") == (False, [("Bo's",)])
    customers.create_customer(a, {"name": "Typed"})
    team.sync(a)  # an ordinary push leaves its new rows for the next one to fold
    assert pending_and_folded("Typed") == (True, [])
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)


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


def _lines(db, row_id: int) -> list[bool]:  # noqa: ANN001
    """Whether each outbox entry of the row, in order, has its line."""
    return [
        bool(r[0])
        for r in db.query(
            "SELECT line IS NOT NULL FROM sync_outbox WHERE row_id = ? ORDER BY counter", (row_id,)
        )
    ]


def test_only_a_rows_lone_insert_keeps_its_line(tmp_path: Path, hub_dsn: str) -> None:
    """The capture trigger writes an insert's line only while it is its row's one entry: an
    edit, a delete or a new id clears it, and an insert after a delete of the same row gets
    none. Those rows go by their JSON, folded on the hub; the lone inserts go typed."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    for name in ("Plain", "Edited", "Deleted", "Rekeyed", "Back"):
        customers.create_customer(a, {"name": name})
    plain, edited, deleted, rekeyed, back = (
        _id(a, n) for n in ("Plain", "Edited", "Deleted", "Rekeyed", "Back")
    )
    customers.update_customer(a, edited, {"city": "Suzhou"})
    customers.delete_customer(a, deleted)
    with a.bulk() as conn:
        (moved,) = allocate_ids(conn)
        conn.execute("UPDATE customers SET id = ? WHERE id = ?", (moved, rekeyed))
        row = conn.execute("SELECT * FROM customers WHERE id = ?", (back,)).fetchone()
        conn.execute("DELETE FROM customers WHERE id = ?", (back,))
        conn.execute(f"INSERT INTO customers VALUES ({', '.join('?' * len(row))})", tuple(row))
    assert _lines(a, plain) == [True]
    assert _lines(a, edited) == [False, False]
    assert _lines(a, deleted) == [False, False]
    assert _lines(a, rekeyed) == [False, False]  # its insert, then its delete
    assert _lines(a, moved) == [True]  # the row under its new id: a new row
    assert _lines(a, back) == [False, False, False]
    sync_all(a, b)
    assert _log(hub_dsn, plain) == [("insert", True, "Plain")]
    assert _log(hub_dsn, moved) == [("insert", True, "Rekeyed")]
    assert _log(hub_dsn, edited, "city") == [("insert", False, None), ("update", False, "Suzhou")]
    assert _log(hub_dsn, back) == [
        ("insert", False, "Back"),
        ("delete", False, None),
        ("insert", False, "Back"),
    ]
    assert_converged(hub_dsn, a, b)
    assert b.scalar("SELECT city FROM customers WHERE id = ?", (edited,)) == "Suzhou"
    assert b.scalar("SELECT COUNT(*) FROM customers WHERE id IN (?, ?)", (deleted, rekeyed)) == 0


def test_any_text_arrives_typed_exactly_as_written(tmp_path: Path, hub_dsn: str) -> None:
    """A line holds each value as COPY text: tabs, line breaks, backslashes (a literal
    ``\\N`` too), quotes, Chinese and emoji, an empty text beside a NULL, a number stored
    as text in a text column, all arrive identical on the hub and on another laptop."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    notes = "C:\\new\\table\t\"quoted\" 'it's'\nsecond line\r\n\\N \\t 王小明 😀 %s %d"
    with a.bulk() as conn:  # plain SQL, as another tool writes: exactly these values
        (made,) = allocate_ids(conn)
        conn.execute(
            "INSERT INTO customers (id, name, company, city, title, notes, satisfaction, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, 4, 'x', 'y')",
            (made, "张三\t\\", "", "\\N", notes),
        )
    assert _lines(a, made) == [True]
    sync_all(a, b)
    assert _log(hub_dsn, made) == [("insert", True, "张三\t\\")]
    expected = ("", "\\N", None, notes, 4)
    query = "SELECT company, city, title, notes, satisfaction FROM {}customers WHERE id = {}"
    assert b.query_one(query.format("", "?"), (made,))[:] == expected
    with psycopg.connect(hub_dsn) as conn:
        assert conn.execute(query.format("funneldesk.", "%s"), (made,)).fetchone() == expected
    assert_converged(hub_dsn, a, b)


def test_triggers_made_again_forget_the_pending_lines(tmp_path: Path, hub_dsn: str) -> None:
    """A schema step may add a column that a pending line lacks: once the triggers are made
    again (as every upgrade of a team file does) those inserts go by their JSON, and the
    inserts captured afterwards have their lines again."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    customers.create_customer(a, {"name": "Before"})
    with a.bulk() as conn:
        capture.install(conn)
    customers.create_customer(a, {"name": "After"})
    assert _lines(a, _id(a, "Before")) == [False]
    assert _lines(a, _id(a, "After")) == [True]
    sync_all(a, b)
    assert _log(hub_dsn, _id(a, "Before")) == [("insert", False, "Before")]
    assert _log(hub_dsn, _id(a, "After")) == [("insert", True, "After")]
    assert_converged(hub_dsn, a, b)


def test_a_joining_files_own_rows_go_typed(tmp_path: Path, hub_dsn: str) -> None:
    """A file that joins with data of its own queues its rows with their lines (nothing
    else of them is pending; the triggers made afterwards keep them), so the join pushes
    them typed like any new row."""
    a = team_of(tmp_path, hub_dsn, "anna")[0]
    b = laptop(tmp_path, "bo")
    customers.create_customer(b, {"name": "Own", "notes": "line\tbreak\n"})
    team.join(b, hub_dsn, "bo")
    sync_all(b, a)
    assert _log(hub_dsn, _id(b, "Own")) == [("insert", True, "Own")]
    assert_converged(hub_dsn, a, b)


def test_a_row_replaced_by_another_tool_arrives_as_replaced(tmp_path: Path, hub_dsn: str) -> None:
    """``INSERT OR REPLACE`` of a row not pushed yet deletes it without its delete trigger:
    the new insert takes the earlier insert's line away, so both go by their JSON, folded in
    order, and every laptop ends with the replacing row."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    customers.create_customer(a, {"name": "First", "city": "Ningbo"})
    row = _id(a, "First")
    with a.bulk() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO customers (id, name, created_at, updated_at) "
            "VALUES (?, 'Second', 'x', 'x')",
            (row,),
        )
    assert _lines(a, row) == [False, False]
    sync_all(a, b)
    assert b.query_one("SELECT name, city FROM customers WHERE id = ?", (row,))[:] == (
        "Second",
        None,
    )
    assert_converged(hub_dsn, a, b)
