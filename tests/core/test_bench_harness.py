"""The benchmark harness (``make bench``) still runs: one row on a tiny demo database.

The budgets themselves are measured by ``python -m tests.bench``, not here; this only
catches a harness broken by a change elsewhere (a renamed function, a moved module).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIELDS = {"name", "dataset", "measured", "baseline", "ratio", "budget", "unit", "ok"}


def test_one_bench_row_writes_its_figure_beside_the_baseline(tmp_path: Path) -> None:
    out = tmp_path / "bench-results.json"
    command = [sys.executable, "-m", "tests.bench", "--quick", "--only", "stats"]
    command += ["--main", "300", "--cache", str(tmp_path / "cache"), "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)

    assert out.exists(), done.stdout + done.stderr
    (row,) = json.loads(out.read_text())
    assert set(row) >= FIELDS
    assert row["name"] == "stats"
    assert row["dataset"].startswith("300 customers")
    assert row["measured"] > 0 and row["baseline"] > 0
    assert abs(row["ratio"] - row["measured"] / row["baseline"]) < 1e-9
    assert row["ok"] is (row["measured"] <= 300)
    assert "stats" in done.stdout  # the printed table
    assert done.returncode == (0 if row["ok"] else 1)
