"""The board's queries: exact column totals, windows of cards in board order, filters."""

from __future__ import annotations

from datetime import date

import pytest

from funneldesk.core import board, customers, deals, money, owners, pipelines
from funneldesk.core.board import BoardFilters
from funneldesk.core.db import Database

ON = date(2026, 11, 25)


def _stages(db: Database) -> list[int]:
    return [s.id for s in board.open_stages(db, 1)]


def _customer(db: Database, name: str, **values: object) -> int:
    return customers.create_customer(db, {"name": name, **values}).inserted_ids("customers")[0]


def _deal(db: Database, title: str, stage: int, created_at: str = "2026-11-20T10:00:00Z", **v):
    with db.operation("seed") as tx:
        return deals.insert_deal(
            tx, deals.clean_deal({"title": title, **v}), stage_id=stage, created_at=created_at
        )


@pytest.fixture
def sample(db: Database) -> dict[str, int]:
    lead, contacted, analysis, proposal, negotiation = _stages(db)
    ana = _customer(db, "Ana Lima", source="referral", company="Lima Café")
    wang = _customer(db, "王芳", source="wechat")
    return {
        "lead": lead,
        "proposal": proposal,
        "negotiation": negotiation,
        "big": _deal(db, "Annual contract", proposal, value=10000, customer_id=ana, owner="Bob"),
        "small": _deal(db, "Gift baskets", proposal, value=2000, probability=90, customer_id=wang),
        "old": _deal(
            db, "Old lead", lead, "2026-10-01T09:00:00Z", value=500, expected_close="2026-11-30"
        ),
    }


def test_column_totals_count_sum_and_weight_by_override_or_stage_probability(db, sample):
    totals = board.column_totals(db, 1, [sample["proposal"], sample["negotiation"]], on=ON)
    proposal = totals[sample["proposal"]]
    assert (proposal.count, proposal.total) == (2, 12000)
    # Proposal's configured probability is 60 %; the small deal overrides it with 90 %.
    assert proposal.weighted == pytest.approx(10000 * 0.60 + 2000 * 0.90)
    assert totals[sample["negotiation"]] == board.ColumnTotals(sample["negotiation"], 0, 0, 0)


def test_closed_deals_leave_the_column_and_its_totals(db, sample):
    deals.win_deals(db, [sample["big"]])
    totals = board.column_totals(db, 1, [sample["proposal"]], on=ON)[sample["proposal"]]
    assert (totals.count, totals.total) == (1, 2000)
    assert [c.id for c in board.column_cards(db, sample["proposal"], on=ON)] == [sample["small"]]
    closed = board.closed_deals(db, 1).deals
    assert [(c.id, c.status, c.customer_name) for c in closed] == [
        (sample["big"], "won", "Ana Lima")
    ]


def test_cards_come_in_manual_order_with_customer_age_and_flags(db, sample):
    deals.move_deals(db, [sample["small"]], sample["proposal"], position=0.0)
    cards = board.column_cards(db, sample["proposal"], on=ON)
    assert [c.id for c in cards] == [sample["small"], sample["big"]]
    assert cards[1].customer_name == "Ana Lima"
    assert cards[1].days_in_stage == 5
    old = board.column_cards(db, sample["lead"], on=ON)[0]
    assert old.idle and not old.overdue  # Lead rots after 14 days; closes on 30 Nov
    assert board.column_cards(db, sample["lead"], on=date(2026, 12, 1))[0].overdue


def test_a_window_reads_only_the_cards_it_does_not_know(db, sample):
    """After a move the board passes the cards it still shows: the order comes from the
    database, the details of only the moved card are read again."""
    shown = board.column_cards(db, sample["proposal"], on=ON)
    deals.move_deals(db, [sample["old"]], sample["proposal"], position=0.0)
    known = {card.id: card for card in shown}
    window = board.column_cards(db, sample["proposal"], on=ON, known=known)
    assert [c.id for c in window] == [sample["old"], sample["big"], sample["small"]]
    assert window[0].stage_id == sample["proposal"] and window[0].days_in_stage == 0
    assert window[1] is known[sample["big"]] and window[2] is known[sample["small"]]
    assert window == board.column_cards(db, sample["proposal"], on=ON)  # same as a full read


