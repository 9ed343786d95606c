"""Finding likely duplicate customers, merging two cards, and undoing the merge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from funneldesk.core import customers, deals, funnel_facts, search
from funneldesk.core.db import Database
from funneldesk.core.duplicates import (
    dismiss_pairs,
    find_groups,
    find_pairs,
    known_customers,
    person_key,
    phone_key,
)
from funneldesk.core.errors import ValidationError
from funneldesk.core.merge import child_tables, merge_customers, merge_plan
from funneldesk.core.recorder import revert


@pytest.fixture
def db(db: Database) -> Database:
    """A Chinese file: numbers written without a country code are China's."""
    from funneldesk.core.settings_ops import set_settings

    set_settings(db, {"currency": "CNY"})
    return db


def _customer(db: Database, **values: object) -> int:
    return customers.create_customer(db, values).inserted_ids("customers")[0]


def _pairs(db: Database) -> list[tuple[int, int, tuple[str, ...]]]:
    return [(p.first_id, p.second_id, p.reasons) for p in find_pairs(db)]


@pytest.mark.parametrize(
    "spelling",
    ["+86 138 0013 8000", "0086 13800138000", "138-0013-8000", "8613800138000", "(138) 0013 8000"],
)
def test_phone_spellings_of_one_number_share_a_key(spelling: str) -> None:
    assert phone_key(spelling) == "+8613800138000"


def test_landline_with_and_without_country_code() -> None:
    assert phone_key("(010) 1234 5678") == phone_key("+86 10 1234 5678") == "+861012345678"
    assert phone_key("+1 415 555 0100") != phone_key("+86 415 555 0100")
    assert phone_key("123") is None


def test_numbers_without_country_code_are_read_as_the_files_country(db: Database) -> None:
    from funneldesk.core.settings_ops import set_settings

    set_settings(db, {"currency": "USD"})
    a = _customer(db, name="Ann", phone="(415) 555-0100")
    b = _customer(db, name="Bea", phone="+1 415 555 0100")
    c = _customer(db, name="Cai", phone="+86 138 0013 8000")
    d = _customer(db, name="Dai", phone="0086-138 0013 8000")  # 00 is read as + everywhere
    assert _pairs(db) == [(a, b, ("phone",)), (c, d, ("phone",))]


def test_same_phone_in_other_formats_is_a_duplicate(db: Database) -> None:
    a = _customer(db, name="Anna", phone="+86 138 0013 8000")
    b = _customer(db, name="Anna Li", phone="0086 138-0013-8000")
    c = _customer(db, name="Bob", phone="139 0013 8000")  # same last digits, another number
    assert _pairs(db) == [(a, b, ("phone",))]
    assert c not in {i for g in find_groups(db) for i in g.customer_ids}


def test_email_matches_whatever_its_case(db: Database) -> None:
    a = _customer(db, name="Anna", email="Anna.Li@Example.com")
    b = _customer(db, name="A. Li", email="anna.li@example.com")
    _customer(db, name="Other", email="anna@example.com")
    assert _pairs(db) == [(a, b, ("email",))]


def test_pinyin_equal_names_at_the_same_company(db: Database) -> None:
    assert person_key("王 芳") == person_key("王芳") == person_key("Wang Fang") == "wangfang"
    a = _customer(db, name="王芳", company="华为")
    b = _customer(db, name="王 芳", company=" 华为 ")
    c = _customer(db, name="Wang Fang", company="华为")
    _customer(db, name="王芳", company="腾讯")  # same name, another company
    assert _pairs(db) == [(a, b, ("name",)), (a, c, ("name",)), (b, c, ("name",))]
    (group,) = find_groups(db)
    assert group.customer_ids == (a, b, c)


def test_several_reasons_and_one_group_per_person(db: Database) -> None:
    a = _customer(db, name="Li Lei", phone="13800138000", email="li@x.cn")
    b = _customer(db, name="李雷", phone="+8613800138000", email="LI@x.cn")
    (group,) = find_groups(db)
    assert group.customer_ids == (a, b)
    assert group.reasons == ("phone", "email", "name")


