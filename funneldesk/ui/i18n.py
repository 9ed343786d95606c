"""Loading translations: FunnelDesk's own ``.qm`` and Qt's, for the chosen language."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from funneldesk.paths import resources_dir

_installed: list[QTranslator] = []


def install_translators(app: QApplication, language: str) -> None:
    """Replace any installed translators with those for ``language`` (``en`` needs none)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (
        (f"qtbase_{language}", qt_dir),
        (f"funneldesk_{language}", str(resources_dir() / "i18n")),
    ):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
