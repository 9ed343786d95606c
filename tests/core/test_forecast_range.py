"""The forecast's range and its backtest, on hand-computed cases."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funneldesk.commands.stats import stats_json
from funneldesk.core import forecast, funnel_reads, funnel_statistics, money
from funneldesk.core.funnel_statistics import compute_funnel
from tests.core.test_analytics import Book

L, P = 0, 3


@pytest.fixture
def book(db) -> Book:  # noqa: ANN001
    return Book(db)


def test_three_deals_give_the_enumerated_percentiles(book: Book) -> None:
    """100 @ 50 %, 200 @ 50 %, 400 @ 25 %: outcomes 0..700 in steps of 100 with
    P(≤0)=.1875, P(≤100)=.375, P(≤200)=.5625 … P(≤500)=.875, P(≤600)=.9375."""
    for value, chance in ((100, 50), (200, 50), (400, 25)):
        book.deal([(L, 0)], value=value, probability=chance, expected="2026-05-10")
    report = compute_funnel(book.db)
    assert report.kpis.weighted_pipeline == pytest.approx(250.0)  # the range's mean
    assert report.forecast_range == forecast.Range(0.0, 200.0, 600.0)
    (month,) = report.forecast
    assert month.range == report.forecast_range
    assert stats_json(report)["forecast_range"] == {"p10": 0.0, "p50": 200.0, "p90": 600.0}


def test_sure_deals_shift_the_band_and_others_stay_out() -> None:
    values = np.array([100.0, 50.0, 30.0])
    chances = np.array([1.0, 0.0, 0.5])
    total, (only,) = forecast.outcome_ranges(values, chances, np.zeros(3, dtype=np.int64), 1)
    assert total == only == forecast.Range(100.0, 100.0, 130.0)


def test_many_deals_agree_with_a_brute_force_simulation() -> None:
    """Beyond a dozen deals the biggest are enumerated and the rest summed as a normal law:
    the percentiles match 200,000 simulated pipelines to within 1.5 % of the mean, with a
    few deals far larger than the others (where a plain normal approximation is wrong)."""
    rng = np.random.default_rng(1)
    values = np.concatenate([rng.uniform(100, 5000, 300), [400_000.0, 250_000.0, 90_000.0]])
    chances = np.concatenate([rng.uniform(0.05, 0.95, 300), [0.3, 0.5, 0.7]])
    groups = np.zeros(values.size, dtype=np.int64)
    total, _ = forecast.outcome_ranges(values, chances, groups, 1)
    draws = np.zeros(200_000)
    for start in range(0, draws.size, 20_000):
        hits = rng.random((20_000, values.size)) < chances
        draws[start : start + 20_000] = hits @ values
    expected = np.quantile(draws, [0.1, 0.5, 0.9])
    mean = float((values * chances).sum())
    assert [total.p10, total.p50, total.p90] == pytest.approx(expected, abs=0.015 * mean)
    assert forecast.outcome_ranges(values, chances, groups, 1)[0] == total  # reproducible


def test_backtest_replays_the_pipeline_of_each_month_start(book: Book, monkeypatch) -> None:  # noqa: ANN001
    """Training: 5 won and 15 lost Lead deals closed in early January (p_win(Lead) = 25 % on
    1 Feb). X (1000) sits in Lead on 1 Feb, moves to Proposal on 10 Feb and is won on 20 Feb;
    Y (400) stays open in Lead. On 1 Feb the forecast is 1400 × 25 % = 350 against 1000 won;
    on 1 Mar only Y is open, at p_win 6/21, and nothing is won."""
    monkeypatch.setattr(funnel_statistics, "today", lambda: date(2026, 6, 15))
    for _ in range(5):
        book.deal([(L, 0)], status="won", closed=3)
    for _ in range(15):
        book.deal([(L, 0)], status="lost", closed=5)
    book.deal([(L, 10), (P, 40)], status="won", closed=50, value=1000)
    book.deal([(L, 20)], value=400)
    accuracy = compute_funnel(book.db).accuracy
    assert accuracy is not None
    assert [(m.month, m.actual) for m in accuracy.months] == [("2026-02", 1000.0), ("2026-03", 0)]
    assert accuracy.months[0].forecast == pytest.approx(350.0)
    assert accuracy.months[1].forecast == pytest.approx(400 * 6 / 21)
    assert accuracy.mape == pytest.approx(0.65)
    funnel_statistics._BACKTESTS.clear()  # replay: without segments, the window's ids are read
    assert funnel_statistics.forecast_accuracy(book.db) == accuracy  # not cut from all ids


def test_the_pipeline_currencies_come_once_each_none_first(book: Book) -> None:
    """The backtest codes currencies from this list and unconverted deals are counted only
    when one of them has no rate: a currency missing here would go uncounted."""
    for code in ("EUR", None, "CNY", "EUR", "BRL"):
        deal = book.deal([(L, 0)], value=100)
        book.db.conn.execute("UPDATE deals SET currency = ? WHERE id = ?", (code, deal))
    assert funnel_reads.pipeline_currencies(book.db.reader, 1) == [None, "BRL", "CNY", "EUR"]
    money.add_rate(book.db, {"currency": "EUR", "rate": 2.0, "valid_from": "2026-01-01"})
    money.add_rate(book.db, {"currency": "CNY", "rate": 0.1, "valid_from": "2026-01-01"})
    assert compute_funnel(book.db).unconverted.by_currency == {"BRL": 1}


def test_backtest_converts_the_past_pipeline_and_is_null_without_history(
    book: Book,
    monkeypatch,  # noqa: ANN001
) -> None:
    monkeypatch.setattr(funnel_statistics, "today", lambda: date(2026, 6, 15))
    assert compute_funnel(book.db).accuracy is None
    assert stats_json(compute_funnel(book.db))["forecast_accuracy"] is None
    money.add_rate(book.db, {"currency": "EUR", "rate": 2.0, "valid_from": "2026-01-01"})
    money.add_rate(book.db, {"currency": "EUR", "rate": 3.0, "valid_from": "2026-02-15"})
    deal = book.deal([(L, 10)], status="won", closed=50, value=100, probability=50)
    book.db.conn.execute("UPDATE deals SET currency = 'EUR' WHERE id = ?", (deal,))
    (month,) = compute_funnel(book.db).accuracy.months
    assert (month.month, month.forecast, month.actual) == ("2026-02", 100.0, 300.0)


def test_a_compared_cohort_counts_each_deal_at_the_same_age(db) -> None:  # noqa: ANN001
    """Last 10 days against the 10 before. B, created 12 days ago, moved to Proposal 5 days
    ago and won yesterday; 10 days ago — at the age today's deals have — it was two days
    old and still in Lead. The previous funnel counts it so, not as won."""
    from datetime import UTC, datetime, timedelta

    stages = [r[0] for r in db.query("SELECT id FROM stages ORDER BY position")]
    now = datetime.now(UTC)
    stamp = lambda days: (now - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    with db.bulk() as conn:
        for title, path, status, closed in (
            ("A", [(0, 2)], "open", None),
            ("B", [(0, 12), (3, 5)], "won", 1),
            ("C", [(0, 15)], "lost", 14),
        ):
            deal = conn.execute(
                "INSERT INTO deals (pipeline_id, stage_id, title, value, status, created_at, "
                "closed_at, updated_at) VALUES (1, ?, ?, 100, ?, ?, ?, ?)",
                (stages[path[-1][0]], title, status, stamp(path[0][1]),
                 None if closed is None else stamp(closed), stamp(0)),
            ).lastrowid  # fmt: skip
            for stage, days in path:
                conn.execute(
                    "INSERT INTO stage_changes (deal_id, to_stage_id, changed_at) VALUES (?, ?, ?)",
                    (deal, stages[stage], stamp(days)),
                )
    until = now.date()
    report = compute_funnel(db, since=until - timedelta(days=9), until=until, compare=True)
    before = report.previous
    assert [s.reached for s in before.stages][:4] == [2, 0, 0, 0]  # B and C, both in Lead
    assert (before.kpis.cohort_won, before.kpis.cohort_lost) == (0, 1)  # C was lost by then
    assert before.kpis.lost == 1  # closed in the previous period: counted as it is
    plain = compute_funnel(db, since=until - timedelta(days=19), until=until - timedelta(days=10))
    assert plain.kpis.cohort_won == 1 and plain.stages[3].reached == 1  # without the age rule


def test_the_backtest_is_replayed_after_any_change_to_the_file(book: Book, monkeypatch) -> None:  # noqa: ANN001
    """Kept between requests while the file is unchanged (it does not depend on the period),
    the backtest is replayed after a change by the app and after one by another program."""
    import sqlite3

    monkeypatch.setattr(funnel_statistics, "today", lambda: date(2026, 6, 15))
    book.deal([(L, 10)], status="won", closed=50, value=100, probability=50)
    first = compute_funnel(book.db).accuracy
    assert funnel_statistics.forecast_accuracy(book.db) == first
    assert compute_funnel(book.db, since="2026-01-01").accuracy is first  # kept
    book.deal([(L, 12)], status="won", closed=40, value=300, probability=50)
    (month,) = compute_funnel(book.db).accuracy.months
    assert (month.forecast, month.actual) == (200.0, 400.0)
    other = sqlite3.connect(book.db.path)
    with other:
        other.execute("UPDATE deals SET value = 1000 WHERE value = 300")
    other.close()
    (month,) = funnel_statistics.forecast_accuracy(book.db).months
    assert (month.forecast, month.actual) == (550.0, 1100.0)


@pytest.mark.parametrize("offset", [0, 1 << 40])  # dense ids: a table; sparse: a search
def test_deal_ids_find_their_rows_and_strangers_are_left_out(offset: int) -> None:
    ids = np.array([7, 3, 12, 5], dtype=np.int64) + offset
    wanted = np.array([12, 4, 3, -1, 7, 99], dtype=np.int64) + offset
    rows, found = funnel_reads.RowLookup(ids).rows(wanted)
    assert found.tolist() == [True, False, True, False, True, False]
    assert rows.tolist() == [2, 1, 0]
    empty_rows, none_found = funnel_reads.RowLookup(ids[:0]).rows(wanted)
    assert empty_rows.size == 0 and not none_found.any()


def test_a_team_files_large_ids_give_the_same_figures(db) -> None:  # noqa: ANN001
    """A file that joined a team has 63-bit ids (time and device bits): the statistics
    and the backtest give the figures they gave before the rows were renumbered."""
    from dataclasses import replace

    from funneldesk.core import funnel_facts
    from funneldesk.core.demo import generate_demo
    from funneldesk.core.sync.rekey import rekey
    from funneldesk.core.sync.tables import synced_tables

    generate_demo(db, customers=150, seed=11)
    before = compute_funnel(db)
    with db.bulk() as conn:
        conn.execute("INSERT INTO sync_state (id, hub, member, device) VALUES (1, 'hub', 'a', 7)")
        rekey(conn, [t for t in synced_tables(conn) if not t.partly])
        funnel_facts.rebuild(conn)
    after = compute_funnel(db)
    assert db.scalar("SELECT MIN(id) FROM stages") > 1 << 50

    def without_ids(report):  # noqa: ANN001, ANN202
        stages = [replace(s, stage_id=0) for s in report.stages]
        return replace(report, pipeline_id=0, stages=stages, segments={}, previous=None)

    assert before.accuracy is not None and before.kpis.weighted_pipeline > 0
    assert without_ids(after) == without_ids(before)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    deals=st.lists(
        st.tuples(
            st.floats(0, 400),  # created (days)
            st.sampled_from(["open", "won", "lost"]),
            st.floats(0, 200),  # days until closed
            st.one_of(st.none(), st.integers(0, 100), st.integers(0, 10**4).map(lambda c: c / 100)),
            st.sampled_from([None, "USD", "EUR", "CNY", "O'K"]),
            st.integers(0, 10**11).map(lambda cents: cents / 100),  # money as entered
        ),
        max_size=15,
    ),
    likely=st.sampled_from([None, "USD", "EUR", "XYZ"]),
)
def test_the_backtest_money_is_every_window_deal_read_row_by_row(
    book: Book,
    deals,
    likely: str | None,  # noqa: ANN001
) -> None:
    """The window's deals cross with their money (own probabilities as a few ids, the
    likely currency coded first): the same columns as reading each deal's row."""
    with book.db.bulk() as conn:
        conn.execute("DELETE FROM deals")
    for created, status, days, chance, currency, value in deals:
        closed = None if status == "open" else created + days
        deal = book.deal([(L, created)], status=status, closed=closed, value=value)
        book.db.conn.execute(
            "UPDATE deals SET probability = ?, currency = ? WHERE id = ?", (chance, currency, deal)
        )
    conn, window = book.db.reader, (1767830400, 1783468800)  # 2026-01-08 .. 2026-07-08
    currencies = funnel_reads.pipeline_currencies(conn, 1)
    for extra in (False, True):
        read = funnel_reads.deal_columns(
            conn, 1, extra=extra, window=window, currencies=currencies, likely_currency=likely
        ).money
        rows = conn.execute(
            "SELECT deal_id, value, probability, currency FROM deal_facts WHERE pipeline_id = 1 "
            f"AND {funnel_reads.OPEN_IN_WINDOW} ORDER BY deal_id",
            {"low": window[0], "high": window[1]},
        ).fetchall()
        assert read.deal_id.tolist() == [r[0] for r in rows]
        assert read.value.tolist() == [r[1] for r in rows]
        own = [np.nan if r[2] is None else r[2] for r in rows]
        np.testing.assert_array_equal(read.probability, np.array(own, dtype=float))
        assert [read.currencies[c] for c in read.currency.tolist()] == [r[3] for r in rows]


