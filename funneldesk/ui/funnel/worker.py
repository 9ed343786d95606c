"""What the funnel view asks the background reader for (``ui/jobs.py``): one report per
request; only the answer to the latest request is drawn, so a burst of moves on the board
costs one visible refresh, never a stale one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from funneldesk.core.db import Database
from funneldesk.core.errors import StaleDataError
from funneldesk.core.funnel_report import FunnelReport
from funneldesk.core.funnel_statistics import compute_funnel, forecast_accuracy
from funneldesk.ui.jobs import Job


@dataclass(frozen=True)
class FunnelRequest:
    pipeline_id: int | None
    since: date | None
    until: date | None
    compare: bool


def report_job(db: Database, request: FunnelRequest) -> Job:
    """The funnel report for ``request`` (contacts are left out: the panel does not show them).

    Funnel facts known to be stale come back as the :class:`StaleDataError` itself: the view
    then says why there are no figures and offers the repair (other failures are a message).
    """

    def compute(_progress, _cancelled) -> FunnelReport | StaleDataError:  # noqa: ANN001
        try:
            return compute_funnel(
                db,
                request.pipeline_id,
                request.since,
                request.until,
                compare=request.compare,
                with_activity=False,
                with_accuracy=False,  # asked for next (accuracy_job): first figures sooner
            )
        except StaleDataError as exc:
            return exc

    return compute


def accuracy_job(db: Database, pipeline_id: int | None) -> Job:
    """The forecast's backtest for the accuracy chart (the same whatever the period)."""
    return lambda _progress, _cancelled: forecast_accuracy(db, pipeline_id)
