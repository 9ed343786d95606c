"""Funnel statistics of one pipeline, computed from ``deals`` + ``stage_changes`` (docs/analytics.md).

:func:`compute_funnel` is the one entry point: it returns a
:class:`~funneldesk.core.funnel_report.FunnelReport` (the result types live in
``core/funnel_report.py``) holding every figure the funnel panel, the ``stats`` command
(``commands/stats.py`` turns it into ``stats --json``) and the Excel report show, so they
can never disagree.

Speed: the figures are not derived from the raw history on every request. The tables of
``core/funnel_facts.py`` hold each deal's status, times and visited stages, the length of
every stage visit and the contacts per owner and day, kept current by triggers; this module
reads the pipeline's deals from them as a few integer columns (``core/funnel_reads.py``)
and counts funnels, cohorts and segments in numpy, while SQLite sums money, medians of
visit lengths and contacts over covering indexes. A previous period is cut from the same
columns. numpy is imported inside the functions that need it, so importing this module
costs nothing at start-up; pandas is not used (its import alone takes longer than all of
the statistics).

Choices the definitions leave open, made here once (docs/analytics.md):

* Three populations, and every figure belongs to one. The cohort (``since``/``until``,
  inclusive dates on ``deals.created_at``) is behind the funnel counts, conversions, p_win
  and time in stage. Win rate, won/lost counts, cycle length, value won, the monthly trend
  of closings, activity and CAC are about deals *closed* (or contacts made, money spent) in
  the period. Open deals, the per-stage open figures, the weighted pipeline, the forecast
  and its range are about every open deal *now*, whatever the period.
* Money is converted into the reporting currency (``core/money.py``); deals whose currency
  has no rate are left out of money totals and counted in ``unconverted``.
* History rows pointing at an archived (deleted) stage are ignored: that stage is no longer
  in the funnel, and its deals were moved to a live stage, whose own history row (or the
  deal's ``stage_id``) counts. A deal's current ``stage_id`` always counts as reached, so
  deals imported without history still appear in the funnel.
* Deal probability follows ``core/probability.py``: its learned ``p_win`` comes from every
  closed deal of the pipeline, so the weighted pipeline does not depend on the period.
* The last stage's ``conversion_to_next`` is its won conversion (``won / n_k``), and the
  bottleneck looks at it like at any other step (its target is named :data:`WON`).
* Contact time is counted in whole seconds (``duration_min × 60``, rounded).
"""

from __future__ import annotations

import sqlite3
import weakref
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from funneldesk.core import clock, funnel_reads, integrity, money, probability
from funneldesk.core import forecast as outlook
from funneldesk.core.clock import today
from funneldesk.core.db import Database
from funneldesk.core.errors import NotFoundError, ValidationError
from funneldesk.core.funnel_report import (
    NEW,
    RETURNING,
    SEGMENT_DIMENSIONS,
    WON,
    Bottleneck,
    CacEntry,
    ForecastMonth,
    FunnelReport,
    Kpis,
    OwnerActivity,
    Period,
    SegmentFunnel,
    StageStats,
    TrendMonth,
)
from funneldesk.core.probability import ratio

if TYPE_CHECKING:
    import numpy as np

BOTTLENECK_MIN_REACHED = 10
SECONDS_PER_DAY = 86400.0


# -- small pure helpers ----------------------------------------------------------------


