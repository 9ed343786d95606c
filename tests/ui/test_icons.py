"""The app's icon set is drawn from qtawesome's font files, found without importing it."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor

from funneldesk.ui import icons


def test_an_icon_draws_its_glyph(qapp) -> None:  # noqa: ANN001
    image = icons.icon("undo", "#000000").pixmap(32, 32).toImage()
    inked = [QColor(image.pixel(x, y)).alpha() for x in range(image.width()) for y in range(32)]
    assert max(inked) > 0  # some pixel of the glyph is painted
    assert "qtawesome" not in sys.modules  # its import costs start-up 0.35 s
