"""Loading translations: FunnelDesk's own ``.qm`` and Qt's, for the chosen language.

English is the language of the source strings, yet it has a file too: the messages with a
count (``tr("%n rows", "", n)``) need their singular form from it ("1 row"), which the one
source text cannot give.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from funneldesk.paths import resources_dir

_installed: list[QTranslator] = []


def install_translators(app: QApplication, language: str) -> None:
    """Replace any installed translators with those for ``language``."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    sources = [(f"funneldesk_{language}", str(resources_dir() / "i18n"))]
    if language != "en":  # Qt's own texts are written in English
        sources.insert(0, (f"qtbase_{language}", qt_dir))
    for name, folder in sources:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
