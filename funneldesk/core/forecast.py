"""How sure the forecast is: its range, and how far past forecasts were off.

**Range.** The weighted pipeline is the *expected* value of the open deals. Treating each
open deal as an independent coin that lands on "won" with its probability, the value
actually won is Σ value × Bernoulli(p); its 10th, 50th and 90th percentiles (P10/P50/P90)
give the band around the forecast, in total and per expected-close month. With at most
:data:`EXACT_UP_TO` uncertain deals every outcome is enumerated (exact). Beyond, the
:data:`EXACT_PART` deals that weigh most on the spread (largest value² × p × (1 − p)) are
still enumerated exactly, and the many others — each small beside the total — are summed as
the normal distribution the central limit theorem gives them (same mean, same variance);
the percentiles of that mixture are found by bisection. A simulation would need millions of
draws per request at 10k open deals (over 150 ms); this costs a few milliseconds, always
gives the same band, and keeps the mean exactly equal to the weighted pipeline.
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
EXACT_PART = 8
LEVELS = (0.1, 0.5, 0.9)
BACKTEST_MONTHS = 12
HORIZON_DAYS = 90
_BISECTIONS = 40


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


def _enumerated(values: np.ndarray, chances: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every outcome of a few deals and its probability."""
    import numpy as np

    hits = ((np.arange(1 << values.size)[:, None] >> np.arange(values.size)) & 1).astype(float)
    return hits @ values, np.prod(np.where(hits == 1, chances, 1 - chances), axis=1)


def _normal_cdf(z: np.ndarray) -> np.ndarray:
    """Φ(z) to within 1.5e-7 (Abramowitz & Stegun 7.1.26), vectorised without scipy."""
    import numpy as np

    x = np.abs(z) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf = 1.0 - poly * np.exp(-x * x)
    return 0.5 * (1.0 + np.sign(z) * erf)


@dataclass
class _Mixture:
    """A sum of a few enumerated deals and a normal part: its outcomes, their weights and
    the normal part's spread (σ)."""

    outcomes: np.ndarray
    weights: np.ndarray
    sigma: float


def _exact_or_mixture(values: np.ndarray, chances: np.ndarray) -> list[float] | _Mixture:
    """P10/P50/P90 of Σ value × Bernoulli(chance) over uncertain deals (0 < chance < 1)
    when they come straight from enumerated outcomes, else the mixture to bisect."""
    import numpy as np

    if not values.size:
        return [0.0] * len(LEVELS)
    if values.size <= EXACT_UP_TO:
        return _weighted_quantiles(*_enumerated(values, chances))
    spread = values * values * chances * (1 - chances)
    big = np.argpartition(-spread, EXACT_PART - 1)[:EXACT_PART]
    rest = np.ones(values.size, dtype=bool)
    rest[big] = False
    outcomes, weights = _enumerated(values[big], chances[big])
    outcomes = outcomes + float((values[rest] * chances[rest]).sum())
    sigma = float(np.sqrt(spread[rest].sum()))
    if sigma == 0:
        return _weighted_quantiles(outcomes, weights)
    return _Mixture(outcomes, weights, sigma)


def _quantiles(parts: Sequence[tuple[np.ndarray, np.ndarray]]) -> list[list[float]]:
    """P10/P50/P90 of each ``(values, chances)``. The mixtures' percentiles are bisected
    together, one vector step for all of them (each its own product with its weights):
    the same arithmetic per mixture as one at a time, a fraction of the numpy calls."""
    import numpy as np

    found = [_exact_or_mixture(values, chances) for values, chances in parts]
    mixtures = [(i, m) for i, m in enumerate(found) if isinstance(m, _Mixture)]
    if not mixtures:
        return found  # type: ignore[return-value]  # no mixture left
    outcomes = np.stack([m.outcomes for _i, m in mixtures])  # 2**EXACT_PART each
    sigma = np.array([m.sigma for _i, m in mixtures])[:, None, None]
    levels = np.array(LEVELS)
    low = np.stack([np.full(levels.size, m.outcomes.min() - 8 * m.sigma) for _i, m in mixtures])
    high = np.stack([np.full(levels.size, m.outcomes.max() + 8 * m.sigma) for _i, m in mixtures])
    for _ in range(_BISECTIONS):
        middle = (low + high) / 2
        cdf = _normal_cdf((middle[:, :, None] - outcomes[:, None, :]) / sigma)
        below = np.stack([cdf[j] @ m.weights for j, (_i, m) in enumerate(mixtures)]) >= levels
        high = np.where(below, middle, high)
        low = np.where(below, low, middle)
    for j, (i, _m) in enumerate(mixtures):
        found[i] = [float(x) for x in high[j]]
    return found  # type: ignore[return-value]  # every mixture replaced


