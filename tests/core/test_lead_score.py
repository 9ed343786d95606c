"""Lead score: 0-100 for open deals, with per-feature points that add up to the score."""

from __future__ import annotations

import pytest

from funneldesk.core import customers, deals
from funneldesk.core.clock import now_timestamp
from funneldesk.core.lead_score import FEATURES, MIN_TRAINING_DEALS, score_deals


def new_customer(db, name: str, **values) -> int:  # noqa: ANN001, ANN003
    return customers.create_customer(db, {"name": name, **values}).inserted_ids("customers")[0]


def new_deal(db, customer_id: int, value: float = 1000, stage_id: int | None = None) -> int:  # noqa: ANN001
    changes = deals.create_deal(
        db, {"title": "Deal", "customer_id": customer_id, "value": value}, stage_id=stage_id
    )
    return changes.inserted_ids("deals")[0]


def log_calls(db, customer_id: int, count: int) -> None:  # noqa: ANN001
    for _ in range(count):
        customers.add_interaction(
            db, customer_id, {"kind": "call", "occurred_at": now_timestamp(), "outcome": "positive"}
        )


def stage_ids(db) -> list[int]:  # noqa: ANN001
    return [r[0] for r in db.query("SELECT id FROM stages ORDER BY position")]


def test_points_add_up_to_the_score(db) -> None:  # noqa: ANN001
    deal_id = new_deal(db, new_customer(db, "Ann", source="referral", spending_level="high"))
    score = score_deals(db, [deal_id])[deal_id]
    assert 0 <= score.score <= 100
    assert [name for name, _ in score.contributions] == list(FEATURES)
    assert score.base + sum(points for _, points in score.contributions) == pytest.approx(
        score.score
    )
    assert not score.fitted  # no closed deals yet: default weights


def test_default_weights_favour_later_stages_and_recent_contact(db) -> None:  # noqa: ANN001
    stages = stage_ids(db)
    quiet = new_deal(db, new_customer(db, "Quiet"))
    busy_customer = new_customer(db, "Busy")
    log_calls(db, busy_customer, 4)
    busy = new_deal(db, busy_customer)
    late = new_deal(db, new_customer(db, "Late"), stage_id=stages[-1])
    scores = score_deals(db, [quiet, busy, late])
    assert scores[busy].score > scores[quiet].score
    assert scores[late].score > scores[quiet].score
    assert dict(scores[busy].contributions)["interactions_30d"] > 0
    assert scores[busy].values["interactions_30d"] == 4


def test_closed_and_unknown_deals_are_not_scored(db) -> None:  # noqa: ANN001
    deal_id = new_deal(db, new_customer(db, "Won"))
    deals.win_deals(db, [deal_id])
    assert score_deals(db, [deal_id, 9999]) == {}
    assert score_deals(db, []) == {}


def test_fitted_model_learns_which_source_wins(db) -> None:  # noqa: ANN001
    referral = new_customer(db, "R", source="referral")
    website = new_customer(db, "W", source="website")
    for index in range(MIN_TRAINING_DEALS):
        won = index % 2 == 0
        deal_id = new_deal(db, referral if won else website)
        (deals.win_deals if won else deals.lose_deals)(db, [deal_id])
    open_referral = new_deal(db, referral)
    open_website = new_deal(db, website)
    scores = score_deals(db, [open_referral, open_website])
    assert scores[open_referral].fitted
    assert scores[open_referral].score > 70 > 30 > scores[open_website].score
    assert dict(scores[open_referral].contributions)["source"] > 0
    assert dict(scores[open_website].contributions)["source"] < 0
