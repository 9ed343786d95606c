"""The team-sync rows: push, pull and join against a throwaway PostgreSQL.

Each row starts its own cluster (``tests/sync/server.py``) and measures in this process,
FunnelDesk and its baseline in turn, so load from other programs falls on both alike.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.bench import datasets
from tests.bench.harness import Result, load_average, median, ratio_of

CHANGES = 10_000
CUSTOMER_COLUMNS = (
    "name",
    "company",
    "phone",
    "email",
    "city",
    "notes",
    "created_at",
    "updated_at",
)


@contextmanager
def _hub() -> Iterator[tuple]:  # (server, new-database function)
    import psycopg

    from tests.sync.server import throwaway_server

    with throwaway_server() as server:

        def new_database() -> str:
            name = f"bench_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(server.dsn(), autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {name}")
            return server.dsn(name)

        yield server, new_database


def _rows(count: int, tag: str) -> list[tuple]:
    stamp = "2026-11-01T09:00:00Z"
    return [
        (
            f"Customer {tag} {i}",
            f"Company {i % 500}",
            f"+86 138 {i:08d}",
            f"c{i}@example.cn",
            f"City {i % 40}",
            "notes " * 5,
            stamp,
            stamp,
        )
        for i in range(count)
    ]


def _insert_sql() -> str:
    marks = ", ".join("?" for _ in CUSTOMER_COLUMNS)
    return f"INSERT INTO customers ({', '.join(CUSTOMER_COLUMNS)}) VALUES ({marks})"


def push_and_pull(plan) -> list[Result]:  # noqa: ANN001 - rows.Plan
    """Push 10k captured changes vs psycopg COPY of the same rows in one transaction; pull and
    apply them on a second laptop vs reading them with psycopg and raw ``executemany``."""
    import psycopg

    from funneldesk.core.db import open_database
    from funneldesk.core.sync import team

    reps = max(plan.reps // 2, 2)
    push, push_base, pull, pull_base = [], [], [], []
    with _hub() as (_server, new_database), tempfile.TemporaryDirectory() as folder:
        for rep in range(reps):
            dsn = new_database()
            a = open_database(Path(folder) / f"a{rep}.sqlite", backup_dir=Path(folder) / "b")
            b = open_database(Path(folder) / f"b{rep}.sqlite", backup_dir=Path(folder) / "b")
            team.create(a, dsn, "anna")
            team.join(b, dsn, "bo")
            rows = _rows(CHANGES, str(rep))
            with a.bulk() as conn:  # captured by the triggers, like any other writer
                conn.executemany(_insert_sql(), rows)
            started = time.perf_counter()
            assert team.sync(a).pushed == CHANGES
            push.append(time.perf_counter() - started)
            with psycopg.connect(dsn) as conn, conn.transaction():
                conn.execute(
                    "CREATE TABLE copy_baseline (name text, company text, phone text, "
                    "email text, city text, notes text, created_at text, updated_at text)"
                )
                started = time.perf_counter()
                with conn.cursor().copy("COPY copy_baseline FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                push_base.append(time.perf_counter() - started)
            started = time.perf_counter()
            assert team.sync(b).pulled == CHANGES
            pull.append(time.perf_counter() - started)
            raw = sqlite3.connect(Path(folder) / f"raw{rep}.sqlite", isolation_level=None)
            raw.execute(
                f"CREATE TABLE customers (id INTEGER PRIMARY KEY, {', '.join(CUSTOMER_COLUMNS)})"
            )
            started = time.perf_counter()
            with psycopg.connect(dsn) as conn:
                found = conn.execute(
                    f"SELECT id, {', '.join(CUSTOMER_COLUMNS)} FROM funneldesk.customers"
                ).fetchall()
            raw.execute("BEGIN")
            raw.executemany(
                f"INSERT INTO customers VALUES ({', '.join('?' for _ in range(len(CUSTOMER_COLUMNS) + 1))})",
                found,
            )
            raw.execute("COMMIT")
            pull_base.append(time.perf_counter() - started)
            raw.close(), a.close(), b.close()
    detail = f"{CHANGES:,} new customers; median of {reps}; {load_average()}"
    out = []
    for name, measured, baseline in (
        ("sync-push", push, push_base),
        ("sync-pull", pull, pull_base),
    ):
        m, base = median(measured), median(baseline)
        r = ratio_of(m, base)
        out.append(
            Result(
                name,
                f"{CHANGES // 1000}k changed rows",
                m,
                base,
                r,
                "ratio ≤ 3",
                "s",
                r <= 3,
                detail,
            )
        )
    return out


def team_join(plan) -> list[Result]:  # noqa: ANN001 - rows.Plan
    """A new laptop joins a hub holding ``main`` customers (the demo dataset uploaded) vs
    ``COPY … TO STDOUT`` of the same mirror tables (each the view of the team's rows: since
    hub schema step 5 a mirror is a view over the folded rows and the last push's typed
    rows, which COPY reads through a query)."""
    import psycopg

    from funneldesk.core.db import open_database
    from funneldesk.core.sync import team
    from funneldesk.core.sync.tables import synced_tables

    source = plan.db(plan.main)
    reps = max(plan.reps // 3, 2)
    measured, baseline = [], []
    with _hub() as (_server, new_database), tempfile.TemporaryDirectory() as folder:
        dsn = new_database()
        first = Path(folder) / "first.sqlite"
        shutil.copyfile(source, first)
        owner = open_database(first, backup_dir=Path(folder) / "b")
        team.create(owner, dsn, "anna")
        tables = [t.name for t in synced_tables(owner.conn)]
        owner.close()
        for rep in range(reps):
            laptop = open_database(
                Path(folder) / f"join{rep}.sqlite", backup_dir=Path(folder) / "b"
            )
            started = time.perf_counter()
            team.join(laptop, dsn, f"member{rep}")
            measured.append(time.perf_counter() - started)
            laptop.close()
            started = time.perf_counter()
            with psycopg.connect(dsn) as conn:
                for table in tables:
                    sink = io.BytesIO()
                    with conn.cursor().copy(
                        f"COPY (SELECT * FROM funneldesk.{table}) TO STDOUT"
                    ) as copy:
                        for block in copy:
                            sink.write(block)
            baseline.append(time.perf_counter() - started)
    m, base = median(measured), median(baseline)
    r = ratio_of(m, base)
    detail = f"join = snapshot file download, check, copy into the file, first sync; median of {reps}; {load_average()}"
    return [
        Result("team-join", datasets.describe(source), m, base, r, "ratio ≤ 3", "s", r <= 3, detail)
    ]
