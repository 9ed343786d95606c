"""Funnel figures on hand-built histories, with expectations derived by hand (docs/analytics.md).

Deals are written straight into the tables with chosen timestamps (as an import would), so
every duration below is exact. The default pipeline has five stages:
Lead (10 %), Contacted (20 %), Needs analysis (40 %), Proposal (60 %), Negotiation (80 %).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funneldesk.commands.stats import stats_json
from funneldesk.core import board, customers, deals, pipelines, probability
from funneldesk.core.errors import NotFoundError, ValidationError
from funneldesk.core.funnel_report import Period
from funneldesk.core.funnel_statistics import compute_funnel
from funneldesk.core.probability import deal_probability

START = datetime(2026, 1, 1, 9, 0, 0)
L, C, N, P, G = range(5)  # stage indexes of the default pipeline


def ts(day: float) -> str:
    return (START + timedelta(days=day)).strftime("%Y-%m-%dT%H:%M:%SZ")


class Book:
    """Writes deals with a chosen history: ``path`` is ``[(stage_index, day), ...]``."""

    def __init__(self, db, pipeline_id: int | None = None) -> None:  # noqa: ANN001
        self.db = db
        self.pipeline_id = pipeline_id or db.scalar("SELECT id FROM pipelines ORDER BY position")
        self.stages = [
            r[0]
            for r in db.query(
                "SELECT id FROM stages WHERE pipeline_id = ? AND archived = 0 ORDER BY position",
                (self.pipeline_id,),
            )
        ]

    def customer(self, name: str = "Ann", source: str | None = None, owner: str | None = None):
        with self.db.bulk() as conn:
            cursor = conn.execute(
                "INSERT INTO customers (name, source, owner, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (name, source, owner, ts(0), ts(0)),
            )
        return cursor.lastrowid

    def deal(
        self,
        path: list[tuple[int, float]],
        *,
        status: str = "open",
        closed: float | None = None,
        value: float = 100.0,
        probability: float | None = None,
        expected: str | None = None,
        customer: int | None = None,
        owner: str | None = None,
    ) -> int:
        stage_ids = [self.stages[index] for index, _ in path]
        with self.db.bulk() as conn:
            cursor = conn.execute(
                "INSERT INTO deals (customer_id, pipeline_id, stage_id, title, value, "
                "probability, status, expected_close, created_at, closed_at, owner, updated_at) "
                "VALUES (?, ?, ?, 'Deal', ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    customer,
                    self.pipeline_id,
                    stage_ids[-1],
                    value,
                    probability,
                    status,
                    expected,
                    ts(path[0][1]),
                    None if closed is None else ts(closed),
                    owner,
                    ts(path[-1][1]),
                ),
            )
            deal_id = cursor.lastrowid
            previous = None
            for stage_id, (_, day) in zip(stage_ids, path, strict=True):
                conn.execute(
                    "INSERT INTO stage_changes (deal_id, from_stage_id, to_stage_id, changed_at) "
                    "VALUES (?, ?, ?, ?)",
                    (deal_id, previous, stage_id, ts(day)),
                )
                previous = stage_id
        return deal_id

    def lost_at(self, stage: int, *, stay: float = 1.0, **kwargs) -> int:  # noqa: ANN003
        """Created in Lead on day 0, one move a day up to ``stage``, lost ``stay`` days later."""
        path = [(s, float(s)) for s in range(stage + 1)]
        return self.deal(path, status="lost", closed=stage + stay, **kwargs)


@pytest.fixture
def book(db) -> Book:  # noqa: ANN001
    return Book(db)


@pytest.fixture
def mixed(book: Book) -> Book:
    """Skips, a back move, a deal created late in the funnel, an early win, a loss per stage."""
    book.deal([(L, 0), (N, 2), (C, 5)], expected="2026-03-15")  # A: skip, then back
    book.deal([(P, 1)], probability=90, value=200)  # B: created in Proposal
    book.deal([(L, 0)], status="won", closed=3)  # C: won straight from Lead
    for stage in (L, C, N, P):
        book.lost_at(stage)
    book.lost_at(G, stay=10)  # lost after ten days in Negotiation
    return book


def test_reached_counts_skipped_stages_and_back_moves(mixed: Book) -> None:
    report = compute_funnel(mixed.db)
    # A reached Needs analysis (the back move keeps it), B Proposal, C all (won), D_s stage s.
    assert [s.reached for s in report.stages] == [8, 7, 6, 4, 2]


def test_current_counts_only_open_deals_in_their_stage(mixed: Book) -> None:
    report = compute_funnel(mixed.db)
    assert [s.current for s in report.stages] == [0, 1, 0, 1, 0]


def test_stage_cumulative_and_won_conversion(mixed: Book) -> None:
    stages = compute_funnel(mixed.db).stages
    assert [s.conversion_to_next for s in stages] == pytest.approx(
        [7 / 8, 6 / 7, 4 / 6, 2 / 4, 1 / 2]
    )
    assert [s.cumulative_conversion for s in stages] == pytest.approx(
        [1, 7 / 8, 6 / 8, 4 / 8, 2 / 8]
    )


def test_p_win_counts_losses_at_every_stage_with_sample_sizes(mixed: Book) -> None:
    stages = compute_funnel(mixed.db).stages
    assert [s.p_win for s in stages] == pytest.approx([1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2])
    assert [s.p_win_sample for s in stages] == [6, 5, 4, 3, 2]


def test_median_time_in_stage_uses_completed_visits_only(mixed: Book) -> None:
    stages = compute_funnel(mixed.db).stages
    # Lead: A 2 d, C 3 d (until won), D_L..D_G 1 d each; A's visit to Contacted still runs.
    assert [s.median_days_in_stage for s in stages] == [1.0, 1.0, 1.0, 1.0, 10.0]
    assert [s.completed_visits for s in stages] == [7, 4, 4, 2, 1]


def test_win_rate_cycle_and_velocity(mixed: Book) -> None:
    kpis = compute_funnel(mixed.db).kpis
    assert (kpis.won, kpis.lost) == (1, 5)
    assert kpis.win_rate == pytest.approx(1 / 6)
    assert kpis.cycle_days_median == 3.0
    assert kpis.cycle_days_mean == 3.0
    assert kpis.open_deals == 2
    # open deals × win rate × average won value / mean cycle
    assert kpis.velocity_per_day == pytest.approx(2 * (1 / 6) * 100 / 3)


def test_weighted_pipeline_total_per_stage_and_per_month(mixed: Book) -> None:
    report = compute_funnel(mixed.db)
    # A: 100 × 20 % (Contacted, configured); B: 200 × 90 % (its own probability).
    assert report.kpis.weighted_pipeline == pytest.approx(200.0)
    assert [s.weighted_value for s in report.stages] == pytest.approx([0, 20, 0, 180, 0])
    assert [(f.month, f.weighted_value) for f in report.forecast] == [
        ("2026-03", pytest.approx(20.0)),
        (None, pytest.approx(180.0)),
    ]


def test_stats_json_matches_the_design_shape(mixed: Book) -> None:
    data = stats_json(compute_funnel(mixed.db))
    assert set(data) == {
        "stages",
        "win_rate",
        "cycle_days_median",
        "weighted_pipeline",
        "open_deals",
        "won",
        "lost",
        "velocity_per_day",
        "bottleneck",
        "currency",
        "unconverted_deals",
        "forecast_range",
        "forecast_accuracy",
    }
    assert set(data["stages"][0]) == {
        "name",
        "reached",
        "current",
        "conversion_to_next",
        "cumulative_conversion",
        "p_win",
        "p_win_sample",
        "median_days_in_stage",
        "open_value",
        "weighted_value",
    }
    assert [s["name"] for s in data["stages"]][:2] == ["Lead", "Contacted"]
    # Fewer than ten deals reach any stage: no bottleneck, but the slowest stage is known.
    assert data["bottleneck"] == {
        "from_stage": None,
        "to_stage": None,
        "conversion": None,
        "slowest_stage": "Negotiation",
    }


def test_empty_pipeline_has_undefined_rates_not_errors(db) -> None:  # noqa: ANN001
    report = compute_funnel(db)
    assert [s.reached for s in report.stages] == [0] * 5
    assert all(s.conversion_to_next is None and s.p_win is None for s in report.stages)
    assert report.kpis.win_rate is None and report.kpis.velocity_per_day is None
    assert report.kpis.weighted_pipeline == 0
    assert report.bottleneck.from_stage is None and report.bottleneck.slowest_stage is None


def test_pipeline_without_stages(db) -> None:  # noqa: ANN001
    pipeline_id = pipelines.create_pipeline(db, "Empty").inserted_ids("pipelines")[0]
    report = compute_funnel(db, pipeline_id)
    assert report.stages == [] and stats_json(report)["stages"] == []


def test_zero_denominators_are_none_and_zero_numerators_are_zero(book: Book) -> None:
    book.deal([(L, 0)])
    stages = compute_funnel(book.db).stages
    assert stages[0].conversion_to_next == 0.0  # 0 of 1 went on
    assert stages[1].conversion_to_next is None  # nobody reached Contacted
    assert stages[1].cumulative_conversion == 0.0
    assert stages[-1].conversion_to_next is None  # won / n_k with n_k = 0


def test_cohort_by_inclusive_creation_dates(book: Book) -> None:
    book.deal([(L, 30.6)])  # 2026-01-31T23:24
    book.deal([(L, 31)])  # 2026-02-01T09:00
    book.deal([(L, 31.6)])  # 2026-02-01T23:24
    book.deal([(L, 32)])  # 2026-02-02T09:00
    only_first = compute_funnel(book.db, since="2026-02-01", until="2026-02-01")
    assert only_first.stages[0].reached == 2
    assert compute_funnel(book.db, since=date(2026, 2, 1)).stages[0].reached == 3
    assert compute_funnel(book.db, until="2026-01-31").stages[0].reached == 1


def test_closed_figures_follow_the_closing_date_not_the_cohort(book: Book) -> None:
    book.deal([(L, 0)], status="won", closed=40)  # created in January, won in February
    february = compute_funnel(book.db, since="2026-02-01", until="2026-02-28")
    assert february.stages[0].reached == 0
    assert (february.kpis.won, february.kpis.cycle_days_median) == (1, 40.0)


def test_previous_period_has_the_same_length_just_before() -> None:
    period = Period(date(2026, 2, 1), date(2026, 2, 10))
    assert period.previous() == Period(date(2026, 1, 22), date(2026, 1, 31))
    assert Period().previous() is None


def test_compare_fills_the_previous_report(book: Book) -> None:
    book.deal([(L, 0)])  # 2026-01-01
    book.deal([(L, 10)])  # 2026-01-11
    report = compute_funnel(book.db, since="2026-01-11", until="2026-01-20", compare=True)
    assert report.stages[0].reached == 1
    assert report.previous is not None and report.previous.stages[0].reached == 1
    assert report.previous.since == date(2026, 1, 1)


def test_p_win_replaces_the_configured_probability_from_20_closed_deals(book: Book) -> None:
    book.deal([(L, 0)], value=1000)
    for _ in range(5):
        book.deal([(L, 0)], status="won", closed=1)
    for _ in range(14):
        book.deal([(L, 0)], status="lost", closed=1)
    # 19 closed deals behind Lead: the configured 10 % still applies.
    assert compute_funnel(book.db).kpis.weighted_pipeline == pytest.approx(100.0)
    book.deal([(L, 0)], status="lost", closed=1)
    # 20 closed deals: p_win(Lead) = 5 / 20.
    assert compute_funnel(book.db).kpis.weighted_pipeline == pytest.approx(250.0)


def test_deal_probability_rule() -> None:
    assert deal_probability(35.0, 10.0, 0.9, 500) == 35.0
    assert deal_probability(None, 10.0, 0.9, 19) == 10.0
    assert deal_probability(None, 10.0, 0.9, 20) == pytest.approx(90.0)
    assert deal_probability(None, 10.0, None, 0) == 10.0


def test_the_board_and_the_funnel_weigh_with_the_same_learned_probabilities(mixed: Book) -> None:
    report = compute_funnel(mixed.db, since="2026-02-01")
    learned = probability.learned_probabilities(mixed.db.reader, report.pipeline_id)
    by_stage = {
        s.stage_id: s.weighted_value
        for s in compute_funnel(mixed.db).stages  # all time: the same open deals now
    }
    assert by_stage == {s.stage_id: pytest.approx(s.weighted_value) for s in report.stages}
    totals = board.column_totals(
        mixed.db, report.pipeline_id, list(by_stage), probabilities=learned
    )
    for stage in report.stages:
        assert totals[stage.stage_id].weighted == pytest.approx(stage.weighted_value)
        assert totals[stage.stage_id].count == stage.current


def test_bottleneck_is_the_lowest_step_with_at_least_ten_deals(book: Book) -> None:
    for _ in range(12):
        book.deal([(L, 0)])
    for _ in range(2):
        book.deal([(L, 0), (C, 1)])
    for _ in range(13):
        book.deal([(L, 0), (C, 1), (N, 3)])
    for _ in range(3):
        book.deal([(L, 0), (C, 1), (N, 3), (P, 5)])
    book.deal([(L, 0), (C, 1), (N, 3), (P, 5)], status="lost", closed=9)
    # n = 31, 19, 17, 4, 0: Lead→Contacted 19/31 ≈ .61, Contacted→Needs 17/19, Needs→Proposal
    # 4/17 ≈ .24; Proposal→Negotiation 0/4 is lower but only 4 deals reached Proposal.
    bottleneck = compute_funnel(book.db).bottleneck
    assert (bottleneck.from_stage, bottleneck.to_stage) == ("Needs analysis", "Proposal")
    assert bottleneck.conversion == pytest.approx(4 / 17)
    assert bottleneck.slowest_stage == "Proposal"  # 4 days, the longest completed visit
    assert "Needs analysis" in bottleneck.explanation


def test_segments_by_source_owner_and_returning_customer(book: Book) -> None:
    ann = book.customer("Ann", source="referral")
    bob = book.customer("Bob", source="website")
    book.deal([(L, 0)], status="won", closed=3, customer=ann, owner="Kim")
    book.deal([(L, 1), (C, 2)], customer=ann, owner="Kim")  # before Ann's first win: new
    book.deal([(L, 5), (C, 6), (N, 7)], customer=ann, owner="Lee")  # after it: returning
    book.deal([(L, 5)], customer=bob, owner="Lee")
    segments = compute_funnel(book.db).segments
    by_source = {s.key: s for s in segments["source"]}
    assert by_source["referral"].reached == (3, 3, 2, 1, 1)
    assert by_source["website"].reached == (1, 0, 0, 0, 0)
    by_type = {s.key: s.deals for s in segments["customer_type"]}
    assert by_type == {"new": 3, "returning": 1}
    by_owner = {s.key: (s.deals, s.won) for s in segments["owner"]}
    assert by_owner == {"Kim": (2, 1), "Lee": (2, 0)}


def test_activity_efficiency_per_owner(book: Book) -> None:
    ann = book.customer("Ann", owner="Kim")
    book.deal([(L, 0)], status="won", closed=2, customer=ann, owner="Kim")
    with book.db.bulk() as conn:
        for outcome, minutes in (("positive", 30), ("positive", 30), ("neutral", 60)):
            conn.execute(
                "INSERT INTO interactions (customer_id, kind, occurred_at, duration_min, outcome) "
                "VALUES (?, 'call', ?, ?, ?)",
                (ann, ts(1), minutes, outcome),
            )
    report = compute_funnel(book.db, since="2026-01-01", until="2026-01-10")
    (kim,) = report.activity
    assert (kim.owner, kim.contact_hours, kim.positive, kim.won) == ("Kim", 2.0, 2, 1)
    assert kim.contact_efficiency == 1.0  # 2 positive contacts in 2 hours
    assert kim.follow_up_efficiency == 0.5  # 1 won deal per 2 contact hours
    assert kim.orders_per_day == pytest.approx(0.1)  # 1 won deal in 10 days


def test_cac_counts_customers_at_their_first_win(book: Book) -> None:
    first = book.customer("A", source="referral")
    second = book.customer("B", source="referral")
    old = book.customer("C", source="referral")
    book.deal([(L, 0)], status="won", closed=5, customer=first)
    book.deal([(L, 0)], status="won", closed=6, customer=second)
    book.deal([(L, -40)], status="won", closed=-35, customer=old)  # first won in November
    book.deal([(L, 0)], status="won", closed=7, customer=old)
    with book.db.bulk() as conn:
        conn.execute(
            "INSERT INTO source_costs (source, month, cost) VALUES ('referral', '2026-01', 500)"
        )
        conn.execute(
            "INSERT INTO source_costs (source, month, cost) VALUES ('website', '2026-01', 80)"
        )
    entries = {(c.source, c.month): (c.customers, c.cac) for c in compute_funnel(book.db).cac}
    assert entries == {("referral", "2026-01"): (2, 250.0), ("website", "2026-01"): (0, None)}
    january = compute_funnel(book.db, since="2026-01-01", until="2026-01-31", compare=True)
    assert january.kpis.cac == pytest.approx(580 / 2)
    assert january.previous.cac == [] and january.previous.kpis.cac is None


def test_history_in_a_deleted_stage_is_ignored(db) -> None:  # noqa: ANN001
    stages = [r[0] for r in db.query("SELECT id FROM stages ORDER BY position")]
    deal_id = deals.create_deal(db, {"title": "Moved"}).inserted_ids("deals")[0]
    deals.move_deals(db, [deal_id], stages[N])
    # Deleting Needs analysis moves the deal to Contacted; the funnel now has four stages.
    pipelines.delete_stage(db, stages[N], stages[C])
    report = compute_funnel(db)
    assert [s.name for s in report.stages] == ["Lead", "Contacted", "Proposal", "Negotiation"]
    assert [s.reached for s in report.stages] == [1, 1, 0, 0]
    assert report.stages[1].current == 1


def test_live_operations_update_the_funnel(db) -> None:  # noqa: ANN001
    stages = [r[0] for r in db.query("SELECT id FROM stages ORDER BY position")]
    customers.create_customer(db, {"name": "张三"})
    deal_id = deals.create_deal(db, {"title": "Tea", "customer_id": 1}).inserted_ids("deals")[0]
    assert [s.reached for s in compute_funnel(db).stages] == [1, 0, 0, 0, 0]
    deals.move_deals(db, [deal_id], stages[P])
    deals.move_deals(db, [deal_id], stages[C])
    assert [s.reached for s in compute_funnel(db).stages] == [1, 1, 1, 1, 0]
    deals.win_deals(db, [deal_id])
    report = compute_funnel(db)
    assert [s.reached for s in report.stages] == [1, 1, 1, 1, 1]
    assert report.kpis.win_rate == 1.0


def test_unknown_pipeline_and_impossible_dates_are_refused(db) -> None:  # noqa: ANN001
    with pytest.raises(NotFoundError):
        compute_funnel(db, 999)
    with pytest.raises(ValidationError):
        compute_funnel(db, since="2026-02-30")
    with pytest.raises(ValidationError):
        compute_funnel(db, since="2026-03-01", until="2026-02-01")


# -- properties ---------------------------------------------------------------------------

histories = st.lists(
    st.tuples(
        st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=6),
        st.sampled_from(["open", "won", "lost"]),
        st.integers(min_value=0, max_value=60),
    ),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(histories=histories)
def test_fractions_stay_in_unit_interval_and_counts_never_grow(book: Book, histories) -> None:  # noqa: ANN001
    with book.db.bulk() as conn:
        conn.execute("DELETE FROM stage_changes")
        conn.execute("DELETE FROM deals")
    for path, status, start in histories:
        steps = [(stage, start + i) for i, stage in enumerate(path)]
        closed = start + len(path) if status != "open" else None
        book.deal(steps, status=status, closed=closed)
    report = compute_funnel(book.db)
    reached = [s.reached for s in report.stages]
    assert reached == sorted(reached, reverse=True)
    assert reached[0] <= len(histories)
    fractions = [report.kpis.win_rate, report.bottleneck.conversion]
    for s in report.stages:
        fractions += [s.conversion_to_next, s.cumulative_conversion, s.p_win]
    assert all(f is None or 0.0 <= f <= 1.0 for f in fractions)
    for segment in report.segments["source"]:
        assert list(segment.reached) == sorted(segment.reached, reverse=True)


def test_segment_names_survive_quotes_backslashes_emoji_and_newlines(book: Book) -> None:
    source = 'we"b\\site 微信 😀\n=1+1'
    customer = book.customer("Ann", source=source)
    book.deal([(L, 0)], customer=customer, owner="O'Brien", value=1234567.891)
    report = compute_funnel(book.db)
    assert [s.key for s in report.segments["source"]] == [source]
    assert [s.key for s in report.segments["owner"]] == ["O'Brien"]
    assert report.kpis.open_value == 1234567.891


def test_stats_without_breakdowns_are_the_same_figures(mixed: Book) -> None:
    lean = compute_funnel(mixed.db, with_activity=False, with_cac=False, with_breakdowns=False)
    assert stats_json(lean) == stats_json(compute_funnel(mixed.db))
    assert lean.segments == {} and lean.forecast == []
