"""One real drag with the mouse on a real X server (skipped where there is none).

``make test`` runs the suite under ``xvfb-run``; the test suite itself runs offscreen, so the
drag happens in a subprocess on the xcb platform with the real ``DISPLAY``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("real_drag_script.py")


@pytest.mark.xvfb
def test_dragging_a_card_with_the_mouse_moves_the_deal_and_a_drag_released_outside_does_not(
    tmp_path: Path,
) -> None:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="xcb", DISPLAY=os.environ["FUNNELDESK_REAL_DISPLAY"])
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "drag.sqlite")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {
        "moved_then_kept": True,  # the drop moved it; the drag released outside did not
        "drags": ["source", "target"],
        "stage_ok": True,
        "history": 2,
        "target_count": 2,
        "undo_steps": 1,
        "zones_seen": True,
        "zones_hidden_after": True,
    }
