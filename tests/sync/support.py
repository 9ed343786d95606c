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


def hub_rows(dsn: str, db: Database) -> dict[str, list[tuple]]:
    """Every synced table of ``db``'s schema as the hub's mirror holds it, row by row."""
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
    assert hub_rows(dsn, laptops[0]) == first
    for db in laptops:
        assert db.scalar("SELECT COUNT(*) FROM sync_outbox") == 0


@contextmanager
def reshaped_hub(dsn: str) -> Iterator[psycopg.Connection]:
    """A connection to change the hub's tables as an older FunnelDesk left them: the
    hub's views are dropped first, and made again afterwards over the mirrors that remain
    (``hub.make_views``), as that FunnelDesk would have made them."""
    from funneldesk.core.sync import hub

    with psycopg.connect(dsn) as conn:
        owner = conn.execute(
            "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'funneldesk'"
        ).fetchone()[0]
        conn.execute(f"SET ROLE {owner}")  # the views are the hub owner's, as prepare made them
        for (view,) in conn.execute(
            "SELECT viewname FROM pg_views WHERE schemaname = 'funneldesk' ORDER BY viewname = 'log' DESC"
        ).fetchall():
            conn.execute(f"DROP VIEW funneldesk.{view}")
        yield conn
        mirrors = conn.execute(
            "SELECT substr(tablename, length('folded_') + 1) FROM pg_tables "
            "WHERE schemaname = 'funneldesk' AND tablename LIKE 'folded\\_%'"
        ).fetchall()
        if mirrors:  # (an older hub schema had no views)
            with conn.cursor() as cur:
                hub.make_views(cur, [name for (name,) in mirrors])


def hub_indexes(dsn: str, table: str) -> list[tuple[str, str]]:
    """The indexes of the hub table ``funneldesk.<table>``: name and definition."""
    with psycopg.connect(dsn) as conn:
        return [
            tuple(row)
            for row in conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'funneldesk' "
                "AND tablename = %s ORDER BY indexname",
                (table,),
            )
        ]


def as_hub_schema_5(dsn: str) -> None:
    """The hub as hub schema 5 left it: each typed insert log keyed by ``seq`` (a b-tree)
    and raising the log's top by a statement trigger, as ``changes`` does."""
    with psycopg.connect(dsn) as conn:
        owner = conn.execute(
            "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'funneldesk'"
        ).fetchone()[0]
        conn.execute(f"SET ROLE {owner}")
        for (name,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'funneldesk' "
            "AND tablename LIKE 'inserted\\_%'"
        ).fetchall():
            conn.execute(f"DROP INDEX funneldesk.{name}_seq")
            conn.execute(f"ALTER TABLE funneldesk.{name} ADD PRIMARY KEY (seq)")
            conn.execute(
                f"CREATE TRIGGER log_grew AFTER INSERT ON funneldesk.{name} "
                "FOR EACH STATEMENT EXECUTE FUNCTION funneldesk.log_grew()"
            )
        conn.execute("UPDATE funneldesk.hub_meta SET value = '5' WHERE key = 'schema_version'")


def as_hub_schema_3(dsn: str) -> None:
    """The hub as hub schema 3 left it: every log entry in ``changes`` with its JSON and an
    identity ``seq``, and each mirror a plain table of the team's rows (no typed insert
    logs, no views)."""
    with reshaped_hub(dsn) as conn:
        folded = conn.execute(
            "SELECT value::bigint FROM funneldesk.hub_meta WHERE key = 'folded'"
        ).fetchone()[0]
        names = conn.execute(
            "SELECT substr(tablename, length('inserted_') + 1) FROM pg_tables "
            "WHERE schemaname = 'funneldesk' AND tablename LIKE 'inserted\\_%'"
        ).fetchall()
        for (name,) in names:
            columns = [
                c
                for (c,) in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                    "'funneldesk' AND table_name = %s",
                    (f"folded_{name}",),
                )
            ]
            listed = ", ".join(columns)
            conn.execute(
                f"INSERT INTO funneldesk.folded_{name} ({listed}) SELECT {listed} "
                f"FROM funneldesk.inserted_{name} WHERE seq > %s",
                (folded,),
            )
            _typed_entries_as_json(conn, name)
            conn.execute(f"ALTER TABLE funneldesk.folded_{name} RENAME TO {name}")
        conn.execute("DELETE FROM funneldesk.hub_meta WHERE key IN ('folded', 'top')")
        conn.execute("DROP FUNCTION funneldesk.log_grew() CASCADE")  # with its triggers
        top = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM funneldesk.changes").fetchone()
        conn.execute(
            "ALTER TABLE funneldesk.changes ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY "
            f"(START WITH {top[0]})"
        )
        conn.execute("UPDATE funneldesk.hub_meta SET value = '3' WHERE key = 'schema_version'")


def _typed_entries_as_json(conn: psycopg.Connection, name: str) -> None:
    """Move the entries of ``name``'s typed insert log to ``changes``, with their JSON, as
    a hub before typed inserts held them, and drop the typed insert log."""
    conn.execute(
        "INSERT INTO funneldesk.changes (seq, device, counter, tbl, row_id, op, cols, hlc, "
        "member) SELECT n.seq, n.device, n.counter, %s, n.id, 'insert', "
        "to_jsonb(n) - ARRAY['seq', 'device', 'counter', 'hlc'], n.hlc, d.member "
        f"FROM funneldesk.inserted_{name} AS n JOIN funneldesk.devices AS d USING (device)",
        (name,),
    )
    conn.execute(f"DROP TABLE funneldesk.inserted_{name}")


def drop_mirror(dsn: str, table: str) -> None:
    """The hub as one made before ``table`` was shared: no mirror of it (its log entries
    stay in the log)."""
    with reshaped_hub(dsn) as conn:
        _typed_entries_as_json(conn, table)
        conn.execute(f"DROP TABLE funneldesk.folded_{table}")


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
