"""How the board writes and colours things: money, dates, ages, initials, surfaces.

Surfaces derive from the active palette (STYLE: dark mode works by itself); the only fixed
colours are the theme's semantic ones (idle amber, overdue red, won green, lost red).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from funneldesk.ui.funnel.formatting import compact_number
from funneldesk.ui.theme import is_dark


def _tr(text: str) -> str:
    return QCoreApplication.translate("PipelineBoard", text)


def money(value: float, currency: str | None, *, compact: bool = False) -> str:
    """``12,500 USD`` (or ``1.2M USD`` in a column header) in the UI locale."""
    amount = compact_number(value) if compact else QLocale().toString(float(value), "f", 0)
    return f"{amount} {currency}" if currency else amount


def short_day(text: str | None, today: date) -> str:
    """``30 Nov`` / ``11月30日``; the year only when it is not this year."""
    if not text:
        return ""
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return text
    chinese = QLocale().language() == QLocale.Language.Chinese
    if day.year == today.year:
        fmt = "M月d日" if chinese else "d MMM"
    else:
        fmt = "yyyy年M月d日" if chinese else "d MMM yyyy"
    return QLocale().toString(QDate(day.year, day.month, day.day), fmt)


def age_text(days: int) -> str:
    return _tr("%1 d").replace("%1", QLocale().toString(int(days)))


def initials(name: str | None) -> str:
    """``Alice Wong`` → ``AW``; ``王静`` → ``王静``; ``欧阳娜娜`` → ``娜娜``."""
    text = (name or "").strip()
    if not text:
        return ""
    if any("\u3400" <= ch <= "\u9fff" for ch in text):
        return text[-2:]
    words = [w for w in text.replace(".", " ").split() if w]
    letters = [w[0] for w in words[:1] + words[1:][-1:]]
    return "".join(letters).upper()


@dataclass(frozen=True)
class BoardColours:
    column: QColor
    column_drop: QColor
    card: QColor
    card_border: QColor
    shadow: QColor
    text: QColor
    muted: QColor
    accent: QColor
    chip: QColor


def board_colours(palette: QPalette | None = None) -> BoardColours:
    palette = palette or QGuiApplication.palette()
    dark = is_dark(palette)
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.Text)
    accent = palette.color(QPalette.ColorRole.Highlight)
    column = palette.color(QPalette.ColorRole.Base).lighter(104) if dark else window.darker(104)
    card = (
        palette.color(QPalette.ColorRole.Button) if dark else palette.color(QPalette.ColorRole.Base)
    )
    drop = QColor(accent)
    drop.setAlpha(38 if dark else 26)
    border = QColor(text)
    border.setAlpha(34 if dark else 24)
    shadow = QColor(0, 0, 0, 110 if dark else 38)
    chip = QColor(text)
    chip.setAlpha(30 if dark else 18)
    return BoardColours(
        column=column,
        column_drop=drop,
        card=card,
        card_border=border,
        shadow=shadow,
        text=text,
        muted=palette.color(QPalette.ColorRole.PlaceholderText),
        accent=accent,
        chip=chip,
    )


SCROLLBARS = """
QScrollBar:vertical { background: transparent; width: 10px; margin: 2px 2px 2px 0; }
QScrollBar:horizontal { background: transparent; height: 10px; margin: 0 2px 2px 2px; }
QScrollBar::handle:vertical, QScrollBar::handle:horizontal {
    background: palette(mid); border-radius: 3px; min-height: 28px; min-width: 28px;
}
QScrollBar::handle:vertical:hover, QScrollBar::handle:horizontal:hover {
    background: palette(dark);
}
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; }
QScrollBar::add-page, QScrollBar::sub-page { background: transparent; }
"""
"""Thin, arrow-less scroll bars for the board, so columns read as surfaces, not tables."""
