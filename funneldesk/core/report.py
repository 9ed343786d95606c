"""The Excel report (README § Import, export and the Excel report): one workbook a salesperson can send to a manager as is.

Sheets: Summary (with a KPI chart), Funnel (with a native bar chart ending in the Won
bar), Conversion by source, Conversion by period, Forecast (with its P10–P90 range, a chart
and the backtest of past forecasts), Deals, Customers and Upcoming dates. Every figure comes
from :func:`funneldesk.core.analytics.compute_funnel`, so the report never disagrees with
the funnel panel or ``stats --json``; money is in the reporting currency, named on the
Summary, and the deals left out for want of an exchange rate are counted there. Stored
codes (lead source, spending level, purchase frequency, deal status) are written as the app
names them, in the report's language, and times in the computer's local time.

The workbook is streamed with XlsxWriter in ``constant_memory`` mode: each row goes to disk
as soon as the next one starts, so memory stays flat at any size. (openpyxl's write-only
mode streams too, but measured 2.3× slower than the budget's XlsxWriter baseline at 100k
customers; the budget is 1.5×.) Numbers, money, percentages and dates are typed cells with
real number formats. Text always goes through ``write_string`` with formula conversion
switched off, so a value starting with ``=`` is stored as literal text, never as a formula
(see :mod:`funneldesk.core.safe_text`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from funneldesk.core import analytics
from funneldesk.core.clock import today, utc_now
from funneldesk.core.db import Database
from funneldesk.core.errors import Cancelled
from funneldesk.core.jobs import CancelCheck, Progress
from funneldesk.core.report_labels import CODE_NAMES, Labels, labels_for
from funneldesk.core.safe_replace import replacing
from funneldesk.core.safe_text import XLSX_MAX_TEXT, xlsx_text
from funneldesk.core.validation import DATE_KIND_NAMES
from funneldesk.core.yearly_dates import upcoming_greetings

CellWriter = Callable[[int, int, Any, "str | None"], Any]

UPCOMING_DAYS = 60
PROGRESS_EVERY = 2000
WIDTH_SAMPLE_ROWS = 300
MAX_WIDTH = 48
FONT = "Calibri"
ACCENT = "#2F6FDE"
BOTTLENECK = "#E8912D"
WON_COLOUR = "#1E8E4E"
CURRENCY_SYMBOLS = {
    "USD": "$",
    "CNY": "¥",
    "RMB": "¥",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "HKD": "HK$",
}
FORMATS = {
    "id": "0_)",
    "int": "#,##0_)",
    "number": "#,##0.0_)",
    "percent": "0.0%_)",
    "date": "yyyy-mm-dd_)",
    "datetime": "yyyy-mm-dd hh:mm_)",
}
"""Number formats; ``_)`` leaves a small gap so a right-aligned number never touches the
left-aligned text of the next column."""
ROLES: dict[str, dict[str, Any]] = {
    "": {},
    "header": {
        "bold": True,
        "font_color": "#1F2937",
        "bg_color": "#E9EEF6",
        "bottom": 1,
        "bottom_color": "#9CA3AF",
        "valign": "vcenter",
    },
    "header_right": {
        "bold": True,
        "font_color": "#1F2937",
        "bg_color": "#E9EEF6",
        "bottom": 1,
        "bottom_color": "#9CA3AF",
        "valign": "vcenter",
        "align": "right",
    },
    "title": {"bold": True, "font_size": 16, "font_color": "#111827"},
    "subtitle": {"font_color": "#6B7280"},
    "bold": {"bold": True},
    "accent": {"bold": True, "font_color": "#9A3412", "bg_color": "#FDEBD3"},
}
_NEEDS_CLEANING = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, the kind of its cells and its minimum width."""

    header: str
    kind: str = "text"  # text, int, number, money, percent, date, datetime
    width: float = 0


def money_format(currency: str | None) -> str:
    """``"$"#,##0.00`` for known symbols, ``#,##0.00 "XYZ"`` otherwise."""
    code = (currency or "").upper()
    symbol = CURRENCY_SYMBOLS.get(code)
    if symbol:
        return f'"{symbol}"#,##0.00_);-"{symbol}"#,##0.00_)'
    return f'#,##0.00 "{code}"_)' if code else "#,##0.00_)"


