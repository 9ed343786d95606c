"""The sheets of figures: Summary, Funnel, Conversion by source and by period, Forecast.

Every figure comes from one :class:`funneldesk.core.funnel_report.FunnelReport`, so these
sheets never disagree with the funnel panel or ``stats --json``. The Summary has a KPI
chart, the Forecast a chart of the weighted value by month with its P10–P90 range; the funnel chart has its own
module, :mod:`funneldesk.core.report.funnel_chart`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from funneldesk.core.clock import today, utc_now
from funneldesk.core.db import Database
from funneldesk.core.funnel_report import WON, Bottleneck, FunnelReport
from funneldesk.core.funnel_statistics import BOTTLENECK_MIN_REACHED
from funneldesk.core.report.funnel_chart import funnel_chart
from funneldesk.core.report.labels import CODE_NAMES, Labels
from funneldesk.core.report.workbook import (
    ACCENT,
    Column,
    ReportBook,
    SheetWriter,
    fit_to_page_width,
    money_format,
)

KPI_ROWS = (
    ("Deals created in the period", "cohort_deals", "int"),
    ("Open deals (now)", "open_deals", "int"),
    ("Deals won (closed in the period)", "won", "int"),
    ("Deals lost (closed in the period)", "lost", "int"),
    ("Open value (now)", "open_value", "money"),
    ("Weighted pipeline (now)", "weighted_pipeline", "money"),
    ("Win rate", "win_rate", "percent"),
    ("Value won", "won_value", "money"),
    ("Average won deal", "average_won_value", "money"),
    ("Sales cycle, median (days)", "cycle_days_median", "number"),
    ("Sales cycle, mean (days)", "cycle_days_mean", "number"),
    ("Sales velocity (per day)", "velocity_per_day", "money"),
    ("Overall conversion (won / first stage)", "overall_conversion", "percent"),
    ("Customer acquisition cost", "cac", "money"),
)
TEXT = Column("")
NOW_FIGURES = frozenset({"open_deals", "open_value", "weighted_pipeline"})
"""The same whatever the period: not compared with the previous one."""


def bottleneck_sentence(b: Bottleneck, t: Labels) -> str:
    """The bottleneck in the report's language (the statistics word it in English for the CLI)."""
    if b.from_stage is None:
        return t(
            "Not enough deals yet: a bottleneck needs at least {count} deals reaching a stage."
        ).format(count=BOTTLENECK_MIN_REACHED)
    target = t("Won") if b.to_stage == WON else b.to_stage
    sentence = t(
        "Only {rate} of the {reached} deals that reached “{source}” went on to “{target}”, "
        "the weakest step of the funnel"
    ).format(
        rate=f"{b.conversion:.0%}", reached=f"{b.reached:,}", source=b.from_stage, target=target
    )
    if b.slowest_stage is not None and b.slowest_median_days is not None:
        sentence += t("; deals wait longest in “{stage}” (median {days} days)").format(
            stage=b.slowest_stage, days=f"{b.slowest_median_days:.1f}"
        )
    return sentence + t(".")


def write_summary(book: ReportBook, db: Database, report: FunnelReport) -> None:
    k, prev = report.kpis, report.previous.kpis if report.previous else None
    t = book.t
    headers = [t("Indicator"), t("This period")]
    headers += [t("Previous period"), t("Change")] if prev else []
    sheet = book.workbook.add_worksheet(t("Summary"))
    fit_to_page_width(sheet)
    for index, width in enumerate((40, 18, 18, 12)[: len(headers)]):
        sheet.set_column(index, index, width)
    out = SheetWriter(book, sheet)
    period = _period_text(report.since, report.until, t)
    heading = t("Pipeline: {pipeline} · Period: {period} · Currency: {currency}")
    stamp = f"{utc_now().astimezone():%Y-%m-%d %H:%M}"
    out.row([t("Sales funnel report")], [TEXT], role="title")
    out.row(
        [heading.format(pipeline=report.pipeline_name, period=period, currency=report.currency)],
        [TEXT],
        role="subtitle",
    )
    out.row([t("Generated {stamp} by FunnelDesk").format(stamp=stamp)], [TEXT], role="subtitle")
    out.row([t(POPULATIONS)], [TEXT], role="subtitle")
    if report.unconverted:
        missing = ", ".join(f"{n:,} {c}" for c, n in report.unconverted.by_currency.items())
        out.row(
            [t(LEFT_OUT).format(deals=missing, currency=report.currency)], [TEXT], role="accent"
        )
    out.skip()
    table_top = out.next_row
    out.row(headers, [TEXT] * len(headers), role="header")
    for label, attr, kind in KPI_ROWS:
        now, before = getattr(k, attr), getattr(prev, attr) if prev else None
        values = [t(label), now]
        kinds = [TEXT, Column("", kind)]
        if prev is not None and attr not in NOW_FIGURES:
            change = (now - before) / before if now is not None and before else None
            values += [before, change if kind != "percent" else None]
            kinds += [Column("", kind), Column("", "percent")]
        out.row(values, kinds, report.currency)
    _kpi_chart(book, sheet, table_top, prev is not None)
    out.skip()
    out.row([t("Bottleneck")], [TEXT], role="bold")
    out.row([bottleneck_sentence(report.bottleneck, t)], [TEXT])
    out.skip()
    counts = db.query_one(
        "SELECT (SELECT COUNT(*) FROM customers) AS c, (SELECT COUNT(*) FROM deals) AS d"
    )
    out.row([t("Customers in the file"), counts["c"]], [TEXT, Column("", "int")])
    out.row([t("Deals in the file"), counts["d"]], [TEXT, Column("", "int")])


