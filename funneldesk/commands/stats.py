"""``funneldesk stats --db PATH [--pipeline ID] [--since D] [--until D] [--json]``.

The funnel figures of docs/analytics.md for one pipeline, from the same core function the funnel
panel and the Excel report use (``core/funnel_statistics.py``). ``--json`` prints the object
:func:`stats_json` makes of the report (README § Command line); otherwise a table.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from funneldesk import cli_support as cli
from funneldesk.core.forecast import Accuracy, Range
from funneldesk.core.funnel_report import FunnelReport
from funneldesk.core.funnel_statistics import compute_funnel


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = cli.add_command(
        subparsers,
        "stats",
        run,
        help="funnel statistics of a pipeline (conversion, win rate, cycle, forecast)",
        description="Funnel statistics of one pipeline for the deals created in a period "
        "(inclusive dates; default: all time). Without --pipeline the first pipeline is used.",
    )
    cli.add_pipeline_option(parser, "pipeline id")
    cli.add_period_options(parser, "creation date")
    cli.add_json_switch(parser, "print one JSON object")


def run(args: argparse.Namespace) -> int:
    since, until = cli.parse_period(args)
    with cli.open_for_reading(args) as db:
        report = compute_funnel(
            db,
            args.pipeline,
            since,
            until,
            with_activity=False,
            with_cac=False,
            with_breakdowns=False,
        )
    if args.json:
        cli.print_json(stats_json(report))
    else:
        sys.stdout.write(format_table(report))
    return 0


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - cli.display_width(text), 0)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} d"


def format_table(report: FunnelReport) -> str:
    """A plain-text summary for the terminal: one row per stage, then the headline figures."""
    period = (
        f"{report.since or 'start'} – {report.until or 'today'}"
        if report.since or report.until
        else "all time"
    )
    lines = [f"{report.pipeline_name} · funnel of the deals created {period}", ""]
    width = max([cli.display_width(s.name) for s in report.stages] + [5])
    header = (
        f"{_pad('Stage', width)}  {'Reached':>8}  {'Now':>6}  {'→ next':>7}  "
        f"{'Cumul.':>7}  {'p_win':>6}  {'(n)':>6}  {'Median':>8}"
    )
    lines += [header, "─" * len(header)]
    for s in report.stages:
        lines.append(
            f"{_pad(s.name, width)}  {s.reached:>8,}  {s.current:>6,}  "
            f"{_pct(s.conversion_to_next):>7}  {_pct(s.cumulative_conversion):>7}  "
            f"{_pct(s.p_win):>6}  {s.p_win_sample:>6,}  {_days(s.median_days_in_stage):>8}"
        )
    k = report.kpis
    velocity = "—" if k.velocity_per_day is None else f"{k.velocity_per_day:,.2f} {report.currency}"
    lines += [
        "",
        f"Win rate (closed in period)  {_pct(k.win_rate)}  ({k.won:,} won, {k.lost:,} lost)",
        f"Sales cycle                  median {_days(k.cycle_days_median)}, "
        f"mean {_days(k.cycle_days_mean)}",
        f"Open deals (now)             {k.open_deals:,}",
        f"Weighted pipeline (now)      {k.weighted_pipeline:,.2f} {report.currency}",
    ]
    band = report.forecast_range
    if band is not None:
        lines.append(
            f"Likely range (P10–P90)       {band.p10:,.0f} – {band.p90:,.0f} {report.currency}"
        )
    accuracy = report.accuracy
    if accuracy is not None and accuracy.mape is not None:
        lines.append(
            f"Forecast accuracy            off by {accuracy.mape:.0%} on average "
            f"over {len(accuracy.months)} months"
        )
    lines += [
        f"Sales velocity per day       {velocity}",
        f"Bottleneck                   {report.bottleneck.explanation}",
    ]
    if report.unconverted:
        lines.append(f"Note                         {report.unconverted.sentence()}")
    return "\n".join([*lines, ""])


def stats_json(report: FunnelReport) -> dict[str, Any]:
    """The ``stats --json`` object (README § Command line): fractions in [0, 1], ``None``
    when undefined."""
    k = report.kpis
    b = report.bottleneck
    return {
        "stages": [
            {
                "name": s.name,
                "reached": s.reached,
                "current": s.current,
                "conversion_to_next": s.conversion_to_next,
                "cumulative_conversion": s.cumulative_conversion,
                "p_win": s.p_win,
                "p_win_sample": s.p_win_sample,
                "median_days_in_stage": s.median_days_in_stage,
                "open_value": s.open_value,
                "weighted_value": s.weighted_value,
            }
            for s in report.stages
        ],
        "win_rate": k.win_rate,
        "cycle_days_median": k.cycle_days_median,
        "weighted_pipeline": k.weighted_pipeline,
        "open_deals": k.open_deals,
        "won": k.won,
        "lost": k.lost,
        "velocity_per_day": k.velocity_per_day,
        "bottleneck": {
            "from_stage": b.from_stage,
            "to_stage": b.to_stage,
            "conversion": b.conversion,
            "slowest_stage": b.slowest_stage,
        },
        "currency": report.currency,
        "unconverted_deals": report.unconverted.deals,
        "forecast_range": _range_json(report.forecast_range),
        "forecast_accuracy": _accuracy_json(report.accuracy),
    }


def _range_json(found: Range | None) -> dict[str, float] | None:
    return None if found is None else {"p10": found.p10, "p50": found.p50, "p90": found.p90}


def _accuracy_json(found: Accuracy | None) -> dict[str, Any] | None:
    if found is None:
        return None
    months = [{"month": m.month, "forecast": m.forecast, "actual": m.actual} for m in found.months]
    return {"months": months, "mape": found.mape}
