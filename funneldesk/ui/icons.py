"""The one icon set of the app (Material Design Icons), coloured from the palette.

The glyphs come from the MDI 6 font that qtawesome ships; they are drawn here by a small
icon engine instead of through qtawesome's Python package, whose import (qtpy star-imports
every Qt module) cost 0.35–0.4 s of every start-up, more than the window itself.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)

FONT_FILE = "materialdesignicons6-webfont-6.9.96.ttf"
CHARMAP_FILE = "materialdesignicons6-webfont-charmap-6.9.96.json"
GLYPH_SCALE = 0.875  # the glyph's share of the icon's height, as qtawesome draws it


def _fonts_dir() -> Path:
    """qtawesome's font folder, found on the import path without importing the package (in
    a PyInstaller bundle, where only its data files are collected, under ``sys._MEIPASS``)."""
    bundle = getattr(sys, "_MEIPASS", None)
    for entry in [*sys.path, *([bundle] if bundle else [])]:
        fonts = Path(entry or ".") / "qtawesome" / "fonts"
        if (fonts / FONT_FILE).is_file():
            return fonts
    raise RuntimeError("qtawesome (the icon font) is not installed")


@cache
def _font_family() -> str:
    font_id = QFontDatabase.addApplicationFont(str(_fonts_dir() / FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        raise RuntimeError(f"the icon font {FONT_FILE} could not be loaded")
    return families[0]


@cache
def _charmap() -> dict[str, str]:
    """Icon name → the glyph's code point in hexadecimal (7,000 icons: each is converted to
    its character when first asked for, not all at start-up)."""
    return json.loads((_fonts_dir() / CHARMAP_FILE).read_text(encoding="utf-8"))


class _GlyphEngine(QIconEngine):
    """Draws one glyph: ``colour`` normally, ``active`` when hovered or selected, the
    palette's disabled text colour when disabled."""

    def __init__(self, glyph: str, colour: str, active: str) -> None:
        super().__init__()
        self._glyph, self._colour, self._active = glyph, colour, active

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        if mode == QIcon.Mode.Disabled:
            colour = QGuiApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        elif mode in (QIcon.Mode.Active, QIcon.Mode.Selected):
            colour = QColor(self._active)
        else:
            colour = QColor(self._colour)
        font = QFont(_font_family())
        font.setPixelSize(max(round(GLYPH_SCALE * rect.height()), 1))
        painter.save()
        painter.setPen(colour)
        painter.setFont(font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self._glyph)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self._glyph, self._colour, self._active)


@cache
def _icon(name: str, colour: str, active: str) -> QIcon:
    code = _charmap().get(name)
    if code is None:
        raise KeyError(f"no icon named {name!r} in Material Design Icons 6")
    return QIcon(_GlyphEngine(chr(int(code, 16)), colour, active))


def icon(name: str, colour: QColor | str | None = None) -> QIcon:
    """An ``mdi6`` icon by name (e.g. ``"account-multiple"``) in the text colour or ``colour``."""
    palette = QGuiApplication.palette()
    text = QColor(colour) if colour is not None else palette.color(QPalette.ColorRole.WindowText)
    active = palette.color(QPalette.ColorRole.HighlightedText)
    return _icon(name, text.name(), active.name())


def clear_cache() -> None:
    """Forget coloured icons after a palette change."""
    _icon.cache_clear()