def as_date(value: date | str | None, label: str = "date") -> date | None:
    """Accept a ``date`` or ``YYYY-MM-DD`` text; impossible dates raise ValidationError."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ValidationError(f"{label}: “{value}” is not a date (YYYY-MM-DD).") from exc


def resolve_pipeline(db: Database, pipeline_id: int | None) -> tuple[int, str]:
    """The pipeline asked for, or the first one (lowest position) when none is given."""
    if pipeline_id is None:
        row = db.query_one("SELECT id, name FROM pipelines ORDER BY position, id LIMIT 1")
        if row is None:
            raise NotFoundError("The database has no pipeline.")
    else:
        row = db.query_one("SELECT id, name FROM pipelines WHERE id = ?", (pipeline_id,))
        if row is None:
            raise NotFoundError(f"Pipeline #{pipeline_id} does not exist.")
    return int(row[0]), str(row[1])


# -- the computation -------------------------------------------------------------------


@dataclass(frozen=True)
class _Stage:
    stage_id: int
    name: str
    position: int
    probability: float


@dataclass
class _PipelineData:
    """Every deal of one pipeline as numpy columns, read once per request and cut per period.

    ``reached`` is the 1-based ordinal of the deepest live stage a deal's history (or its
    current stage) ever put it in; ``k`` for won deals. ``segments`` holds, per dimension, a
    small integer code per deal and the segment keys in code order.
    """

    stages: list[_Stage]
    status: np.ndarray  # 0 open, 1 lost, 2 won
    created: np.ndarray  # seconds since the epoch (float, NaN when unreadable)
    closed: np.ndarray  # seconds since the epoch, NaN when open
    reached: np.ndarray
    segments: dict[str, tuple[np.ndarray, list[Any]]]
    first_wins: funnel_reads.FirstWins | None
    stage_id: np.ndarray  # current (or last open) stage
    deal_id: np.ndarray | None = None  # with segments, activity or a comparison
    money: funnel_reads.DealMoney | None = None  # with the forecast backtest's window


@dataclass
class _Cut:
    """The deals of one period: the cohort (created in it) and those closed in it."""

    cohort: np.ndarray  # bool mask over deals
    closed: np.ndarray  # bool mask over deals
    bounds: tuple[int, int]  # the period in Unix seconds, half-open


def compute_funnel(
    db: Database,
    pipeline_id: int | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    *,
    compare: bool = False,
    with_activity: bool = True,
    with_cac: bool = True,
    with_breakdowns: bool = True,
    with_accuracy: bool = True,
) -> FunnelReport:
    """All funnel figures of a pipeline for the cohort of deals created in ``[since, until]``.

    Without ``pipeline_id`` the first pipeline is used. With ``compare`` (and a ``since``),
    ``report.previous`` holds the same figures for the period just before. Activity and CAC
    are not about the funnel: ``with_activity=False`` / ``with_cac=False`` skip them (the
    ``stats`` command needs neither), as ``with_breakdowns=False`` skips the forecast by
    month and the segments (``forecast`` and ``segments`` stay empty) and
    ``with_accuracy=False`` the backtest. Everything is read in one read transaction, so
    the figures always belong to one committed state.
    """
    period = Period(as_date(since, "since"), as_date(until, "until"))
    if period.since and period.until and period.since > period.until:
        raise ValidationError("The start of the period is after its end.")
    pid, name = resolve_pipeline(db, pipeline_id)
    previous = period.previous() if compare else None
    conn = db.reader
    with _snapshot(conn):
        integrity.require_fresh_facts(conn)  # wrong figures are worse than none
        state = _backtest_state(conn, today())
        known = _known_backtest(db, conn, pid, state) if with_accuracy else None
        replay = with_accuracy and known is None
        span = Period(previous.since, period.until) if previous else period
        spent = funnel_reads.source_costs(conn, *span.month_bounds()) if with_cac else []
        currencies = funnel_reads.pipeline_currencies(conn, pid)
        rates = money.load_rates(conn, money.reporting_currency(db))
        data = _load_pipeline(
            conn,
            pid,
            segments=with_breakdowns,
            owners=with_activity,
            wins=bool(spent),
            ids=previous is not None,
            window=outlook.window(state[0]) if replay else None,
            currencies=currencies,
            likely_currency=rates.reporting,
        )
        costs = _cac(data.first_wins, spent)
        now = _open_now(conn, pid, data, rates)
        options = _Options(pid, name, rates, with_activity, with_breakdowns, costs, now)
        report = _report(conn, data, period, options)
        report.unconverted = money.unconverted(conn, rates, pid, present=currencies)
        report.forecast_range = now.total_range
        if known is not None:
            report.accuracy = known.accuracy
        elif replay:
            report.accuracy = _backtest(db, conn, pid, data, rates, state)
        if previous is not None:
            shift = outlook.epoch(period.since) - outlook.epoch(previous.since)  # type: ignore[arg-type]
            moment = int(clock.utc_now().timestamp()) - shift
            report.previous = _report(conn, data, previous, options, as_of=moment)
    return report


@dataclass
class _OpenNow:
    """Every open deal of the pipeline now: per deal its stage, expected-close month (a
    code into ``month_ranges``' keys), converted value (NaN without a rate) and weighted
    value (0 without a rate)."""

    stage_id: np.ndarray
    month: np.ndarray
    value: np.ndarray
    weighted: np.ndarray
    total_range: outlook.Range | None
    month_ranges: dict[str | None, outlook.Range]


@dataclass(frozen=True)
class _Options:
    pipeline_id: int
    name: str
    rates: money.Rates
    activity: bool
    breakdowns: bool
    costs: list[CacEntry]
    now: _OpenNow

    @property
    def currency(self) -> str:
        return self.rates.reporting


def _rules(stages: Sequence[_Stage]) -> list[probability.StageRule]:
    return [probability.StageRule(s.stage_id, s.probability) for s in stages]


def _history(data: _PipelineData) -> outlook.DealHistory:
    assert data.money is not None  # loaded with money for the backtest
    return outlook.DealHistory(
        data.status, data.created, data.closed, data.reached, data.stage_id, data.money
    )


def _learned(data: _PipelineData) -> dict[int, float]:
    """The probability rule over every closed deal of the pipeline (no period)."""
    k = len(data.stages)
    won = int((data.status == 2).sum())
    lost = _reached_counts(data.reached[data.status == 1], k)
    return probability.stage_probabilities(_rules(data.stages), won, lost)


def forecast_accuracy(db: Database, pipeline_id: int | None = None) -> outlook.Accuracy | None:
    """The backtest of the forecast alone (``core/forecast.py``): the funnel panel draws its
    first figures without it and asks for it next, since it replays twelve past pipelines."""
    pid, _name = resolve_pipeline(db, pipeline_id)
    conn = db.reader
    with _snapshot(conn):
        integrity.require_fresh_facts(conn)
        state = _backtest_state(conn, today())
        known = _known_backtest(db, conn, pid, state)
        if known is not None:
            return known.accuracy
        window = outlook.window(state[0])
        rates = money.load_rates(conn, money.reporting_currency(db))
        data = _load_pipeline(
            conn,
            pid,
            segments=False,
            owners=False,
            wins=False,
            window=window,
            likely_currency=rates.reporting,
        )
        return _backtest(db, conn, pid, data, rates, state)


@dataclass(frozen=True)
class _KnownBacktest:
    state: tuple[Any, ...]  # the day, and the file's state as this connection saw it
    accuracy: outlook.Accuracy | None


# The backtest depends on neither the period nor the options of a request, only on the
# file's committed state and the day, and it replays twelve past pipelines: each reader
# connection keeps its last one per pipeline and reuses it while the file is unchanged.
# ``PRAGMA data_version`` moves on every commit by another connection (the app's writer,
# another program); ``total_changes`` on one by this connection.
_BACKTESTS: weakref.WeakKeyDictionary[Database, dict[tuple[int, int], _KnownBacktest]] = (
    weakref.WeakKeyDictionary()
)


def _backtest_state(conn: sqlite3.Connection, day: date) -> tuple[Any, ...]:
    """The day first; read at the start of the request's read transaction, so it names
    the state every figure of the request is read from."""
    return (day, conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)


def _known_backtest(
    db: Database, conn: sqlite3.Connection, pipeline_id: int, state: tuple[Any, ...]
) -> _KnownBacktest | None:
    known = _BACKTESTS.get(db, {}).get((id(conn), pipeline_id))
    return known if known is not None and known.state == state else None


def _backtest(
    db: Database,
    conn: sqlite3.Connection,
    pipeline_id: int,
    data: _PipelineData,
    rates: money.Rates,
    state: tuple[Any, ...],
) -> outlook.Accuracy | None:
    """Replay the past pipelines, and keep the answer for this state of the file."""
    day = state[0]
    accuracy = outlook.backtest(conn, pipeline_id, _rules(data.stages), _history(data), rates, day)
    _BACKTESTS.setdefault(db, {})[(id(conn), pipeline_id)] = _KnownBacktest(state, accuracy)
    return accuracy


def _open_now(
    conn: sqlite3.Connection, pipeline_id: int, data: _PipelineData, rates: money.Rates
) -> _OpenNow:
    import numpy as np

    deals = funnel_reads.open_deals(conn, pipeline_id)
    latest = {c: rates.latest(c) or np.nan for c in set(deals.currency)}  # a few currencies
    value = deals.value * np.array([latest[c] for c in deals.currency], dtype=float)
    rule = _learned(data)
    share = funnel_reads.IdValues(rule).of(deals.stage_id)
    chance = np.where(np.isnan(deals.probability), share, deals.probability)
    weighted = np.nan_to_num(value * chance / 100.0)
    months = sorted(set(deals.month), key=lambda m: (m is None, m or ""))
    code = {m: i for i, m in enumerate(months)}
    known = ~np.isnan(value)
    groups = np.array([code[m] for m in deals.month], dtype=np.int64)
    total, per_month = outlook.outcome_ranges(
        value[known], chance[known] / 100.0, groups[known], len(months)
    )
    return _OpenNow(
        stage_id=deals.stage_id,
        month=groups,
        value=value,
        weighted=weighted,
        total_range=total,
        month_ranges=dict(zip(months, per_month, strict=True)),
    )


def _report(
    conn: sqlite3.Connection,
    data: _PipelineData,
    period: Period,
    options: _Options,
    *,
    as_of: int | None = None,
) -> FunnelReport:
    """The figures of one period. With ``as_of`` (a previous period being compared), the
    cohort figures count each deal as it stood at that moment — at the same age as the
    current period's deals are today — so a change is never just the deals being older."""
    cut = _cut(data, period)
    now = options.now
    seen = data if as_of is None else _as_it_stood(conn, options.pipeline_id, data, cut, as_of)
    stages = _stage_stats(conn, options.pipeline_id, seen, cut, now, before=as_of)
    low, high = period.month_bounds()
    cac = [entry for entry in options.costs if low <= entry.month <= high]
    won_value = funnel_reads.won_value(conn, options.pipeline_id, *cut.bounds, options.currency)
    kpis = _kpis(data, cut, stages, now, won_value, period, cac, cohort=seen)
    activity = []
    if options.activity:
        contacts = funnel_reads.contacts_by_owner(conn, *period.bounds())
        activity = _activity(contacts, data, cut, kpis.period_days)
    return FunnelReport(
        pipeline_id=options.pipeline_id,
        pipeline_name=options.name,
        period=period,
        currency=options.currency,
        stages=stages,
        kpis=kpis,
        bottleneck=_bottleneck(stages),
        forecast=_forecast(now) if options.breakdowns else [],
        trend=_trend(data, cut),
        segments=_segments(seen, cut) if options.breakdowns else {},
        activity=activity,
        cac=cac,
        stage_names=[s.name for s in data.stages],
    )


def _load_stages(conn: sqlite3.Connection, pipeline_id: int) -> list[_Stage]:
    rows = conn.execute(
        "SELECT id, name, position, probability FROM stages "
        "WHERE pipeline_id = ? AND archived = 0 ORDER BY position, id",
        (pipeline_id,),
    )
    return [_Stage(r[0], r[1], r[2], float(r[3] or 0)) for r in rows]


@contextmanager
def _snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction, so every column comes from the same committed state."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")


