"""The Excel report (DESIGN §6): one workbook a salesperson can send to a manager as is.

Sheets: Summary, Funnel (with a native bar chart), Conversion by source, Conversion by
period, Forecast (with a chart), Deals, Customers and Upcoming dates. Every figure comes
from :func:`funneldesk.core.analytics.compute_funnel`, so the report never disagrees with
the funnel panel or ``stats --json``.

The workbook is streamed with openpyxl's write-only mode (rows go to disk as they are
appended, memory stays flat at any size). Numbers, money, percentages and dates are typed
cells with real number formats. Text is written as literal string cells: a value starting
with ``=`` (or looking like an Excel error code) is marked a string explicitly, because
openpyxl would otherwise store it as a formula (see :mod:`funneldesk.core.safe_text`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from funneldesk.core import analytics
from funneldesk.core.clock import today, utc_now
from funneldesk.core.db import Database
from funneldesk.core.errors import Cancelled
from funneldesk.core.exporting import atomic_output
from funneldesk.core.reminders import upcoming_greetings
from funneldesk.core.safe_text import starts_like_formula, xlsx_text

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

UPCOMING_DAYS = 60
PROGRESS_EVERY = 2000
WIDTH_SAMPLE_ROWS = 300
MAX_WIDTH = 48
FONT = "Calibri"
ACCENT = "2F6FDE"
BOTTLENECK = "E8912D"
HEADER_FILL = "E9EEF6"
EXCEL_ERROR_CODES = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)
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
    "int": "#,##0",
    "number": "#,##0.0",
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}


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
        return f'"{symbol}"#,##0.00;-"{symbol}"#,##0.00'
    return f'#,##0.00 "{code}"' if code else "#,##0.00"


def text_width(text: str) -> float:
    """Width in Excel character units; CJK characters count double."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text[:200])


def parse_stamp(text: str | None) -> datetime | None:
    """A stored UTC timestamp as a naive datetime (Excel has no time zones)."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text[:19])
    except ValueError:
        return None


def parse_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


class ReportBook:
    """A write-only workbook with cached cell styles (a style lookup per cell would dominate)."""

    def __init__(
        self, progress: Progress | None, cancelled: CancelCheck | None, total: int
    ) -> None:
        from openpyxl import Workbook

        self.workbook = Workbook(write_only=True)
        self.progress = progress
        self.cancelled = cancelled
        self.total = total
        self.done = 0
        self._styles: dict[tuple[str, str], Any] = {}
        self._style_sheet = None

    def tick(self, rows: int = 1) -> None:
        self.done += rows
        if self.done % PROGRESS_EVERY and rows == 1:
            return
        if self.cancelled is not None and self.cancelled():
            raise Cancelled("The report was cancelled.")
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def discard(self) -> None:
        """Finish the sheets' temporary files after Cancel (no workbook is written)."""
        for sheet in self.workbook.worksheets:
            if not sheet.closed:
                sheet.close()

    def styled(self, sheet: Any, value: Any, number_format: str = "", role: str = "") -> Any:
        """A cell carrying a cached style (``role``: ``header``, ``title``, ``bold``, ``accent``)."""
        from openpyxl.cell import WriteOnlyCell

        key = (number_format, role)
        template = self._styles.get(key)
        if template is None:
            template = WriteOnlyCell(sheet)
            _apply_role(template, role)
            if number_format:
                template.number_format = number_format
            self._styles[key] = template
        cell = WriteOnlyCell(sheet, value=value)
        cell._style = template._style
        return cell

    def text(self, sheet: Any, value: Any, role: str = "") -> Any:
        """A literal text cell (never a formula or an error value)."""
        if value is None or value == "":
            return None
        text = xlsx_text(str(value))
        if not role and not starts_like_formula(text) and text not in EXCEL_ERROR_CODES:
            return text
        cell = self.styled(sheet, text, "", role) if role else _literal(sheet, text)
        cell.data_type = "s"
        return cell

    def sheet(
        self,
        title: str,
        columns: Sequence[Column],
        sample: Iterable[Sequence[Any]] = (),
        *,
        freeze: bool = True,
        rows: int | None = None,
    ) -> Any:
        """A new sheet with fitted widths, a styled header, frozen header row and autofilter."""
        from openpyxl.utils import get_column_letter

        sheet = self.workbook.create_sheet(title)
        fit_to_page_width(sheet)
        sheet.print_title_rows = "1:1"
        widths = [max(c.width, text_width(c.header) + 3) for c in columns]
        for values in sample:
            for i, value in enumerate(values[: len(columns)]):
                widths[i] = max(widths[i], _value_width(value, columns[i].kind) + 2)
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = min(width, MAX_WIDTH)
        if freeze:
            sheet.freeze_panes = "A2"
        if rows is not None:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{rows + 1}"
        sheet.append([self.text(sheet, c.header, "header") for c in columns])
        return sheet

    def row(
        self,
        sheet: Any,
        columns: Sequence[Column],
        values: Sequence[Any],
        currency: str | None = None,
        role: str = "",
    ) -> None:
        sheet.append(
            [
                self.cell(sheet, col.kind, value, currency, role)
                for col, value in zip(columns, values, strict=False)
            ]
        )

    def cell(
        self, sheet: Any, kind: str, value: Any, currency: str | None = None, role: str = ""
    ) -> Any:
        if value is None or value == "":
            return None
        if kind == "text":
            return self.text(sheet, value, role)
        if kind == "money":
            return self.styled(sheet, float(value), money_format(currency), role)
        if kind == "date":
            day = value if isinstance(value, date) else parse_day(value)
            return (
                self.styled(sheet, day, FORMATS["date"], role)
                if day
                else self.text(sheet, value, role)
            )
        if kind == "datetime":
            moment = value if isinstance(value, datetime) else parse_stamp(value)
            return (
                self.styled(sheet, moment, FORMATS["datetime"], role)
                if moment
                else self.text(sheet, value, role)
            )
        return self.styled(sheet, value, FORMATS[kind], role)


