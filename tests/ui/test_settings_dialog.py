"""File ▸ Settings stores computer preferences in QSettings and file settings undoably."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from funneldesk.core import backup
from funneldesk.ui import preferences
from funneldesk.ui.settings_dialog import SettingsDialog
from funneldesk.ui.theme import apply_theme, is_dark


@pytest.fixture(autouse=True)
def fresh_settings(qapp):  # noqa: ANN001, ANN201
    QSettings().clear()
    yield
    QSettings().clear()
    apply_theme(QApplication.instance(), "system")
    backup.use_backup_root(None)


def test_file_settings_change_in_one_undoable_step(context, qtbot) -> None:  # noqa: ANN001
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.currency.setCurrentText("eur")
    dialog.remind_days.setValue(3)
    dialog.feb29.setCurrentIndex(dialog.feb29.findData("03-01"))

    dialog.accept()

    assert context.db.setting("currency") == "EUR"
    assert context.db.setting("remind_days_before") == "3"
    assert context.db.setting("feb29_in_common_years") == "03-01"
    assert context.undo_stack.count() == 1
    context.undo_stack.undo()
    assert context.db.setting("currency") == "USD"
    assert context.db.setting("feb29_in_common_years") == "02-28"


def test_a_refused_currency_keeps_the_dialog_open_and_changes_nothing(
    context,
    qtbot,
    monkeypatch,  # noqa: ANN001
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(context, "show_error", lambda message, parent=None: shown.append(message))
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.currency.setCurrentText("dollars")
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))

    dialog.accept()

    assert shown and "currency code" in shown[0]
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert context.db.setting("currency") == "USD"
    assert preferences.theme() == "system"


def test_theme_applies_at_once_and_language_and_backup_folder_are_remembered(
    context,
    qtbot,
    tmp_path,  # noqa: ANN001
) -> None:
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.backup_folder.setText(str(tmp_path))

    dialog.accept()

    assert is_dark(QApplication.instance().palette())
    assert preferences.theme() == "dark"
    assert preferences.language() == "zh_CN"
    assert preferences.effective_language() == "zh_CN"
    assert preferences.backup_folder() == tmp_path
    assert backup.backup_root() == tmp_path, "new backups go to the chosen folder at once"
    assert dialog.language_changed, "File ▸ Settings offers to restart in the new language"
    assert context.undo_stack.count() == 0


def test_default_pipeline_can_be_chosen_and_reset(context, qtbot) -> None:  # noqa: ANN001
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.pipeline.setCurrentIndex(1)
    dialog.accept()
    assert context.db.setting("default_pipeline_id") == dialog.pipeline.currentData()

    again = SettingsDialog(context)
    qtbot.addWidget(again)
    assert again.pipeline.currentIndex() == 1
    again.pipeline.setCurrentIndex(0)
    again.accept()
    assert context.db.setting("default_pipeline_id") is None


def test_command_line_language_wins_over_the_stored_choice(qapp) -> None:  # noqa: ANN001
    preferences.set_language("zh_CN")
    assert preferences.effective_language("en") == "en"
    QSettings().setValue(preferences.LANGUAGE_KEY, "klingon")
    assert preferences.language() == "en"


def test_system_choice_names_the_desktop_language(context, qtbot, monkeypatch) -> None:  # noqa: ANN001
    from PySide6.QtCore import QLocale

    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("zh_CN")))
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.language.itemData(0) == "system"
    assert "简体中文" in dialog.language.itemText(0)
    assert preferences.effective_language() == "zh_CN"


def test_the_board_opens_on_the_default_pipeline(context, qtbot) -> None:  # noqa: ANN001
    from funneldesk.core.pipelines import create_pipeline
    from funneldesk.core.settings_ops import set_settings
    from funneldesk.ui.pipeline.view import PipelineView

    renewals = create_pipeline(context.db, "Renewals", ["Due", "Signed"]).inserted_ids("pipelines")[
        0
    ]
    set_settings(context.db, {"default_pipeline_id": renewals})

    view = PipelineView(context)
    qtbot.addWidget(view)
    assert view.pipeline_id() == renewals
