"""Child processes for the UI rows (offscreen Qt): start-up, memory, search, drag.

``app``/``bare`` are started fresh for every sample: they print their result line the
moment the main window has painted (and, for memory, after settling), then exit at once;
the parent times the process from spawn to that line. ``search`` and ``drag`` build the real
view in one process and time each interaction beside its raw-SQL baseline, interleaved.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import time
from pathlib import Path

from tests.bench.protocol import emit

SEARCH_QUERIES = (
    # What people type, one keystroke at a time: Latin names, pinyin, initials, CJK, phone.
    *("m", "mi", "mic", "mich", "micha", "michael"),
    *("zh", "zha", "zhan", "zhang", "zhangw"),
    *("王", "王静", "李"),
    *("zs", "lw"),
    *("138", "1380", "13800"),
    *("ga", "gar", "garc", "garcia"),
    *("sm", "smi", "smith"),
    *("acme", "be", "ber", "berlin"),
)
RANKED_SQL = (
    "SELECT rowid FROM customer_search WHERE customer_search MATCH ? ORDER BY rank LIMIT 100"
)
UNRANKED_SQL = "SELECT rowid FROM customer_search WHERE customer_search MATCH ? LIMIT 100"


def _rss_mb() -> float:
    """Resident set size now, from the kernel (``/proc/self/statm``)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _when_painted(app, settle_ms: int) -> None:  # noqa: ANN001
    """Report (and exit) once a main window's first paint has been handled."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow

    def report() -> None:
        emit({"rss_mb": _rss_mb(), "settled_ms": settle_ms})
        os._exit(0)

    class FirstPaint(QObject):
        fired = False

        def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802
            if (
                not self.fired
                and event.type() == QEvent.Type.Paint
                and hasattr(watched, "window")
                and isinstance(watched.window(), QMainWindow)
            ):
                self.fired = True
                QTimer.singleShot(settle_ms, report)  # after this paint has been handled
            return False

    app._bench_first_paint = FirstPaint(app)
    app.installEventFilter(app._bench_first_paint)


def app_start(args: argparse.Namespace) -> None:
    """``funneldesk --db PATH [--view V]`` exactly, with a probe for the first paint."""
    import funneldesk.app as desktop
    from funneldesk.cli import main as cli_main

    create = desktop.create_application

    def create_and_probe(*a, **k):  # noqa: ANN002, ANN003, ANN202
        app = create(*a, **k)
        _when_painted(app, args.settle)
        return app

    desktop.create_application = create_and_probe
    argv = ["--db", args.db] + (["--view", args.view] if args.view else [])
    cli_main(argv)
    raise SystemExit("the window closed before it painted")


def bare_start(args: argparse.Namespace) -> None:
    """A bare PySide6 ``QMainWindow`` (with an empty table for the memory row)."""
    import sys

    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    _when_painted(app, args.settle)
    window = QMainWindow()
    if args.table:
        table = QTableView()
        table.setModel(QStandardItemModel(0, 8, table))
        window.setCentralWidget(table)
    window.resize(1280, 800)
    window.show()
    app.exec()


def _ui_context(path: str):  # noqa: ANN202
    from funneldesk.app import create_application
    from funneldesk.core.db import open_database
    from funneldesk.ui.context import AppContext

    app = create_application("en", "light")
    db = open_database(Path(path), create=False, check_pages=False)
    return app, AppContext(db)


def search(args: argparse.Namespace) -> None:
    """Type-ahead in the customer list: text entered → rows fetched → table repainted, vs the
    raw FTS5 ``MATCH`` of the same text for the first page of 100 rows, best first (FTS5's
    own bm25 ``rank``); the unranked first page is recorded too."""
    from PySide6.QtWidgets import QApplication

    from funneldesk.core.search import parse_query
    from funneldesk.ui.customers.view import CustomersView

    app, context = _ui_context(args.db)
    view = CustomersView(context)
    view.resize(1280, 760)
    view.show()
    for _ in range(5):
        app.processEvents()
    raw = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    box = view.filters.search
    measured, baseline, unranked, cpu, first = [], [], [], [], []
    for rep in range(args.reps + 1):
        for text in SEARCH_QUERIES:
            started, cpu_started = time.perf_counter(), time.process_time()
            box.setText(text)
            box.returnPressed.emit()  # what the 150 ms typing pause triggers, without the wait
            QApplication.processEvents()  # the reset model repaints its visible rows here
            elapsed = time.perf_counter() - started
            cpu_used = time.process_time() - cpu_started
            match = parse_query(text).match
            raw_times = []
            for sql in (RANKED_SQL, UNRANKED_SQL):
                started = time.perf_counter()
                raw.execute(sql, (match,)).fetchall()
                raw_times.append(time.perf_counter() - started)
            if rep:  # the first round warms the caches of both
                measured.append(elapsed)
                baseline.append(raw_times[0])
                unranked.append(raw_times[1])
                cpu.append(cpu_used)
            else:
                first.append(elapsed)
        box.clear()
        box.returnPressed.emit()
        QApplication.processEvents()
    emit(
        {
            "measured": measured,
            "baseline": baseline,
            "unranked": unranked,
            "cpu": cpu,
            "first": first,
            "queries": len(SEARCH_QUERIES),
            "floor": _bare_table_repaints(view.table.viewport().size(), len(measured)),
        }
    )


def _bare_table_repaints(size, count: int) -> list[float]:  # noqa: ANN001
    """Repaint times of a plain QTableView of the same size and rows (no model logic, no
    style sheet): what painting alone costs on this machine at this moment."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    model = QStandardItemModel(200, 8)
    for row in range(60):
        for column in range(8):
            model.setItem(row, column, QStandardItem(f"Customer {row} · {column}"))
    table = QTableView()
    table.setModel(model)
    table.resize(size)
    table.show()
    for _ in range(5):
        QApplication.processEvents()
    times = []
    for _ in range(count):
        started = time.perf_counter()
        table.viewport().repaint()
        times.append(time.perf_counter() - started)
    return times


