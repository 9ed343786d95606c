"""At open the app finds what another program dropped and offers the repair.

A funnel-facts trigger dropped by another tool, then deals moved: the window opens, the
dialog says what was found, Repair runs on a worker, and afterwards the statistics are
computed again from facts equal to a fresh derivation.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from funneldesk.core import deals, funnel_facts, integrity
from funneldesk.core.db import open_database
from funneldesk.core.errors import StaleDataError
from funneldesk.core.funnel_statistics import compute_funnel
from funneldesk.ui.backups import repair
from funneldesk.ui.backups.scheduler import AutoBackup


@pytest.fixture
def stale_file(tmp_path: Path) -> Path:
    """A file whose facts went stale: a trigger dropped by another tool, then moves."""
    path = tmp_path / "crm.sqlite"
    with open_database(path) as db:
        stages = [r[0] for r in db.query("SELECT id FROM stages ORDER BY position")]
        ids = [
            deals.create_deal(db, {"title": f"Deal {n}"}).inserted_ids("deals")[0] for n in range(6)
        ]
        conn = sqlite3.connect(path)
        conn.execute("DROP TRIGGER facts_history_insert")
        conn.close()
        deals.move_deals(db, ids[:4], stages[2])
        assert funnel_facts.differences(db.conn)
    return path


def _answer_when_shown(label: str, seen: list[str]) -> None:
    """Press ``label`` in the next modal message box, noting its text."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        buttons = [] if not isinstance(box, QMessageBox) else box.findChildren(QPushButton)
        wanted = [b for b in buttons if label in b.text().replace("&", "")]
        if not wanted:  # not shown yet (another box, left by an earlier test, is no answer)
            QTimer.singleShot(20, press)
            return
        seen.append(f"{box.text()}\n{box.informativeText()}\n{box.detailedText()}")
        wanted[0].click()

    QTimer.singleShot(20, press)


def test_the_app_offers_the_repair_at_open_and_runs_it(qtbot, stale_file: Path) -> None:
    from funneldesk.ui.windows import open_window

    seen: list[str] = []
    _answer_when_shown("Repair now", seen)
    window = open_window(stale_file)
    qtbot.addWidget(window)
    db = window.context.db
    with qtbot.waitSignal(window.context.rebuilt, timeout=10_000):
        pass  # the offer runs right after the window shows
    assert "facts_history_insert" in seen[0] and "statistics are not shown" in seen[0]
    assert integrity.open_check(db).sound
    assert funnel_facts.differences(db.conn) == {}
    compute_funnel(db)
    auto_backup = window.findChild(AutoBackup)  # let the start-up page check finish first
    qtbot.waitUntil(auto_backup.timer.isActive, timeout=10_000)
    window.close()


def test_later_keeps_the_file_as_it_is_and_statistics_refuse(qtbot, stale_file: Path) -> None:
    from funneldesk.ui.context import AppContext

    seen: list[str] = []
    with open_database(stale_file) as db:
        context = AppContext(db)
        _answer_when_shown("Later", seen)
        assert repair.offer_repair(None, context) is False
        assert seen and integrity.open_check(db).stale() == [integrity.FACTS.name]
        with pytest.raises(StaleDataError):
            compute_funnel(db)


def test_the_funnel_view_says_why_and_repairs_from_its_button(qtbot, stale_file: Path) -> None:
    from funneldesk.ui.context import AppContext
    from funneldesk.ui.funnel.view import FunnelView

    with open_database(stale_file) as db:
        context = AppContext(db)
        view = FunnelView(context)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitUntil(lambda: view.pages.currentWidget() is view.stale, timeout=10_000)
        assert view.report is None  # no figures from stale facts
        seen: list[str] = []
        _answer_when_shown("Repair now", seen)
        button = next(b for b in view.stale.findChildren(QPushButton) if "Repair" in b.text())
        button.click()
        qtbot.waitUntil(lambda: view.report is not None, timeout=10_000)
        assert view.pages.currentWidget() is not view.stale
        view.relay.wait()