def _load_pipeline(
    conn: sqlite3.Connection,
    pipeline_id: int,
    *,
    segments: bool,
    owners: bool,
    wins: bool,
    ids: bool = False,
    window: tuple[int, int] | None = None,
    currencies: Sequence[str | None] | None = None,
    likely_currency: str | None = None,
) -> _PipelineData:
    """The deal columns, plus what segments (``segments``), activity per owner (``owners``),
    CAC (``wins``), a comparison (``ids``: the deals' ids) and the backtest (its ``window``,
    with the deals' currencies coded ``likely_currency`` first) need."""
    import numpy as np

    stages = _load_stages(conn, pipeline_id)
    ordinal = _ordinal_lookup(stages)
    deals = funnel_reads.deal_columns(
        conn,
        pipeline_id,
        extra=segments or owners or ids,
        window=window,
        currencies=currencies,
        likely_currency=likely_currency,
    )
    depth = _path_depths(funnel_reads.stage_paths(conn), ordinal)
    reached = np.maximum(depth[deals.path], ordinal.of(deals.stage_id))
    reached[deals.status == 2] = len(stages)
    first_wins = funnel_reads.first_wins(conn) if segments or wins else None
    coded: dict[str, tuple[np.ndarray, list[Any]]] = {}
    if deals.deal_id is not None:
        for dimension in ("source", "owner") if segments else ("owner",):
            coded[dimension] = _grouped_codes(
                funnel_reads.ids_by(conn, pipeline_id, dimension), deals.deal_id
            )
    if segments and first_wins is not None and deals.customer_id is not None:
        returning = _returning(first_wins, deals.customer_id, deals.created)
        coded["customer_type"] = (returning.astype(np.int64), [NEW, RETURNING])
    return _PipelineData(
        stages=stages,
        status=deals.status,
        created=deals.created,
        closed=deals.closed,
        reached=reached,
        segments=coded,
        first_wins=first_wins,
        stage_id=deals.stage_id,
        deal_id=deals.deal_id,
        money=deals.money,
    )


