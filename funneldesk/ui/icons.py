"""The one icon set of the app (Material Design Icons via qtawesome), coloured from the palette."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette


@cache
def _icon(name: str, colour: str, active: str) -> QIcon:
    import qtawesome

    return qtawesome.icon(f"mdi6.{name}", color=colour, color_active=active, color_selected=active)


def icon(name: str, colour: QColor | str | None = None) -> QIcon:
    """An ``mdi6`` icon by name (e.g. ``"account-multiple"``) in the text colour or ``colour``."""
    palette = QGuiApplication.palette()
    text = QColor(colour) if colour is not None else palette.color(QPalette.ColorRole.WindowText)
    active = palette.color(QPalette.ColorRole.HighlightedText)
    return _icon(name, text.name(), active.name())


def clear_cache() -> None:
    """Forget coloured icons after a palette change."""
    _icon.cache_clear()
