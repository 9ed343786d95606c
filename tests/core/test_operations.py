"""Every change of data is one operation; undo (``revert``) restores the exact previous rows
and reverting the undo redoes it (docs/architecture.md, CONTRIBUTING "Core")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from funneldesk.core import customers as c
from funneldesk.core import deals as d
from funneldesk.core import funnel_facts
from funneldesk.core import pipelines as p
from funneldesk.core.changes import ChangeSet
from funneldesk.core.db import Database
from funneldesk.core.errors import NotFoundError, ValidationError
from funneldesk.core.recorder import revert
from funneldesk.core.settings_ops import set_settings


def snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every row of every ordinary table (full-text index tables are derived data), the
    funnel's derived tables included."""
    tables = [
        r[0]
        for r in db.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%'"
        )
    ]
    virtual = [
        r[0] for r in db.query("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%'")
    ]
    rows = {
        table: [tuple(row) for row in db.query(f'SELECT * FROM "{table}" ORDER BY 1')]
        for table in tables
        if not any(table.startswith(f"{v}_") for v in virtual) and table != "stage_paths"
    }
    # Path ids are arbitrary (a path once seen keeps its id): compare the stages they name.
    spelled = funnel_facts.DEAL_FACT_COLUMNS.replace("path_id", "p.stages")
    rows["deal_facts"] = [
        tuple(row)
        for row in db.query(
            f"SELECT {spelled} FROM deal_facts JOIN stage_paths p ON p.id = path_id ORDER BY 1"
        )
    ]
    return rows


@dataclass
class World:
    """A small database with one of everything the operations act on."""

    customer: int
    other_customer: int
    date: int
    preference: int
    interaction: int
    deal: int
    won_deal: int
    stages: list[int]
    empty_pipeline: int


@pytest.fixture
def world(db: Database) -> World:
    customer = c.create_customer(db, {"name": "张伟", "company": "华信科技", "city": "上海"})
    customer_id = customer.inserted_ids("customers")[0]
    other = c.create_customer(db, {"name": "Siobhán O'Brien"}).inserted_ids("customers")[0]
    date_id = c.add_important_date(
        db, customer_id, {"kind": "birthday", "month": 3, "day": 14}
    ).inserted_ids("important_dates")[0]
    pref_id = c.add_preference(db, customer_id, "drink", "普洱茶").inserted_ids("preferences")[0]
    deal_id = d.create_deal(db, {"title": "ERP upgrade", "customer_id": customer_id, "value": 5000})
    deal_id = deal_id.inserted_ids("deals")[0]
    won = d.create_deal(db, {"title": "Office chairs", "customer_id": customer_id, "value": 800})
    won_id = won.inserted_ids("deals")[0]
    d.win_deals(db, [won_id])
    interaction_id = c.add_interaction(
        db,
        customer_id,
        {"kind": "call", "deal_id": deal_id, "summary": "Price", "outcome": "positive"},
    ).inserted_ids("interactions")[0]
    stages = [r[0] for r in db.query("SELECT id FROM stages ORDER BY position")]
    empty = p.create_pipeline(db, "Partners", ["Intro", "Signed"]).inserted_ids("pipelines")[0]
    return World(
        customer_id, other, date_id, pref_id, interaction_id, deal_id, won_id, stages, empty
    )