OLD_FIRST_WINS = (
    "SELECT customer_id, MIN(closed), source FROM deal_facts WHERE status = 2 "
    "AND customer_id IS NOT NULL AND closed IS NOT NULL GROUP BY customer_id ORDER BY customer_id"
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from([0, 1, 2]),  # status
            st.one_of(st.none(), st.integers(1, 6)),  # customer
            st.one_of(st.none(), st.integers(100, 104)),  # closed: ties are likely
            st.sampled_from([None, "web", "Web", "fair", "微信"]),
        ),
        max_size=30,
    )
)
def test_each_customers_first_win_is_the_grouped_minimum(db, rows) -> None:  # noqa: ANN001
    """The first won deal per customer, picked in numpy from the index order, is the row
    ``GROUP BY customer_id`` with ``MIN(closed)`` picks, ties on the close time included."""
    with db.bulk() as conn:
        conn.execute("DELETE FROM deal_facts")
        conn.executemany(
            "INSERT INTO deal_facts (pipeline_id, status, stage_id, path_id, value, "
            "customer_id, closed, source) VALUES (1, ?, 1, 1, 0, ?, ?, ?)",
            rows,
        )
    wins = funnel_reads.first_wins(db.reader)
    expected = db.reader.execute(OLD_FIRST_WINS).fetchall()
    assert list(zip(wins.customer_id.tolist(), wins.closed.tolist(), wins.source, strict=True)) == [
        (customer, float(closed), source) for customer, closed, source in expected
    ]