def test_cards_can_be_sorted_by_value_and_paged(db, sample):
    for i in range(7):
        _deal(db, f"Filler {i}", sample["proposal"], value=100 * i)
    by_value = board.column_cards(db, sample["proposal"], on=ON, sort="value", limit=3)
    assert [c.value for c in by_value] == [10000, 2000, 600]
    second_page = board.column_cards(db, sample["proposal"], on=ON, sort="value", offset=3, limit=3)
    assert [c.value for c in second_page] == [500, 400, 300]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (BoardFilters(owner="Bob"), {"big"}),
        (BoardFilters(source="wechat"), {"small"}),
        (BoardFilters(min_value=1000, max_value=5000), {"small"}),
        (BoardFilters(closing_this_month=True), {"old"}),
        (BoardFilters(idle_only=True), {"old"}),
        (BoardFilters(text="lima"), {"big"}),
        (BoardFilters(text="王"), {"small"}),
        (BoardFilters(text="50%_' OR 1=1 --"), set()),
    ],
)
def test_filters_narrow_cards_and_totals_alike(db, sample, filters, expected):
    shown = set()
    count = 0
    for stage in (sample["lead"], sample["proposal"]):
        shown |= {c.id for c in board.column_cards(db, stage, filters, ON)}
        count += board.column_totals(db, 1, [stage], filters, ON)[stage].count
    assert shown == {sample[name] for name in expected}
    assert count == len(expected)


def test_card_row_finds_a_deal_in_its_column_or_none_when_filtered_out(db, sample):
    assert board.card_row(db, sample["big"], on=ON) == 0
    assert board.card_row(db, sample["small"], on=ON) == 1
    assert board.card_row(db, sample["small"], BoardFilters(owner="Bob"), ON) is None


def test_position_between_neighbours():
    assert board.position_between(None, None) == 1.0
    assert board.position_between(None, 3.0) == 2.0
    assert board.position_between(3.0, None) == 4.0
    assert board.position_between(3.0, 4.0) == 3.5


def test_open_stages_follow_order_and_hide_deleted_ones(db, sample):
    stages = _stages(db)
    pipelines.delete_stage(db, sample["negotiation"], sample["proposal"])
    pipelines.reorder_stages(db, 1, list(reversed(stages[:-1])))
    names = [s.name for s in board.open_stages(db, 1)]
    assert names == ["Proposal", "Needs analysis", "Contacted", "Lead"]


def test_filter_choices_list_owners_and_sources(db, sample):
    owners, sources = board.filter_choices(db, 1)
    assert owners == ["Bob"]
    assert sources == ["referral", "wechat"]


def test_totals_after_changes_match_a_fresh_count(db, sample):
    stages = _stages(db)
    probabilities = board.stage_probabilities(db, 1)
    rates = money.rates_of(db)
    totals = board.column_totals(db, 1, stages, on=ON)
    steps = [
        deals.move_deals(db, [sample["big"], sample["old"]], sample["negotiation"]),
        deals.win_deals(db, [sample["small"]]),
        deals.update_deal(db, sample["big"], {"value": 12345, "probability": 15}),
        deals.reopen_deals(db, [sample["small"]]),
    ]
    for changes in steps:
        totals.update(board.totals_after_changes(totals, changes, 1, probabilities, rates))
    fresh = board.column_totals(db, 1, stages, on=ON)
    for stage in stages:
        assert totals[stage].count == fresh[stage].count
        assert totals[stage].total == pytest.approx(fresh[stage].total)
        assert totals[stage].weighted == pytest.approx(fresh[stage].weighted)


def test_learned_stage_probability_takes_over_once_enough_deals_closed(db):
    lead = _stages(db)[0]
    for index in range(30):
        deal_id = _deal(db, f"Closed {index}", lead)
        if index < 6:
            deals.win_deals(db, [deal_id])
        else:
            deals.lose_deals(db, [deal_id], "No budget")
    _deal(db, "Still open", lead, value=1000)
    configured = {s.id: s.probability for s in board.open_stages(db, 1)}
    learned = board.stage_probabilities(db, 1)
    assert configured[lead] == 10
    assert learned[lead] == pytest.approx(100 * 6 / 30)  # p_win(Lead) = W / (W + L)
    assert learned[_stages(db)[1]] == configured[_stages(db)[1]]  # no closed deals behind it
    totals = board.column_totals(db, 1, [lead], on=ON, probabilities=learned)[lead]
    assert totals.weighted == pytest.approx(1000 * 0.20)


