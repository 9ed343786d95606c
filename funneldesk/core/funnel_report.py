"""What the funnel statistics answer: the result types of ``compute_funnel``.

A :class:`FunnelReport` holds every figure of one pipeline and period — stages
(:class:`StageStats`), headline figures (:class:`Kpis`), the bottleneck, the forecast by
month with its range, the monthly trend, segments, activity per owner and CAC — so the
funnel panel, ``funneldesk stats`` and the Excel report read the same object and never
disagree. The figures are computed in ``core/funnel_statistics.py``; what each one means is
in docs/analytics.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from funneldesk.core import forecast as outlook
from funneldesk.core import money
from funneldesk.core.clock import today

WON = "Won"  # the bottleneck's name for the step out of the last stage
SEGMENT_DIMENSIONS = ("source", "owner", "customer_type")
NEW, RETURNING = "new", "returning"  # the customer_type segments


@dataclass(frozen=True)
class Period:
    """Inclusive calendar dates; ``None`` on either side means unbounded."""

    since: date | None = None
    until: date | None = None

    def bounds(self) -> tuple[str, str]:
        """Half-open text bounds that compare correctly with stored timestamps and dates."""
        low = self.since.isoformat() if self.since else ""
        high = (self.until + timedelta(days=1)).isoformat() if self.until else "9999-12-31"
        return low, high

    def month_bounds(self) -> tuple[str, str]:
        """Inclusive ``YYYY-MM`` bounds for monthly tables (costs, trend)."""
        low = self.since.isoformat()[:7] if self.since else ""
        high = self.until.isoformat()[:7] if self.until else "9999-12"
        return low, high

    def previous(self) -> Period | None:
        """The period of the same length just before this one (``None`` when unbounded)."""
        if self.since is None:
            return None
        until = self.until or today()
        length = (until - self.since).days + 1
        prev_until = self.since - timedelta(days=1)
        return Period(prev_until - timedelta(days=length - 1), prev_until)


@dataclass(frozen=True)
class StageStats:
    """One open stage of the funnel, in pipeline order. Fractions are in [0, 1] or ``None``."""

    stage_id: int
    name: str
    position: int
    probability: float  # configured default win probability, 0-100
    reached: int
    current: int  # open deals in the stage now (whatever the period)
    conversion_to_next: float | None  # n_{s+1}/n_s; for the last stage: won/n_k
    cumulative_conversion: float | None  # n_s/n_1
    p_win: float | None
    p_win_sample: int  # W_s + L_s
    won_reached: int
    lost_reached: int
    median_days_in_stage: float | None
    completed_visits: int
    open_value: float  # the open deals in the stage now, converted
    weighted_value: float


@dataclass(frozen=True)
class Bottleneck:
    """Lowest step conversion among stages with enough deals, and the slowest stage."""

    from_stage: str | None
    to_stage: str | None  # WON for the last stage's step into Won
    conversion: float | None
    reached: int
    slowest_stage: str | None
    slowest_median_days: float | None
    explanation: str


@dataclass(frozen=True)
class ForecastMonth:
    """Weighted value of open deals expected to close in ``month`` (``None``: no date set)."""

    month: str | None
    deals: int
    value: float
    weighted_value: float
    range: outlook.Range | None = None


@dataclass(frozen=True)
class TrendMonth:
    """Deals created, won and lost in one calendar month of the period."""

    month: str
    new_deals: int
    won: int
    lost: int
    win_rate: float | None


@dataclass(frozen=True)
class SegmentFunnel:
    """The funnel of the cohort deals of one segment (a source, an owner, new/returning)."""

    key: str | None
    deals: int
    reached: tuple[int, ...]
    won: int
    lost: int
    win_rate: float | None  # won / (won + lost) among the segment's cohort deals
    conversion: float | None  # won / n_1


@dataclass(frozen=True)
class OwnerActivity:
    """Activity efficiency of one owner in the period (docs/analytics.md)."""

    owner: str | None
    interactions: int
    positive: int
    contact_hours: float
    won: int
    contact_efficiency: float | None  # E = positive interactions / contact hours
    follow_up_efficiency: float | None  # R = won deals / contact hours
    orders_per_day: float | None  # O = won deals / days in period


@dataclass(frozen=True)
class CacEntry:
    """Customer acquisition cost of one source in one month."""

    source: str
    month: str
    cost: float
    customers: int
    cac: float | None


@dataclass(frozen=True)
class Kpis:
    win_rate: float | None
    won: int
    lost: int
    won_value: float
    average_won_value: float | None
    cycle_days_median: float | None
    cycle_days_mean: float | None
    open_deals: int  # every open deal now
    open_value: float
    weighted_pipeline: float
    velocity_per_day: float | None
    cac: float | None
    cohort_deals: int
    cohort_won: int
    cohort_lost: int
    won_conversion: float | None  # cohort won / n_k
    overall_conversion: float | None  # cohort won / n_1
    period_days: int | None


@dataclass
class FunnelReport:
    """Every funnel figure of one pipeline and period (the stable API of this module)."""

    pipeline_id: int
    pipeline_name: str
    period: Period
    currency: str
    stages: list[StageStats]
    kpis: Kpis
    bottleneck: Bottleneck
    forecast: list[ForecastMonth]
    trend: list[TrendMonth]
    segments: dict[str, list[SegmentFunnel]]
    activity: list[OwnerActivity]
    cac: list[CacEntry]
    previous: FunnelReport | None = None
    stage_names: list[str] = field(default_factory=list)
    unconverted: money.Unconverted = field(default_factory=money.Unconverted)
    forecast_range: outlook.Range | None = None
    accuracy: outlook.Accuracy | None = None

    @property
    def since(self) -> date | None:
        return self.period.since

    @property
    def until(self) -> date | None:
        return self.period.until