def fit_to_page_width(sheet: Any) -> None:
    """Print landscape, all columns on one page width (a manager prints the report)."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _literal(sheet: Any, text: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet)
    cell._value = text
    return cell


def _apply_role(cell: Any, role: str) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    if role == "header":
        cell.font = Font(name=FONT, bold=True, color="1F2937")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.border = Border(bottom=Side(style="thin", color="9CA3AF"))
        cell.alignment = Alignment(vertical="center")
    elif role == "title":
        cell.font = Font(name=FONT, bold=True, size=16, color="111827")
    elif role == "subtitle":
        cell.font = Font(name=FONT, color="6B7280")
    elif role == "bold":
        cell.font = Font(name=FONT, bold=True)
    elif role == "accent":
        cell.font = Font(name=FONT, bold=True, color="9A3412")
        cell.fill = PatternFill("solid", fgColor="FDEBD3")


def _value_width(value: Any, kind: str) -> float:
    if value is None:
        return 0
    if kind == "money":
        return len(f"{float(value):,.2f}") + 3
    if kind in ("date", "datetime"):
        return 11 if kind == "date" else 17
    if kind in ("int", "number", "percent"):
        return len(f"{value:,}") if isinstance(value, int) else 8
    return text_width(str(value).split("\n", 1)[0])


# -- the sheets --------------------------------------------------------------------------


def _summary(book: ReportBook, db: Database, report: analytics.FunnelReport) -> None:
    k, prev = report.kpis, report.previous.kpis if report.previous else None
    period = _period_text(report.since, report.until)
    columns: tuple[Column, ...] = (Column("Indicator", width=40), Column("This period", width=18))
    if prev is not None:
        columns += (Column("Previous period", width=18), Column("Change", width=12))
    sheet = book.workbook.create_sheet("Summary")
    fit_to_page_width(sheet)
    for letter, col in zip("ABCD", columns, strict=False):
        sheet.column_dimensions[letter].width = col.width
    sheet.append([book.text(sheet, "Sales funnel report", "title")])
    sheet.append(
        [
            book.text(
                sheet,
                f"Pipeline: {report.pipeline_name} · Period: {period} · Currency: {report.currency}",
                "subtitle",
            )
        ]
    )
    sheet.append(
        [book.text(sheet, f"Generated {utc_now():%Y-%m-%d %H:%M} UTC by FunnelDesk", "subtitle")]
    )
    sheet.append([])
    sheet.append([book.text(sheet, c.header, "header") for c in columns])
    rows: list[tuple[str, str, str]] = [
        ("Deals created in the period", "cohort_deals", "int"),
        ("Open deals", "open_deals", "int"),
        ("Open value", "open_value", "money"),
        ("Weighted pipeline", "weighted_pipeline", "money"),
        ("Deals won", "won", "int"),
        ("Deals lost", "lost", "int"),
        ("Win rate", "win_rate", "percent"),
        ("Value won", "won_value", "money"),
        ("Average won deal", "average_won_value", "money"),
        ("Sales cycle, median (days)", "cycle_days_median", "number"),
        ("Sales cycle, mean (days)", "cycle_days_mean", "number"),
        ("Sales velocity (per day)", "velocity_per_day", "money"),
        ("Overall conversion (won / first stage)", "overall_conversion", "percent"),
        ("Customer acquisition cost", "cac", "money"),
    ]
    for label, attr, kind in rows:
        now, before = getattr(k, attr), getattr(prev, attr) if prev else None
        change = (now - before) / before if now is not None and before else None
        cells = [book.text(sheet, label), book.cell(sheet, kind, now, report.currency)]
        if prev is not None:
            cells.append(book.cell(sheet, kind, before, report.currency))
            cells.append(book.cell(sheet, "percent", change) if kind != "percent" else None)
        sheet.append(cells)
    sheet.append([])
    sheet.append([book.text(sheet, "Bottleneck", "bold")])
    sheet.append([book.text(sheet, report.bottleneck.explanation)])
    sheet.append([])
    counts = db.query_one(
        "SELECT (SELECT COUNT(*) FROM customers) AS c, (SELECT COUNT(*) FROM deals) AS d"
    )
    sheet.append([book.text(sheet, "Customers in the file"), book.cell(sheet, "int", counts["c"])])
    sheet.append([book.text(sheet, "Deals in the file"), book.cell(sheet, "int", counts["d"])])


def _period_text(since: date | None, until: date | None) -> str:
    if since is None and until is None:
        return "all time"
    return f"{since.isoformat() if since else '…'} – {until.isoformat() if until else today().isoformat()}"


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
    sheet = book.sheet("Funnel", FUNNEL_COLUMNS, rows, rows=len(rows))
    bottleneck = report.bottleneck.from_stage
    for values in rows:
        role = "accent" if values[0] == bottleneck else ""
        book.row(sheet, FUNNEL_COLUMNS, values, report.currency, role)
    if rows:
        sheet.add_chart(_funnel_chart(sheet, stages, bottleneck), f"A{len(rows) + 4}")


def _funnel_chart(
    sheet: Any, stages: Sequence[analytics.StageStats], bottleneck: str | None
) -> Any:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList
    from openpyxl.chart.marker import DataPoint

    chart = BarChart()
    chart.type = "bar"
    chart.title = "Deals reaching each stage"
    chart.style = 10
    chart.legend = None
    chart.gapWidth = 40
    chart.height, chart.width = 6 + 1.0 * len(stages), 22
    data = Reference(sheet, min_col=2, min_row=1, max_row=len(stages) + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=len(stages) + 1))
    series = chart.series[0]
    series.graphicalProperties.solidFill = ACCENT
    series.graphicalProperties.line.noFill = True
    for index, stage in enumerate(stages):
        if stage.name == bottleneck:
            point = DataPoint(idx=index)
            point.graphicalProperties.solidFill = BOTTLENECK
            series.dPt.append(point)
    series.dLbls = DataLabelList()
    series.dLbls.showVal = True
    for hidden in ("showCatName", "showSerName", "showLegendKey", "showPercent"):
        setattr(series.dLbls, hidden, False)
    chart.x_axis.scaling.orientation = "maxMin"  # first stage on top, like a funnel
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = None
    chart.y_axis.numFmt = "#,##0"
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
    stage_columns = tuple(Column(f"Reached {s.name}", "int") for s in report.stages)
    columns = SEGMENT_COLUMNS + stage_columns
    rows = [
        (
            seg.key or "(none)",
            seg.deals,
            seg.won,
            seg.lost,
            seg.win_rate,
            seg.conversion,
            *seg.reached,
        )
        for seg in report.segments.get("source", [])
    ]
    sheet = book.sheet("Conversion by source", columns, rows, rows=len(rows))
    for values in rows:
        book.row(sheet, columns, values)


PERIOD_COLUMNS = (
    Column("Month", width=10),
    Column("New deals", "int"),
    Column("Won", "int"),
    Column("Lost", "int"),
    Column("Win rate", "percent"),
)


def _by_period(book: ReportBook, report: analytics.FunnelReport) -> None:
    rows = [(t.month, t.new_deals, t.won, t.lost, t.win_rate) for t in report.trend]
    sheet = book.sheet("Conversion by period", PERIOD_COLUMNS, rows, rows=len(rows))
    for values in rows:
        book.row(sheet, PERIOD_COLUMNS, values)


FORECAST_COLUMNS = (
    Column("Expected close", width=14),
    Column("Open deals", "int"),
    Column("Value", "money"),
    Column("Weighted value", "money"),
)


def _forecast(book: ReportBook, report: analytics.FunnelReport) -> None:
    rows = [(f.month or "No date", f.deals, f.value, f.weighted_value) for f in report.forecast]
    sheet = book.sheet("Forecast", FORECAST_COLUMNS, rows, rows=len(rows))
    for values in rows:
        book.row(sheet, FORECAST_COLUMNS, values, report.currency)
    if rows:
        sheet.add_chart(_forecast_chart(sheet, len(rows), report.currency), "F2")


def _forecast_chart(sheet: Any, count: int, currency: str) -> Any:
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "col"
    chart.title = "Weighted value by expected close month"
    chart.style = 10
    chart.legend = None
    chart.gapWidth = 60
    chart.height, chart.width = 9, 20
    chart.add_data(Reference(sheet, min_col=4, min_row=1, max_row=count + 1), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=count + 1))
    chart.series[0].graphicalProperties.solidFill = ACCENT
    chart.series[0].graphicalProperties.line.noFill = True
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.numFmt = money_format(currency).split(";")[0]
    return chart


DEAL_COLUMNS = (
    Column("ID", "int", 7),
    Column("Title", width=16),
    Column("Customer", width=12),
    Column("Company", width=12),
    Column("Pipeline"),
    Column("Stage", width=12),
    Column("Status"),
    Column("Value", "money", 12),
    Column("Currency"),
    Column("Probability", "percent"),
    Column("Expected close", "date"),
    Column("Created (UTC)", "datetime"),
    Column("Closed (UTC)", "datetime"),
    Column("Lost reason", width=12),
    Column("Owner"),
)
DEALS_SQL = """
    SELECT d.id, d.title, c.name, c.company, p.name, s.name, d.status, d.value, d.currency,
           d.probability / 100.0, d.expected_close, d.created_at, d.closed_at, d.lost_reason,
           d.owner
    FROM deals d
    JOIN pipelines p ON p.id = d.pipeline_id
    JOIN stages s ON s.id = d.stage_id
    LEFT JOIN customers c ON c.id = d.customer_id
    ORDER BY d.id