OPERATIONS: dict[str, Callable[[Database, World], ChangeSet]] = {
    "create customer": lambda db, w: c.create_customer(
        db, {"name": "Anna Müller", "satisfaction": 4}
    ),
    "update customer": lambda db, w: c.update_customer(
        db, w.customer, {"phone": "+86 138 0000 1111"}
    ),
    "delete customer with deals": lambda db, w: c.delete_customer(db, w.customer),
    "delete customer keeping deals": lambda db, w: c.delete_customer(
        db, w.customer, keep_deals=True
    ),
    "add date": lambda db, w: c.add_important_date(
        db,
        w.customer,
        {"kind": "birthday", "month": 8, "day": 15, "calendar": "lunar", "is_leap_month": 1},
    ),
    "update date": lambda db, w: c.update_important_date(db, w.date, {"day": 15, "year": 1980}),
    "delete date": lambda db, w: c.delete_important_date(db, w.date),
    "add preference": lambda db, w: c.add_preference(db, w.customer, "music", "京剧"),
    "update preference": lambda db, w: c.update_preference(db, w.preference, "drink", "龙井茶"),
    "delete preference": lambda db, w: c.delete_preference(db, w.preference),
    "add interaction": lambda db, w: c.add_interaction(
        db, w.customer, {"kind": "meeting", "duration_min": 45, "next_follow_up": "2026-12-01"}
    ),
    "update interaction": lambda db, w: c.update_interaction(
        db, w.interaction, {"outcome": "negative"}
    ),
    "delete interaction": lambda db, w: c.delete_interaction(db, w.interaction),
    "create deal": lambda db, w: d.create_deal(
        db, {"title": "New", "customer_id": w.other_customer}
    ),
    "create deal in a later stage": lambda db, w: d.create_deal(
        db, {"title": "Hot lead"}, stage_id=w.stages[2]
    ),
    "update deal": lambda db, w: d.update_deal(
        db, w.deal, {"value": 7500, "expected_close": "2027-01-31"}
    ),
    "move deal": lambda db, w: d.move_deals(db, [w.deal], w.stages[3]),
    "reorder deal in its stage": lambda db, w: d.move_deals(
        db, [w.deal], w.stages[0], position=0.5
    ),
    "win deal": lambda db, w: d.win_deals(db, [w.deal]),
    "lose deal remembering the reason": lambda db, w: d.lose_deals(
        db, [w.deal], "Price too high", remember=True
    ),
    "reopen deal": lambda db, w: d.reopen_deals(db, [w.won_deal]),
    "delete deals": lambda db, w: d.delete_deals(db, [w.deal, w.won_deal]),
    "create pipeline": lambda db, w: p.create_pipeline(db, "Wholesale", ["A", "B", "C"]),
    "rename pipeline": lambda db, w: p.rename_pipeline(db, w.empty_pipeline, "Resellers"),
    "delete pipeline": lambda db, w: p.delete_pipeline(db, w.empty_pipeline),
    "add stage": lambda db, w: p.add_stage(
        db, 1, {"name": "Contract", "probability": 90, "rot_days": 7}
    ),
    "update stage": lambda db, w: p.update_stage(
        db, w.stages[1], {"name": "Qualified", "rot_days": 10}
    ),
    "reorder stages": lambda db, w: p.reorder_stages(db, 1, list(reversed(w.stages))),
    "delete stage moving its deals": lambda db, w: p.delete_stage(db, w.stages[0], w.stages[1]),
}


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_undo_restores_exact_rows_and_redo_reapplies(db: Database, world: World, name: str) -> None:
    before = snapshot(db)
    changes = OPERATIONS[name](db, world)
    after = snapshot(db)
    assert changes and after != before

    undo = revert(db, changes)
    assert snapshot(db) == before
    redo = revert(db, undo)
    assert snapshot(db) == after
    revert(db, redo)
    assert snapshot(db) == before


def test_creating_a_deal_writes_its_first_history_row(db: Database, world: World) -> None:
    changes = d.create_deal(db, {"title": "Fresh"}, stage_id=world.stages[2])
    deal_id = changes.inserted_ids("deals")[0]
    rows = db.query(
        "SELECT from_stage_id, to_stage_id, changed_at FROM stage_changes WHERE deal_id = ?",
        (deal_id,),
    )
    created_at = db.scalar("SELECT created_at FROM deals WHERE id = ?", (deal_id,))
    assert [tuple(r) for r in rows] == [(None, world.stages[2], created_at)]


def test_moving_a_deal_appends_one_history_row_per_move(db: Database, world: World) -> None:
    d.move_deals(db, [world.deal], world.stages[3])
    d.move_deals(db, [world.deal], world.stages[1])
    rows = db.query(
        "SELECT from_stage_id, to_stage_id FROM stage_changes WHERE deal_id = ? ORDER BY id",
        (world.deal,),
    )
    assert [tuple(r) for r in rows] == [
        (None, world.stages[0]),
        (world.stages[0], world.stages[3]),
        (world.stages[3], world.stages[1]),
    ]
    assert db.scalar("SELECT stage_id FROM deals WHERE id = ?", (world.deal,)) == world.stages[1]