def _ordinal_lookup(stages: Sequence[_Stage]) -> funnel_reads.IdValues:
    """Stage id → 1-based position among live stages; 0 for archived or foreign stages."""
    import numpy as np

    return funnel_reads.IdValues(
        {stage.stage_id: index for index, stage in enumerate(stages, start=1)}, np.int64
    )


def _path_depths(paths: dict[int, list[int]], ordinal: funnel_reads.IdValues) -> np.ndarray:
    """Path id → ordinal of the deepest live stage on it (0: none)."""
    import numpy as np

    depth = np.zeros(max(paths, default=0) + 1, dtype=np.int64)
    for path_id, stage_ids in paths.items():
        depth[path_id] = ordinal.of(np.array(stage_ids, dtype=np.int64)).max(initial=0)
    return depth


def _grouped_codes(
    groups: list[tuple[Any, np.ndarray]], deal_ids: np.ndarray
) -> tuple[np.ndarray, list[Any]]:
    """A code per deal (in ``deal_ids`` order) from ids grouped by key, and the keys."""
    import numpy as np

    lookup = funnel_reads.RowLookup(deal_ids)
    codes = np.zeros(deal_ids.size, dtype=np.int64)
    for code, (_key, ids) in enumerate(groups):
        codes[lookup.rows(ids)[0]] = code
    return codes, [key for key, _ids in groups]


