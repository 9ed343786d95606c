"""Property: any interleaving of edits, deletes and syncs on three laptops converges."""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import psycopg
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from funneldesk.core import customers
from funneldesk.core.sync import team
from tests.sync.server import Server
from tests.sync.support import assert_converged, sync_all, team_of

LAPTOPS = ("anna", "bo", "chen")
FIELDS = ("city", "phone", "notes")
step = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 2), st.integers(0, 99)),
    st.tuples(st.just("edit"), st.integers(0, 2), st.integers(0, 99), st.sampled_from(FIELDS)),
    st.tuples(st.just("delete"), st.integers(0, 2), st.integers(0, 99)),
    st.tuples(st.just("date"), st.integers(0, 2), st.integers(0, 99)),
    st.tuples(st.just("sync"), st.integers(0, 2)),
)


@settings(
    max_examples=40 if os.environ.get("FUNNELDESK_SLOW") == "1" else 4,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking costs minutes here
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=4, max_size=24))
def test_random_interleavings_converge(postgres: Server, steps: list[tuple]) -> None:
    name = f"prop_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres.dsn(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    dsn = postgres.dsn(name)
    laptops = team_of(Path(tempfile.mkdtemp()), dsn, *LAPTOPS)
    try:
        for n, (action, who, *rest) in enumerate(steps):
            db = laptops[who]
            ids = [r[0] for r in db.query("SELECT id FROM customers ORDER BY id")]
            pick = ids[rest[0] % len(ids)] if ids and action not in ("create", "sync") else None
            if action == "create":
                customers.create_customer(db, {"name": f"{LAPTOPS[who]} {n}"})
            elif action == "edit" and pick:
                value = f"+86 138 0000 {n:04d}" if rest[1] == "phone" else f"{LAPTOPS[who]} {n}"
                customers.update_customer(db, pick, {rest[1]: value})
            elif action == "delete" and pick:
                customers.delete_customer(db, pick)
            elif action == "date" and pick:
                customers.add_important_date(
                    db, pick, {"kind": "custom", "month": 1 + n % 12, "day": 1}
                )
            elif action == "sync":
                team.sync(db)
        sync_all(*laptops)
        assert_converged(dsn, *laptops)
    finally:
        for db in laptops:
            db.close()
        with psycopg.connect(postgres.dsn(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
