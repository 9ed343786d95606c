"""A real drag on a real X server, run by ``test_board_real_drag.py`` in a subprocess.

The card is pressed and moved far enough to start ``QDrag.exec``; timers scheduled before
then move the pointer over another column and release the button while the drag's own event
loop runs. Prints one JSON line with what the database holds afterwards.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from funneldesk.core import deals
from funneldesk.core.db import open_database
from funneldesk.ui.context import AppContext
from funneldesk.ui.pipeline.view import PipelineView


def main(path: str) -> int:
    app = QApplication(sys.argv[:1])
    db = open_database(Path(path))
    stages = [r[0] for r in db.query("SELECT id FROM stages ORDER BY position")]
    deal_id = deals.create_deal(
        db, {"title": "Office fit-out", "value": 4200}, stage_id=stages[3]
    ).inserted_ids("deals")[0]
    deals.create_deal(db, {"title": "Catering", "value": 900}, stage_id=stages[4])
    context = AppContext(db)
    view = PipelineView(context)
    view.resize(1400, 800)
    view.show()
    QTest.qWaitForWindowExposed(view)
    QTest.qWait(200)

    source = view.board.column_of_stage(stages[3]).view
    target = view.board.column_of_stage(stages[4]).view
    start = source.visualRect(source.model().index(0, 0)).center()
    drop_at = target.viewport().rect().center()
    events: dict[str, object] = {"zones_seen": False}
    drags: list[str] = []
    source.drag_started.connect(lambda: drags.append("source"))
    target.drag_started.connect(lambda: drags.append("target"))

    def move_over_target() -> None:
        events["zones_seen"] = view.board.zones.isVisible()
        QTest.mouseMove(target.viewport(), drop_at - QPoint(0, 20))
        QTest.mouseMove(target.viewport(), drop_at)

    def release() -> None:
        QTest.mouseRelease(target.viewport(), Qt.MouseButton.LeftButton, pos=drop_at)

    QTimer.singleShot(300, move_over_target)
    QTimer.singleShot(600, release)
    QTimer.singleShot(5000, app.quit)  # never hang if the drag does not finish
    QTest.mousePress(source.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):  # past the start-drag distance: QDrag.exec runs from here
        QTest.mouseMove(source.viewport(), start + QPoint(step * 8, step * 4))
    QTest.qWait(300)
    moved_ok = db.scalar("SELECT stage_id FROM deals WHERE id = ?", (deal_id,)) == stages[4]

    # A second drag, released over the view's title (no drop target): nothing changes.
    start = target.visualRect(target.model().index(0, 0)).center()
    outside = view.header.rect().center()
    QTimer.singleShot(300, lambda: QTest.mouseMove(view.header, outside))
    QTimer.singleShot(
        600, lambda: QTest.mouseRelease(view.header, Qt.MouseButton.LeftButton, pos=outside)
    )
    QTest.mousePress(target.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        QTest.mouseMove(target.viewport(), start + QPoint(step * 8, step * 4))
    QTest.qWait(300)
    result = {
        "moved_then_kept": moved_ok,
        "drags": drags,
        "stage_ok": db.scalar("SELECT stage_id FROM deals WHERE id = ?", (deal_id,)) == stages[4],
        "history": db.scalar("SELECT COUNT(*) FROM stage_changes WHERE deal_id = ?", (deal_id,)),
        "target_count": view.board.column_of_stage(stages[4]).model.totals.count,
        "undo_steps": context.undo_stack.count(),
        "zones_seen": events["zones_seen"],
        "zones_hidden_after": not view.board.zones.isVisible(),
    }
    print(json.dumps(result))
    view.board.wait_for_background()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
