"""A sync's bookkeeping in the file: the cursor, the sent entries and the time of the sync,
written in as few transactions as the exactly-once rule allows."""

from __future__ import annotations

from pathlib import Path

from funneldesk.core import customers
from funneldesk.core.sync import team
from tests.sync.support import team_of


def test_a_push_writes_the_time_of_the_sync_with_its_cursor(tmp_path: Path, hub_dsn: str) -> None:
    """One local commit after the hub's: the sent entries go, the cursor moves, and the
    time of the sync is written in the same transaction (it had one of its own)."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    a.conn.execute("UPDATE sync_state SET last_sync = NULL")
    customers.create_customer(a, {"name": "Sent"})
    commits: list[str] = []
    a.conn.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    assert team.sync(a).pushed == 1
    a.conn.set_trace_callback(None)
    assert len(commits) == 1
    found = team.state(a)
    assert found.last_sync is not None
    assert found.cursor == team.state(b).cursor + 1
    assert a.scalar("SELECT COUNT(*) FROM sync_outbox") == 0


def test_a_sync_that_pushes_nothing_still_records_its_time(tmp_path: Path, hub_dsn: str) -> None:
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    for db in (a, b):
        db.conn.execute("UPDATE sync_state SET last_sync = NULL")
    customers.create_customer(a, {"name": "Pulled by Bo"})
    team.sync(a)
    assert team.sync(b).pulled == 1
    assert team.state(b).last_sync is not None
    a.conn.execute("UPDATE sync_state SET last_sync = NULL")
    assert team.sync(a) == team.SyncResult()  # nothing either way
    assert team.state(a).last_sync is not None
