"""What a sync asks the hub before it pulls: one statement for a hub as this FunnelDesk
sets it up, the checks one by one for any other."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from funneldesk.core import customers
from funneldesk.core.sync import hub, team
from tests.sync.support import assert_converged, team_of


@contextmanager
def statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The statements sent to the hub meanwhile (``Connection.execute`` goes through
    ``Cursor.execute``)."""
    seen: list[str] = []
    execute = psycopg.Cursor.execute

    def counted(self, query, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        seen.append(str(query))
        return execute(self, query, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(psycopg.Cursor, "execute", counted)
        yield seen


def test_a_sync_with_nothing_new_either_way_asks_the_hub_once(
    tmp_path: Path, hub_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether the hub is ready, has anything new and needs a snapshot: one round trip
    (it took five)."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    with statements(monkeypatch) as seen:
        assert team.sync(a) == team.SyncResult()
    assert len(seen) == 1
    customers.create_customer(b, {"name": "New on the hub"})
    team.sync(b)
    with statements(monkeypatch) as seen:  # something new: the pull asks for it
        assert team.sync(a).pulled == 1
    assert len(seen) > 1
    assert_converged(hub_dsn, a, b)


def test_a_sync_to_a_hub_whose_team_is_gone_says_so(tmp_path: Path, hub_dsn: str) -> None:
    """The one statement fails on a hub without the team's tables: the checks one by one
    tell what is wrong (not "offline")."""
    (a,) = team_of(tmp_path, hub_dsn, "anna")
    with psycopg.connect(hub_dsn) as conn:
        conn.execute("DROP SCHEMA funneldesk CASCADE")
    with pytest.raises(hub.HubError, match="no FunnelDesk team") as raised:
        team.sync(a)
    assert not isinstance(raised.value, hub.HubUnreachableError)


def test_a_hub_without_a_snapshot_table_is_upgraded_by_its_owners_sync(
    tmp_path: Path, hub_dsn: str
) -> None:
    """A hub of an older schema (here: before the snapshot) fails the one statement; the
    owner's sync upgrades it, then reads what the statement would have, and goes on."""
    (a,) = team_of(tmp_path, hub_dsn, "anna")
    with psycopg.connect(hub_dsn) as conn:
        conn.execute("DROP TABLE funneldesk.snapshot, funneldesk.snapshot_chunks")
        conn.execute("UPDATE funneldesk.hub_meta SET value = '2' WHERE key = 'schema_version'")
    customers.create_customer(a, {"name": "After the upgrade"})
    assert team.sync(a).pushed == 1
    with psycopg.connect(hub_dsn) as conn:
        assert hub.version(conn) == hub.HUB_VERSION
    assert_converged(hub_dsn, a)
