"""How sure the forecast is: its range, and how far past forecasts were off.

**Range.** The weighted pipeline is the *expected* value of the open deals. Treating each
open deal as an independent coin that lands on "won" with its probability, the value
actually won is Σ value × Bernoulli(p); its 10th, 50th and 90th percentiles (P10/P50/P90)
give the band around the forecast, in total and per expected-close month. With at most
:data:`EXACT_UP_TO` uncertain deals every outcome is enumerated (exact); beyond, a fixed-seed
simulation of :data:`SIMULATIONS` draws (the same file always gives the same band).
Percentiles are the smallest value whose cumulative probability reaches the level.

**Accuracy (backtest).** For each of the last 12 month starts M whose 90-day horizon has
passed, the pipeline is rebuilt as it stood at M — deals created before M and not closed
before M, each in the stage its history put it in last before M — and weighted with the
probability rule learned only from deals closed before M. That forecast is compared with
the value those deals actually won within 90 days after M; the mean absolute percentage
error over the months with any value won says how far forecasts were off on average.
Money is converted as everywhere: a past pipeline at the rates valid at M, won value at the
rate of each close day.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from funneldesk.core import funnel_reads, probability
from funneldesk.core.money import Rates

if TYPE_CHECKING:
    import numpy as np

EXACT_UP_TO = 12
SIMULATIONS = 4000
SEED = 20261207
LEVELS = (0.1, 0.5, 0.9)
BACKTEST_MONTHS = 12
HORIZON_DAYS = 90
_CHUNK = 1024


@dataclass(frozen=True)
class Range:
    """P10, P50 and P90 of the value that will be won (reporting currency)."""

    p10: float
    p50: float
    p90: float


def _weighted_quantiles(outcomes: np.ndarray, weights: np.ndarray) -> list[float]:
    import numpy as np

    order = np.argsort(outcomes, kind="stable")
    cumulative = np.cumsum(weights[order])
    cumulative /= cumulative[-1]
    picks = [min(int(np.searchsorted(cumulative, q - 1e-12)), len(order) - 1) for q in LEVELS]
    return [float(outcomes[order][i]) for i in picks]


def outcome_ranges(
    values: np.ndarray, chances: np.ndarray, groups: np.ndarray, count: int
) -> tuple[Range, list[Range]]:
    """The range of Σ value × Bernoulli(chance) in total and per group (``groups[i]`` in
    ``0..count-1``); ``chances`` are fractions."""
    import numpy as np

    sure = chances >= 1
    base = np.bincount(groups[sure], weights=values[sure], minlength=count).astype(float)
    open_ = (chances > 0) & ~sure & (values != 0)
    v, p, g = values[open_], chances[open_], groups[open_]
    columns = np.zeros((v.size, count + 1))
    columns[np.arange(v.size), g] = v
    columns[:, count] = v
    if v.size <= EXACT_UP_TO:
        hits = ((np.arange(1 << v.size)[:, None] >> np.arange(v.size)) & 1).astype(float)
        weights = np.prod(np.where(hits == 1, p, 1 - p), axis=1)
        outcomes = hits @ columns
        quantiles = [_weighted_quantiles(outcomes[:, j], weights) for j in range(count + 1)]
    else:
        rng = np.random.default_rng(SEED)
        outcomes = np.zeros((SIMULATIONS, count + 1))
        for start in range(0, v.size, _CHUNK):
            part = slice(start, start + _CHUNK)
            draws = rng.random((SIMULATIONS, p[part].size), dtype=np.float32)
            outcomes += (draws < p[part]).astype(float) @ columns[part]
        found = np.quantile(outcomes, LEVELS, axis=0, method="inverted_cdf")
        quantiles = [list(map(float, found[:, j])) for j in range(count + 1)]
    shift = [*base.tolist(), float(base.sum())]
    ranges = [Range(*(q + shift[j] for q in quantiles[j])) for j in range(count + 1)]
    return ranges[count], ranges[:count]


# -- backtest ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BacktestMonth:
    month: str  # YYYY-MM of the month start M
    forecast: float
    actual: float


@dataclass(frozen=True)
class Accuracy:
    months: list[BacktestMonth]
    mape: float | None  # mean |forecast − actual| / actual over months with value won


def month_starts(today: date) -> list[date]:
    """The last :data:`BACKTEST_MONTHS` month starts whose 90-day horizon has passed."""
    latest = today - timedelta(days=HORIZON_DAYS)
    year, month = latest.year, latest.month
    starts = []
    for _ in range(BACKTEST_MONTHS):
        starts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def _epoch(day: date) -> int:
    return int(datetime.combine(day, time(), UTC).timestamp())


def rates_at(rates: Rates, currency: Sequence[str | None], seconds: np.ndarray) -> np.ndarray:
    """Each entry's rate on its moment (``seconds``), NaN where its currency has none."""
    import numpy as np

    result = np.full(len(currency), np.nan)
    codes = np.array([c or "" for c in currency], dtype=object)
    for code in set(codes.tolist()):
        mask = codes == code
        if not code or code == rates.reporting:
            result[mask] = 1.0
            continue
        steps = rates.history.get(code, ())
        if not steps:
            continue
        starts = np.array([_epoch(date.fromisoformat(d)) for d, _ in steps], dtype=float)
        values = np.array([r for _, r in steps])
        at = np.maximum(np.searchsorted(starts, seconds[mask], side="right") - 1, 0)
        result[mask] = values[at]
    return result


