"""Names sort as people look them up: Chinese by pinyin, interleaved with Latin names."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from funneldesk.core import customer_list as cl
from funneldesk.core import customers, exporting, name_order, schema
from funneldesk.core.customer_list import ListQuery
from funneldesk.core.db import Database, open_database
from funneldesk.core.name_words import fold, runs
from funneldesk.core.recorder import revert

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NAMES = ["魏芳", "Zoe Adler", "Hugo Brandt", "黄伟", "曾小明", "王芳", "Anna Berg", "Wang Fang"]
IN_ORDER = [
    "Anna Berg",
    "黄伟",  # huang wei
    "Hugo Brandt",
    "Wang Fang",
    "王芳",  # wang fang: same spelling, after its Latin twin
    "魏芳",  # wei fang
    "曾小明",  # zeng (a surname's reading, not ceng)
    "Zoe Adler",
]


def add(db: Database, name: str) -> int:
    return customers.create_customer(db, {"name": name}).inserted_ids("customers")[0]


def listed(db: Database, descending: bool = False) -> list[str]:
    return [row.name for row in cl.fetch_page(db, ListQuery(descending=descending), 0, 100)]


def test_chinese_names_sort_by_pinyin_among_latin_names(db: Database) -> None:
    for name in NAMES:
        add(db, name)
    assert listed(db) == IN_ORDER
    assert listed(db, descending=True) == IN_ORDER[::-1]
    huang = db.scalar("SELECT id FROM customers WHERE name = '黄伟'")
    assert cl.row_position(db, ListQuery(), huang) == 1


def test_sort_keys_fold_case_and_accents() -> None:
    assert name_order.sort_key("Jürgen MÜLLER") < name_order.sort_key("jurgen mullers")
    assert name_order.sort_key("黄伟").startswith("huang wei")
    assert name_order.sort_key("") < name_order.sort_key("a")


def test_plain_ascii_names_get_the_key_every_name_gets() -> None:
    """The short way for ASCII names (an import keys every row) must not change any key."""

    def by_words(name: str) -> str:  # the rule itself: folded runs, then the name
        words = " ".join(fold(run) for _is_cjk, run in runs(name))
        return words + name_order.TIE_BREAK + name.strip().lower()

    for name in (
        "  Anna-Marie O'Neil 2nd ",
        "ZOE_ADLER",
        "x",
        "",
        "  ",
        "a\tb",
        "Dr. J.R.R. Tolkien",
    ):
        assert name_order.sort_key(name) == by_words(name), name


def test_a_rename_and_its_undo_move_the_customer(db: Database) -> None:
    for name in ("Anna Berg", "Zoe Adler"):
        add(db, name)
    customer = add(db, "黄伟")
    assert listed(db) == ["Anna Berg", "黄伟", "Zoe Adler"]
    change = customers.update_customer(db, customer, {"name": "左伟"})  # zuo wei
    assert listed(db) == ["Anna Berg", "Zoe Adler", "左伟"]
    revert(db, change)
    assert listed(db) == ["Anna Berg", "黄伟", "Zoe Adler"]


def test_rows_written_by_other_programs_are_keyed(db: Database) -> None:
    add(db, "Anna Berg")
    other = sqlite3.connect(db.path)
    with other:
        other.execute(
            "INSERT INTO customers (name, created_at, updated_at) VALUES ('黄伟', 'x', 'x')"
        )
        other.execute("UPDATE customers SET name = '魏芳' WHERE name = 'Anna Berg'")
    other.close()
    assert name_order.catch_up(db) == 2
    assert listed(db) == ["黄伟", "魏芳"]
    with db.bulk() as conn:  # a bulk job (import, demo) keys its rows before committing
        conn.execute(
            "INSERT INTO customers (name, created_at, updated_at) VALUES ('Ida', 'x', 'x')"
        )
    assert db.scalar("SELECT name_sort FROM customers WHERE name = 'Ida'") == "ida\tida"
    assert db.scalar("SELECT COUNT(*) FROM customer_sort_pending") == 0


def test_an_upgraded_file_has_every_customer_keyed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema-v7.sqlite", path)
    with open_database(path, backup_dir=tmp_path / "backups") as db:
        assert db.scalar("PRAGMA user_version") == schema.SCHEMA_VERSION
        rows = db.query("SELECT name, name_sort FROM customers")
        assert rows and all(key == name_order.sort_key(name) for name, key in rows)


def test_the_first_page_in_name_order_walks_the_index(db: Database) -> None:
    statements: list[str] = []
    db.reader.set_trace_callback(statements.append)
    cl.fetch_page(db, ListQuery(), 0, 50)
    db.reader.set_trace_callback(None)
    page = next(s for s in statements if "ORDER BY c.name_sort" in s)
    plan = " ".join(row[3] for row in db.query(f"EXPLAIN QUERY PLAN {page}"))
    assert "idx_customers_name_sort" in plan and "TEMP B-TREE" not in plan


def test_customer_export_comes_in_name_order(db: Database) -> None:
    for name in NAMES:
        add(db, name)
    assert [row["name"] for row in exporting.customer_rows(db)] == IN_ORDER


def test_the_board_sorts_cards_by_customer_name_in_the_same_order(db: Database) -> None:
    from funneldesk.core import board, deals

    for name in NAMES:
        deals.create_deal(db, {"title": "Order", "customer_id": add(db, name)})
    deals.create_deal(db, {"title": "No customer yet"})
    lead = db.scalar("SELECT id FROM stages ORDER BY position LIMIT 1")
    cards = board.column_cards(db, lead, sort="customer")
    assert [card.customer_name for card in cards] == [*IN_ORDER, None]
    last = cards[-2].id
    assert board.card_row(db, last, sort="customer") == len(IN_ORDER) - 1


def test_a_commit_reads_the_empty_queue_not_every_customer(db: Database) -> None:
    """Every write checks the queue before it commits (a deal dropped on the board too): the
    check must start from the queue, not walk the name index of all customers."""
    customer = add(db, "Anna Berg")
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    db.update_row("Edit customer", "customers", customer, {"email": "anna@example.com"})
    db.conn.set_trace_callback(None)
    read = next(s for s in statements if name_order.PENDING_TABLE in s and "SELECT" in s)
    plan = [row[3] for row in db.query(f"EXPLAIN QUERY PLAN {read}")]
    assert plan[0].startswith("SCAN p"), plan
    assert not any(step.startswith("SCAN c") for step in plan), plan