def text_width(text: str) -> float:
    """Width in Excel character units; CJK characters count double."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text[:200])


def parse_stamp(text: str | None) -> datetime | None:
    """A stored UTC timestamp as a naive local datetime (Excel has no time zones; a manager
    reads times as the clock on the wall showed them)."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text[:19]).replace(tzinfo=UTC)
    except ValueError:
        return None
    return moment.astimezone().replace(tzinfo=None)


def parse_day(text: str | date | None) -> date | None:
    if isinstance(text, date):
        return text
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


class ReportBook:
    """A constant-memory workbook, its cached cell formats, progress and cancel."""

    def __init__(
        self,
        filename: Path,
        progress: Progress | None,
        cancelled: CancelCheck | None,
        total: int,
        labels: Labels,
    ) -> None:
        import xlsxwriter

        self.workbook = xlsxwriter.Workbook(
            str(filename),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self.t = labels
        self.workbook.set_properties(
            {"title": labels("Sales funnel report"), "author": "FunnelDesk"}
        )
        self.progress = progress
        self.cancelled = cancelled
        self.total = total
        self.done = 0
        self._formats: dict[tuple[str, str], Any] = {}

    def tick(self, rows: int = 1) -> None:
        before, self.done = self.done, self.done + rows
        if rows and before // PROGRESS_EVERY == self.done // PROGRESS_EVERY:
            return
        if self.cancelled is not None and self.cancelled():
            raise Cancelled("The report was cancelled.")
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def format(self, number_format: str = "", role: str = "") -> Any:
        """A cached cell format (a number format and a role: header, title, bold, accent)."""
        key = (number_format, role)
        if key not in self._formats:
            properties = {"font_name": FONT, **ROLES[role]}
            if number_format:
                properties["num_format"] = number_format
            self._formats[key] = self.workbook.add_format(properties)
        return self._formats[key]

    def sheet(
        self,
        title: str,
        columns: Sequence[Column],
        sample: Iterable[Sequence[Any]] = (),
        *,
        rows: int,
    ) -> SheetWriter:
        """A new sheet with fitted widths, a styled header, frozen header row and autofilter.

        ``title`` and the column headers are English source text, shown in the report language.
        """
        sheet = self.workbook.add_worksheet(self.t(title))
        headers = [self.t(c.header) for c in columns]
        fit_to_page_width(sheet)
        sheet.repeat_rows(0)
        widths = [max(c.width, text_width(h) + 3) for c, h in zip(columns, headers, strict=True)]
        for values in sample:
            for i, value in enumerate(values[: len(columns)]):
                widths[i] = max(widths[i], _value_width(value, columns[i].kind) + 2)
        for i, width in enumerate(widths):
            sheet.set_column(i, i, min(width, MAX_WIDTH))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(rows, 1), len(columns) - 1)
        writer = SheetWriter(self, sheet)
        for index, col in enumerate(columns):
            role = "header" if col.kind in ("text", "date", "datetime") else "header_right"
            sheet.write_string(0, index, headers[index], self.format("", role))
        writer.next_row = 1
        return writer


