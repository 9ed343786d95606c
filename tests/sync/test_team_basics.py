"""Three laptops and one hub: offline edits, conflicts, deletes, plain SQL, undo, import."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import psycopg
import pytest

from funneldesk.core import customers, money, search
from funneldesk.core.importing import import_file
from funneldesk.core.recorder import revert
from funneldesk.core.sync import team
from tests.sync.support import (
    assert_converged,
    drop_snapshot,
    laptop,
    lost_values,
    reshaped_hub,
    sync_all,
    team_of,
)


def _id(db, name: str) -> int:  # noqa: ANN001
    return db.scalar("SELECT id FROM customers WHERE name = ?", (name,))


def test_three_laptops_converge_after_offline_edits(tmp_path: Path, hub_dsn: str) -> None:
    a, b, c = (laptop(tmp_path, name) for name in ("anna", "bo", "chen"))
    customers.create_customer(a, {"name": "Ada"})
    team.create(a, hub_dsn, "anna")
    team.join(b, hub_dsn, "bo")
    team.join(c, hub_dsn, "chen")
    ada = _id(a, "Ada")
    assert _id(b, "Ada") == ada
    customers.create_customer(b, {"name": "Bo's customer"})
    customers.update_customer(c, ada, {"city": "Shanghai"})
    customers.update_customer(a, ada, {"phone": "+86 21 5555 0101"})
    sync_all(a, b, c)
    assert_converged(hub_dsn, a, b, c)
    row = b.query_one("SELECT city, phone, owner FROM customers WHERE id = ?", (ada,))
    assert (row["city"], row["phone"], row["owner"]) == ("Shanghai", "+86 21 5555 0101", "anna")
    assert b.scalar("SELECT owner FROM customers WHERE name = ?", ("Bo's customer",)) == "bo"
    assert lost_values(a, b, c) == []
    # The new files took the team's pipeline instead of adding their own defaults.
    assert c.scalar("SELECT COUNT(*) FROM pipelines") == 1


def test_a_joining_file_with_data_is_rekeyed_with_every_reference(
    tmp_path: Path, hub_dsn: str
) -> None:
    a, b = laptop(tmp_path, "anna"), laptop(tmp_path, "bo")
    for db, name in ((a, "Ada"), (b, "Bea")):
        created = customers.create_customer(db, {"name": name})
        customer_id = created.inserted_ids("customers")[0]
        customers.add_important_date(db, customer_id, {"kind": "birthday", "month": 7, "day": 9})
    assert _id(a, "Ada") == _id(b, "Bea")  # both files numbered their first customer 1
    team.create(a, hub_dsn, "anna")
    team.join(b, hub_dsn, "bo")
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)
    assert _id(a, "Ada") != _id(a, "Bea")
    pairs = a.query(
        "SELECT c.name, d.month FROM important_dates d JOIN customers c ON c.id = d.customer_id"
    )
    assert sorted(tuple(p) for p in pairs) == [("Ada", 7), ("Bea", 7)]
    assert a.scalar("SELECT COUNT(*) FROM pipelines") == 2  # each brought its own
    assert a.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_same_field_on_two_laptops_the_later_edit_wins_and_the_loser_is_kept(
    tmp_path: Path, hub_dsn: str
) -> None:
    a, b, c = team_of(tmp_path, hub_dsn, "anna", "bo", "chen")
    customers.create_customer(a, {"name": "Ada"})
    sync_all(a, b, c)
    ada = _id(a, "Ada")
    customers.update_customer(a, ada, {"city": "Hangzhou"})
    time.sleep(0.005)  # a later clock, even on one machine
    customers.update_customer(b, ada, {"city": "Suzhou"})
    team.sync(b)  # the later edit reaches the hub first
    sync_all(a, b, c)
    assert_converged(hub_dsn, a, b, c)
    assert c.scalar("SELECT city FROM customers WHERE id = ?", (ada,)) == "Suzhou"
    assert lost_values(a, b, c) == [("customers", ada, "city", "Hangzhou", "anna")]
    # The other order: the earlier edit reaches the hub first, and still loses.
    customers.update_customer(a, ada, {"city": "Ningbo"})
    time.sleep(0.005)
    customers.update_customer(b, ada, {"city": "Wuxi"})
    team.sync(a)
    sync_all(a, b, c)
    assert_converged(hub_dsn, a, b, c)
    assert c.scalar("SELECT city FROM customers WHERE id = ?", (ada,)) == "Wuxi"
    assert lost_values(a, b, c) == [
        ("customers", ada, "city", "Hangzhou", "anna"),
        ("customers", ada, "city", "Ningbo", "anna"),
    ]
    # One click puts a lost value back, as a new edit that syncs.
    # b found it (its own edit won when anna's arrived): b's conflicts list has it.
    lost = next(x for x in team.conflicts(b) if x["lost_value"] == "Ningbo")
    assert (lost["kept_value"], lost["kept_member"]) == ("Wuxi", "bo")
    team.restore_conflict(b, lost["id"])
    sync_all(a, b, c)
    assert b.scalar("SELECT city FROM customers WHERE id = ?", (ada,)) == "Ningbo"
    assert_converged(hub_dsn, a, b, c)


def test_a_delete_wins_over_a_concurrent_edit(tmp_path: Path, hub_dsn: str) -> None:
    for first in ("anna", "bo"):
        folder = tmp_path / first
        folder.mkdir()
        a, b = team_of(folder, hub_dsn, "anna", "bo")
        created = customers.create_customer(a, {"name": f"Gone {first}"})
        gone = created.inserted_ids("customers")[0]
        customers.add_important_date(a, gone, {"kind": "birthday", "month": 1, "day": 2})
        sync_all(a, b)
        customers.delete_customer(a, gone)
        customers.update_customer(b, gone, {"notes": "called today"})
        customers.add_important_date(b, gone, {"kind": "anniversary", "month": 3, "day": 4})
        team.sync(a if first == "anna" else b)
        sync_all(a, b)
        assert_converged(hub_dsn, a, b)
        assert a.scalar("SELECT COUNT(*) FROM customers WHERE id = ?", (gone,)) == 0
        assert a.scalar("SELECT COUNT(*) FROM important_dates WHERE customer_id = ?", (gone,)) == 0
        lost = [v for v in lost_values(a, b) if v[2] == "notes"]
        assert lost == [("customers", gone, "notes", "called today", "bo")]
        a.close(), b.close()


def test_plain_sql_from_another_tool_is_synced(tmp_path: Path, hub_dsn: str) -> None:
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    customers.create_customer(a, {"name": "Ada"})
    customers.create_customer(a, {"name": "Eve"})
    sync_all(a, b)
    other = sqlite3.connect(b.path)  # e.g. DB Browser for SQLite
    with other:
        other.execute("UPDATE customers SET city = 'Xi''an' WHERE name = 'Ada'")
        other.execute("DELETE FROM customers WHERE name = 'Eve'")
        other.execute(
            "INSERT INTO customers (name, created_at, updated_at) VALUES ('Sql', 'x', 'x')"
        )
    other.close()
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)
    names = [r[0] for r in a.query("SELECT name FROM customers ORDER BY name")]
    assert names == ["Ada", "Sql"]
    assert a.scalar("SELECT city FROM customers WHERE name = 'Ada'") == "Xi'an"


def test_undo_of_a_synced_change_is_synced(tmp_path: Path, hub_dsn: str) -> None:
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    created = customers.create_customer(a, {"name": "Ada", "city": "Beijing"})
    ada = created.inserted_ids("customers")[0]
    customers.add_important_date(a, ada, {"kind": "birthday", "month": 5, "day": 6})
    sync_all(a, b)
    deleted = customers.delete_customer(b, ada)
    team.sync(b)
    assert a.scalar("SELECT COUNT(*) FROM customers") == 1
    revert(b, deleted)  # b takes the delete back: the card and its birthday return
    sync_all(a, b)
    assert a.scalar("SELECT COUNT(*) FROM important_dates WHERE customer_id = ?", (ada,)) == 1
    edit = customers.update_customer(a, ada, {"city": "Tianjin"})
    sync_all(a, b)
    assert b.scalar("SELECT city FROM customers WHERE id = ?", (ada,)) == "Tianjin"
    revert(a, edit)
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)
    assert b.scalar("SELECT city FROM customers WHERE id = ?", (ada,)) == "Beijing"


@pytest.mark.parametrize("rows", [1500, pytest.param(15000, marks=pytest.mark.slow)])
def test_a_large_import_reaches_every_laptop(tmp_path: Path, hub_dsn: str, rows: int) -> None:
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    csv = tmp_path / "contacts.csv"
    lines = ["Name,Phone,City,Birthday"] + [
        f"Person {i},+86 138 {i:04d} {i % 9999:04d},City {i % 50},1990-{i % 12 + 1:02d}-{i % 28 + 1:02d}"
        for i in range(rows)
    ]
    csv.write_text("\n".join(lines), encoding="utf-8")
    result = import_file(a, csv, record_undo=False)
    assert result.imported == rows
    assert team.status(a)["unsent"] == 2 * rows  # customers and their birthdays
    assert team.sync(a).pushed == 2 * rows
    assert team.sync(b).pulled == 2 * rows
    assert_converged(hub_dsn, a, b)
    assert b.scalar("SELECT COUNT(DISTINCT owner) FROM customers") == 1
    # a laptop catching up builds the indexes once afterwards and writes the rows without
    # their per-row triggers: all there again, all consistent
    schema = "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
    assert sorted(map(tuple, b.query(schema))) == sorted(map(tuple, a.query(schema)))
    assert b.scalar("PRAGMA integrity_check") == "ok"
    last = f"Person {rows - 1}"  # queued for search, keyed for sorting, as if typed in
    assert b.scalar("SELECT COUNT(*) FROM customer_search_pending") == rows
    search.update_search_index(b)
    assert [c["name"] for c in search.search_customers(b, last)] == [last]
    assert b.scalar("SELECT COUNT(*) FROM customers WHERE name_sort IS NULL") == 0
    customers.update_customer(b, _id(b, last), {"city": "Lhasa"})
    assert team.status(b)["unsent"] == 1  # and what is done here next is captured


def test_a_unique_key_added_on_two_laptops_stays_with_the_first_to_reach_the_hub(
    tmp_path: Path, hub_dsn: str
) -> None:
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    money.add_rate(a, {"currency": "EUR", "rate": 7.1, "valid_from": "2026-11-02"})
    money.add_rate(b, {"currency": "EUR", "rate": 7.3, "valid_from": "2026-11-02"})
    team.sync(a)
    sync_all(b, a)
    assert_converged(hub_dsn, a, b)
    assert [tuple(r) for r in b.query("SELECT currency, rate FROM exchange_rates")] == [
        ("EUR", 7.1)
    ]
    assert ("rate", 7.3, "bo") in [(c[2], c[3], c[4]) for c in lost_values(a, b)]


def test_the_time_of_an_edit_is_not_listed_as_a_conflict(tmp_path: Path, hub_dsn: str) -> None:
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    customers.create_customer(a, {"name": "Ada"})
    sync_all(a, b)
    ada = _id(a, "Ada")
    a.conn.execute("UPDATE customers SET city = 'A', updated_at = '2026-01-01T00:00:00Z'")
    b.conn.execute("UPDATE customers SET phone = '+86 21 5555 0101', updated_at = 'later'")
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)
    assert lost_values(a, b) == []  # different fields: both kept, nothing to list
    assert (
        a.scalar("SELECT city || phone FROM customers WHERE id = ?", (ada,)) == "A+86 21 5555 0101"
    )


def test_a_deal_made_for_a_customer_deleted_elsewhere_stays_without_customer(
    tmp_path: Path, hub_dsn: str
) -> None:
    from funneldesk.core import deals

    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    customers.create_customer(a, {"name": "Ada"})
    sync_all(a, b)
    ada = _id(a, "Ada")
    customers.delete_customer(a, ada, keep_deals=True)
    deals.create_deal(b, {"title": "Big order", "customer_id": ada, "value": 100})
    team.sync(a)
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)
    row = a.query_one("SELECT customer_id, owner FROM deals WHERE title = 'Big order'")
    assert (row["customer_id"], row["owner"]) == (None, "bo")  # ON DELETE SET NULL, everywhere


def test_a_row_changed_several_times_in_one_push_arrives_as_its_last_state(
    tmp_path: Path, hub_dsn: str
) -> None:
    """The hub folds a batch per row (insert then edits, edits on edits, insert then
    delete, a row written again under its id) and writes only the outcome."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    customers.create_customer(a, {"name": "Kept", "city": "Xi'an"})
    sync_all(a, b)
    kept = _id(a, "Kept")
    created = customers.create_customer(a, {"name": "New"})
    new = created.inserted_ids("customers")[0]
    customers.update_customer(a, new, {"city": "Wuhan"})
    customers.update_customer(a, new, {"city": "Changsha", "phone": "+86 731 8888 0101"})
    customers.update_customer(a, kept, {"city": "Harbin"})
    customers.update_customer(a, kept, {"email": "kept@example.cn", "city": None})
    gone = customers.create_customer(a, {"name": "Gone"}).inserted_ids("customers")[0]
    customers.delete_customer(a, gone)
    with a.bulk() as conn:  # another tool deletes a row and writes it again, same id
        row = conn.execute("SELECT * FROM customers WHERE id = ?", (kept,)).fetchone()
        conn.execute("DELETE FROM customers WHERE id = ?", (kept,))
        conn.execute(
            f"INSERT INTO customers ({', '.join(row.keys())}) VALUES "
            f"({', '.join('?' for _ in row)})",
            list(row),
        )
        conn.execute("UPDATE customers SET notes = 'again' WHERE id = ?", (kept,))
    assert a.scalar("SELECT COUNT(*) FROM sync_outbox") >= 8
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)
    row = b.query_one("SELECT city, phone FROM customers WHERE id = ?", (new,))
    assert (row["city"], row["phone"]) == ("Changsha", "+86 731 8888 0101")
    row = b.query_one("SELECT city, email, notes FROM customers WHERE id = ?", (kept,))
    assert (row["city"], row["email"], row["notes"]) == (None, "kept@example.cn", "again")
    assert b.scalar("SELECT COUNT(*) FROM customers WHERE id = ?", (gone,)) == 0