"""


def _table(
    book: ReportBook,
    db: Database,
    title: str,
    columns: Sequence[Column],
    sql: str,
    currency_index: int | None = None,
    default_currency: str | None = None,
) -> None:
    total = db.scalar(f"SELECT COUNT(*) FROM ({sql})")
    sample = db.query(f"{sql} LIMIT {WIDTH_SAMPLE_ROWS}")
    sheet = book.sheet(title, columns, [tuple(r) for r in sample], rows=total)
    cursor = db.reader.execute(sql)
    while batch := cursor.fetchmany(1000):
        for values in batch:
            currency = values[currency_index] if currency_index is not None else default_currency
            book.row(sheet, columns, values, currency or default_currency)
            book.tick()


CUSTOMER_COLUMNS = (
    Column("ID", "int", 7),
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
    Column("Created (UTC)", "datetime"),
    Column("Notes", width=30),
)
CUSTOMERS_SQL = """
    SELECT id, name, company, title, phone, email, address, city, source, spending_level,
           purchase_frequency, satisfaction, owner, created_at, notes
    FROM customers ORDER BY id
"""
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
    rows = [
        (
            u.date,
            u.days_until,
            u.name,
            u.kind.replace("_", " "),
            u.label,
            u.years,
            "lunar" if u.calendar == "lunar" else "solar",
        )
        for u in upcoming_greetings(db, today(), UPCOMING_DAYS)
    ]
    sheet = book.sheet("Upcoming dates", UPCOMING_COLUMNS, rows, rows=len(rows))
    for values in rows:
        book.row(sheet, UPCOMING_COLUMNS, values)


def write_report(
    db: Database,
    path: Path | str,
    *,
    since: date | str | None = None,
    until: date | str | None = None,
    pipeline_id: int | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Path:
    """Write the whole report to ``path`` (atomically: Cancel leaves no file behind)."""
    report = analytics.compute_funnel(db, pipeline_id, since, until, compare=since is not None)
    total = (
        db.scalar("SELECT (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM deals)") or 0
    ) + 1
    book = ReportBook(progress, cancelled, total)
    try:
        _write_sheets(book, db, report)
    except Cancelled:
        book.discard()
        raise
    path = Path(path)
    with atomic_output(path, text=False) as handle:
        book.workbook.save(handle)
    if progress is not None:
        progress(total, total)
    return path


def _write_sheets(book: ReportBook, db: Database, report: analytics.FunnelReport) -> None:
    _summary(book, db, report)
    _funnel(book, report)
    _by_source(book, report)
    _by_period(book, report)
    _forecast(book, report)
    _table(
        book,
        db,
        "Deals",
        DEAL_COLUMNS,
        DEALS_SQL,
        currency_index=8,
        default_currency=report.currency,
    )
    _table(book, db, "Customers", CUSTOMER_COLUMNS, CUSTOMERS_SQL)
    _upcoming(book, db)
    book.tick(0)