class SheetWriter:
    """Appends rows to one sheet, in order (constant-memory mode writes rows sequentially)."""

    def __init__(self, book: ReportBook, sheet: Any) -> None:
        self.book = book
        self.sheet = sheet
        self.next_row = 0

    def text(self, row: int, column: int, value: Any, fmt: Any = None) -> None:
        text = value if type(value) is str else str(value)
        if len(text) > XLSX_MAX_TEXT or _NEEDS_CLEANING.search(text):
            text = xlsx_text(text)
        self.sheet.write_string(row, column, text, fmt)

    def cell_writer(self, kind: str, role: str = "") -> CellWriter:
        """A function writing one value of ``kind`` (the hot loop calls it per cell)."""
        book, sheet = self.book, self.sheet
        if kind == "text":
            fmt = book.format("", role) if role else None
            return lambda r, c, v, _cur: self.text(r, c, v, fmt)
        if kind == "money":
            return lambda r, c, v, cur: sheet.write_number(
                r, c, float(v), book.format(money_format(cur), role)
            )
        if kind in ("date", "datetime"):
            fmt = book.format(FORMATS[kind], role)
            parse = parse_day if kind == "date" else parse_stamp

            def write_moment(r: int, c: int, v: Any, _cur: str | None) -> None:
                moment = v if isinstance(v, datetime) else parse(v)
                if moment is None:
                    self.text(r, c, v, book.format("", role) if role else None)
                else:
                    sheet.write_datetime(r, c, moment, fmt)

            return write_moment
        fmt = book.format(FORMATS[kind], role)
        return lambda r, c, v, _cur: sheet.write_number(r, c, v, fmt)

    def row(
        self,
        values: Sequence[Any],
        columns: Sequence[Column],
        currency: str | None = None,
        role: str = "",
    ) -> None:
        writers = [self.cell_writer(col.kind, role) for col in columns]
        self.write(values, writers, currency)

    def write(
        self, values: Sequence[Any], writers: Sequence[CellWriter], currency: str | None
    ) -> None:
        row = self.next_row
        for column, (write, value) in enumerate(zip(writers, values, strict=False)):
            if value is not None and value != "":
                write(row, column, value, currency)
        self.next_row += 1

    def bulk_rows(
        self,
        rows: Iterable[Sequence[Any]],
        columns: Sequence[Column],
        currency_index: int | None,
        default_currency: str | None,
    ) -> None:
        """Many plain rows: the same cells as :meth:`row`, with no per-cell indirection.

        This loop writes every cell of the Deals and Customers sheets, so it calls
        XlsxWriter directly. Text needs no cleaning here: XlsxWriter escapes control
        characters and truncates at Excel's 32,767-character limit itself. Line breaks in
        notes and addresses become " / " so each customer stays one row high (the CSV
        export keeps the text exactly).
        """
        sheet, book = self.sheet, self.book
        write_string, write_number, write_datetime = (
            sheet.write_string,
            sheet.write_number,
            sheet.write_datetime,
        )
        kinds = [col.kind for col in columns]
        formats = [book.format(FORMATS[k]) if k in FORMATS else None for k in kinds]
        money: dict[str | None, Any] = {}
        row = self.next_row
        for values in rows:
            currency = (
                values[currency_index] if currency_index is not None else None
            ) or default_currency
            for column, value in enumerate(values):
                if value is None or value == "":
                    continue
                kind = kinds[column]
                if kind == "text":
                    text = value if type(value) is str else str(value)
                    if "\n" in text or "\r" in text:  # one line per row, as a list reads
                        text = " / ".join(line for line in text.splitlines() if line.strip())
                    write_string(row, column, text)
                elif kind == "money":
                    if currency not in money:
                        money[currency] = book.format(money_format(currency))
                    write_number(row, column, value, money[currency])
                elif kind == "date" or kind == "datetime":
                    moment = parse_day(value) if kind == "date" else parse_stamp(value)
                    if moment is None:
                        write_string(row, column, str(value))
                    else:
                        write_datetime(row, column, moment, formats[column])
                else:
                    write_number(row, column, value, formats[column])
            row += 1
        self.next_row = row

    def skip(self) -> None:
        self.next_row += 1


def fit_to_page_width(sheet: Any) -> None:
    """Print landscape, all columns on one page width (a manager prints the report)."""
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def _value_width(value: Any, kind: str) -> float:
    if value is None:
        return 0
    if kind == "money":
        return len(f"{float(value):,.2f}") + 3
    if kind in ("date", "datetime"):
        return 11 if kind == "date" else 17
    if kind in ("id", "int", "number", "percent"):
        return len(f"{value:,}") if isinstance(value, int) else 8
    return text_width(str(value).split("\n", 1)[0])


# -- the sheets --------------------------------------------------------------------------

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


def bottleneck_sentence(b: analytics.Bottleneck, t: Labels) -> str:
    """The bottleneck in the report's language (analytics words it in English for the CLI)."""
    if b.from_stage is None:
        return t(
            "Not enough deals yet: a bottleneck needs at least {count} deals reaching a stage."
        ).format(count=analytics.BOTTLENECK_MIN_REACHED)
    target = t("Won") if b.to_stage == analytics.WON else b.to_stage
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


def _summary(book: ReportBook, db: Database, report: analytics.FunnelReport) -> None:
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


def _funnel(book: ReportBook, report: analytics.FunnelReport) -> None:
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
        won = report.kpis.cohort_won
        first = stages[0].reached
        rows.append(
            (
                book.t("Won"),
                won,
                None,
                None,
                won / first if first else None,
                None,
                None,
                None,
                None,
                None,
            )
        )
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
            _funnel_chart(book, len(rows), bottleneck, [r[0] for r in rows]),
            {"x_scale": 1.6, "y_scale": 1.2},
        )


