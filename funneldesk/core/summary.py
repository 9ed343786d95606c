"""Headline counts of a database (status bar, restore list, CLI)."""

from __future__ import annotations

from dataclasses import dataclass

from funneldesk.core.db import Database


@dataclass(frozen=True)
class DatabaseCounts:
    customers: int
    open_deals: int
    deals: int


def database_counts(db: Database) -> DatabaseCounts:
    """Cheap even at 1M rows: ``COUNT(*)`` on integer-key tables and an indexed status filter."""
    customers = db.scalar("SELECT COUNT(*) FROM customers")
    deals = db.scalar("SELECT COUNT(*) FROM deals")
    open_deals = db.scalar("SELECT COUNT(*) FROM deals WHERE status = 'open'")
    return DatabaseCounts(customers=customers, open_deals=open_deals, deals=deals)


def has_any_data(db: Database) -> bool:
    """False for a brand-new file (no customers, no deals): the Today view welcomes the user."""
    return bool(
        db.scalar("SELECT EXISTS (SELECT 1 FROM customers) OR EXISTS (SELECT 1 FROM deals)")
    )
