"""A throwaway PostgreSQL for the team-sync tests, started once per test session.

``initdb`` + ``pg_ctl`` from Debian's ``postgresql`` package (``scripts/setup.sh`` installs
it) in a temporary folder, on a free port, as the ``postgres`` system user when the tests
run as root (PostgreSQL refuses to run as root), and stopped at the end. Each test gets a
database of its own. Without PostgreSQL the sync tests are skipped with a loud reason —
except under CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

NO_POSTGRES = (
    "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): THE TEAM-SYNC TESTS "
    "DID NOT RUN. Install Debian's `postgresql` package (scripts/setup.sh does)."
)


@dataclass
class Server:
    """The running throwaway cluster."""

    bin_dir: Path
    data: Path
    port: int
    as_postgres: bool

    def dsn(self, dbname: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={dbname}"

    def run(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.data / "log"),
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")


def _bin_dir() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def postgres() -> Iterator[Server]:
    bin_dir = _bin_dir()
    if bin_dir is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(NO_POSTGRES)
        warnings.warn(NO_POSTGRES, stacklevel=1)
        pytest.skip(NO_POSTGRES)
    as_postgres = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="funneldesk-pg-"))
    data = folder / "data"
    if as_postgres:
        shutil.chown(folder, "postgres")
        os.chmod(folder, 0o700)
    server = Server(bin_dir, data, _free_port(), as_postgres)
    server.run(
        "initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"
    )
    server.start()
    try:
        yield server
    finally:
        try:
            server.stop("immediate")
        finally:
            shutil.rmtree(folder, ignore_errors=True)


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
