"""The workbook layer of the Excel report: typed, styled cells streamed to disk.

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

from funneldesk.core.errors import Cancelled
from funneldesk.core.jobs import CancelCheck, Progress
from funneldesk.core.report.labels import Labels
from funneldesk.core.safe_text import XLSX_MAX_TEXT, xlsx_text

CellWriter = Callable[[int, int, Any, "str | None"], Any]

PROGRESS_EVERY = 2000
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
HEADER: dict[str, Any] = {
    "bold": True,
    "font_color": "#1F2937",
    "bg_color": "#E9EEF6",
    "bottom": 1,
    "bottom_color": "#9CA3AF",
    "valign": "vcenter",
}
ROLES: dict[str, dict[str, Any]] = {
    "": {},
    "header": HEADER,
    "header_right": {**HEADER, "align": "right"},
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

    def table(
        self, title: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]]
    ) -> SheetWriter:
        """A sheet of ``rows`` under the headers of ``columns``, widths fitted to them."""
        out = self.sheet(title, columns, rows, rows=len(rows))
        for values in rows:
            out.row(values, columns)
        return out


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
