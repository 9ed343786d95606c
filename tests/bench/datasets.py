"""The benchmark datasets: demo databases and a CSV, built once and cached.

Databases come from the demo generator (``funneldesk demo``, i.e. ``generate_demo``) with a
fixed seed and reference date, so every run measures the same rows. They are built under a
temporary name and renamed when complete: an interrupted build is redone, never half used.
Rows that change data (drag, import) work on a copy.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.bench.harness import REPO

CACHE = Path(__file__).resolve().parent / ".cache"
SEED = 7
REFERENCE = "2026-11-01"
CSV_COLUMNS = ("name", "company", "title", "phone", "email", "city", "source", "owner", "notes")


def label(customers: int) -> str:
    """``100k customers`` style names for the table."""
    if customers >= 1_000_000 and customers % 1_000_000 == 0:
        return f"{customers // 1_000_000}M"
    if customers >= 1000 and customers % 1000 == 0:
        return f"{customers // 1000}k"
    return str(customers)


def demo_database(customers: int, cache: Path = CACHE) -> Path:
    """The cached demo database of ``customers`` customers, generated on first use.

    The file name carries the schema version: a new version builds its own dataset instead
    of upgrading (and so changing) a cached one, and the outdated file is removed.
    """
    from funneldesk.core.schema import SCHEMA_VERSION

    path = cache / f"demo-{customers}-v{SCHEMA_VERSION}.sqlite"
    if path.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    for outdated in cache.glob(f"demo-{customers}[.-]*sqlite*"):
        outdated.unlink()
    partial = path.with_name(path.name + ".partial")
    print(f"building {path.name} ({customers:,} customers; cached for later runs)…", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "funneldesk",
            "demo",
            "--db",
            str(partial),
            "--customers",
            str(customers),
            "--seed",
            str(SEED),
            "--today",
            REFERENCE,
            "--force",
        ],
        cwd=REPO,
        check=True,
    )
    partial.rename(path)
    return path


def describe(path: Path) -> str:
    """``100k customers, 50k deals, 250k stage changes`` as the dataset column."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        counts = [
            conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("customers", "deals", "stage_changes")
        ]
    names = ("customers", "deals", "stage changes")
    return ", ".join(f"{label_count(n)} {name}" for n, name in zip(counts, names, strict=True))


def label_count(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.2g}M"
    if n >= 1000:
        return f"{n / 1000:.3g}k"
    return str(n)


def working_copy(source: Path, folder: Path) -> Path:
    """A copy of a cached database to change (the cache itself is never written to)."""
    target = folder / source.name
    shutil.copyfile(source, target)
    return target


def import_csv(rows: int, cache: Path = CACHE) -> Path:
    """A CSV of ``rows`` contacts (the customer fields of a demo database), cached."""
    path = cache / f"contacts-{rows}.csv"
    if path.exists():
        return path
    source = demo_database(rows, cache)
    partial = path.with_name(path.name + ".partial")
    with (
        sqlite3.connect(f"file:{source}?mode=ro", uri=True) as conn,
        partial.open("w", newline="", encoding="utf-8") as out,
    ):
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        cursor = conn.execute(
            f"SELECT {', '.join(CSV_COLUMNS)} FROM customers ORDER BY id LIMIT ?", (rows,)
        )
        writer.writerows(cursor)
    partial.rename(path)
    return path
