"""Readers never see half an operation and never wait for a writer; a writer kept waiting by
another program gets a clear "busy" message, never SQLite's "database is locked"."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from funneldesk.core import customers
from funneldesk.core import db as db_module
from funneldesk.core.errors import DatabaseBusyError


def test_readers_see_an_operation_whole_or_not_at_all_without_waiting(db) -> None:  # noqa: ANN001
    inside = threading.Event()
    release = threading.Event()

    def long_import() -> None:
        with db.operation("Import") as tx:
            for i in range(500):
                tx.insert("customers", {"name": f"c{i}", "created_at": "t", "updated_at": "t"})
            inside.set()
            release.wait(10)

    writer = threading.Thread(target=long_import)
    writer.start()
    try:
        assert inside.wait(10)
        # With no busy timeout a reader that had to wait for the writer would fail at once
        # with "database is locked" instead of answering.
        db.reader.execute("PRAGMA busy_timeout = 0")
        assert db.scalar("SELECT COUNT(*) FROM customers") == 0  # the half-written op is invisible
    finally:
        release.set()
        writer.join()
    assert db.scalar("SELECT COUNT(*) FROM customers") == 500


def test_a_writer_blocked_by_another_program_gets_a_clear_busy_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "crm.sqlite"
    database = db_module.open_database(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusyError, match="busy in another program"):
            customers.create_customer(database, {"name": "Waits"})
    finally:
        other.execute("ROLLBACK")
        other.close()
    customers.create_customer(database, {"name": "Now it works"})
    assert database.scalar("SELECT COUNT(*) FROM customers") == 1
    database.close()