def test_a_switchboard_shared_by_many_cards_is_no_duplicate(db: Database) -> None:
    for index in range(25):
        _customer(db, name=f"Staff {index}", phone="+86 10 8888 8888")
    assert find_pairs(db) == []


def test_dismissed_pairs_are_not_proposed_again_and_undo_brings_them_back(db: Database) -> None:
    a = _customer(db, name="Anna", email="a@x.cn")
    b = _customer(db, name="Anne", email="A@x.cn")
    changes = dismiss_pairs(db, [(b, a)])
    assert find_pairs(db) == []
    revert(db, changes)
    assert _pairs(db) == [(a, b, ("email",))]


def test_known_customers_for_a_new_card(db: Database) -> None:
    a = _customer(db, name="Anna", phone="+86 138 0013 8000")
    b = _customer(db, name="Bob", email="Bob@x.cn")
    assert [(k.customer_id, k.matched) for k in known_customers(db, "13800138000", None)] == [
        (a, "phone")
    ]
    assert [k.customer_id for k in known_customers(db, None, " bob@X.cn")] == [b]
    assert known_customers(db, "13800138000", None, exclude_id=a) == []
    assert known_customers(db, "139 0013 8000", "x@y.cn") == []
    search.update_search_index(db)  # found through the index as well as the queue
    assert [k.customer_id for k in known_customers(db, "0086 138 0013 8000", None)] == [a]


# -- merge ---------------------------------------------------------------------------------


def _children(db: Database) -> dict[str, list[dict]]:
    return {
        table: [dict(r) for r in db.query(f"SELECT * FROM {table} ORDER BY id")]
        for table, _column in child_tables(db.reader)
    }


def _everything(db: Database) -> dict[str, list[dict]]:
    tables = ["customers", "settings", *(t for t, _ in child_tables(db.reader))]
    tables += ["stage_changes", "deal_facts", "stage_visits", "activity_days"]
    return {t: [dict(r) for r in db.query(f"SELECT * FROM {t} ORDER BY 1, 2")] for t in tables}


def _two_cards(db: Database) -> tuple[int, int]:
    kept = _customer(
        db, name="王芳", phone="13800138000", company="华为", notes="Met at the fair", owner="lin"
    )
    other = _customer(
        db,
        name="王 芳",
        phone="+86 138 0013 8000",
        email="wf@example.com",
        company="华为技术",
        notes="Prefers WeChat",
        owner="zhou",
        contact_every_days=30,
    )
    for customer_id in (kept, other):
        customers.add_important_date(db, customer_id, {"kind": "birthday", "month": 3, "day": 8})
        customers.add_preference(db, customer_id, "drink", "green tea")
    customers.add_important_date(
        db, other, {"kind": "anniversary", "month": 8, "day": 15, "calendar": "lunar"}
    )
    customers.add_preference(db, other, "gift", "books")
    deal = deals.create_deal(db, {"title": "Phones", "customer_id": other, "value": 800})
    deal_id = deal.inserted_ids("deals")[0]
    deals.win_deals(db, [deal_id])
    customers.add_interaction(
        db, other, {"kind": "call", "deal_id": deal_id, "outcome": "positive", "duration_min": 10}
    )
    customers.add_interaction(db, other, {"kind": "visit", "duration_min": 30})
    with db.operation("test activity") as tx:
        tx.insert(
            "activities",
            {
                "customer_id": other,
                "kind": "call",
                "title": "Call back",
                "due_date": "2026-12-01",
                "created_at": "2026-11-01T00:00:00Z",
                "updated_at": "2026-11-01T00:00:00Z",
            },
        )
    return kept, other


def test_merge_plan_lists_conflicts_and_what_moves(db: Database) -> None:
    kept, other = _two_cards(db)
    plan = merge_plan(db, kept, other)
    assert {c.field: (c.kept, c.other) for c in plan.conflicts} == {
        "name": ("王芳", "王 芳"),
        "phone": ("13800138000", "+86 138 0013 8000"),
        "company": ("华为", "华为技术"),
        "notes": ("Met at the fair", "Prefers WeChat"),
        "owner": ("lin", "zhou"),
    }
    assert plan.moved == {
        "activities": 1,
        "deals": 1,
        "important_dates": 2,
        "interactions": 2,
        "preferences": 2,
    }


