"""The desktop app opens no network connection (checked at the system-call level)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from funneldesk.core import customers
from funneldesk.core.db import open_database


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")
def test_the_app_opens_no_network_connection(tmp_path: Path) -> None:
    """Traced at the system-call level, so Qt's own code is covered too."""
    db_path = tmp_path / "crm.sqlite"
    db = open_database(db_path)
    customers.create_customer(db, {"name": "张三"})
    db.close()
    log = tmp_path / "syscalls.log"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [
        "strace",
        "-f",
        "-qq",
        "-e",
        "trace=connect,sendto,sendmsg",
        "-o",
        str(log),
        sys.executable,
        "-m",
        "funneldesk",
        "--db",
        str(db_path),
        "--screenshot",
        str(tmp_path / "shot.png"),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0 and "ptrace" in result.stderr:
        pytest.skip("tracing is not permitted here")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "shot.png").stat().st_size > 0
    traced = log.read_text()
    assert "AF_INET" not in traced, traced