@dataclass
class ClosedHistory:
    """What the rule learns from: every closed deal's status, close time and depth."""

    status: np.ndarray  # 0 open, 1 lost, 2 won
    closed: np.ndarray  # Unix seconds (NaN while open)
    reached: np.ndarray  # deepest live stage ordinal (k for won deals)


def _rule_before(
    stages: Sequence[probability.StageRule], history: ClosedHistory, moment: int
) -> dict[int, float]:
    import numpy as np

    with np.errstate(invalid="ignore"):
        before = history.closed < moment
    won = int((before & (history.status == 2)).sum())
    depths = history.reached[before & (history.status == 1)]
    lost = [int((depths >= s).sum()) for s in range(1, len(stages) + 1)]
    return probability.stage_probabilities(stages, won, lost)


def backtest(
    conn: sqlite3.Connection,
    pipeline_id: int,
    stages: Sequence[probability.StageRule],
    history: ClosedHistory,
    rates: Rates,
    today: date,
) -> Accuracy | None:
    """Forecast against outcome for each recent month start (``None``: no history)."""
    import numpy as np

    starts = month_starts(today)
    low, high = _epoch(starts[0]), _epoch(starts[-1]) + 1
    past = funnel_reads.past_deals(conn, pipeline_id, low, high)
    if not past.deal_id.size:
        return None
    order = np.argsort(past.deal_id)
    ids = past.deal_id[order]
    visits = np.lexsort((past.visit_entered, past.visit_deal))
    visit_deal = past.visit_deal[visits]
    visit_stage, visit_entered = past.visit_stage[visits], past.visit_entered[visits]
    won_rate = rates_at(rates, past.currency, past.closed)
    months = []
    for start in starts:
        moment = _epoch(start)
        horizon = _epoch(start + timedelta(days=HORIZON_DAYS))
        with np.errstate(invalid="ignore"):
            open_then = (past.created < moment) & ((past.status == 0) | (past.closed >= moment))
        if not open_then.any():
            continue
        stage = past.stage_id.copy()
        before = np.flatnonzero(visit_entered < moment)
        if before.size:
            last = before[np.r_[visit_deal[before][1:] != visit_deal[before][:-1], True]]
            stage[order[np.searchsorted(ids, visit_deal[last])]] = visit_stage[last]
        rule = _rule_before(stages, history, moment)
        share = np.array([rule.get(int(s), 0.0) for s in stage])
        chance = np.where(np.isnan(past.probability), share, past.probability)
        rate_then = rates_at(rates, past.currency, np.full(len(past.currency), float(moment)))
        value_then = np.nan_to_num(past.value * rate_then)
        forecast = float((value_then * chance / 100.0)[open_then].sum())
        with np.errstate(invalid="ignore"):
            won = open_then & (past.status == 2) & (past.closed < horizon)
        actual = float(np.nan_to_num(past.value * won_rate)[won].sum())
        months.append(BacktestMonth(start.isoformat()[:7], forecast, actual))
    if not months:
        return None
    errors = [abs(m.forecast - m.actual) / m.actual for m in months if m.actual > 0]
    return Accuracy(months, sum(errors) / len(errors) if errors else None)