def _funnel_chart(book: ReportBook, count: int, bottleneck: str | None, names: list[str]) -> Any:
    t = book.t
    chart = book.workbook.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": t("Reached"),
            "categories": [t("Funnel"), 1, 0, count, 0],
            "values": [t("Funnel"), 1, 1, count, 1],
            "fill": {"color": ACCENT},
            "border": {"none": True},
            "gap": 40,
            "data_labels": {"value": True, "num_format": "#,##0"},
            "points": [
                {"fill": {"color": BOTTLENECK}}
                if name == bottleneck
                else {"fill": {"color": WON_COLOUR}}
                if i == count - 1
                else None
                for i, name in enumerate(names)
            ],
        }
    )
    chart.set_title({"name": t("Deals reaching each stage"), "name_font": {"size": 12}})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})  # first stage on top, like a funnel
    chart.set_x_axis(
        {"num_format": "#,##0", "major_gridlines": {"visible": True, "line": {"color": "#E5E7EB"}}}
    )
    return chart


SEGMENT_COLUMNS = (
    Column("Source", width=16),
    Column("Deals", "int"),
    Column("Won", "int"),
    Column("Lost", "int"),
    Column("Win rate", "percent"),
    Column("Conversion (won / created)", "percent"),
)


def _by_source(book: ReportBook, report: analytics.FunnelReport) -> None:
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
    out = book.sheet("Conversion by source", columns, rows, rows=len(rows))
    for values in rows:
        out.row(values, columns)


PERIOD_COLUMNS = (
    Column("Month", width=10),
    Column("New deals", "int"),
    Column("Won", "int"),
    Column("Lost", "int"),
    Column("Win rate", "percent"),
)


def _by_period(book: ReportBook, report: analytics.FunnelReport) -> None:
    rows = [(t.month, t.new_deals, t.won, t.lost, t.win_rate) for t in report.trend]
    out = book.sheet("Conversion by period", PERIOD_COLUMNS, rows, rows=len(rows))
    for values in rows:
        out.row(values, PERIOD_COLUMNS)


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


def _forecast(book: ReportBook, report: analytics.FunnelReport) -> None:
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
        chart = book.workbook.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": t("Weighted value"),
                "categories": [t("Forecast"), 1, 0, len(rows), 0],
                "values": [t("Forecast"), 1, 3, len(rows), 3],
                "fill": {"color": ACCENT},
                "border": {"none": True},
                "gap": 60,
            }
        )
        chart.set_title(
            {"name": t("Weighted value by expected close month"), "name_font": {"size": 12}}
        )
        chart.set_legend({"none": True})
        chart.set_y_axis(
            {
                "num_format": money_format(report.currency).split(";")[0],
                "major_gridlines": {"visible": True, "line": {"color": "#E5E7EB"}},
            }
        )
        out.sheet.insert_chart(
            1, len(FORECAST_COLUMNS) + 1, chart, {"x_scale": 1.5, "y_scale": 1.2}
        )


RANGE_NOTE = (
    "Open deals now, each weighted by its win probability. P10–P90: treating each deal as won "
    "with its probability, the value won falls in this range in 8 cases out of 10."
)


def _accuracy(out: SheetWriter, report: analytics.FunnelReport, t: Labels) -> None:
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


DEAL_COLUMNS = (
    Column("ID", "id", 7),
    Column("Title", width=16),
    Column("Customer", width=12),
    Column("Company", width=12),
    Column("Pipeline"),
    Column("Stage", width=12),
    Column("Status"),
    Column("Currency"),
    Column("Value", "money", 12),
    Column("Probability", "percent"),
    Column("Expected close", "date"),
    Column("Created", "datetime"),
    Column("Closed", "datetime"),
    Column("Lost reason", width=12),
    Column("Owner"),
)
DEALS_SQL = """
    SELECT d.id, d.title, c.name, c.company, p.name, s.name, {status}, d.currency, d.value,
           d.probability / 100.0, d.expected_close, d.created_at, d.closed_at, d.lost_reason,
           d.owner
    FROM deals d
    JOIN pipelines p ON p.id = d.pipeline_id
    JOIN stages s ON s.id = d.stage_id
    LEFT JOIN customers c ON c.id = d.customer_id
    ORDER BY d.id
"""
CUSTOMER_COLUMNS = (
    Column("ID", "id", 7),
    Column("Name", width=10),
    Column("Company", width=12),
    Column("Title"),
    Column("Phone", width=14),
    Column("Email", width=18),
    Column("Address"),
    Column("City"),
    Column("Source"),
    Column("Spending level"),
    Column("Purchase frequency"),
    Column("Satisfaction", "int"),
    Column("Owner"),
    Column("Created", "datetime"),
    Column("Notes", width=30),
)
CUSTOMERS_SQL = """
    SELECT id, name, company, title, phone, email, address, city, {source}, {spending_level},
           {purchase_frequency}, satisfaction, owner, created_at, notes
    FROM customers ORDER BY id
"""