def _returning(
    wins: funnel_reads.FirstWins, customers: np.ndarray, created: np.ndarray
) -> np.ndarray:
    """A deal is from a returning customer when that customer had a won deal closed before."""
    import numpy as np

    if not wins.customer_id.size:
        return np.zeros(customers.size, dtype=bool)
    at = np.minimum(np.searchsorted(wins.customer_id, customers), wins.customer_id.size - 1)
    known = wins.customer_id[at] == customers
    with np.errstate(invalid="ignore"):
        return known & (wins.closed[at] < created)


def _cut(data: _PipelineData, period: Period) -> _Cut:
    import numpy as np

    low = outlook.epoch(period.since) if period.since else funnel_reads.UNBOUNDED[0]
    high = (
        outlook.epoch(period.until + timedelta(days=1))
        if period.until
        else funnel_reads.UNBOUNDED[1]
    )
    with np.errstate(invalid="ignore"):  # NaN (an unreadable time) is in no period
        cohort = (data.created >= low) & (data.created < high)
        closed = (data.status != 0) & (data.closed >= low) & (data.closed < high)
    return _Cut(cohort=cohort, closed=closed, bounds=(low, high))


def _as_it_stood(
    conn: sqlite3.Connection, pipeline_id: int, data: _PipelineData, cut: _Cut, moment: int
) -> _PipelineData:
    """The cohort's deals as they stood at ``moment``: a deal closed later was still open,
    and it had reached only the stages its history entered before then."""
    import dataclasses

    import numpy as np

    assert data.deal_id is not None  # loaded with ids for a comparison
    with np.errstate(invalid="ignore"):
        later = cut.cohort & (data.status != 0) & ~(data.closed < moment)
    status, closed = data.status.copy(), data.closed.copy()
    status[later], closed[later] = 0, np.nan
    visit_deal, visit_stage = funnel_reads.visits_before(conn, pipeline_id, *cut.bounds, moment)
    rows, found = funnel_reads.RowLookup(data.deal_id).rows(visit_deal)
    depth = np.zeros(status.size, dtype=np.int64)
    np.maximum.at(depth, rows, _ordinal_lookup(data.stages).of(visit_stage[found]))
    entered = np.zeros(status.size, dtype=bool)
    entered[rows] = True
    reached = data.reached.copy()
    reached[cut.cohort & entered] = depth[cut.cohort & entered]
    reached[cut.cohort & (status == 2)] = len(data.stages)
    return dataclasses.replace(data, status=status, closed=closed, reached=reached)


def _reached_counts(reached: np.ndarray, k: int) -> list[int]:
    """``n_s`` for s = 1..k: deals whose deepest stage is s or later."""
    import numpy as np

    if k == 0:
        return []
    counts = np.bincount(reached, minlength=k + 1)[1 : k + 1]
    return [int(n) for n in np.cumsum(counts[::-1])[::-1]]