def outcome_ranges(
    values: np.ndarray, chances: np.ndarray, groups: np.ndarray, count: int
) -> tuple[Range, list[Range]]:
    """The range of Σ value × Bernoulli(chance) in total and per group (``groups[i]`` in
    ``0..count-1``); ``chances`` are fractions. Sure deals (chance 1) shift the band; deals
    at 0 add nothing."""
    import numpy as np

    sure = chances >= 1
    base = np.bincount(groups[sure], weights=values[sure], minlength=count).astype(float)
    uncertain = (chances > 0) & ~sure & (values != 0)
    v, p, g = values[uncertain], chances[uncertain], groups[uncertain]
    *per_group, total = _quantiles([(v[g == j], p[g == j]) for j in range(count)] + [(v, p)])
    return (
        Range(*(q + float(base.sum()) for q in total)),
        [Range(*(q + base[j] for q in quantiles)) for j, quantiles in enumerate(per_group)],
    )


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


def epoch(day: date) -> int:
    """Midnight UTC of ``day`` in Unix seconds: the unit the funnel's numpy columns use."""
    return int(datetime.combine(day, time(), UTC).timestamp())


def window(today: date) -> tuple[int, int]:
    """The moments the backtest replays, in Unix seconds (``[low, high)``): the deals open
    at some moment of it are the ones it reads the money of."""
    starts = month_starts(today)
    return epoch(starts[0]), epoch(starts[-1]) + 1


@dataclass
class _RateTable:
    """The deals' currencies as small codes, and each code's rate steps in epoch seconds."""

    codes: np.ndarray
    steps: list[tuple[np.ndarray, np.ndarray] | None]  # None: the reporting currency

    @classmethod
    def of(cls, rates: Rates, codes: np.ndarray, currencies: Sequence[str | None]) -> _RateTable:
        """``codes[i]`` indexes ``currencies`` (``None``: the reporting currency)."""
        import numpy as np

        steps: list[tuple[np.ndarray, np.ndarray] | None] = []
        for key in currencies:
            history = rates.history.get(key or "", ())
            if not key or key == rates.reporting:
                steps.append(None)
            else:
                starts = [epoch(date.fromisoformat(day)) for day, _ in history]
                steps.append((np.array(starts, dtype=float), np.array([r for _, r in history])))
        return cls(codes, steps)

    def at(self, seconds: np.ndarray) -> np.ndarray:
        """Each entry's rate at its moment, NaN where its currency has no rate."""
        import numpy as np

        result = np.full(self.codes.size, np.nan)
        for code, steps in enumerate(self.steps):
            mask = self.codes == code
            if steps is None:
                result[mask] = 1.0
            elif steps[0].size:
                at = np.searchsorted(steps[0], seconds[mask], side="right") - 1
                result[mask] = steps[1][np.maximum(at, 0)]
        return result

    def at_moment(self, seconds: int) -> np.ndarray:
        """Every entry's rate at one moment: one lookup per currency, not per entry."""
        import numpy as np

        codes = np.arange(len(self.steps))
        return _RateTable(codes, self.steps).at(np.full(codes.size, float(seconds)))[self.codes]


@dataclass
class DealHistory:
    """Every deal of the pipeline as the statistics loaded it: what the rule learns from
    (status, close time, depth) and what a past pipeline is rebuilt from."""

    status: np.ndarray  # 0 open, 1 lost, 2 won
    created: np.ndarray  # Unix seconds (NaN when unreadable)
    closed: np.ndarray  # Unix seconds (NaN while open)
    reached: np.ndarray  # deepest live stage ordinal (k for won deals)
    stage_id: np.ndarray  # current (or last open) stage
    money: funnel_reads.DealMoney  # of the deals open in the :func:`window`, in this order