@pytest.mark.parametrize("ranges_up_to", [1, 3, 64])
def test_deal_ids_by_source_are_grouped_alike_by_ranges_or_one_pass(
    db,  # noqa: ANN001
    monkeypatch,  # noqa: ANN001
    ranges_up_to: int,
) -> None:
    """A range of the index per value, or one GROUP BY pass when there are many values:
    the same groups, ``None`` first, then in the index's (byte) order, ids ascending."""
    sources = [None, "web", "Web", "fair", "微信", "web", None, "fair", "Fair", "a b"]
    with db.bulk() as conn:
        conn.execute("DELETE FROM deal_facts")
        conn.executemany(
            "INSERT INTO deal_facts (deal_id, pipeline_id, status, stage_id, path_id, value, "
            "source) VALUES (?, ?, 0, 1, 1, 0, ?)",
            [(10 + i, 1 + (i == 3), source) for i, source in enumerate(sources)],
        )
    monkeypatch.setattr(funnel_reads, "RANGES_UP_TO", ranges_up_to)
    groups = funnel_reads.ids_by(db.reader, 1, "source")
    assert [(key, ids.tolist()) for key, ids in groups] == [
        (None, [10, 16]),
        ("Fair", [18]),
        ("Web", [12]),
        ("a b", [19]),
        ("fair", [17]),
        ("web", [11, 15]),
        ("微信", [14]),
    ]
