"""Quitting right after start does not wait for the start-up page check of a large file."""

from __future__ import annotations

import pytest

from funneldesk.core import customers
from funneldesk.core.db import Database
from funneldesk.core.errors import Cancelled
from funneldesk.core.file_checks import check_pages_of


def test_a_cancelled_page_check_stops_without_a_verdict(db: Database) -> None:
    for index in range(200):
        customers.create_customer(db, {"name": f"Customer {index}", "notes": "x" * 500})
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return True

    with pytest.raises(Cancelled):
        check_pages_of(db.path, cancelled)
    assert asked  # SQLite asked while it was reading pages
    check_pages_of(db.path, lambda: False)  # not cancelled: the check runs to "ok"