POPULATIONS = (
    "Deals created in the period: the funnel and its conversions. Deals closed in the period: "
    "won, lost, win rate, cycle. Open deals and the weighted pipeline: every deal open now."
)
LEFT_OUT = "Deals without an exchange rate into {currency}, left out of every amount: {deals}."
KPI_CHART_ROWS = ("cohort_deals", "open_deals", "won", "lost")


def _kpi_chart(book: ReportBook, sheet: Any, table_top: int, compared: bool) -> None:
    """Deals created, open, won and lost as columns (this period beside the previous one)."""
    t, name = book.t, book.t("Summary")
    rows = [i for i, (_label, attr, _kind) in enumerate(KPI_ROWS) if attr in KPI_CHART_ROWS]
    chart = book.workbook.add_chart({"type": "column"})
    for column, title, colour in (
        (1, t("This period"), ACCENT),
        (2, t("Previous period"), "#9CA3AF"),
    ):
        if column == 2 and not compared:
            break
        chart.add_series(
            {
                "name": title,
                "categories": [name, table_top + 1, 0, table_top + 1 + rows[-1], 0],
                "values": [name, table_top + 1, column, table_top + 1 + rows[-1], column],
                "fill": {"color": colour},
                "border": {"none": True},
                "gap": 80,
                "data_labels": {"value": True, "num_format": "#,##0"},
            }
        )
    chart.set_title({"name": t("Deals of the period"), "name_font": {"size": 12}})
    chart.set_legend({"position": "bottom"} if compared else {"none": True})
    chart.set_y_axis(
        {"num_format": "#,##0", "major_gridlines": {"visible": True, "line": {"color": "#E5E7EB"}}}
    )
    sheet.insert_chart(table_top, 5 if compared else 3, chart, {"x_scale": 1.1, "y_scale": 1.0})


def _period_text(since: date | None, until: date | None, t: Labels) -> str:
    if since is None and until is None:
        return t("all time")
    first = since.isoformat() if since else "…"
    return f"{first} – {until.isoformat() if until else today().isoformat()}"


FUNNEL_COLUMNS = (
    Column("Stage", width=18),
    Column("Reached", "int"),
    Column("Currently in", "int"),
    Column("Conversion to next", "percent"),
    Column("Cumulative conversion", "percent"),
    Column("Win probability (p_win)", "percent"),
    Column("p_win sample", "int"),
    Column("Median days in stage", "number"),
    Column("Open value", "money"),
    Column("Weighted value", "money"),
)


def write_funnel(book: ReportBook, report: FunnelReport) -> None:
    stages = report.stages
    rows = [
        (
            s.name,
            s.reached,
            s.current,
            s.conversion_to_next,
            s.cumulative_conversion,
            s.p_win,
            s.p_win_sample,
            s.median_days_in_stage,
            s.open_value,
            s.weighted_value,
        )
        for s in stages
    ]
    if stages:  # the step into Won: the cohort's won deals, after the last stage
        k = report.kpis
        rows.append((book.t("Won"), k.cohort_won, None, None, k.overall_conversion, *[None] * 5))
    out = book.sheet("Funnel", FUNNEL_COLUMNS, rows, rows=len(rows))
    bottleneck = report.bottleneck.from_stage
    for values in rows:
        out.row(
            values, FUNNEL_COLUMNS, report.currency, "accent" if values[0] == bottleneck else ""
        )
    if rows:
        out.sheet.insert_chart(
            len(rows) + 2,
            0,
            funnel_chart(book, len(rows), bottleneck, [r[0] for r in rows]),
            {"x_scale": 1.6, "y_scale": 1.2},
        )


SEGMENT_COLUMNS = (
    Column("Source", width=16),
    Column("Deals", "int"),
    Column("Won", "int"),
    Column("Lost", "int"),
    Column("Win rate", "percent"),
    Column("Conversion (won / created)", "percent"),
)


def write_by_source(book: ReportBook, report: FunnelReport) -> None:
    reached = book.t("Reached {stage}")
    columns = SEGMENT_COLUMNS + tuple(
        Column(reached.format(stage=s.name), "int") for s in report.stages
    )
    rows = [
        (
            book.t(CODE_NAMES["source"].get(seg.key, seg.key)) if seg.key else book.t("(none)"),
            seg.deals,
            seg.won,
            seg.lost,
            seg.win_rate,
            seg.conversion,
            *seg.reached,
        )
        for seg in report.segments.get("source", [])
    ]
    book.table("Conversion by source", columns, rows)


PERIOD_COLUMNS = (
    Column("Month", width=10),
    Column("New deals", "int"),
    Column("Won", "int"),
    Column("Lost", "int"),
    Column("Win rate", "percent"),
)


