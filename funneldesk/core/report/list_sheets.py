"""The list sheets: Deals and Customers (every row, streamed) and Upcoming dates."""

from __future__ import annotations

from collections.abc import Sequence

from funneldesk.core.clock import today
from funneldesk.core.db import Database
from funneldesk.core.report.labels import Labels
from funneldesk.core.report.workbook import Column, ReportBook
from funneldesk.core.validation import DATE_KIND_NAMES
from funneldesk.core.yearly_dates import upcoming_greetings

UPCOMING_DAYS = 60
WIDTH_SAMPLE_ROWS = 300

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


def named_codes(column: str, names: dict[str, str], t: Labels) -> str:
    """SQL writing a stored code as the app names it (an unknown code stays as stored)."""
    cases = " ".join(
        f"WHEN '{code}' THEN '{t(name).replace(chr(39), chr(39) * 2)}'"
        for code, name in names.items()
    )
    return f"CASE {column} {cases} ELSE {column} END"


def write_table(
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


def write_upcoming(book: ReportBook, db: Database) -> None:
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
    book.table("Upcoming dates", UPCOMING_COLUMNS, rows)
