"""Laptops and comparisons for the team-sync tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from funneldesk.core.db import Database, open_database
from funneldesk.core.sync.tables import synced_tables


def laptop(folder: Path, name: str) -> Database:
    return open_database(folder / f"{name}.sqlite", backup_dir=folder / f"{name}-backups")


def rows_of(db: Database) -> dict[str, list[tuple]]:
    out = {}
    for table in synced_tables(db.conn):
        columns = ", ".join(table.columns)
        out[table.name] = [
            tuple(r)
            for r in db.conn.execute(
                f"SELECT {columns} FROM {table.name} WHERE {table.shared_rows()} ORDER BY id"
            )
        ]
    return out


def hub_rows(dsn: str, tables: dict[str, list[tuple]], db: Database) -> dict[str, list[tuple]]:
    out = {}
    with psycopg.connect(dsn) as conn:
        for table in synced_tables(db.conn):
            columns = ", ".join(table.columns)
            out[table.name] = [
                tuple(r)
                for r in conn.execute(f"SELECT {columns} FROM funneldesk.{table.name} ORDER BY id")
            ]
    return out


def assert_converged(dsn: str, *laptops: Database) -> None:
    """Every synced table identical, row by row, on every laptop and on the hub."""
    first = rows_of(laptops[0])
    for other in laptops[1:]:
        assert rows_of(other) == first
    assert hub_rows(dsn, first, laptops[0]) == first
    for db in laptops:
        assert db.scalar("SELECT COUNT(*) FROM sync_outbox") == 0


def team_of(folder: Path, dsn: str, *names: str) -> list[Database]:
    """Laptops named ``names``: the first creates the team, the others join it."""
    from funneldesk.core.sync import team

    laptops = [laptop(folder, name) for name in names]
    team.create(laptops[0], dsn, names[0])
    for db, name in zip(laptops[1:], names[1:], strict=True):
        team.join(db, dsn, name)
    return laptops


def sync_all(*laptops: Database, rounds: int = 2) -> None:
    """Everyone syncs, twice round, so every change has reached every laptop."""
    from funneldesk.core.sync import team

    for _ in range(rounds):
        for db in laptops:
            team.sync(db)


def lost_values(*laptops: Database) -> list[tuple]:
    """Every conflict recorded on any laptop: (table, row, column, lost value, its author)."""
    from funneldesk.core.sync import team

    return sorted(
        (c["tbl"], c["row_id"], c["col"], c["lost_value"], c["lost_member"])
        for db in laptops
        for c in team.conflicts(db)
    )


@contextmanager
def owner_and_member(hub_dsn: str) -> Iterator[tuple[str, str, str]]:
    """Two login roles without superuser rights on the hub's database: one may create the
    team (``CREATE`` on the database, as README tells), the other gets nothing yet. Yields
    (owner's address, member's address, member's role); the roles are dropped afterwards."""
    dbname = hub_dsn.split("dbname=")[1].split()[0]
    suffix = dbname.removeprefix("hub_")
    owner, member = f"anna_{suffix}", f"bo_{suffix}"
    with psycopg.connect(hub_dsn, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {owner} LOGIN NOSUPERUSER")
        conn.execute(f"CREATE ROLE {member} LOGIN NOSUPERUSER")
        conn.execute(f"GRANT CREATE ON DATABASE {dbname} TO {owner}")
    try:
        yield (
            hub_dsn.replace("user=postgres", f"user={owner}"),
            hub_dsn.replace("user=postgres", f"user={member}"),
            member,
        )
    finally:
        with psycopg.connect(hub_dsn, autocommit=True) as conn:
            for role in (owner, member):
                conn.execute(f"DROP OWNED BY {role} CASCADE")


@contextmanager
def owner_and_member_team(
    hub_dsn: str, owners_file: Database, members_file: Database
) -> Iterator[tuple[str, str, str]]:
    """``owners_file`` creates the team as anna, the hub's owner; ``members_file`` joins as
    bo, a member with README's grants. Yields what :func:`owner_and_member` yields."""
    from funneldesk.core.sync import team

    with owner_and_member(hub_dsn) as (as_owner, as_member, member):
        team.create(owners_file, as_owner, "anna")
        grant_member(as_owner, member)
        team.join(members_file, as_member, "bo")
        yield as_owner, as_member, member


def drop_snapshot(dsn: str) -> None:
    """The hub as one set up before snapshots (or never synced past one): joins take rows."""
    with psycopg.connect(dsn) as conn:
        conn.execute("DELETE FROM funneldesk.snapshot")
        conn.execute("DELETE FROM funneldesk.snapshot_chunks")


def grant_member(as_owner: str, member: str) -> None:
    """What README tells the hub's owner to run for each member."""
    with psycopg.connect(as_owner, autocommit=True) as conn:
        conn.execute(f"GRANT USAGE ON SCHEMA funneldesk TO {member}")
        conn.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA funneldesk TO {member}"
        )
