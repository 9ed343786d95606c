"""Exactly once under kill -9 and a lost hub; the command line's answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from funneldesk.core import customers
from funneldesk.core.sync import hub, outbox, team
from tests.sync.server import Server
from tests.sync.support import (
    as_hub_schema_3,
    assert_converged,
    grant_member,
    hub_indexes,
    laptop,
    owner_and_member,
    sync_all,
    team_of,
)

KILLED_SYNC = """
import os, signal, sys
from funneldesk.core.db import open_database
from funneldesk.core.sync import apply, hub, team

where = sys.argv[2]
if where == "after-push":  # the hub committed; this laptop never hears back
    original_push = hub.push
    def push(*args, **kwargs):
        original_push(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
    hub.push = push
else:  # half-way through applying a pulled page, inside its transaction: the customers
    original = apply.PageApplier._insert_fresh  # are written, their preferences not yet
    def insert_fresh(self, table, columns, rows):
        original(self, table, columns, rows)
        os.kill(os.getpid(), signal.SIGKILL)
    apply.PageApplier._insert_fresh = insert_fresh
team.sync(open_database(sys.argv[1]))
"""


def _killed_sync(db_path: Path, where: str) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", KILLED_SYNC, str(db_path), where], env=env, capture_output=True
    )
    assert done.returncode == -9, done.stderr.decode()


def test_kill_9_after_the_hub_committed_a_push_sends_nothing_twice(
    tmp_path: Path, hub_dsn: str
) -> None:
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    for i in range(60):
        customers.create_customer(a, {"name": f"Customer {i}"})
    a.close()
    _killed_sync(tmp_path / "anna.sqlite", "after-push")
    a = laptop(tmp_path, "anna")
    assert team.status(a)["unsent"] == 60  # the laptop does not know the hub has them
    again = team.sync(a)
    assert (again.pushed, again.pulled) == (0, 0)  # acknowledged from the log, not re-sent
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)
    assert b.scalar("SELECT COUNT(*) FROM customers") == 60
    with hub.connect(hub_dsn) as conn:
        assert (
            conn.execute("SELECT COUNT(*) FROM funneldesk.log WHERE tbl = 'customers'").fetchone()[
                0
            ]
            == 60
        )


def test_kill_9_during_a_pull_applies_the_page_once(tmp_path: Path, hub_dsn: str) -> None:
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    for i in range(60):
        created = customers.create_customer(a, {"name": f"Customer {i}"})
        customers.add_preference(a, created.inserted_ids("customers")[0], "drink", "tea")
    team.sync(a)
    b.close()
    _killed_sync(tmp_path / "bo.sqlite", "during-pull")
    b = laptop(tmp_path, "bo")
    assert b.scalar("SELECT COUNT(*) FROM customers") == 0  # the page rolled back whole
    assert team.sync(b).pulled == 120
    assert_converged(hub_dsn, a, b)


def test_the_hub_stopped_mid_sync_and_started_again(
    tmp_path: Path, hub_dsn: str, postgres: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    for i in range(30):
        customers.create_customer(a, {"name": f"Customer {i}"})
    original_push = hub.push

    def push_after_the_server_stopped(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        postgres.stop("immediate")
        return original_push(*args, **kwargs)

    monkeypatch.setattr(hub, "push", push_after_the_server_stopped)
    try:
        with pytest.raises(hub.HubError):
            team.sync(a)
    finally:
        postgres.start()
    monkeypatch.setattr(hub, "push", original_push)
    customers.create_customer(a, {"name": "Made while the hub was down"})  # work goes on
    assert team.status(a)["unsent"] == 31
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)
    assert b.scalar("SELECT COUNT(*) FROM customers") == 31


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "funneldesk", *args], capture_output=True, text=True
    )


def test_the_team_commands(tmp_path: Path, hub_dsn: str) -> None:
    a, b = tmp_path / "anna.sqlite", tmp_path / "bo.sqlite"
    for path in (a, b):
        laptop(tmp_path, path.stem).close()
    made = _cli("team", "create", "--db", str(a), "--server", hub_dsn, "--member", "anna", "--json")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["member"] == "anna"
    again = _cli("team", "create", "--db", str(a), "--server", hub_dsn, "--member", "anna")
    assert again.returncode == 0, again.stderr  # idempotent
    joined = _cli("team", "join", "--db", str(b), "--server", hub_dsn, "--member", "bo")
    assert joined.returncode == 0, joined.stderr
    db = laptop(tmp_path, "bo")
    customers.create_customer(db, {"name": "Ada"})
    db.close()
    status = json.loads(_cli("team", "status", "--db", str(b), "--json").stdout)
    assert {k: status[k] for k in ("member", "unsent", "conflicts")} == {
        "member": "bo",
        "unsent": 1,
        "conflicts": 0,
    }
    assert "host=127.0.0.1" in status["hub"]
    synced = _cli("sync", "--db", str(b), "--json")
    assert json.loads(synced.stdout) == {"pushed": 1, "pulled": 0, "conflicts": 0}
    assert json.loads(_cli("sync", "--db", str(a), "--json").stdout)["pulled"] == 1
    left = _cli("team", "leave", "--db", str(b))
    assert left.returncode == 0, left.stderr
    assert json.loads(_cli("team", "status", "--db", str(b), "--json").stdout)["hub"] is None
    db = laptop(tmp_path, "bo")  # a single-user file again: nothing captured
    customers.create_customer(db, {"name": "Private"})
    assert db.scalar("SELECT COUNT(*) FROM sync_outbox") == 0
    db.close()


def test_an_unreachable_hub_is_one_line_and_exit_2(tmp_path: Path, hub_dsn: str) -> None:
    (a,) = team_of(tmp_path, hub_dsn, "anna")
    from tests.sync.server import free_port

    a.conn.execute("UPDATE sync_state SET hub = ?", (f"host=127.0.0.1 port={free_port()} user=x",))
    customers.create_customer(a, {"name": "Still works offline"})
    with pytest.raises(hub.HubUnreachableError):  # offline: the app retries later
        team.sync(a)
    a.close()
    done = _cli("sync", "--db", str(tmp_path / "anna.sqlite"), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "cannot reach the team hub" in done.stderr
    bad = _cli(
        "team",
        "join",
        "--db",
        str(tmp_path / "anna.sqlite"),
        "--server",
        "host=db.example.com sslmode=disable",
        "--member",
        "x",
    )
    assert bad.returncode == 2 and "verify-full" in bad.stderr


def test_members_need_no_superuser_only_the_documented_grants(tmp_path: Path, hub_dsn: str) -> None:
    a, b = laptop(tmp_path, "anna"), laptop(tmp_path, "bo")
    with owner_and_member(hub_dsn) as (as_owner, as_member, member):
        customers.create_customer(a, {"name": "Ada"})
        team.create(a, as_owner, "anna")
        grant_member(as_owner, member)
        team.join(b, as_member, "bo")
        customers.create_customer(b, {"name": "Bea"})
        sync_all(a, b)
        assert_converged(hub_dsn, a, b)


def test_a_restored_backup_gets_back_what_it_had_sent_and_sends_its_new_work(
    tmp_path: Path, hub_dsn: str
) -> None:
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    customers.create_customer(a, {"name": "Before the backup"})
    team.sync(a)
    backup = tmp_path / "anna-backup.sqlite"
    a.backup_to(backup)
    customers.create_customer(a, {"name": "After the backup"})
    team.sync(a)  # on the hub, but not in the backup
    a.close()
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"anna.sqlite{suffix}").unlink(missing_ok=True)
    backup.rename(tmp_path / "anna.sqlite")
    a = laptop(tmp_path, "anna")
    customers.create_customer(a, {"name": "Made on the restored file"})  # reuses a counter
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)
    names = sorted(r[0] for r in b.query("SELECT name FROM customers"))
    assert names == ["After the backup", "Before the backup", "Made on the restored file"]


def test_a_hub_newer_than_this_funneldesk_says_update_and_stops_until_the_program_changes(
    tmp_path: Path, hub_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not "offline" and nothing to retry: the hub's schema is one this program does not
    know. Sync says so in one line (exit 2) and the file remembers it for `team status`
    and the app, until another FunnelDesk opens it."""
    import psycopg

    from funneldesk.core.sync import status

    (a,) = team_of(tmp_path, hub_dsn, "anna")
    with psycopg.connect(hub_dsn) as conn:  # as a newer FunnelDesk leaves the hub
        conn.execute(
            "UPDATE funneldesk.hub_meta SET value = %s WHERE key = 'schema_version'",
            (str(hub.HUB_VERSION + 1),),
        )
    customers.create_customer(a, {"name": "Waits in the file"})
    with pytest.raises(hub.HubNewerError) as raised:
        team.sync(a)
    assert not isinstance(raised.value, hub.HubUnreachableError)
    assert (raised.value.version, raised.value.known) == (hub.HUB_VERSION + 1, hub.HUB_VERSION)
    assert team.status(a)["update_needed"] is True
    assert a.scalar("SELECT COUNT(*) FROM sync_outbox") == 1
    with pytest.raises(hub.HubNewerError):  # a member's hub.prepare (team create) says the same
        team.create(a, hub_dsn, "anna")
    path = str(tmp_path / "anna.sqlite")
    a.close()
    done = _cli("sync", "--db", path, "--json")
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "newer FunnelDesk" in done.stderr and "update FunnelDesk" in done.stderr
    shown = _cli("team", "status", "--db", path, "--json")
    assert json.loads(shown.stdout)["update_needed"] is True
    assert "Update FunnelDesk" in _cli("team", "status", "--db", path).stdout
    a = laptop(tmp_path, "anna")
    monkeypatch.setattr(status, "__version__", "99.0")  # FunnelDesk was updated
    assert team.status(a)["update_needed"] is False
    monkeypatch.undo()
    with psycopg.connect(hub_dsn) as conn:  # (its hub schema: as this one's)
        conn.execute(
            "UPDATE funneldesk.hub_meta SET value = %s WHERE key = 'schema_version'",
            (str(hub.HUB_VERSION),),
        )
    assert team.sync(a).pushed == 1
    assert team.status(a)["update_needed"] is False
    assert a.setting(status.HUB_NEWER) is None


def test_a_refused_login_or_failed_tls_is_not_offline(tmp_path: Path, hub_dsn: str) -> None:
    a = laptop(tmp_path, "anna")
    with pytest.raises(hub.HubLoginError, match="refused the login"):
        team.join(a, hub_dsn.replace("user=postgres", "user=nobody"), "anna")
    with pytest.raises(hub.HubLoginError):
        team.join(a, hub_dsn.replace(hub_dsn.split("dbname=")[1], "no_such_hub"), "anna")
    with pytest.raises(hub.HubTlsError):  # the hub has no TLS, the address asks for it
        team.join(a, f"{hub_dsn} sslmode=require", "anna")
    assert team.status(a)["hub"] is None


@pytest.mark.parametrize(
    ("said", "raised"),
    [
        # PostgreSQL's own zh_CN translation of "FATAL:  password authentication failed
        # for user", as a hub whose messages are Chinese sends it
        ('failed: 致命错误:  用户 "bo" Password 认证失败', hub.HubLoginError),
        ('failed: 致命错误:  数据库 "funneldesk" 不存在', hub.HubLoginError),
        ('failed: FATAL:  role "bo" does not exist', hub.HubLoginError),
        ("failed: fe_sendauth: no password supplied", hub.HubLoginError),
        (
            "failed: Connection refused\n\tIs the server running on that host and accepting "
            "TCP/IP connections?",
            hub.HubUnreachableError,
        ),
        ("failed: timeout expired", hub.HubUnreachableError),
    ],
)
def test_a_login_refused_in_the_hubs_own_language_is_not_offline(
    monkeypatch: pytest.MonkeyPatch, said: str, raised: type
) -> None:
    """The server's refusal comes in the server's language, after its severity and two
    spaces; libpq's own failures (nothing answered) name no severity. A wrong password on
    a Chinese PostgreSQL must not read as "offline", retried for ever in silence."""
    import psycopg

    def answer(*args: object, **kwargs: object) -> None:
        raise psycopg.OperationalError(
            f'connection to server at "office-pc" (192.168.1.5), port 5432 {said}'
        )

    monkeypatch.setattr(psycopg, "connect", answer)
    with pytest.raises(raised):
        hub.connect("host=office-pc dbname=funneldesk user=bo")


def test_the_hub_refuses_a_batch_it_already_holds(tmp_path: Path, hub_dsn: str) -> None:
    """A batch sent again (its laptop never heard the hub commit it) is refused, and the log
    holds each change once."""
    import psycopg

    from funneldesk.core.sync.tables import synced_tables

    (a,) = team_of(tmp_path, hub_dsn, "anna")
    customers.create_customer(a, {"name": "Once"})
    customers.create_customer(a, {"name": "Only once"})
    sent = [c for (c,) in a.conn.execute("SELECT counter FROM sync_outbox ORDER BY counter")]
    found = team.state(a)
    tables = synced_tables(a.conn)

    def push(conn: psycopg.Connection, cursor: int) -> int | None:
        with closing(outbox.Batch(a.reader, team.PUSH_BATCH)) as batch:
            return hub.guarded(
                lambda: hub.push(conn, tables, cursor, found.device, found.member, batch)
            )

    with hub.connect(hub_dsn) as conn:
        top = push(conn, a.scalar("SELECT cursor FROM sync_state"))
        with pytest.raises(hub.HubError):
            push(conn, top)
        a.conn.execute("DELETE FROM sync_outbox WHERE counter = ?", (sent[0],))
        with pytest.raises(hub.HubError):  # a part of it
            push(conn, top)
    with psycopg.connect(hub_dsn) as conn:
        counters = conn.execute(
            "SELECT counter FROM funneldesk.log WHERE device = %s ORDER BY seq",
            (found.device,),
        ).fetchall()
    assert len(counters) == len(set(counters))
    assert [c for (c,) in counters][-2:] == sent
    assert team.sync(a).pushed == 0  # pulled back and acknowledged
    with hub.connect(hub_dsn) as conn:  # an empty batch stores nothing
        assert push(conn, top) == top
    assert_converged(hub_dsn, a)


def test_upgrading_a_hub_keeps_each_devices_last_counter(tmp_path: Path, hub_dsn: str) -> None:
    """Hub schema step 2 takes each device's last pushed counter from the log and drops the
    log's (device, counter) index; pushes go on exactly once."""
    import psycopg

    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    customers.create_customer(a, {"name": "Before"})
    sync_all(a, b)
    as_hub_schema_3(hub_dsn)
    with psycopg.connect(hub_dsn) as conn:  # the hub as hub schema 1 left it
        conn.execute("ALTER TABLE funneldesk.devices DROP COLUMN counter")
        conn.execute("ALTER TABLE funneldesk.changes ADD UNIQUE (device, counter)")
        conn.execute("UPDATE funneldesk.hub_meta SET value = '1' WHERE key = 'schema_version'")
    customers.create_customer(b, {"name": "After"})
    sync_all(a, b)  # the owner's laptop upgrades the hub on its first sync
    assert_converged(hub_dsn, a, b)
    with psycopg.connect(hub_dsn) as conn:
        kept = conn.execute(
            "SELECT d.device, d.counter, max(c.counter) FROM funneldesk.devices AS d "
            "JOIN funneldesk.log AS c USING (device) GROUP BY d.device, d.counter"
        ).fetchall()
    assert len(kept) == 2 and all(last == top for _, last, top in kept)
    assert [name for name, _ in hub_indexes(hub_dsn, "changes")] == ["changes_pkey"]


def test_a_change_made_during_a_push_stays_unsent(
    tmp_path: Path, hub_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The outbox loses only what the hub took: an edit made while a push was on its way
    (the app keeps working during a background sync) is sent by the next push."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    customers.create_customer(a, {"name": "Sent"})
    original = hub.push

    def push(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        top = original(*args, **kwargs)
        monkeypatch.setattr(hub, "push", original)
        customers.create_customer(a, {"name": "Made meanwhile"})
        return top

    monkeypatch.setattr(hub, "push", push)
    assert team.sync(a).pushed == 2  # the second batch: the change made meanwhile
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)
    assert b.scalar("SELECT COUNT(*) FROM customers WHERE name = 'Made meanwhile'") == 1


def test_a_hub_restored_from_an_older_backup_stops_the_sync_with_a_reason(
    tmp_path: Path, hub_dsn: str
) -> None:
    """A hub whose log ends before this laptop's cursor (restored from an older backup):
    a push would reuse numbers the laptops have seen and a pull finds nothing, so the sync
    says so once instead of pulling and pushing in a loop; the change waits in the file."""
    import psycopg

    (a,) = team_of(tmp_path, hub_dsn, "anna")
    customers.create_customer(a, {"name": "Synced, then lost by the hub"})
    team.sync(a)
    with psycopg.connect(hub_dsn) as conn:  # the hub as its last backup left it
        conn.execute("DELETE FROM funneldesk.inserted_customers")
        conn.execute(
            "UPDATE funneldesk.hub_meta SET value = (SELECT max(seq) FROM funneldesk.log)::text "
            "WHERE key = 'top'"
        )
    customers.create_customer(a, {"name": "Waits"})
    with pytest.raises(hub.HubBehindError, match="older backup"):
        team.sync(a)
    assert a.scalar("SELECT COUNT(*) FROM sync_outbox") == 1