def _stage_stats(
    conn: sqlite3.Connection,
    pipeline_id: int,
    data: _PipelineData,
    cut: _Cut,
    now: _OpenNow,
    *,
    before: int | None = None,
) -> list[StageStats]:
    """Per-stage figures: the cohort's funnel (visits completed ``before`` a moment, when
    given), and the open deals in each stage now."""
    import numpy as np

    k = len(data.stages)
    status = data.status[cut.cohort]
    reached_all = data.reached[cut.cohort]
    reached = _reached_counts(reached_all, k)
    won = _reached_counts(reached_all[status == 2], k)
    lost = _reached_counts(reached_all[status == 1], k)
    p_win = [ratio(w, w + lo) for w, lo in zip(won, lost, strict=True)]
    samples = [w + lo for w, lo in zip(won, lost, strict=True)]
    cohort_won = int((status == 2).sum())
    result = []
    for i, stage in enumerate(data.stages):
        here = now.stage_id == stage.stage_id
        median, visits = funnel_reads.visit_median(
            conn, pipeline_id, stage.stage_id, *cut.bounds, before=before
        )
        following = reached[i + 1] if i + 1 < k else cohort_won
        result.append(
            StageStats(
                stage_id=stage.stage_id,
                name=stage.name,
                position=i + 1,
                probability=stage.probability,
                reached=reached[i],
                current=int(here.sum()),
                conversion_to_next=ratio(following, reached[i]),
                cumulative_conversion=ratio(reached[i], reached[0]),
                p_win=p_win[i],
                p_win_sample=samples[i],
                won_reached=won[i],
                lost_reached=lost[i],
                median_days_in_stage=None if median is None else median / SECONDS_PER_DAY,
                completed_visits=visits,
                open_value=float(np.nansum(now.value[here])),
                weighted_value=float(now.weighted[here].sum()),
            )
        )
    return result


def _kpis(
    data: _PipelineData,
    cut: _Cut,
    stages: Sequence[StageStats],
    now: _OpenNow,
    won_value: tuple[float, int],
    period: Period,
    cac_entries: Sequence[CacEntry],
    *,
    cohort: _PipelineData,
) -> Kpis:
    import numpy as np

    won_mask = cut.closed & (data.status == 2)
    won = int(won_mask.sum())
    lost = int((cut.closed & (data.status == 1)).sum())
    cycles = (data.closed[won_mask] - data.created[won_mask]) / SECONDS_PER_DAY
    cycles = cycles[~np.isnan(cycles)]
    win_rate = ratio(won, won + lost)
    won_total, won_converted = won_value
    average_won = won_total / won_converted if won_converted else None
    cycle_mean = float(cycles.mean()) if cycles.size else None
    open_deals = int(now.stage_id.size)
    velocity = None
    if win_rate is not None and average_won is not None and cycle_mean:
        velocity = open_deals * win_rate * average_won / cycle_mean
    cohort_status = cohort.status[cut.cohort]
    cohort_won = int((cohort_status == 2).sum())
    first = stages[0].reached if stages else 0
    last = stages[-1].reached if stages else 0
    return Kpis(
        win_rate=win_rate,
        won=won,
        lost=lost,
        won_value=won_total,
        average_won_value=average_won,
        cycle_days_median=_median(cycles) if cycles.size else None,
        cycle_days_mean=cycle_mean,
        open_deals=open_deals,
        open_value=float(np.nansum(now.value)),
        weighted_pipeline=float(now.weighted.sum()),
        velocity_per_day=velocity,
        cac=ratio(sum(c.cost for c in cac_entries), sum(c.customers for c in cac_entries)),
        cohort_deals=int(cohort_status.size),
        cohort_won=cohort_won,
        cohort_lost=int((cohort_status == 1).sum()),
        won_conversion=ratio(cohort_won, last) if stages else None,
        overall_conversion=ratio(cohort_won, first) if stages else None,
        period_days=_period_days(data, period),
    )


def _median(values: np.ndarray) -> float:
    """The median as ``np.median`` gives it, without the masked-array module ``np.median``
    imports on first use (tens of milliseconds of a fresh process's first figures)."""
    import numpy as np

    ordered = np.sort(values)
    middle = ordered.size // 2
    if ordered.size % 2:
        return float(ordered[middle])
    return float((ordered[middle - 1] + ordered[middle]) / 2)


def _period_days(data: _PipelineData, period: Period) -> int | None:
    """Calendar days in the period; an open start begins at the pipeline's first deal."""
    from datetime import UTC, datetime

    import numpy as np

    until = period.until or today()
    since = period.since
    if since is None:
        known = data.created[~np.isnan(data.created)]
        if not known.size:
            return None
        since = datetime.fromtimestamp(float(known.min()), UTC).date()
    return max((until - since).days + 1, 1)


