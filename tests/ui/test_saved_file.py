"""After an export the user can open the file or its folder in one click."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from funneldesk.ui.transfer import saved_file


def test_the_saved_note_opens_the_file_and_its_folder(qtbot, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    opened: list[str] = []
    monkeypatch.setattr(
        saved_file.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile())
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    path = tmp_path / "customers.csv"
    path.write_text("x")
    box = saved_file.offer_to_open(parent, path)
    assert "customers.csv" in box.text() and not box.isModal()
    buttons = {b.text(): b for b in box.buttons()}
    buttons["Show in folder"].click()
    box = saved_file.offer_to_open(parent, path)
    {b.text(): b for b in box.buttons()}["Open"].click()
    assert opened == [str(tmp_path), str(path)]
    assert isinstance(box, QMessageBox)
