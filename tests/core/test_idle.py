"""The idle rule (docs/activities.md): open, and untouched for longer than the stage's rot_days."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funneldesk.core import customers, deals
from funneldesk.core.db import Database
from funneldesk.core.idle import idle_deal_ids, idle_deals, idle_deals_page


def _stage_ids(db: Database) -> list[int]:
    return [r[0] for r in db.query("SELECT id FROM stages WHERE archived = 0 ORDER BY position")]


def _deal_created(db: Database, title: str, created_at: str, stage_id: int) -> int:
    with db.operation("seed") as tx:
        return deals.insert_deal(tx, {"title": title}, stage_id=stage_id, created_at=created_at)


def test_deal_untouched_longer_than_rot_days_is_idle_and_exactly_rot_days_is_not(db: Database):
    lead = _stage_ids(db)[0]  # rot_days 14 in a new database
    old = _deal_created(db, "Old", "2026-11-10T09:00:00Z", lead)
    borderline = _deal_created(db, "Borderline", "2026-11-11T09:00:00Z", lead)
    assert idle_deal_ids(db, date(2026, 11, 25)) == [old]
    assert borderline not in idle_deal_ids(db, "2026-11-25")
    assert idle_deals(db, "2026-11-25")[0].days_idle == 15


def test_linked_interaction_or_stage_change_wakes_a_deal_up(db: Database):
    lead, contacted = _stage_ids(db)[:2]
    customer = customers.create_customer(db, {"name": "Ana"}).inserted_ids("customers")[0]
    talked = _deal_created(db, "Talked", "2026-10-01T09:00:00Z", lead)
    moved = _deal_created(db, "Moved", "2026-10-01T09:00:00Z", lead)
    quiet = _deal_created(db, "Quiet", "2026-10-01T09:00:00Z", lead)
    customers.add_interaction(
        db, customer, {"deal_id": talked, "kind": "call", "occurred_at": "2026-11-20T10:00:00Z"}
    )
    deals.move_deals(db, [moved], contacted)
    assert idle_deal_ids(db, "2026-11-25") == [quiet]


def test_closed_deals_and_stages_without_rot_days_are_never_idle(db: Database):
    lead, contacted = _stage_ids(db)[:2]
    won = _deal_created(db, "Won", "2026-01-01T09:00:00Z", lead)
    _deal_created(db, "Never", "2026-01-01T09:00:00Z", contacted)
    db.conn.execute("UPDATE stages SET rot_days = NULL WHERE id = ?", (contacted,))
    deals.win_deals(db, [won])
    assert idle_deal_ids(db, "2026-11-25") == []


def test_idle_deals_can_be_limited_to_one_pipeline(db: Database):
    from funneldesk.core import pipelines

    changes = pipelines.create_pipeline(db, "Renewals", ["Due"])
    other_stage = changes.inserted_ids("stages")[0]
    db.conn.execute("UPDATE stages SET rot_days = 5 WHERE id = ?", (other_stage,))
    first = _deal_created(db, "Main", "2026-01-01T09:00:00Z", _stage_ids(db)[0])
    second = _deal_created(db, "Renewal", "2026-01-01T09:00:00Z", other_stage)
    main_pipeline = db.scalar("SELECT pipeline_id FROM deals WHERE id = ?", (first,))
    assert idle_deal_ids(db, "2026-11-25", main_pipeline) == [first]
    assert set(idle_deal_ids(db, "2026-11-25")) == {first, second}


# -- the rule as the docs tell it, against the SQL on varied data ---------------------------

ON = date(2026, 11, 25)
_DAYS = [f"2026-{m:02d}-{d:02d}" for m, d in ((10, 20), (11, 9), (11, 10), (11, 11), (11, 25))]
_STAMPS = st.sampled_from(_DAYS).flatmap(
    lambda day: st.sampled_from([day, f"{day}T00:00:00Z", f"{day}T23:59:00Z"])
)
_DEALS = st.lists(
    st.fixed_dictionaries(
        {
            "stage": st.integers(0, 2),
            "status": st.sampled_from(["open", "open", "won", "lost"]),
            "owner": st.sampled_from(["Kim", "Lee", None]),
            "created_at": _STAMPS,
            "changes": st.lists(_STAMPS, max_size=2),
            "contacts": st.lists(_STAMPS, max_size=2),
        }
    ),
    max_size=8,
)


def _seed(db: Database, rot_days: list[int | None], rows: list[dict]) -> list[int]:
    """Stages with these ``rot_days`` and deals with these stage changes and linked
    interactions, written raw (replacing the previous example's)."""
    stages = _stage_ids(db)[:3]
    with db.bulk() as conn:
        for table in ("interactions", "stage_changes", "deals", "customers"):
            conn.execute(f"DELETE FROM {table}")
        conn.executemany(
            "UPDATE stages SET rot_days = ? WHERE id = ?", zip(rot_days, stages, strict=True)
        )
        customer = conn.execute(
            "INSERT INTO customers (name, created_at, updated_at) VALUES ('Ana', '2026-01-01', "
            "'2026-01-01')"
        ).lastrowid
        pipeline = conn.execute("SELECT pipeline_id FROM stages WHERE id = ?", (stages[0],))
        pipeline_id = pipeline.fetchone()[0]
        for row in rows:
            deal = conn.execute(
                "INSERT INTO deals (customer_id, pipeline_id, stage_id, title, status, owner, "
                "created_at, updated_at) VALUES (?, ?, ?, 'Deal', ?, ?, ?, ?)",
                (
                    customer,
                    pipeline_id,
                    stages[row["stage"]],
                    row["status"],
                    row["owner"],
                    row["created_at"],
                    row["created_at"],
                ),
            ).lastrowid
            conn.executemany(
                "INSERT INTO stage_changes (deal_id, to_stage_id, changed_at) VALUES (?, ?, ?)",
                [(deal, stages[row["stage"]], at) for at in row["changes"]],
            )
            conn.executemany(
                "INSERT INTO interactions (customer_id, deal_id, occurred_at) VALUES (?, ?, ?)",
                [(customer, deal, at) for at in row["contacts"]],
            )
    return stages


def _idle_by_the_rule(db: Database, owner: str | None) -> list[tuple[int, str]]:
    """(deal id, last activity) of the idle deals, quietest first: open, in a stage with
    ``rot_days``, and the date of its latest touch (stage change, else its creation; linked
    interaction) before the stage's cut-off day."""
    found = []
    for deal in db.query(
        "SELECT d.id, d.status, d.owner, d.created_at, date(?, '-' || s.rot_days || ' days')"
        " AS cutoff FROM deals d JOIN stages s ON s.id = d.stage_id",
        (ON.isoformat(),),
    ):
        changes = [
            r[0]
            for r in db.query(
                "SELECT changed_at FROM stage_changes WHERE deal_id = ?", (deal["id"],)
            )
        ]
        contacts = [
            r[0]
            for r in db.query(
                "SELECT occurred_at FROM interactions WHERE deal_id = ?", (deal["id"],)
            )
        ]
        last = max(max(changes, default=deal["created_at"]), max(contacts, default=""))
        if (
            deal["status"] == "open"
            and deal["cutoff"] is not None
            and owner in (None, deal["owner"])
            and last[:10] < deal["cutoff"]
        ):
            found.append((deal["id"], last))
    return sorted(found, key=lambda item: (item[1], item[0]))


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rot_days=st.lists(st.sampled_from([None, 0, 1, 14, 15, 16, 36]), min_size=3, max_size=3),
    rows=_DEALS,
    owner=st.sampled_from([None, "Kim"]),
)
def test_idle_deals_follow_the_rule_their_page_and_count_agree(
    db: Database, rot_days: list[int | None], rows: list[dict], owner: str | None
) -> None:
    """The SQL's "touched since the cut-off?" probes pick exactly the deals whose latest
    touch is older than the stage allows (same dates at the day's edges, deals without
    stage changes, closed deals, stages without rot_days), in order; a page of them is the
    list's head and its count the list's length."""
    _seed(db, rot_days, rows)
    expected = _idle_by_the_rule(db, owner)
    whole = idle_deals_page(db, ON, owner=owner)
    assert [(deal.deal_id, deal.last_activity) for deal in whole[0]] == expected
    assert whole[1] == len(expected)
    assert idle_deals_page(db, ON, 2, owner=owner) == (whole[0][:2], len(expected))
