"""A round badge with the customer's initials (张三 → 张, Anna Müller → AM), or a person
glyph while a new card has no name yet."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap

from funneldesk.ui.icons import icon
from funneldesk.ui.theme import ACCENT


def initials(name: str) -> str:
    words = [w for w in (name or "").split() if w]
    if not words:
        return ""
    if not words[0][0].isascii() and len(words) == 1:
        return words[0][0]
    return "".join(w[0] for w in words[:2]).upper()


def avatar_pixmap(name: str, size: int = 56, ratio: float = 1.0) -> QPixmap:
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(ACCENT))
    painter.drawEllipse(QRectF(0, 0, size, size))
    font = QFont()
    font.setPixelSize(int(size * 0.4))
    font.setWeight(QFont.Weight.DemiBold)
    painter.setFont(font)
    letters = initials(name)
    if letters:
        painter.setPen(QColor("#ffffff"))
        painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, letters)
    else:
        glyph = round(size * 0.56)
        offset = (size - glyph) / 2
        painter.drawPixmap(
            QRectF(offset, offset, glyph, glyph).toRect(),
            icon("account-outline", "#ffffff").pixmap(glyph, glyph),
        )
    painter.end()
    return pixmap