def test_reordering_within_a_stage_writes_no_history(db: Database, world: World) -> None:
    d.move_deals(db, [world.deal], world.stages[0], position=0.25)
    assert db.scalar("SELECT COUNT(*) FROM stage_changes WHERE deal_id = ?", (world.deal,)) == 1


def test_a_closed_deal_cannot_be_moved_and_nothing_changes(db: Database, world: World) -> None:
    before = snapshot(db)
    with pytest.raises(ValidationError, match="reopen"):
        d.move_deals(db, [world.deal, world.won_deal], world.stages[4])
    assert snapshot(db) == before


def test_win_and_lose_close_the_deal_in_its_stage(db: Database, world: World) -> None:
    d.lose_deals(db, [world.deal], "No budget")
    status, reason, closed_at, stage = db.query_one(
        "SELECT status, lost_reason, closed_at, stage_id FROM deals WHERE id = ?", (world.deal,)
    )
    assert (status, reason, stage) == ("lost", "No budget", world.stages[0])
    assert closed_at is not None
    d.reopen_deals(db, [world.deal])
    row = db.query_one(
        "SELECT status, lost_reason, closed_at FROM deals WHERE id = ?", (world.deal,)
    )
    assert tuple(row) == ("open", None, None)


def test_deleting_a_customer_deletes_their_deals_and_history(db: Database, world: World) -> None:
    c.delete_customer(db, world.customer)
    for table, column in (
        ("important_dates", "customer_id"),
        ("preferences", "customer_id"),
        ("interactions", "customer_id"),
        ("deals", "customer_id"),
    ):
        assert db.scalar(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (world.customer,)) == 0
    assert db.scalar("SELECT COUNT(*) FROM stage_changes") == 0


def test_deleting_a_customer_can_keep_their_deals_unlinked(db: Database, world: World) -> None:
    c.delete_customer(db, world.customer, keep_deals=True)
    rows = db.query("SELECT id, customer_id FROM deals ORDER BY id")
    assert [tuple(r) for r in rows] == [(world.deal, None), (world.won_deal, None)]
    assert db.scalar("SELECT COUNT(*) FROM stage_changes") == 2
    assert db.scalar("SELECT COUNT(*) FROM interactions") == 0


def test_deleting_a_stage_moves_its_open_deals_with_history(db: Database, world: World) -> None:
    p.delete_stage(db, world.stages[0], world.stages[1])
    assert db.scalar("SELECT stage_id FROM deals WHERE id = ?", (world.deal,)) == world.stages[1]
    assert db.scalar("SELECT archived FROM stages WHERE id = ?", (world.stages[0],)) == 1
    last = db.query_one(
        "SELECT from_stage_id, to_stage_id FROM stage_changes WHERE deal_id = ? ORDER BY id DESC",
        (world.deal,),
    )
    assert tuple(last) == (world.stages[0], world.stages[1])


def test_a_pipeline_with_deals_cannot_be_deleted(db: Database, world: World) -> None:
    with pytest.raises(ValidationError):
        p.delete_pipeline(db, 1)


def test_an_operation_on_a_vanished_row_says_so(db: Database, world: World) -> None:
    c.delete_preference(db, world.preference)
    with pytest.raises(NotFoundError, match="no longer exists"):
        c.update_preference(db, world.preference, "drink", "tea")


