"""A new language in Settings offers "Restart now": every window comes back on the same file
and view in that language, after unsaved edits were asked about; Cancel loses nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog

from funneldesk.core import customers
from funneldesk.core.db import open_database
from funneldesk.ui import restart, settings_dialog, single_instance
from funneldesk.ui.card import dialog as card_dialog
from funneldesk.ui.settings_dialog import SettingsDialog

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, qapp) -> list[tuple[str, list[str]]]:  # noqa: ANN001
    """Processes the restart would start (none is), with quitting the app left out."""
    calls: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(restart, "start_detached", lambda *call: calls.append(call) or True)
    monkeypatch.setattr(QApplication, "quit", lambda: None)
    QSettings().clear()
    yield calls
    QSettings().clear()


@pytest.fixture
def window(qtbot, tmp_path: Path):  # noqa: ANN001, ANN201
    from funneldesk.ui.windows import open_window

    path = tmp_path / "crm.sqlite"
    db = open_database(path)
    customers.create_customer(db, {"name": "Anna Müller"})
    db.close()
    shown = open_window(path, view="pipeline", unattended=True)
    qtbot.addWidget(shown)
    yield shown
    shown.close()


def _choose_chinese_and_ok(dialog: SettingsDialog) -> int:
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.accept()
    return QDialog.DialogCode.Accepted


def test_restart_now_reopens_the_same_file_and_view(window, started, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(SettingsDialog, "exec", _choose_chinese_and_ok)
    monkeypatch.setattr(restart, "offer_restart", lambda parent: True)
    path = window.context.db.path

    settings_dialog.open_settings(window, window.context)

    assert started == [
        (sys.executable, ["-m", "funneldesk", "--db", str(path), "--view", "pipeline"])
    ]
    assert not window.isVisible()
    assert single_instance.window_holding(path) is None, "the new process can claim the file"


def test_later_keeps_the_window_and_says_when_the_language_applies(
    window,
    started,
    monkeypatch,  # noqa: ANN001
) -> None:
    monkeypatch.setattr(SettingsDialog, "exec", _choose_chinese_and_ok)
    monkeypatch.setattr(restart, "offer_restart", lambda parent: False)
    messages: list[str] = []
    window.context.status_message.connect(messages.append)

    settings_dialog.open_settings(window, window.context)

    assert started == [] and window.isVisible()
    assert messages == ["The new language is used after FunnelDesk restarts."]


def test_the_same_language_does_not_ask_to_restart(window, started, monkeypatch) -> None:  # noqa: ANN001
    def keep_english(dialog: SettingsDialog) -> int:
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", keep_english)
    monkeypatch.setattr(restart, "offer_restart", lambda parent: pytest.fail("asked"))
    settings_dialog.open_settings(window, window.context)
    assert started == [] and window.isVisible()


@pytest.mark.parametrize(("answer", "restarted"), [("cancel", False), ("discard", True)])
def test_unsaved_card_edits_are_asked_about_before_the_restart(
    window,
    started,
    monkeypatch,  # noqa: ANN001
    answer: str,
    restarted: bool,
) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(
        card_dialog, "ask_unsaved_changes", lambda parent: asked.append(True) or answer
    )
    customer_id = window.context.db.query_one("SELECT id FROM customers")["id"]
    card_dialog.open_customer_card(window, window.context, customer_id)
    card = next(w for w in window.findChildren(card_dialog.CustomerCardDialog))
    card.form.inputs["company"].setText("Edited, not saved")

    assert restart.restart_app() is restarted

    assert asked == [True]
    assert bool(started) is restarted
    assert window.isVisible() is not restarted
    if not restarted:
        assert card.form.inputs["company"].text() == "Edited, not saved", "nothing is lost"
        card.form.load(card.card.values)
        card.close()


def test_the_relaunch_command_starts_funneldesk_on_that_file_and_view(tmp_path: Path) -> None:
    """The command really starts the app (here told to take a screenshot and quit)."""
    path = tmp_path / "crm.sqlite"
    open_database(path).close()
    program, arguments = restart.relaunch_command(restart.OpenPlace(path, "customers"))
    picture = tmp_path / "after-restart.png"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [program, *arguments, "--screenshot", str(picture), "--size", "1024x700"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert picture.stat().st_size > 0