def _named(column: str, names: dict[str, str], t: Labels) -> str:
    """SQL writing a stored code as the app names it (an unknown code stays as stored)."""
    cases = " ".join(
        f"WHEN '{code}' THEN '{t(name).replace(chr(39), chr(39) * 2)}'"
        for code, name in names.items()
    )
    return f"CASE {column} {cases} ELSE {column} END"


def _table(
    book: ReportBook,
    db: Database,
    title: str,
    columns: Sequence[Column],
    sql: str,
    currency_index: int | None = None,
    default_currency: str | None = None,
) -> None:
    """An all-rows sheet, streamed from one query with one writer function per column."""
    total = db.scalar(f"SELECT COUNT(*) FROM ({sql})")
    sample = db.query(f"{sql} LIMIT {WIDTH_SAMPLE_ROWS}")
    out = book.sheet(title, columns, [tuple(r) for r in sample], rows=total)
    cursor = db.reader.execute(sql)
    while batch := cursor.fetchmany(1000):
        out.bulk_rows(batch, columns, currency_index, default_currency)
        book.tick(len(batch))


CODED_FIELDS = ("source", "spending_level", "purchase_frequency")
UPCOMING_COLUMNS = (
    Column("Date", "date"),
    Column("In days", "int"),
    Column("Customer", width=14),
    Column("Occasion", width=14),
    Column("Label"),
    Column("Turns", "int"),
    Column("Calendar"),
)


def _upcoming(book: ReportBook, db: Database) -> None:
    t = book.t
    rows = [
        (
            u.date,
            u.days_until,
            u.name,
            t(DATE_KIND_NAMES.get(u.kind, u.kind)),
            u.label,
            u.years,
            t("Lunar (农历)") if u.calendar == "lunar" else t("Solar"),
        )
        for u in upcoming_greetings(db, today(), UPCOMING_DAYS)
    ]
    out = book.sheet("Upcoming dates", UPCOMING_COLUMNS, rows, rows=len(rows))
    for values in rows:
        out.row(values, UPCOMING_COLUMNS)


def write_report(
    db: Database,
    path: Path | str,
    *,
    since: date | str | None = None,
    until: date | str | None = None,
    pipeline_id: int | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    language: str | None = None,
) -> Path:
    """Write the whole report to ``path`` (atomically: Cancel leaves no file behind).

    ``language`` (``en`` or ``zh_CN``) picks the report's words; by default the file's own
    ``language`` setting, so a Chinese sales file gives a Chinese report.
    """
    labels = labels_for(language or db.setting("language", "en"))
    report = analytics.compute_funnel(db, pipeline_id, since, until, compare=since is not None)
    total = 1 + (
        db.scalar("SELECT (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM deals)") or 0
    )
    path = Path(path)
    with replacing(path) as temporary:
        book = ReportBook(temporary, progress, cancelled, total, labels)
        _summary(book, db, report)
        _funnel(book, report)
        _by_source(book, report)
        _by_period(book, report)
        _forecast(book, report)
        deals_sql = DEALS_SQL.format(status=_named("d.status", CODE_NAMES["status"], labels))
        customers_sql = CUSTOMERS_SQL.format(
            **{key: _named(key, CODE_NAMES[key], labels) for key in CODED_FIELDS}
        )
        _table(book, db, "Deals", DEAL_COLUMNS, deals_sql, 7, report.currency)
        _table(book, db, "Customers", CUSTOMER_COLUMNS, customers_sql)
        _upcoming(book, db)
        book.tick(0)
        book.workbook.close()
    if progress is not None:
        progress(total, total)
    return path
