"""The member's stored password: looked up only when the hub wants one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from funneldesk.core import customers
from funneldesk.core.sync import credentials, kept, team
from tests.sync.server import Server
from tests.sync.support import assert_converged, laptop, team_of


def test_a_hub_that_wants_no_password_is_synced_without_the_keyring(
    tmp_path: Path, hub_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading the keyring costs a command-line sync 0.2 s: a trust, peer, .pgpass or
    certificate hub never needs it."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")

    def no_keyring(server: str) -> str | None:
        raise AssertionError("the keyring was asked")

    monkeypatch.setattr(credentials, "load_password", no_keyring)
    customers.create_customer(a, {"name": "Sent"})
    assert team.sync(a).pushed == 1
    assert team.sync(b).pulled == 1
    assert a.setting(team.ASKS_PASSWORD) is None
    assert_converged(hub_dsn, a, b)


@contextmanager
def role_with_password(postgres: Server, hub_dsn: str) -> Iterator[str]:
    """A superuser role that must log in with its password (``scram-sha-256`` in the
    cluster's ``pg_hba.conf`` for it alone); yields its address with the password."""
    role = "pw_" + hub_dsn.split("dbname=")[1].split()[0].removeprefix("hub_")
    hba = postgres.data / "pg_hba.conf"
    kept = hba.read_text()
    with psycopg.connect(hub_dsn, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN SUPERUSER PASSWORD 'Secret 1'")
        hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n{kept}")
        conn.execute("SELECT pg_reload_conf()")
    try:
        yield hub_dsn.replace("user=postgres", f"user={role}") + " password='Secret 1'"
    finally:
        hba.write_text(kept)
        with psycopg.connect(hub_dsn, autocommit=True) as conn:
            conn.execute("SELECT pg_reload_conf()")


def test_a_hub_that_wants_a_password_gets_the_stored_one(
    tmp_path: Path, hub_dsn: str, postgres: Server, capsys: pytest.CaptureFixture
) -> None:
    """Joined with a password, the file's syncs use the stored one at once; a file that
    did not note it (joined before, or another file's password) is refused without one
    first, then syncs with the stored password and notes it."""
    with role_with_password(postgres, hub_dsn) as address:
        a = laptop(tmp_path, "anna")
        team.create(a, address, "anna")
        capsys.readouterr()  # the warning of a computer without a keyring
        assert "Secret" not in str(team.state(a).hub)
        assert a.setting(team.ASKS_PASSWORD) == "1"
        customers.create_customer(a, {"name": "Sent"})
        assert team.sync(a).pushed == 1
        with a.bulk() as conn:
            conn.execute("DELETE FROM settings WHERE key = ?", (team.ASKS_PASSWORD,))
        kept.forget()  # each sync below logs in anew (as the app's first one does)
        customers.create_customer(a, {"name": "Sent after asking"})
        assert team.sync(a).pushed == 1
        assert a.setting(team.ASKS_PASSWORD) == "1"
        credentials.forget_password(team.state(a).hub)
        kept.forget()
        with pytest.raises(team.HubLoginError, match="no password supplied"):
            team.sync(a)
        team.leave(a)
        assert a.setting(team.ASKS_PASSWORD) is None
