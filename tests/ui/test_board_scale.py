"""A board of 50,000 open deals: no widget per deal, opens fast, a drop commits and repaints
within a frame (README § Performance ``drag``: median ≤ 16 ms, measured from the drop event to after
the repaint of both columns)."""

from __future__ import annotations

import random
import statistics
import time

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from funneldesk.core.db import Database
from funneldesk.ui.icons import icon
from funneldesk.ui.pipeline.deal_mime import encode_deal_ids
from funneldesk.ui.pipeline.view import PipelineView


def seed_open_deals(db: Database, count: int, seed: int = 4) -> None:
    """Bulk-insert ``count`` open deals spread over the default pipeline's stages."""
    rnd = random.Random(seed)
    stages = [r[0] for r in db.query("SELECT id FROM stages ORDER BY position")]
    stamp = "2026-11-01T09:00:00Z"
    with db.bulk() as conn:
        conn.executemany(
            "INSERT INTO customers (name, source, created_at, updated_at) VALUES (?, ?, ?, ?)",
            [
                (f"Customer {i}", rnd.choice(["referral", "website"]), stamp, stamp)
                for i in range(count // 5)
            ],
        )
        conn.executemany(
            "INSERT INTO deals (customer_id, pipeline_id, stage_id, title, value, currency, status, "
            "expected_close, created_at, owner, updated_at, board_position) "
            "VALUES (?, 1, ?, ?, ?, 'USD', 'open', ?, ?, ?, ?, ?)",
            [
                (
                    rnd.randint(1, count // 5),
                    rnd.choice(stages),
                    f"Deal {i}",
                    float(rnd.randrange(100, 90_000, 100)),
                    f"2026-12-{rnd.randint(1, 28):02d}",
                    stamp,
                    rnd.choice(["Alice", "Bob", "王静"]),
                    stamp,
                    float(i),
                )
                for i in range(count)
            ],
        )
        conn.execute(
            "INSERT INTO stage_changes (deal_id, from_stage_id, to_stage_id, changed_at) "
            "SELECT id, NULL, stage_id, created_at FROM deals"
        )


def _raw_move_ms(db: Database, deal_id: int) -> float:
    """README § Performance baseline: one raw UPDATE + INSERT transaction moving a deal."""
    begin = time.perf_counter()
    with db.bulk() as conn:
        conn.execute("UPDATE deals SET stage_id = 3, updated_at = ? WHERE id = ?", ("x", deal_id))
        conn.execute(
            "INSERT INTO stage_changes (deal_id, from_stage_id, to_stage_id, changed_at) "
            "VALUES (?, NULL, 3, 'x')",
            (deal_id,),
        )
    return (time.perf_counter() - begin) * 1000


@pytest.mark.parametrize("deals", [5_000, pytest.param(50_000, marks=pytest.mark.slow)])
def test_big_board_opens_fast_without_a_widget_per_deal_and_drops_in_a_frame(qtbot, context, deals):  # noqa: ANN001
    seed_open_deals(context.db, deals)
    icon("plus")  # the main window has loaded the icon font long before the board opens
    started = time.perf_counter()
    view = PipelineView(context)
    qtbot.addWidget(view)
    view.resize(1500, 900)
    view.show()
    qtbot.waitExposed(view)
    QApplication.processEvents()
    opened = time.perf_counter() - started

    columns = view.board.columns
    assert sum(c.model.totals.count for c in columns) == deals
    loaded = sum(c.model.rowCount() for c in columns)
    assert loaded < 1000  # a window of cards per column, read on demand
    first = columns[0]
    before = first.model.rowCount()
    first.view.scrollToBottom()
    QApplication.processEvents()
    assert first.model.rowCount() > before  # scrolling down reads the next page
    assert len(view.findChildren(QWidget)) < 200

    view.board.wait_for_background()  # measure the drop path, not the first scoring
    source, target = columns[0], columns[1]
    timings = []
    baseline = []
    for round_ in range(21):
        deal_id = source.model.card(0).id
        rect = target.view.visualRect(target.model.index(0))
        point = QPoint(rect.center().x(), rect.top() + 3)
        mime = encode_deal_ids([deal_id])  # kept referenced: the events only point at it
        action, button = Qt.DropAction.MoveAction, Qt.MouseButton.LeftButton
        modifiers = Qt.KeyboardModifier.NoModifier
        viewport = target.view.viewport()
        QApplication.sendEvent(viewport, QDragEnterEvent(point, action, mime, button, modifiers))
        QApplication.sendEvent(viewport, QDragMoveEvent(point, action, mime, button, modifiers))
        QApplication.processEvents()
        drop = QDropEvent(QPointF(point), action, mime, button, modifiers)
        begin = time.perf_counter()
        QApplication.sendEvent(viewport, drop)
        QApplication.processEvents()  # the update requests: both columns repaint here
        timings.append((time.perf_counter() - begin) * 1000)
        baseline.append(_raw_move_ms(context.db, deals - round_))
        assert target.model.card(0).id == deal_id
    median = statistics.median(timings)
    print(
        f"\nboard {deals:,}: opened in {opened * 1000:.0f} ms; drop→commit→repaint median "
        f"{median:.1f} ms (min {min(timings):.1f}); raw UPDATE+INSERT transaction median "
        f"{statistics.median(baseline):.2f} ms"
    )
    assert context.db.scalar("SELECT COUNT(*) FROM stage_changes") == deals + 2 * 21
    if deals >= 50_000:  # timings are asserted only in the slow set (and the bench's drag row)
        assert opened < 3.0, f"opening took {opened:.2f} s"
        assert median < 50  # one frame (16 ms) is the budget; a shared machine gets slack
    view.board.wait_for_background()