def test_joining_a_large_team_builds_the_indexes_again(tmp_path: Path, hub_dsn: str) -> None:
    """A join drops the plain indexes of the tables it fills with many rows and builds
    them once at the end: the joined file has every index, consistent with its rows."""
    a = laptop(tmp_path, "anna")
    with a.bulk() as conn:
        conn.executemany(
            "INSERT INTO customers (name, city, created_at, updated_at) VALUES (?, ?, ?, ?)",
            [
                (f"Customer {i}", f"City {i % 7}", "2026-11-01T09:00:00Z", "2026-11-01T09:00:00Z")
                for i in range(1500)
            ],
        )
    team.create(a, hub_dsn, "anna")
    drop_snapshot(hub_dsn)  # rows, not the snapshot file
    b = laptop(tmp_path, "bo")
    team.join(b, hub_dsn, "bo")
    indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    assert [tuple(r) for r in b.query(indexes)] == [tuple(r) for r in a.query(indexes)]
    assert b.scalar("PRAGMA integrity_check") == "ok"
    assert b.scalar("SELECT COUNT(*) FROM customers WHERE city = 'City 3'") == 214
    assert_converged(hub_dsn, a, b)


def test_two_tools_inserting_the_same_id_converge(tmp_path: Path, hub_dsn: str) -> None:
    """Another SQLite tool on each of two laptops inserts a row with the same id: the hub
    already holds the first when the second arrives as a new row, and writes it whole again
    under that id, as each laptop does."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    for db, name in ((a, "From anna"), (b, "From bo")):
        with db.bulk() as conn:
            conn.execute(
                "INSERT INTO customers (id, name, city, created_at, updated_at) "
                "VALUES (4242, ?, 'Xi''an', 'x', 'x')",
                (name,),
            )
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)
    assert a.scalar("SELECT COUNT(*) FROM customers WHERE id = 4242") == 1
    customers.create_customer(a, {"name": "Next"})  # its push folds bo's row over anna's
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)
    with psycopg.connect(hub_dsn) as conn:
        stored = conn.execute(
            "SELECT name FROM funneldesk.folded_customers WHERE id = 4242"
        ).fetchall()
    assert stored == [(b.scalar("SELECT name FROM customers WHERE id = 4242"),)]


def test_text_that_copy_escapes_arrives_as_written(tmp_path: Path, hub_dsn: str) -> None:
    """A push sends the log as COPY text that SQLite writes: backslashes, tabs, line breaks,
    quotes and a literal \\N in values, and a backslash in the member's name, arrive as
    written on the hub and on the other laptop."""
    a, b = team_of(tmp_path, hub_dsn, "an\\na", "bo")
    notes = 'C:\\new\\table\t"quoted"\nsecond line\r\n\\N 王'
    customers.create_customer(a, {"name": "Back\\slash", "notes": notes})
    made = _id(a, "Back\\slash")
    customers.update_customer(a, made, {"city": "Tab\tcity\\"})
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)
    assert b.query_one("SELECT notes, city, owner FROM customers WHERE id = ?", (made,))[:] == (
        notes,
        "Tab\tcity\\",
        "an\\na",
    )
    with psycopg.connect(hub_dsn) as conn:
        members = conn.execute("SELECT DISTINCT member FROM funneldesk.log").fetchall()
    assert ("an\\na",) in members


def test_new_rows_the_hub_cannot_type_arrive_as_json(tmp_path: Path, hub_dsn: str) -> None:
    """Another tool logged a customer whose satisfaction is the text "2.5": the hub cannot
    read it as a number, so the page's new customers, partly written already as they
    streamed in, are taken back and applied one by one from their JSON."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    with a.bulk() as conn:
        conn.executemany(
            "INSERT INTO customers (name, city, created_at, updated_at) VALUES (?, ?, 'x', 'x')",
            [(f"Customer {i}", f"City {i % 7}") for i in range(2500)],
        )
    team.sync(a)
    with psycopg.connect(hub_dsn, autocommit=True) as conn:
        conn.execute(  # the last customer's entry again, its JSON made from its typed row
            "INSERT INTO funneldesk.changes (seq, device, counter, tbl, row_id, op, cols, hlc, "
            "member) SELECT c.seq + 1, 999, 1, c.tbl, 4242, c.op, "
            'c.cols || \'{"name": "Odd", "satisfaction": "2.5"}\', '
            "c.hlc + 1, 'another tool' FROM funneldesk.log AS c "
            "WHERE c.tbl = 'customers' ORDER BY c.seq DESC LIMIT 1"
        )
    assert team.sync(b).pulled == 2501
    assert b.scalar("SELECT satisfaction FROM customers WHERE id = 4242") == 2.5
    assert b.scalar("SELECT COUNT(*) FROM customers WHERE city = 'City 3'") == 357
    schema = "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
    assert sorted(map(tuple, b.query(schema))) == sorted(map(tuple, a.query(schema)))
    assert b.scalar("PRAGMA integrity_check") == "ok"
    assert b.scalar("SELECT COUNT(*) FROM customer_search_pending") == 2501
    assert b.scalar("SELECT COUNT(*) FROM customers WHERE name_sort IS NULL") == 0


