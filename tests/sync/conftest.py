"""A throwaway PostgreSQL for the team-sync tests, started once per test session.

``initdb`` + ``pg_ctl`` from Debian's ``postgresql`` package (``scripts/setup.sh`` installs
it) in a temporary folder, on a free port, as the ``postgres`` system user when the tests
run as root (``tests/sync/server.py``), and stopped at the end. Each test gets a database
of its own. Without PostgreSQL the sync tests are skipped with a loud reason — except under
CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Iterator

import pytest

from tests.sync.server import Server, bin_dir, throwaway_server

NO_POSTGRES = (
    "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): THE TEAM-SYNC TESTS "
    "DID NOT RUN. Install Debian's `postgresql` package (scripts/setup.sh does)."
)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Server]:
    if bin_dir() is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(NO_POSTGRES)
        warnings.warn(NO_POSTGRES, stacklevel=1)
        pytest.skip(NO_POSTGRES)
    with throwaway_server() as server:
        yield server


@pytest.fixture
def hub_dsn(postgres: Server) -> Iterator[str]:
    """A new, empty database on the throwaway server, for one test."""
    import psycopg

    name = f"hub_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres.dsn(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield postgres.dsn(name)
    with psycopg.connect(postgres.dsn(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