def drag(args: argparse.Namespace) -> None:
    """A deal dropped on the next column: drop event → move committed → both columns
    repainted, vs one raw ``UPDATE`` + ``INSERT`` transaction moving another deal."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from funneldesk.ui.pipeline.deal_mime import encode_deal_ids
    from funneldesk.ui.pipeline.view import PipelineView

    app, context = _ui_context(args.db)
    view = PipelineView(context)
    view.resize(1500, 900)
    view.show()
    for _ in range(5):
        app.processEvents()
    columns = view.board.columns
    raw = sqlite3.connect(args.db, isolation_level=None)
    raw.execute("PRAGMA synchronous = NORMAL")  # as the app's own connections
    raw_deals = [
        row[0]
        for row in raw.execute(
            "SELECT id FROM deals WHERE status = 'open' ORDER BY id DESC LIMIT ?", (args.reps + 1,)
        )
    ]
    stage_ids = [c.stage.id for c in columns]
    action, button = Qt.DropAction.MoveAction, Qt.MouseButton.LeftButton
    modifiers = Qt.KeyboardModifier.NoModifier
    measured, baseline, cpu = [], [], []
    for rep in range(args.reps + 1):
        source, target = columns[rep % 2], columns[(rep + 1) % 2]
        deal_id = source.model.card(0).id
        rect = target.view.visualRect(target.model.index(0))
        point = QPoint(rect.center().x(), rect.top() + 3)
        mime = encode_deal_ids([deal_id])
        viewport = target.view.viewport()
        QApplication.sendEvent(viewport, QDragEnterEvent(point, action, mime, button, modifiers))
        QApplication.sendEvent(viewport, QDragMoveEvent(point, action, mime, button, modifiers))
        QApplication.processEvents()
        drop = QDropEvent(QPointF(point), action, mime, button, modifiers)
        cpu_started, started = time.process_time(), time.perf_counter()
        QApplication.sendEvent(viewport, drop)
        QApplication.processEvents()  # the update requests: both columns repaint here
        elapsed = time.perf_counter() - started
        cpu_elapsed = time.process_time() - cpu_started  # diagnostic: this process's CPU only
        if target.model.card(0).id != deal_id:
            raise SystemExit(f"deal {deal_id} did not land on top of its new column")
        started = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(
            "UPDATE deals SET stage_id = ?, updated_at = ? WHERE id = ?",
            (stage_ids[-1 - rep % 2], "2026-11-01T08:00:00Z", raw_deals[rep]),
        )
        raw.execute(
            "INSERT INTO stage_changes (deal_id, from_stage_id, to_stage_id, changed_at) "
            "VALUES (?, ?, ?, ?)",
            (raw_deals[rep], stage_ids[0], stage_ids[-1 - rep % 2], "2026-11-01T08:00:00Z"),
        )
        raw.execute("COMMIT")
        raw_elapsed = time.perf_counter() - started
        if rep:
            measured.append(elapsed)
            baseline.append(raw_elapsed)
            cpu.append(cpu_elapsed)
    emit({"measured": measured, "baseline": baseline, "cpu": cpu})


MODES = {"app": app_start, "bare": bare_start, "search": search, "drag": drag}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.ui_child")
    parser.add_argument("mode", choices=sorted(MODES))
    parser.add_argument("--db")
    parser.add_argument("--view")
    parser.add_argument("--settle", type=int, default=0, help="ms to wait after the paint")
    parser.add_argument("--table", action="store_true", help="bare window with an empty table")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    MODES[args.mode](args)


if __name__ == "__main__":
    main()