def test_a_pull_of_many_pages_and_chunks_applies_each_change_once(
    tmp_path: Path, hub_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages and streamed chunks far smaller than the changes pulled: new rows across
    pages and chunks, edited and deleted in their own page or a later one, this laptop's
    own row coming back, bulk writing with and without rebuilt indexes — each change
    arrives once, in log order."""
    from funneldesk.core.sync import apply, hub

    monkeypatch.setattr(team, "PULL_PAGE", 300)
    monkeypatch.setattr(hub, "STREAM_ROWS", 64)
    monkeypatch.setattr(apply, "BULK_ROWS", 100)
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    before = b.scalar("SELECT cursor FROM sync_state")
    customers.create_customer(b, {"name": "Bo's own", "city": "Here"})
    team.sync(b)
    with a.bulk() as conn:
        conn.executemany(
            "INSERT INTO customers (name, city, created_at, updated_at) VALUES (?, ?, 'x', 'x')",
            [(f"Customer {i}", f"City {i % 7}") for i in range(1300)],
        )
        for early, late in (("1_", "128_"), ("2_", "129_")):
            where = f"WHERE name LIKE 'Customer {early}' OR name LIKE 'Customer {late}'"
            edit = (
                "UPDATE customers SET city = 'Moved'" if early == "1_" else "DELETE FROM customers"
            )
            conn.execute(f"{edit} {where}")
    assert team.sync(a).pushed == 1340
    with b.bulk() as conn:  # as if its push's answer was lost: its own row comes back too
        conn.execute("UPDATE sync_state SET cursor = ?", (before,))
    assert team.sync(b).pulled == 1340
    assert_converged(hub_dsn, a, b)
    assert b.scalar("SELECT COUNT(*) FROM customers") == 1300 - 20 + 1
    assert b.scalar("SELECT COUNT(*) FROM customers WHERE city = 'Moved'") == 20
    schema = "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
    assert sorted(map(tuple, b.query(schema))) == sorted(map(tuple, a.query(schema)))
    assert b.scalar("PRAGMA integrity_check") == "ok"
    assert b.scalar("SELECT COUNT(*) FROM customers WHERE name_sort IS NULL") == 0


def test_a_pull_walks_past_a_stretch_of_the_log_longer_than_a_page_without_entries(
    tmp_path: Path, hub_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edits dropped from the outbox before their push (a delete from elsewhere won over
    them) leave their numbers of the log unused; a page is a stretch of numbers, so a
    laptop behind such a gap longer than a page pulls empty pages up to it and goes on."""
    from funneldesk.core.sync import hub

    monkeypatch.setattr(team, "PULL_PAGE", 300)
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    with a.bulk() as conn:
        conn.executemany(
            "INSERT INTO customers (name, created_at, updated_at) VALUES (?, 'x', 'x')",
            [(f"Doomed {i}",) for i in range(700)],
        )
    sync_all(a, b)
    with b.bulk() as conn:
        conn.execute("DELETE FROM customers WHERE name LIKE 'Doomed %'")
    team.sync(b)
    customers.create_customer(a, {"name": "Before the gap"})
    with a.bulk() as conn:  # edits that b's deletes will win over, in the middle of a's outbox
        conn.execute("UPDATE customers SET city = 'Nowhere' WHERE name LIKE 'Doomed %'")
    customers.create_customer(a, {"name": "After the gap"})
    team.sync(a)
    with psycopg.connect(hub_dsn) as conn:
        gap = conn.execute(
            "SELECT max(seq - before) FROM (SELECT seq, lag(seq) OVER (ORDER BY seq) AS before "
            "FROM funneldesk.log) AS l"
        ).fetchone()[0]
    assert gap > 2 * 300  # the stretch without entries is longer than two pages

    pulled = hub.pull
    pages = []
    monkeypatch.setattr(hub, "pull", lambda *args: pages.append(pulled(*args)) or pages[-1])
    assert team.sync(b).pulled == 2
    assert [page.size for page in pages] == [1, 0, 1]
    assert {_id(b, "Before the gap"), _id(b, "After the gap")} == {
        _id(a, "Before the gap"),
        _id(a, "After the gap"),
    }
    assert_converged(hub_dsn, a, b)


def test_rows_stored_typed_arrive_when_the_hub_lacks_a_column_of_this_laptop(
    tmp_path: Path, hub_dsn: str
) -> None:
    """New rows stored typed by the hub are read straight from its typed insert log; a
    column this laptop has and the log lacks (a newer schema's, before the hub's owner
    upgraded it) arrives empty, as the laptop that pushed the rows never filled it."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    for i in range(30):
        customers.create_customer(a, {"name": f"Customer {i}", "city": "Xi'an"})
    team.sync(a)
    with reshaped_hub(hub_dsn) as conn:
        assert conn.execute("SELECT COUNT(*) FROM funneldesk.inserted_customers").fetchone()[0]
        conn.execute("ALTER TABLE funneldesk.inserted_customers DROP COLUMN contact_every_days")
    assert team.sync(b).pulled == 30
    assert_converged(hub_dsn, a, b)
    assert b.scalar("SELECT COUNT(*) FROM customers WHERE city = 'Xi''an'") == 30