def test_column_totals_convert_every_currency_and_count_deals_without_a_rate(db, sample):
    """A 50,000 CNY deal adds 50,000 × rate to a USD column, never 50,000; a currency with no
    rate is counted and left out instead of being added as if it were dollars."""
    proposal = sample["proposal"]
    money.add_rate(db, {"currency": "CNY", "rate": 0.14, "valid_from": "2026-01-01"})
    _deal(db, "Tea set", proposal, value=50000, currency="CNY")
    _deal(db, "Watches", proposal, value=700, currency="CHF")
    totals = board.column_totals(db, 1, [proposal], on=ON)[proposal]
    assert totals.count == 4
    assert totals.unconverted == 1
    assert totals.total == pytest.approx(12000 + 50000 * 0.14)
    assert totals.weighted == pytest.approx(10000 * 0.6 + 2000 * 0.9 + 50000 * 0.14 * 0.6)


def test_totals_after_changes_convert_like_a_fresh_count(db, sample):
    money.add_rate(db, {"currency": "EUR", "rate": 1.1, "valid_from": "2026-01-01"})
    eur = _deal(db, "Euro deal", sample["lead"], value=1000, currency="EUR")
    gbp = _deal(db, "Pound deal", sample["lead"], value=300, currency="GBP")
    stages = _stages(db)
    probabilities, rates = board.stage_probabilities(db, 1), money.rates_of(db)
    totals = board.column_totals(db, 1, stages, on=ON)
    changes = deals.move_deals(db, [eur, gbp], sample["negotiation"])
    totals.update(board.totals_after_changes(totals, changes, 1, probabilities, rates))
    fresh = board.column_totals(db, 1, stages, on=ON)
    for stage in stages:
        assert totals[stage].count == fresh[stage].count
        assert totals[stage].unconverted == fresh[stage].unconverted
        assert totals[stage].total == pytest.approx(fresh[stage].total)
        assert totals[stage].weighted == pytest.approx(fresh[stage].weighted)
    assert fresh[sample["negotiation"]].unconverted == 1


def test_cards_carry_the_next_open_activity_and_no_next_step_filters(db, sample):  # noqa: ANN001
    from funneldesk.core import activities

    ana = db.scalar("SELECT customer_id FROM deals WHERE id = ?", (sample["big"],))
    plan = {"customer_id": ana, "deal_id": sample["big"]}
    activities.add_activity(db, {**plan, "kind": "visit", "due_date": "2026-12-09"})
    activities.add_activity(
        db, {**plan, "kind": "call", "due_date": "2026-12-03", "due_time": "15:00"}
    )
    done = activities.add_activity(db, {**plan, "kind": "task", "due_date": "2026-12-01"})
    activities.complete_activity(db, done.inserted_ids("activities")[0])
    on = date(2026, 12, 1)
    cards = {c.id: c for c in board.column_cards(db, sample["proposal"], on=on)}
    big = cards[sample["big"]]
    assert (big.next_kind, big.next_date, big.next_time) == ("call", "2026-12-03", "15:00")
    assert cards[sample["small"]].next_kind is None
    bare = board.column_cards(db, sample["proposal"], BoardFilters(no_next_step=True), on=on)
    assert [c.id for c in bare] == [sample["small"]]
    totals = board.column_totals(db, 1, [sample["proposal"]], BoardFilters(no_next_step=True), on)
    assert totals[sample["proposal"]].count == 1


def test_known_owners_are_every_named_owner_once_in_name_order(db: Database) -> None:
    """Owners read by skipping through the owner indexes are exactly those a plain scan of
    the three tables finds: no empty or missing owner, case variants kept apart."""
    for name, owner in (
        ("A", "bob"),
        ("B", "Bob"),
        ("C", ""),
        ("D", None),
        ("E", "Zoë"),
        ("F", "bob"),
        ("G", "anna"),
    ):
        customers.create_customer(db, {"name": name, "owner": owner})
    with db.operation("Owners elsewhere") as tx:  # files edited by other tools, too
        tx.execute(
            "INSERT INTO deals (title, pipeline_id, stage_id, owner, created_at, "
            "updated_at) SELECT 'x', 1, MIN(id), 'Carl', 'x', 'x' FROM stages"
        )
        tx.execute("UPDATE customers SET owner = 42 WHERE name = 'D'")
    scanned = [
        r[0]
        for r in db.query(
            "SELECT owner FROM deals WHERE owner IS NOT NULL AND owner != '' "
            "UNION SELECT owner FROM customers WHERE owner IS NOT NULL AND owner != '' "
            "UNION SELECT owner FROM activities WHERE owner IS NOT NULL AND owner != '' "
            "ORDER BY 1 COLLATE NOCASE"
        )
    ]
    assert owners.known_owners(db) == scanned
    assert {"anna", "bob", "Bob", "Carl", "Zoë", "42"} == set(scanned)