def _rule_before(
    stages: Sequence[probability.StageRule], history: DealHistory, moment: int
) -> dict[int, float]:
    import numpy as np

    with np.errstate(invalid="ignore"):
        before = history.closed < moment
    won = int((before & (history.status == 2)).sum())
    depths = history.reached[before & (history.status == 1)]
    lost = [int((depths >= s).sum()) for s in range(1, len(stages) + 1)]
    return probability.stage_probabilities(stages, won, lost)


def _by_deal_then_time(deal: np.ndarray, entered: np.ndarray) -> np.ndarray:
    """The stable order by deal, then start: one radix sort of a packed key when deal
    ids and the span of starts fit 62 bits together (always, in practice), else lexsort."""
    import numpy as np

    if not deal.size:
        return np.zeros(0, dtype=np.int64)
    offset = entered - entered.min()
    shift = int(offset.max()).bit_length()
    if int(deal.min()) >= 0 and int(deal.max()).bit_length() + shift <= 62:
        return np.argsort(deal << shift | offset, kind="stable")
    return np.lexsort((entered, deal))


@dataclass
class _Visits:
    """The stage visits that can be a past deal's stage at a month start: per visit the
    position of its deal among the past deals, the stage, and the span ``[entered, until)``
    of moments it was the deal's latest visit so far."""

    deal: np.ndarray
    stage: np.ndarray
    entered: np.ndarray
    until: np.ndarray  # the deal's next visit's start (never, for its last visit)

    @classmethod
    def of(cls, read: funnel_reads.PastVisits, deal_ids: np.ndarray) -> _Visits:
        """``read`` kept to the visits of the deals ``deal_ids``."""
        import numpy as np

        position, theirs = funnel_reads.RowLookup(deal_ids).rows(read.deal)
        order = _by_deal_then_time(position, read.entered[theirs])
        deal, entered = position[order], read.entered[theirs][order]
        same = np.r_[deal[1:] == deal[:-1], False]
        until = np.where(same, np.r_[entered[1:], 0], np.iinfo(np.int64).max)
        return cls(deal, read.stage[theirs][order], entered, until)

    def stages_at(self, current: np.ndarray, moment: int) -> np.ndarray:
        """Each deal's stage at ``moment``: its latest visit begun before it (its current
        stage when it had none)."""
        latest = (self.entered < moment) & (self.until >= moment)
        stage = current.copy()
        stage[self.deal[latest]] = self.stage[latest]
        return stage


def backtest(
    conn: sqlite3.Connection,
    pipeline_id: int,
    stages: Sequence[probability.StageRule],
    history: DealHistory,
    rates: Rates,
    today: date,
) -> Accuracy | None:
    """Forecast against outcome for each recent month start (``None``: no history). The
    deals come from the columns the statistics already loaded and the visits from one
    scan; each month is a few vector operations over them."""
    import numpy as np

    starts = month_starts(today)
    low, high = window(today)
    with np.errstate(invalid="ignore"):  # as funnel_reads.OPEN_IN_WINDOW; NaN: never open
        past = (history.created < high) & ((history.status == 0) | (history.closed >= low))
    if not past.any():
        return None
    cash = history.money
    created, closed, status = history.created[past], history.closed[past], history.status[past]
    value, own, current = cash.value, cash.probability, history.stage_id[past]
    visits = _Visits.of(funnel_reads.past_visits(conn, pipeline_id, low, high), cash.deal_id)
    table = _RateTable.of(rates, cash.currency, cash.currencies)
    won_value = np.nan_to_num(value * table.at(closed))
    months = []
    for start in starts:
        moment = epoch(start)
        horizon = epoch(start + timedelta(days=HORIZON_DAYS))
        with np.errstate(invalid="ignore"):
            open_then = (created < moment) & ((status == 0) | (closed >= moment))
        if not open_then.any():
            continue
        stage = visits.stages_at(current, moment)
        by_stage = funnel_reads.IdValues(_rule_before(stages, history, moment))
        chance = np.where(np.isnan(own), by_stage.of(stage), own)
        value_then = np.nan_to_num(value * table.at_moment(moment))
        forecast = float((value_then * chance / 100.0)[open_then].sum())
        with np.errstate(invalid="ignore"):
            won = open_then & (status == 2) & (closed < horizon)
        months.append(BacktestMonth(start.isoformat()[:7], forecast, float(won_value[won].sum())))
    if not months:
        return None
    errors = [abs(m.forecast - m.actual) / m.actual for m in months if m.actual > 0]
    return Accuracy(months, sum(errors) / len(errors) if errors else None)