def _bottleneck(stages: Sequence[StageStats]) -> Bottleneck:
    """Lowest step conversion — ``P(s→s+1)``, and ``won / n_k`` for the last stage's step
    into Won — among stages reached by ≥ 10 deals; and the slowest stage."""
    candidates = [
        (s.conversion_to_next, i)
        for i, s in enumerate(stages)
        if s.reached >= BOTTLENECK_MIN_REACHED and s.conversion_to_next is not None
    ]
    timed = [
        (s.median_days_in_stage, i)
        for i, s in enumerate(stages)
        if s.median_days_in_stage is not None
    ]
    slowest = stages[max(timed, key=lambda t: (t[0], -t[1]))[1]] if timed else None
    slow_name = slowest.name if slowest else None
    slow_days = slowest.median_days_in_stage if slowest else None
    if not candidates:
        return Bottleneck(
            None,
            None,
            None,
            0,
            slow_name,
            slow_days,
            "Not enough deals yet: a bottleneck needs at least "
            f"{BOTTLENECK_MIN_REACHED} deals reaching a stage.",
        )
    conversion, index = min(candidates)
    source = stages[index]
    target = stages[index + 1].name if index + 1 < len(stages) else WON
    sentence = (
        f"Only {conversion:.0%} of the {source.reached:,} deals that reached “{source.name}” "
        f"went on to “{target}”, the weakest step of the funnel"
    )
    if slowest is not None:
        sentence += f"; deals wait longest in “{slow_name}” (median {slow_days:.1f} days)"
    return Bottleneck(
        source.name,
        target,
        conversion,
        source.reached,
        slow_name,
        slow_days,
        sentence + ".",
    )


def _forecast(now: _OpenNow) -> list[ForecastMonth]:
    """Weighted pipeline of every open deal per expected-close month, with its range;
    deals without a date come last. ``bincount`` adds each month's deals in their order,
    as a loop would."""
    import numpy as np

    count = len(now.month_ranges)
    deals = np.bincount(now.month, minlength=count).tolist()
    values = np.where(np.isnan(now.value), 0.0, now.value)  # NaN: no rate
    value = np.bincount(now.month, weights=values, minlength=count).tolist()
    weighted = np.bincount(now.month, weights=now.weighted, minlength=count).tolist()
    return [
        ForecastMonth(m, deals[i], value[i], weighted[i], r)
        for i, (m, r) in enumerate(now.month_ranges.items())
    ]


def _month_counts(seconds: np.ndarray) -> dict[str, int]:
    """How many of the epoch-second moments fall in each ``YYYY-MM`` (UTC) month."""
    import numpy as np

    months = seconds[~np.isnan(seconds)].astype("datetime64[s]").astype("datetime64[M]")
    if not months.size:
        return {}
    offsets = months.view(np.int64)
    first = int(offsets.min())
    counts = np.bincount(offsets - first)  # one pass, where np.unique would sort
    return {
        str(np.datetime64(first + m, "M")): int(counts[m]) for m in np.flatnonzero(counts).tolist()
    }


def _trend(data: _PipelineData, cut: _Cut) -> list[TrendMonth]:
    """New deals (cohort, by creation month) and closings (by close month), month by month."""
    new = _month_counts(data.created[cut.cohort])
    won = _month_counts(data.closed[cut.closed & (data.status == 2)])
    lost = _month_counts(data.closed[cut.closed & (data.status == 1)])
    return [
        TrendMonth(
            m,
            new.get(m, 0),
            won.get(m, 0),
            lost.get(m, 0),
            ratio(won.get(m, 0), won.get(m, 0) + lost.get(m, 0)),
        )
        for m in _month_range(set(new) | set(won) | set(lost))
    ]