def test_merge_moves_every_child_row_and_undo_restores_exactly(db: Database) -> None:
    kept, other = _two_cards(db)
    search.update_search_index(db)
    before = _everything(db)
    children_before = _children(db)
    changes = merge_customers(db, kept, other, {"company": "华为技术", "owner": "zhou"})

    card = dict(db.query_one("SELECT * FROM customers WHERE id = ?", (kept,)))
    assert db.scalar("SELECT COUNT(*) FROM customers WHERE id = ?", (other,)) == 0
    assert (card["company"], card["owner"], card["name"]) == ("华为技术", "zhou", "王芳")
    assert card["email"] == "wf@example.com"  # only the other card had one
    assert card["contact_every_days"] == 30
    assert card["notes"] == "Met at the fair\n\nPrefers WeChat"
    after = _children(db)
    for table, rows in children_before.items():
        moved = [r for r in rows if r["customer_id"] == other]
        kept_ids = {r["id"] for r in after[table]}
        for row in moved:
            if row["id"] in kept_ids:
                assert dict(next(r for r in after[table] if r["id"] == row["id"])) == {
                    **row,
                    "customer_id": kept,
                    **({"updated_at": card["updated_at"]} if "updated_at" in row else {}),
                }
            else:  # an exact copy of a row the kept card has
                assert table in ("important_dates", "preferences")
        assert all(r["customer_id"] != other for r in after[table])
    assert len(after["important_dates"]) == 2 and len(after["preferences"]) == 2
    assert funnel_facts.differences(db.conn) == {}
    assert [r["id"] for r in search.search_customers(db, "wangfang")] == [kept]

    revert(db, changes)
    assert _everything(db) == before
    assert funnel_facts.differences(db.conn) == {}
    assert sorted(r["id"] for r in search.search_customers(db, "wangfang")) == [kept, other]


def test_merging_a_card_with_itself_or_a_deleted_card_is_refused(db: Database) -> None:
    kept, other = _two_cards(db)
    with pytest.raises(ValidationError):
        merge_customers(db, kept, kept)
    customers.delete_customer(db, other)
    with pytest.raises(Exception, match="no longer exists"):
        merge_customers(db, kept, other)


def test_duplicates_command_prints_groups_and_changes_nothing(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    from funneldesk.cli import main as cli_main

    a = _customer(db, name="Anna", email="anna@x.cn")
    b = _customer(db, name="Anna", email="ANNA@x.cn")
    db.close()
    path = Path(db.path)
    files = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    assert cli_main(["duplicates", "--db", str(path), "--json"]) == 0
    (group,) = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in group["customers"]] == [a, b]
    assert group["reasons"] == ["email", "name"]
    assert group["pairs"] == [{"ids": [a, b], "reasons": ["email", "name"]}]
    assert {p.name: p.read_bytes() for p in path.parent.iterdir()} == files


def test_duplicates_command_on_a_missing_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from funneldesk.cli import main as cli_main

    missing = tmp_path / "nothing.sqlite"
    assert cli_main(["duplicates", "--db", str(missing), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert not missing.exists()


def test_company_spelling_and_a_row_without_a_sort_key(db: Database) -> None:
    a = _customer(db, name="Zhang Wei", company="ACME, Inc.")
    b = _customer(db, name="张伟", company="Acme Inc")
    with db.bulk() as conn:  # as another SQLite tool might leave a row
        conn.execute("UPDATE customers SET name_sort = NULL WHERE id = ?", (b,))
        conn.execute("DELETE FROM customer_sort_pending")
    assert db.scalar("SELECT name_sort FROM customers WHERE id = ?", (b,)) is None
    assert _pairs(db) == [(a, b, ("name",))]


def test_same_name_without_a_company_must_share_the_city(db: Database) -> None:
    a = _customer(db, name="吴春梅", city="南京")
    _customer(db, name="吴春梅", city="上海")
    c = _customer(db, name="Wu Chunmei", city=" 南京 ")
    assert _pairs(db) == [(a, c, ("name",))]
