"""Lead score: 0-100 for open deals, with per-feature points that add up to the score."""

from __future__ import annotations

import pytest

from funneldesk.core import customers, deals, lead_score, money, recorder
from funneldesk.core.clock import now_timestamp
from funneldesk.core.lead_score import FEATURES, MIN_TRAINING_DEALS, score_deals


def new_customer(db, name: str, **values) -> int:  # noqa: ANN001, ANN003
    return customers.create_customer(db, {"name": name, **values}).inserted_ids("customers")[0]


def new_deal(  # noqa: ANN001
    db, customer_id: int, value: float = 1000, stage_id: int | None = None, currency: str = ""
) -> int:
    values = {"title": "Deal", "customer_id": customer_id, "value": value}
    if currency:
        values["currency"] = currency
    changes = deals.create_deal(db, values, stage_id=stage_id)
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


def close_referrals_won_websites_lost(db) -> tuple[int, int]:  # noqa: ANN001
    """Enough closed deals to fit on: every referral customer's won, every website one's
    lost. Returns the two customers."""
    referral = new_customer(db, "R", source="referral")
    website = new_customer(db, "W", source="website")
    for index in range(MIN_TRAINING_DEALS):
        won = index % 2 == 0
        deal_id = new_deal(db, referral if won else website)
        (deals.win_deals if won else deals.lose_deals)(db, [deal_id])
    return referral, website


def test_fitted_model_learns_which_source_wins(db) -> None:  # noqa: ANN001
    referral, website = close_referrals_won_websites_lost(db)
    open_referral = new_deal(db, referral)
    open_website = new_deal(db, website)
    scores = score_deals(db, [open_referral, open_website])
    assert scores[open_referral].fitted
    assert scores[open_referral].score > 70 > 30 > scores[open_website].score
    assert dict(scores[open_referral].contributions)["source"] > 0
    assert dict(scores[open_website].contributions)["source"] < 0


def test_values_are_compared_in_the_reporting_currency(db) -> None:  # noqa: ANN001
    """70,000 CNY at 0.14 is the same 9,800 USD deal as one of 9,800 USD; a EUR deal
    without a rate has no comparable value: it adds no points and says so."""
    money.add_rate(db, {"currency": "CNY", "rate": 0.14, "valid_from": "2020-01-01"})
    dollars = new_deal(db, new_customer(db, "Ann"), value=9800)
    yuan = new_deal(db, new_customer(db, "Bo"), value=70000, currency="CNY")
    euros = new_deal(db, new_customer(db, "Cy"), value=70000, currency="EUR")
    scores = score_deals(db, [dollars, yuan, euros])
    assert scores[yuan].values["value"] == pytest.approx(9800)
    assert dict(scores[yuan].contributions)["value"] == pytest.approx(
        dict(scores[dollars].contributions)["value"]
    )
    assert scores[yuan].score == scores[dollars].score
    assert scores[euros].values["value"] is None
    assert dict(scores[euros].contributions)["value"] == 0


def test_closed_deals_without_a_rate_are_left_out_of_the_fit_and_counted(db) -> None:  # noqa: ANN001
    referral, _website = close_referrals_won_websites_lost(db)
    for _ in range(3):  # lost, in a currency without a rate
        deals.lose_deals(db, [new_deal(db, referral, value=500, currency="EUR")])
    open_deal = new_deal(db, referral)
    score = score_deals(db, [open_deal])[open_deal]
    assert score.fitted
    assert score.unconverted == 3


def fresh_scores(db, deal_ids: list[int], monkeypatch: pytest.MonkeyPatch) -> dict:  # noqa: ANN001
    """Scores computed from scratch: no model or median kept from an earlier call."""
    with monkeypatch.context() as patch:
        patch.setattr(lead_score, "_MODELS", {})
        patch.setattr(lead_score, "_MEDIANS", {})
        return score_deals(db, deal_ids)


@pytest.mark.parametrize("edit", ["value", "currency", "rate", "status"])
def test_kept_median_and_model_follow_every_edit_and_its_undo(
    db, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:  # noqa: ANN001
    """The median value and the fitted model are kept between calls (re-scoring a moved card
    must not convert every deal again), yet scores stay those of a fresh computation after
    an edit of another deal's value, currency or status, or of a rate, and after its undo."""
    referral = new_customer(db, "R", source="referral")
    website = new_customer(db, "W", source="website")
    for index in range(MIN_TRAINING_DEALS - 1):  # closed values 100 … 2,900: default weights
        won = index % 2 == 0
        deal_id = new_deal(db, referral if won else website, value=100 * (index + 1))
        (deals.win_deals if won else deals.lose_deals)(db, [deal_id])
    rate = money.add_rate(db, {"currency": "CNY", "rate": 0.14, "valid_from": "2020-01-01"})
    scored = [new_deal(db, referral, value=1234), new_deal(db, website, value=4321)]
    other = new_deal(db, referral, value=1450)  # the median value of the 33 deals
    new_deal(db, website, value=2000, currency="CNY")  # 280 USD
    before = score_deals(db, scored)
    assert before == fresh_scores(db, scored, monkeypatch)

    if edit == "value":  # 1,450 → 90,000: the median becomes 1,500
        changes = deals.update_deal(db, other, {"value": 90000})
    elif edit == "currency":  # 1,450 CNY is 203 USD: the median becomes 1,400
        changes = deals.update_deal(db, other, {"currency": "CNY"})
    elif edit == "rate":  # 2,000 CNY becomes 20,000 USD: the median becomes 1,500
        rate_id = rate.inserted_ids("exchange_rates")[0]
        changes = money.update_rate(
            db, rate_id, {"currency": "CNY", "rate": 10, "valid_from": "2020-01-01"}
        )
    else:  # the 30th closed deal: the model is fitted on them from now on
        changes = deals.win_deals(db, [other])
    after = score_deals(db, scored)
    assert after == fresh_scores(db, scored, monkeypatch)
    assert after != before  # the edit matters: a kept median or model would be stale

    recorder.revert(db, changes)
    assert score_deals(db, scored) == before
