"""Laptops and comparisons for the team-sync tests."""

from __future__ import annotations

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
