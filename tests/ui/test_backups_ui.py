"""Backups in the app: automatic backups, Back up now, Restore, and the refused-file dialog."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton

from funneldesk.core import backup, customers
from funneldesk.core.changes import ChangeSet
from funneldesk.core.db import open_database
from funneldesk.ui import single_instance
from funneldesk.ui.backups import actions, jobs
from funneldesk.ui.backups.open_failure import open_or_recover
from funneldesk.ui.backups.scheduler import AutoBackup


@pytest.fixture
def backup_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "backup-root"
    monkeypatch.setattr(jobs.preferences, "backup_folder", lambda: root)
    return root


def _backups(db_path: Path, root: Path) -> list[backup.BackupInfo]:
    return backup.list_backups(backup.backup_folder(db_path, root))


def _window(context):  # noqa: ANN001, ANN202
    from funneldesk.ui.main_window import MainWindow

    return MainWindow(context)


def test_pages_checked_then_backup_on_start_then_only_after_changes(
    qtbot, context, backup_root: Path
) -> None:
    window = _window(context)
    qtbot.addWidget(window)
    auto = AutoBackup(window, context, interval_ms=3_600_000, check_delay_ms=0)
    qtbot.waitUntil(lambda: auto.last_result is not None, timeout=5000)
    assert len(_backups(context.db.path, backup_root)) == 1

    auto.tick()  # nothing changed since
    assert not auto.backups.busy
    changes = context.run(customers.create_customer, {"name": "Ana"})
    assert isinstance(changes, ChangeSet) and auto.changed_since_backup
    auto.tick()
    qtbot.waitUntil(lambda: not auto.backups.busy, timeout=5000)
    found = _backups(context.db.path, backup_root)
    assert len(found) == 2 and found[0].customers == 1 and found[0].kind == "auto"
    auto.stop()


def test_back_up_now_reports_the_counts(qtbot, context, backup_root: Path) -> None:
    customers.create_customer(context.db, {"name": "Bo"})
    window = _window(context)
    qtbot.addWidget(window)
    with qtbot.waitSignal(context.status_message) as message:
        info = actions.backup_now(window, context)
    assert info is not None and info.customers == 1
    assert "1" in message.args[0]
    assert _backups(context.db.path, backup_root)[0].path == info.path


def test_restore_reopens_the_window_on_the_restored_data(
    qtbot, tmp_path: Path, backup_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from funneldesk.ui.windows import open_window

    path = tmp_path / "crm.sqlite"
    db = open_database(path)
    customers.create_customer(db, {"name": "Kept"})
    db.close()
    old = backup.create_backup(path, folder=backup.backup_folder(path, backup_root))
    window = open_window(path)
    context = window.context
    customers.create_customer(context.db, {"name": "Added later"})

    monkeypatch.setattr(actions.RestoreDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    opened: list = []
    real_reopen = actions.reopen_window
    monkeypatch.setattr(
        actions, "reopen_window", lambda *a: opened.append(real_reopen(*a)) or opened[-1]
    )
    actions.restore_dialog(window, context)
    new_window = opened[0]
    qtbot.addWidget(new_window)
    assert new_window is not window and new_window.context.db.path == path
    names = [r["name"] for r in new_window.context.db.query("SELECT name FROM customers")]
    assert names == ["Kept"]
    kinds = [b.kind for b in _backups(path, backup_root)]
    assert "before-restore" in kinds and old.path.exists()
    new_window.close()


def _click_when_shown(label: str) -> None:
    def click() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, click)
            return
        for button in box.findChildren(QPushButton):
            if label in button.text().replace("&", ""):
                button.click()
                return

    QTimer.singleShot(20, click)


def _shown_notice(title: str) -> QMessageBox:
    """The visible information box titled ``title`` (shown without blocking)."""
    return next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible() and w.windowTitle() == title
    )


def test_damaged_file_offers_the_latest_good_backup_and_keeps_the_bad_bytes(
    qtbot, tmp_path: Path, backup_root: Path
) -> None:
    path = tmp_path / "crm.sqlite"
    db = open_database(path)
    customers.create_customer(db, {"name": "Rescued"})
    db.close()
    folder = backup.backup_folder(path, backup_root)
    backup.create_backup(path, folder=folder)
    garbage = b"this is not a database" * 100
    path.write_bytes(garbage)

    _click_when_shown("Restore latest backup")
    restored = open_or_recover(path, "en", None, lambda db: db)
    assert restored is not None
    assert restored.scalar("SELECT name FROM customers") == "Rescued"
    restored.close()
    refused = [b for b in backup.list_backups(folder) if b.kind == "refused"]
    assert refused and refused[0].path.read_bytes() == garbage
    notes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert any(str(refused[0].path) in note.text() for note in notes)  # says where it went
    for note in notes:
        note.close()


def test_refused_file_can_be_left_alone(qtbot, tmp_path: Path, backup_root: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    _click_when_shown("Cancel")
    assert open_or_recover(path, "en", None, lambda db: db) is None
    assert path.read_text() == "hello"


def _damage_table(path: Path, table: str) -> None:
    """Overwrite the non-root pages of one table, as a failing disk would."""
    conn = sqlite3.connect(path)
    pages = [
        n
        for (n,) in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,)
        )
    ]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    for page in pages:
        start = (page - 1) * page_size
        data[start : start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def test_damage_found_after_the_window_opens_offers_the_latest_backup(
    qtbot, tmp_path: Path, backup_root: Path
) -> None:
    from funneldesk.ui.windows import open_window

    path = tmp_path / "crm.sqlite"
    db = open_database(path)
    customer = customers.create_customer(db, {"name": "Ana"}).inserted_ids("customers")[0]
    for i in range(400):
        customers.add_preference(db, customer, "gift", f"Preference number {i} " + "x" * 50)
    db.close()
    folder = backup.backup_folder(path, backup_root)
    backup.create_backup(path, folder=folder)
    _damage_table(path, "preferences")

    first = open_window(path)  # opens at once: the page check runs after it shows
    assert first is not None and first.isVisible()
    _click_when_shown("Restore latest backup")
    qtbot.waitUntil(
        lambda: single_instance.window_holding(path) not in (None, first), timeout=10000
    )
    restored = single_instance.window_holding(path)
    qtbot.addWidget(restored)
    assert restored.context.db.scalar("SELECT COUNT(*) FROM preferences") == 400
    assert not shiboken6.isValid(first)  # closed and deleted
    assert [b.kind for b in backup.list_backups(folder)].count("refused") == 1
    notice = _shown_notice("Restored")  # it names where the replaced data was kept
    assert "refused" in notice.text()
    notice.close()  # left open, it would answer the next test's modal questions
    restored.close()
