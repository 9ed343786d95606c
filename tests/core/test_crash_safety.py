"""Pulling the plug: a process killed with SIGKILL mid-import or mid-move loses nothing it
acknowledged and leaves a sound database.

A child process imports CSV files (even rounds), moves deals and creates customers in a
loop, printing an acknowledgement after each commit (and its intent before each move). The
test kills it at a random moment, reopens the file (WAL recovery), runs ``quick_check`` and
compares the data with what was acknowledged. Rounds reuse the same file, so each child also starts from a
file left by a killed process.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from funneldesk.core import customers, deals
from funneldesk.core.db import open_database
from funneldesk.core.file_checks import inspect_file
from funneldesk.core.importing.writer import BATCH_ROWS

DEALS = 12
IMPORT_ROWS = 5000

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from funneldesk.core import customers, deals
    from funneldesk.core.db import open_database
    from funneldesk.core.importing import import_file

    path, work, round_no = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    db = open_database(path)
    stages = [r[0] for r in db.query(
        "SELECT id FROM stages WHERE archived = 0 ORDER BY pipeline_id, position")]
    deal_ids = [r[0] for r in db.query("SELECT id FROM deals WHERE status = 'open' ORDER BY id")]

    def say(line):
        sys.stdout.write(line + "\\n")
        sys.stdout.flush()

    say("READY")
    step = 0
    while True:
        tag = f"r{round_no}i{step}"
        csv = work / f"{tag}.csv"
        if int(round_no) % 2 == 0:  # even rounds die mostly mid-import, odd ones mid-move
            csv.write_text("Name,City\\n" + "".join(f"{tag}-{i},Lyon\\n" for i in range({rows})))
            import_file(db, csv, progress=lambda done, total, tag=tag: say(f"IMPORTED {tag} {done}"))
        for deal_id in deal_ids[step % 3 :: 3]:
            current = db.scalar("SELECT stage_id FROM deals WHERE id = ?", (deal_id,))
            target = stages[(stages.index(current) + 1) % len(stages)]
            say(f"INTENT {deal_id} {target}")
            deals.move_deals(db, [deal_id], target)
            say(f"MOVED {deal_id} {target}")
        name = f"{tag}-single"
        customers.create_customer(db, {"name": name, "notes": "x" * 2000})
        say(f"CREATED {name}")
        step += 1
    """
).replace("{rows}", str(IMPORT_ROWS))


@dataclass
class Acknowledged:
    """What the child said it committed, and the move it was doing when it died."""

    imported: dict[str, int] = field(default_factory=dict)
    moved: dict[int, int] = field(default_factory=dict)
    moves_per_deal: dict[int, int] = field(default_factory=dict)
    pending_move: tuple[int, int] | None = None
    created: list[str] = field(default_factory=list)

    def read(self, line: str) -> None:
        kind, *rest = line.split()
        if kind == "IMPORTED":
            self.imported[rest[0]] = int(rest[1])
        elif kind == "INTENT":
            self.pending_move = (int(rest[0]), int(rest[1]))
        elif kind == "MOVED":
            deal_id, stage_id = int(rest[0]), int(rest[1])
            self.moved[deal_id] = stage_id
            self.moves_per_deal[deal_id] = self.moves_per_deal.get(deal_id, 0) + 1
            self.pending_move = None
        elif kind == "CREATED":
            self.created.append(rest[0])


def _prepare(path: Path) -> None:
    db = open_database(path)
    customer = customers.create_customer(db, {"name": "Owner"}).inserted_ids("customers")[0]
    for i in range(DEALS):
        deals.create_deal(db, {"title": f"Deal {i}", "customer_id": customer, "value": 100})
    db.close()


def _run_child_and_kill(path: Path, work: Path, round_no: int, rng: random.Random) -> list[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(work), str(round_no)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    try:
        first = child.stdout.readline().strip()
        assert first == "READY", first
        time.sleep(rng.uniform(0.02, 0.8))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    return child.stdout.read().splitlines()


def _check_against(path: Path, ack: Acknowledged, moves_so_far: dict[int, int]) -> None:
    assert inspect_file(path) >= 1  # quick_check and schema check pass
    db = open_database(path)
    try:
        assert db.scalar("PRAGMA quick_check") == "ok"
        assert db.query("PRAGMA foreign_key_check") == []
        for tag, done in ack.imported.items():
            count = db.scalar("SELECT COUNT(*) FROM customers WHERE name LIKE ?", (f"{tag}-%",))
            count -= db.scalar("SELECT COUNT(*) FROM customers WHERE name = ?", (f"{tag}-single",))
            assert count - done in (0, min(BATCH_ROWS, IMPORT_ROWS - done)), (tag, done, count)
        for name in ack.created:
            assert db.scalar("SELECT COUNT(*) FROM customers WHERE name = ?", (name,)) == 1
        for deal_id, stage_id in ack.moved.items():
            actual = db.scalar("SELECT stage_id FROM deals WHERE id = ?", (deal_id,))
            allowed = {stage_id}
            if ack.pending_move and ack.pending_move[0] == deal_id:
                allowed.add(ack.pending_move[1])
            assert actual in allowed, (deal_id, actual, allowed)
        for deal_id, in_stage, last_to, changes in db.query(
            "SELECT d.id, d.stage_id, "
            "(SELECT to_stage_id FROM stage_changes WHERE deal_id = d.id ORDER BY id DESC LIMIT 1), "
            "(SELECT COUNT(*) FROM stage_changes WHERE deal_id = d.id) FROM deals d"
        ):
            assert in_stage == last_to  # a move wrote both its rows or neither
            committed = moves_so_far.get(deal_id, 0) + ack.moves_per_deal.get(deal_id, 0)
            extra = 1 if ack.pending_move and ack.pending_move[0] == deal_id else 0
            assert changes - 1 - committed in range(extra + 1), (deal_id, changes, committed)
            moves_so_far[deal_id] = changes - 1
    finally:
        db.close()


def _rounds(tmp_path: Path, count: int, seed: int) -> int:
    path = tmp_path / "crash.sqlite"
    work = tmp_path / "work"
    work.mkdir()
    _prepare(path)
    rng = random.Random(seed)
    moves_so_far: dict[int, int] = {}
    acknowledged_rows = 0
    for round_no in range(count):
        ack = Acknowledged()
        for line in _run_child_and_kill(path, work, round_no, rng):
            ack.read(line)
        _check_against(path, ack, moves_so_far)
        acknowledged_rows += sum(ack.imported.values()) + len(ack.created)
    return acknowledged_rows


def test_kill_minus_nine_during_imports_and_moves_loses_nothing_acknowledged(
    tmp_path: Path,
) -> None:
    assert _rounds(tmp_path, count=3, seed=7) > 0


@pytest.mark.slow
def test_fifty_random_kills_lose_nothing_acknowledged(tmp_path: Path) -> None:
    assert _rounds(tmp_path, count=60, seed=2026) > 0