def _month_range(months: set[str]) -> list[str]:
    """Every month from the first to the last given one, so gaps show as zeros."""
    if not months:
        return []
    year, month = map(int, min(months).split("-"))
    last = max(months)
    result = []
    while f"{year:04d}-{month:02d}" <= last:
        result.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def _segments(data: _PipelineData, cut: _Cut) -> dict[str, list[SegmentFunnel]]:
    """The cohort funnel split by customer source, by owner, and new vs returning customer.

    Each segment value has a small integer code; one ``bincount`` over
    ``code × (k + 1) + reached`` then yields every segment's funnel at once.
    """
    import numpy as np

    k = len(data.stages)
    status = data.status[cut.cohort]
    reached = data.reached[cut.cohort]
    result: dict[str, list[SegmentFunnel]] = {}
    for dimension in SEGMENT_DIMENSIONS:
        all_codes, keys_in_order = data.segments[dimension]
        codes = all_codes[cut.cohort]
        groups = len(keys_in_order)
        by_depth = np.bincount(codes * (k + 1) + reached, minlength=groups * (k + 1))
        by_depth = by_depth.reshape(groups, k + 1)
        funnels_reached = np.cumsum(by_depth[:, :0:-1], axis=1)[:, ::-1]
        deals = np.bincount(codes, minlength=groups)
        won = np.bincount(codes, weights=status == 2, minlength=groups)
        lost = np.bincount(codes, weights=status == 1, minlength=groups)
        funnels = []
        for code, key in enumerate(keys_in_order):
            if not deals[code]:
                continue  # a segment with deals only outside the period
            counts = tuple(int(n) for n in funnels_reached[code])
            w, lo = int(won[code]), int(lost[code])
            funnels.append(
                SegmentFunnel(
                    key=key,
                    deals=int(deals[code]),
                    reached=counts,
                    won=w,
                    lost=lo,
                    win_rate=ratio(w, w + lo),
                    conversion=ratio(w, counts[0]) if counts else None,
                )
            )
        funnels.sort(key=lambda f: (-f.deals, f.key is None, str(f.key)))
        result[dimension] = funnels
    return result


def _activity(
    contacts: dict[str | None, tuple[int, int, int]],
    data: _PipelineData,
    cut: _Cut,
    days: int | None,
) -> list[OwnerActivity]:
    """E, R and O per owner, from the period's contacts and its won deals."""
    import numpy as np

    codes, owners_in_order = data.segments["owner"]
    wins = np.bincount(
        codes[cut.closed & (data.status == 2)], minlength=len(owners_in_order)
    ).tolist()
    won = {owner: wins[code] for code, owner in enumerate(owners_in_order) if wins[code]}
    owners = sorted(set(contacts) | set(won), key=lambda o: (o is None, str(o)))
    result = []
    for owner in owners:
        count, positive, seconds = contacts.get(owner, (0, 0, 0))
        hours = seconds / 3600.0
        wins_of_owner = won.get(owner, 0)
        result.append(
            OwnerActivity(
                owner=owner,
                interactions=count,
                positive=positive,
                contact_hours=hours,
                won=wins_of_owner,
                contact_efficiency=ratio(positive, hours),
                follow_up_efficiency=ratio(wins_of_owner, hours),
                orders_per_day=ratio(wins_of_owner, days or 0),
            )
        )
    return result


# SQLite's NOCASE, which the cost table's sources are matched with, folds ASCII letters only
# (A-Z to a-z; a literal table: the ``string`` module costs a fresh process milliseconds).
_NOCASE = {letter: letter + 32 for letter in range(ord("A"), ord("Z") + 1)}


def _cac(
    wins: funnel_reads.FirstWins | None, costs: Sequence[tuple[str, str, float]]
) -> list[CacEntry]:
    """Cost per new customer, by source and month: customers count in the month of their
    first won deal, under their lead source (matched without regard to ASCII case)."""
    import numpy as np

    if wins is None or not costs:
        return []
    codes, sources = _codes(wins.source)
    months = wins.closed.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)
    first = int(months.min()) if months.size else 0
    span = int(months.max()) - first + 1 if months.size else 1
    pairs, counts = np.unique(codes * span + (months - first), return_counts=True)
    per_source: Counter[tuple[str, str]] = Counter()
    for pair, count in zip(pairs.tolist(), counts.tolist(), strict=True):
        code, month = divmod(pair, span)
        if sources[code] is not None:
            key = (sources[code].translate(_NOCASE), str(np.datetime64(first + month, "M")))
            per_source[key] += count
    entries = []
    for source, month, cost in costs:
        customers = per_source[(source.translate(_NOCASE), month)]
        entries.append(CacEntry(source, month, cost, customers, ratio(cost, customers)))
    return entries


def _codes(values: Sequence[Any]) -> tuple[np.ndarray, list[Any]]:
    """Small integer codes for ``values`` and the distinct values in code order (C-speed)."""
    import numpy as np

    keys = list(dict.fromkeys(values))
    lookup = {key: code for code, key in enumerate(keys)}
    return np.fromiter(map(lookup.__getitem__, values), dtype=np.int64, count=len(values)), keys