@pytest.mark.parametrize(
    ("operation", "field", "message"),
    [
        (
            lambda db, w: c.add_important_date(db, w.customer, {"month": 2, "day": 31}),
            "day",
            "Day 31",
        ),
        (
            lambda db, w: c.add_important_date(
                db, w.customer, {"month": 2, "day": 29, "year": 2023}
            ),
            "day",
            "2023-02",
        ),
        (
            lambda db, w: c.add_important_date(
                db, w.customer, {"month": 5, "day": 31, "calendar": "lunar"}
            ),
            "day",
            "lunar",
        ),
        (
            lambda db, w: c.add_interaction(db, w.customer, {"occurred_at": "yesterday"}),
            "occurred_at",
            "not a date and time",
        ),
        (
            lambda db, w: d.update_deal(db, w.deal, {"expected_close": "2026-02-31"}),
            "expected_close",
            "2026-02-31",
        ),
        (
            lambda db, w: c.update_customer(db, w.customer, {"satisfaction": 9}),
            "satisfaction",
            "between 1 and 5",
        ),
        (lambda db, w: d.update_deal(db, w.deal, {"value": -5}), "value", "below 0"),
        (lambda db, w: d.update_deal(db, w.deal, {"probability": 120}), "probability", "above 100"),
        (lambda db, w: c.create_customer(db, {"name": "   "}), "name", "required"),
        (
            lambda db, w: c.update_customer(db, w.customer, {"email": "not an address"}),
            "email",
            "e-mail",
        ),
        (lambda db, w: c.update_customer(db, w.customer, {"phone": "call me"}), "phone", "phone"),
        (
            lambda db, w: c.update_customer(db, w.customer, {"notes": "x" * 100_001}),
            "notes",
            "too long",
        ),
    ],
)
def test_bad_values_are_refused_with_a_clear_message_and_nothing_changes(
    db: Database, world: World, operation: Callable, field: str, message: str
) -> None:
    before = snapshot(db)
    with pytest.raises(ValidationError, match=message) as refused:
        operation(db, world)
    assert refused.value.field == field
    assert snapshot(db) == before


def test_long_notes_emoji_and_sql_metacharacters_are_stored_verbatim(db: Database) -> None:
    note = ("联系记录 " * 2000)[:9_999] + "。"
    name = "Robert'); DROP TABLE customers;-- 🚀 Zoë"
    changes = c.create_customer(db, {"name": name, "notes": note, "company": "%_\\ 😀"})
    customer_id = changes.inserted_ids("customers")[0]
    row = db.query_one("SELECT name, notes, company FROM customers WHERE id = ?", (customer_id,))
    assert tuple(row) == (name, note, "%_\\ 😀")
    assert len(row["notes"]) == 10_000


def test_contact_times_are_stored_in_utc(db: Database, world: World) -> None:
    changes = c.add_interaction(db, world.customer, {"occurred_at": "2026-11-25T18:30:00+08:00"})
    row_id = changes.inserted_ids("interactions")[0]
    stored = db.scalar("SELECT occurred_at FROM interactions WHERE id = ?", (row_id,))
    assert stored == "2026-11-25T10:30:00Z"


def test_a_real_lunar_leap_month_is_accepted(db: Database, world: World) -> None:
    values = {"month": 2, "day": 29, "year": 2023, "calendar": "lunar", "is_leap_month": 1}
    changes = c.add_important_date(db, world.customer, values)
    assert changes.inserted_ids("important_dates")


def test_new_deals_go_to_the_default_pipeline_chosen_in_settings(db: Database) -> None:
    other = p.create_pipeline(db, "Renewals", ["Due", "Quoted"]).inserted_ids("pipelines")[0]
    first = d.create_deal(db, {"title": "Before"}).inserted_ids("deals")[0]
    assert db.query_one("SELECT pipeline_id FROM deals WHERE id = ?", (first,))[0] != other
    set_settings(db, {"default_pipeline_id": other})
    chosen = d.create_deal(db, {"title": "After"}).inserted_ids("deals")[0]
    row = db.query_one("SELECT pipeline_id, stage_id FROM deals WHERE id = ?", (chosen,))
    first_stage = db.scalar(
        "SELECT id FROM stages WHERE pipeline_id = ? ORDER BY position LIMIT 1", (other,)
    )
    assert (row[0], row[1]) == (other, first_stage)


@pytest.mark.parametrize("count", [1, 49, 50, 123])
def test_a_bulk_insert_writes_and_undoes_every_row(db: Database, world: World, count: int) -> None:
    """``insert_many`` writes whole statements of rows and the rest one by one: every row
    arrives once, exactly as given, and its undo removes them all."""
    before = snapshot(db)
    rows = [(1000 + i, world.customer, "food", f"dish {i}") for i in range(count)]
    with db.operation("Bulk") as tx:
        tx.insert_many("preferences", ("id", "customer_id", "category", "value"), rows)
    written = db.query("SELECT id, customer_id, category, value FROM preferences WHERE id >= 1000")
    assert [tuple(r) for r in written] == rows
    assert [change.after["value"] for change in tx.changeset.rows] == [r[3] for r in rows]
    revert(db, tx.changeset)
    assert snapshot(db) == before
