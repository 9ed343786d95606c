"""After an export: say where the file went and offer to open it or its folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("SavedFile", text)


def offer_to_open(parent: QWidget, path: Path) -> QMessageBox:
    """A non-blocking note with *Open* and *Show in folder* (the status bar line alone was
    easy to miss, and finding the file meant a trip to the file manager)."""
    box = QMessageBox(parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(_tr("Export finished"))
    box.setText(_tr("Saved “%1”.").replace("%1", path.name))
    box.setInformativeText(str(path.parent))
    open_file = box.addButton(_tr("Open"), QMessageBox.ButtonRole.AcceptRole)
    show_folder = box.addButton(_tr("Show in folder"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    open_file.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
    show_folder.clicked.connect(
        lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
    )
    box.setDefaultButton(QMessageBox.StandardButton.Close)
    box.setWindowModality(Qt.WindowModality.NonModal)  # the user may go on working
    box.show()
    return box
