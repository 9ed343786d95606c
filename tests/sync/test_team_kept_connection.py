"""The hub connection one sync leaves for the next: used again while it answers, never
when it does not, and never after a sync that failed."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from funneldesk.core import customers
from funneldesk.core.sync import hub, kept, team
from tests.sync.support import assert_converged, team_of


@contextmanager
def connections(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The backend of each connection opened to the hub meanwhile."""
    opened: list[int] = []
    connect = hub.connect

    def counted(conninfo: str) -> psycopg.Connection:
        conn = connect(conninfo)
        opened.append(conn.info.backend_pid)
        return conn

    with monkeypatch.context() as patched:
        patched.setattr(hub, "connect", counted)
        yield opened


def _kept_backend() -> int:
    assert kept._kept is not None
    return kept._kept[1].info.backend_pid


def test_syncs_one_after_another_use_one_connection(
    tmp_path: Path, hub_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new connection costs the hub a process with empty caches: the app's syncs (after
    changes, every minute) use the one the last sync left, whichever file it was."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    backend = _kept_backend()
    with connections(monkeypatch) as opened:
        customers.create_customer(a, {"name": "Sent"})
        assert team.sync(a).pushed == 1
        assert team.sync(b).pulled == 1
        assert team.sync(a) == team.SyncResult()
    assert opened == []
    assert _kept_backend() == backend
    assert_converged(hub_dsn, a, b)


def test_a_connection_the_server_ended_is_replaced(
    tmp_path: Path, hub_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (a,) = team_of(tmp_path, hub_dsn, "anna")
    with psycopg.connect(hub_dsn, autocommit=True) as conn:  # as a restart of the hub would
        conn.execute("SELECT pg_terminate_backend(%s)", (_kept_backend(),))
    customers.create_customer(a, {"name": "Sent anyway"})
    with connections(monkeypatch) as opened:
        assert team.sync(a).pushed == 1
    assert len(opened) == 1 and _kept_backend() == opened[0]
    assert_converged(hub_dsn, a)


def test_a_connection_that_does_not_answer_is_left_in_time(
    tmp_path: Path, hub_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A connection whose network vanished would keep a statement waiting for minutes: it
    is asked first, with a deadline (here its server process is stopped instead)."""
    (a,) = team_of(tmp_path, hub_dsn, "anna")
    monkeypatch.setattr(kept, "ANSWER_WITHIN_S", 0.3)
    silent = _kept_backend()
    os.kill(silent, signal.SIGSTOP)
    try:
        customers.create_customer(a, {"name": "Sent on a new connection"})
        with connections(monkeypatch) as opened:
            assert team.sync(a).pushed == 1
        assert len(opened) == 1 and opened[0] != silent
    finally:
        os.kill(silent, signal.SIGCONT)
    assert_converged(hub_dsn, a)


def test_a_failed_sync_an_old_connection_and_another_hub_get_a_new_one(
    tmp_path: Path, hub_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (a,) = team_of(tmp_path, hub_dsn, "anna")
    with psycopg.connect(hub_dsn) as conn:
        conn.execute("UPDATE funneldesk.hub_meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(hub.HubNewerError):
        team.sync(a)
    assert kept._kept is None  # a failed sync keeps nothing
    with psycopg.connect(hub_dsn) as conn:
        conn.execute(
            "UPDATE funneldesk.hub_meta SET value = %s WHERE key = 'schema_version'",
            (str(hub.HUB_VERSION),),
        )
    with connections(monkeypatch) as opened:
        team.sync(a)
        monkeypatch.setattr(kept, "KEEP_FOR_S", 0)  # kept too long
        team.sync(a)
    assert len(opened) == 2
    with kept.connection("another hub", lambda: psycopg.connect(hub_dsn)) as other:
        assert other.info.backend_pid not in opened
    assert _kept_backend() == other.info.backend_pid


def test_leaving_the_team_closes_the_kept_connection(tmp_path: Path, hub_dsn: str) -> None:
    (a,) = team_of(tmp_path, hub_dsn, "anna")
    conn = kept._kept[1]
    team.leave(a)
    assert kept._kept is None and conn.closed
