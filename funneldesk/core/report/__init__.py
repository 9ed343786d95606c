"""The Excel report (README § Import, export and the Excel report): one workbook a salesperson can send to a manager as is.

Sheets: Summary (with a KPI chart), Funnel (with a native bar chart ending in the Won
bar), Conversion by source, Conversion by period, Forecast (with its P10–P90 range, a chart
and the backtest of past forecasts), Deals, Customers and Upcoming dates. Every figure comes
from :func:`funneldesk.core.funnel_statistics.compute_funnel`, so the report never disagrees with
the funnel panel or ``stats --json``; money is in the reporting currency, named on the
Summary, and the deals left out for want of an exchange rate are counted there. Stored
codes (lead source, spending level, purchase frequency, deal status) are written as the app
names them, in the report's language, and times in the computer's local time.

The package: :mod:`~funneldesk.core.report.workbook` (formats, safe cells, sheet writers),
:mod:`~funneldesk.core.report.figure_sheets` (Summary, Funnel, conversions, Forecast),
:mod:`~funneldesk.core.report.funnel_chart` (the Excel funnel chart),
:mod:`~funneldesk.core.report.list_sheets` (Deals, Customers, Upcoming dates) and
:mod:`~funneldesk.core.report.labels` (the report's words in each language).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from funneldesk.core.db import Database
from funneldesk.core.funnel_statistics import compute_funnel
from funneldesk.core.jobs import CancelCheck, Progress
from funneldesk.core.report.figure_sheets import (
    write_by_period,
    write_by_source,
    write_forecast,
    write_funnel,
    write_summary,
)
from funneldesk.core.report.labels import CODE_NAMES, labels_for
from funneldesk.core.report.list_sheets import (
    CODED_FIELDS,
    CUSTOMER_COLUMNS,
    CUSTOMERS_SQL,
    DEAL_COLUMNS,
    DEALS_SQL,
    named_codes,
    write_table,
    write_upcoming,
)
from funneldesk.core.report.workbook import ReportBook
from funneldesk.core.safe_replace import replacing


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
    report = compute_funnel(db, pipeline_id, since, until, compare=since is not None)
    total = 1 + (
        db.scalar("SELECT (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM deals)") or 0
    )
    path = Path(path)
    with replacing(path) as temporary:
        book = ReportBook(temporary, progress, cancelled, total, labels)
        write_summary(book, db, report)
        write_funnel(book, report)
        write_by_source(book, report)
        write_by_period(book, report)
        write_forecast(book, report)
        deals_sql = DEALS_SQL.format(status=named_codes("d.status", CODE_NAMES["status"], labels))
        customers_sql = CUSTOMERS_SQL.format(
            **{key: named_codes(key, CODE_NAMES[key], labels) for key in CODED_FIELDS}
        )
        write_table(book, db, "Deals", DEAL_COLUMNS, deals_sql, 7, report.currency)
        write_table(book, db, "Customers", CUSTOMER_COLUMNS, customers_sql)
        write_upcoming(book, db)
        book.tick(0)
        book.workbook.close()
    if progress is not None:
        progress(total, total)
    return path
