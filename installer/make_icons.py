"""Render the app icon (resources/icons/funneldesk.svg) into what each platform's bundle needs.

Writes ``build/icons/``: PNGs at the freedesktop sizes for Linux, ``funneldesk.ico`` for
Windows and ``funneldesk.icns`` for macOS, all with Qt's own SVG renderer and image writers,
so no other imaging tool is needed on any build machine.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "funneldesk.svg"
OUTPUT = ROOT / "build" / "icons"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)


def render(size: int):  # noqa: ANN201 (QImage, imported lazily)
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(SOURCE)).render(painter)
    painter.end()
    return image


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QImageWriter

    if not SOURCE.exists():
        sys.stderr.write(f"make_icons: {SOURCE} is missing\n")
        return 2
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        render(size).save(str(OUTPUT / f"funneldesk-{size}.png"), "PNG")
    for name, fmt in (("funneldesk.ico", b"ico"), ("funneldesk.icns", b"icns")):
        writer = QImageWriter(str(OUTPUT / name), fmt)
        if not writer.write(render(256)):
            sys.stderr.write(f"make_icons: could not write {name}: {writer.errorString()}\n")
            return 2
    print(f"make_icons: wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
