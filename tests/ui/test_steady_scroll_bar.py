"""The scroll bar that skips repaints a range change would not show."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QApplication

from funneldesk.ui.widgets.steady_scroll_bar import SteadyScrollBar


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        self.paints += event.type() == QEvent.Type.Paint
        return False


def on_screen(bar: SteadyScrollBar):  # noqa: ANN201
    """The bar's pixels as last painted to the window (not painted anew)."""
    corner = bar.mapTo(bar.window(), QPoint(0, 0))
    screen = QApplication.primaryScreen()
    return screen.grabWindow(bar.window().winId(), corner.x(), corner.y(), *bar.size().toTuple())


def settled(qtbot, counter: PaintCounter) -> int:  # noqa: ANN001
    """The paint count once the window system has stopped asking for paints: a newly shown
    window may be exposed more than once (Xvfb does so on a busy machine), and such a late
    first paint must not be taken for one a range change caused."""
    seen = -1
    while seen != counter.paints:
        seen = counter.paints
        qtbot.wait(100)
    return seen


def test_a_range_change_repaints_only_when_the_bar_looks_different(qtbot) -> None:  # noqa: ANN001
    bar = SteadyScrollBar(Qt.Orientation.Vertical)
    qtbot.addWidget(bar)
    bar.resize(14, 600)
    bar.setPageStep(600)
    bar.setRange(0, 300_000)
    counter = PaintCounter()
    bar.installEventFilter(counter)
    bar.show()
    qtbot.waitExposed(bar)
    qtbot.waitUntil(lambda: counter.paints > 0)
    painted = settled(qtbot, counter)

    bar.setRange(0, 310_000)  # a few more rows: the shortest handle, still at the top
    qtbot.wait(20)
    assert counter.paints == painted
    assert on_screen(bar).toImage() == bar.grab().toImage()  # what a repaint would draw

    bar.setRange(0, 300)  # a short list: a long handle
    qtbot.waitUntil(lambda: counter.paints > painted)
    bar.setValue(300)  # scrolled: repainted as always
    qtbot.waitUntil(lambda: counter.paints > painted + 1)
    assert on_screen(bar).toImage() == bar.grab().toImage()
