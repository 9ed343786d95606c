"""The app and files it cannot change: a read-only file opens for reading with a clear word,
and a file it cannot upgrade never leaves an unattended run waiting on a dialog."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from funneldesk.core import customers
from funneldesk.core.db import open_database


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "crm.sqlite"
    with open_database(path) as db:
        customers.create_customer(db, {"name": "Ana Lima"})
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def test_a_lowered_schema_version_ends_a_screenshot_run_with_one_line(
    database: Path, tmp_path: Path
) -> None:
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    result = subprocess.run(
        [sys.executable, "-m", "funneldesk", "--db", str(database)]
        + ["--screenshot", str(tmp_path / "x.png")],
        capture_output=True,
        text=True,
        timeout=60,  # before the fix the run waited for a dialog nobody could answer
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "could not be upgraded" in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_a_read_only_file_opens_for_reading_and_says_so(qapp, database: Path) -> None:  # noqa: ANN001
    from funneldesk.ui.windows import open_window

    database.chmod(0o444)
    window = open_window(database, exclusive=False)
    try:
        assert window is not None and window.context.db.read_only
        assert "read-only" in window.windowTitle()
        QApplication.processEvents()
        notices = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        assert any("read-only: changes cannot be saved" in box.text() for box in notices)
        for box in notices:
            box.close()
        shown: list[str] = []
        window.context.show_error = lambda message, parent=None: shown.append(message)
        assert window.context.run(customers.create_customer, {"name": "Bo"}) is None
        assert shown and "read-only: changes cannot be saved" in shown[0]
    finally:
        window.close()
        window.context.db.close()
    assert database.stat().st_mode & 0o777 == 0o444


def test_an_empty_file_becomes_a_database_only_when_the_user_says_so(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # noqa: ANN001
    from funneldesk.ui.windows import open_window

    empty = tmp_path / "empty.sqlite"
    empty.touch()
    result = subprocess.run(
        [sys.executable, "-m", "funneldesk", "--db", str(empty)]
        + ["--screenshot", str(tmp_path / "x.png")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 2 and "empty" in result.stderr
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    assert open_window(empty, exclusive=False) is None
    assert empty.stat().st_size == 0 and sorted(tmp_path.iterdir()) == [empty]
    window = open_window(empty, exclusive=False)
    try:
        assert window is not None and window.context.db.scalar("SELECT COUNT(*) FROM stages")
    finally:
        window.close()
        window.context.db.close()