def write_by_period(book: ReportBook, report: FunnelReport) -> None:
    rows = [(t.month, t.new_deals, t.won, t.lost, t.win_rate) for t in report.trend]
    book.table("Conversion by period", PERIOD_COLUMNS, rows)


FORECAST_COLUMNS = (
    Column("Expected close", width=14),
    Column("Open deals", "int"),
    Column("Value", "money"),
    Column("Weighted value", "money"),
    Column("Likely low (P10)", "money"),
    Column("Median (P50)", "money"),
    Column("Likely high (P90)", "money"),
)
ACCURACY_COLUMNS = (
    Column("Month start", width=14),
    Column("Forecast then", "money"),
    Column("Won within 90 days", "money"),
    Column("Error", "percent"),
)


def _band(found: Any) -> tuple[float | None, float | None, float | None]:
    return (None, None, None) if found is None else (found.p10, found.p50, found.p90)


def write_forecast(book: ReportBook, report: FunnelReport) -> None:
    t = book.t
    rows = [
        (f.month or t("No date"), f.deals, f.value, f.weighted_value, *_band(f.range))
        for f in report.forecast
    ]
    k = report.kpis
    total = (
        t("Total"),
        k.open_deals,
        k.open_value,
        k.weighted_pipeline,
        *_band(report.forecast_range),
    )
    out = book.sheet("Forecast", FORECAST_COLUMNS, [*rows, total], rows=len(rows))
    for values in rows:
        out.row(values, FORECAST_COLUMNS, report.currency)
    out.row(total, FORECAST_COLUMNS, report.currency, "bold")
    out.skip()
    out.row([t(RANGE_NOTE)], [TEXT], role="subtitle")
    _accuracy(out, report, t)
    if rows:
        _forecast_chart(book, out, len(rows), report.currency)


# The P10–P90 band over the weighted columns: its ends as dashed lines in a lighter shade
# of the accent, the median as a marker in a darker one (visible on a bar and beside it).
BAND = "#7FA6EC"
MEDIAN = "#1E3A8A"


def _forecast_chart(book: ReportBook, out: SheetWriter, months: int, currency: str) -> None:
    """Weighted value per expected-close month as columns, with its likely range (P10,
    P50, P90) drawn over them, all in the reporting currency (named on the value axis)."""
    t = book.t
    sheet = t("Forecast")
    categories = [sheet, 1, 0, months, 0]
    chart = book.workbook.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": t("Weighted value"),
            "categories": categories,
            "values": [sheet, 1, 3, months, 3],
            "fill": {"color": ACCENT},
            "border": {"none": True},
            "gap": 60,
        }
    )
    band = book.workbook.add_chart({"type": "line"})
    for column in (4, 6):  # P10, P90
        band.add_series(
            {
                "name": [sheet, 0, column],
                "categories": categories,
                "values": [sheet, 1, column, months, column],
                "line": {"color": BAND, "width": 2, "dash_type": "dash"},
                "marker": {"type": "none"},
            }
        )
    band.add_series(  # P50
        {
            "name": [sheet, 0, 5],
            "categories": categories,
            "values": [sheet, 1, 5, months, 5],
            "line": {"none": True},
            "marker": {
                "type": "diamond",
                "size": 7,
                "fill": {"color": MEDIAN},
                "border": {"color": MEDIAN},
            },
        }
    )
    chart.combine(band)
    chart.set_title(
        {
            "name": t("Weighted value and likely range by expected close month"),
            "name_font": {"size": 12},
        }
    )
    chart.set_legend({"position": "bottom"})
    chart.set_y_axis(
        {
            "name": currency,
            "num_format": money_format(currency).split(";")[0],
            "major_gridlines": {"visible": True, "line": {"color": "#E5E7EB"}},
        }
    )
    out.sheet.insert_chart(1, len(FORECAST_COLUMNS) + 1, chart, {"x_scale": 1.5, "y_scale": 1.3})


RANGE_NOTE = (
    "Open deals now, each weighted by its win probability. P10–P90: treating each deal as won "
    "with its probability, the value won falls in this range in 8 cases out of 10."
)


def _accuracy(out: SheetWriter, report: FunnelReport, t: Labels) -> None:
    """The backtest under the forecast: what each month start forecast, what was then won."""
    out.skip()
    out.row([t("Forecast accuracy")], [TEXT], role="bold")
    accuracy = report.accuracy
    if accuracy is None or accuracy.mape is None:
        out.row([t("Not enough history yet to check past forecasts.")], [TEXT])
        return
    out.row(
        [
            t("Forecasts of the last 12 months were off by {error} on average.").format(
                error=f"{accuracy.mape:.0%}"
            )
        ],
        [TEXT],
    )
    out.row([t(c.header) for c in ACCURACY_COLUMNS], [TEXT] * len(ACCURACY_COLUMNS), role="header")
    for m in accuracy.months:
        error = abs(m.forecast - m.actual) / m.actual if m.actual else None
        out.row((m.month, m.forecast, m.actual, error), ACCURACY_COLUMNS, report.currency)
