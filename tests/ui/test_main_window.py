"""The main window shell: navigation, undo with Ctrl+Z, status bar counts, remembered state."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QListWidget

from funneldesk.core.customers import create_customer
from funneldesk.ui.main_window import MainWindow
from funneldesk.ui.views import VIEWS


def _window(qtbot, context) -> MainWindow:  # noqa: ANN001
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.open_view("today")
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    return window


def _customers(context) -> int:  # noqa: ANN001
    return context.db.scalar("SELECT COUNT(*) FROM customers")


def test_window_shows_the_file_and_the_five_views(qtbot, context) -> None:  # noqa: ANN001
    window = _window(qtbot, context)
    assert context.db.path.name in window.windowTitle()
    nav = window.findChild(QListWidget, "navList")
    assert [nav.item(i).text() for i in range(nav.count())] == [
        "Today",
        "Customers",
        "Pipeline",
        "Agenda",
        "Funnel",
    ]
    assert {"undo", "redo", "open_database", "new_database", "about", "quit"} <= set(
        window.actions_by_key
    )
    plan = window.actions_by_key["plan_activity"]
    assert plan.shortcut().toString() == "Ctrl+Shift+A"  # shown in the Activities menu


def test_navigation_switches_views_both_ways(qtbot, context) -> None:  # noqa: ANN001
    window = _window(qtbot, context)
    nav = window.findChild(QListWidget, "navList")
    for row, spec in enumerate(VIEWS):
        nav.setCurrentRow(row)
        assert window.current_view_name() == spec.name
        assert window.view(spec.name).isVisible()
    window.open_view("customers")
    assert nav.currentRow() == 1
    assert window.view("customers").isVisible()


def test_navigate_signal_opens_the_named_view(qtbot, context) -> None:  # noqa: ANN001
    window = _window(qtbot, context)
    context.navigate.emit("pipeline", None)
    assert window.current_view_name() == "pipeline"


def test_ctrl_z_undoes_an_operation_and_views_hear_about_it(qtbot, context) -> None:  # noqa: ANN001
    window = _window(qtbot, context)
    context.run(create_customer, {"name": "王芳"})
    assert _customers(context) == 1
    heard = []
    context.changed.connect(heard.append)

    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _customers(context) == 0
    assert heard and "customers" in heard[-1].tables()

    QTest.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert _customers(context) == 1
    assert context.db.scalar("SELECT name FROM customers") == "王芳"
    assert len(heard) == 2


def test_undo_action_names_the_operation(qtbot, context) -> None:  # noqa: ANN001
    window = _window(qtbot, context)
    undo = window.actions_by_key["undo"]
    assert not undo.isEnabled()
    context.run(create_customer, {"name": "Anna Müller"})
    assert undo.isEnabled()
    assert "New customer" in undo.text()


def test_status_bar_counts_follow_changes(qtbot, context) -> None:  # noqa: ANN001
    window = _window(qtbot, context)
    labels = [label.text() for label in window.statusBar().findChildren(QLabel)]
    assert any("0 customers" in text for text in labels)
    assert any(str(context.db.path) == text for text in labels)
    context.run(create_customer, {"name": "Siobhán O'Brien"})

    def shows_one() -> None:
        texts = [label.text() for label in window.statusBar().findChildren(QLabel)]
        assert any("1 customer ·" in text for text in texts)  # one, not "1 customers"

    qtbot.waitUntil(shows_one, timeout=2000)


def test_window_size_and_view_are_remembered(qtbot, context) -> None:  # noqa: ANN001
    window = _window(qtbot, context)
    window.resize(1100, 700)
    window.open_view("pipeline")
    window.close()
    assert QSettings().value("window/view") == "pipeline"
    again = MainWindow(context)
    qtbot.addWidget(again)
    assert again.height() == 700  # not the first-start default of 800 (width is clamped offscreen)


def _ink_lightness(qicon) -> int:  # noqa: ANN001
    """Lightness of the most opaque pixel of an icon (its ink colour)."""
    image = qicon.pixmap(20, 20).toImage()
    best = max(
        (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())),
        key=lambda colour: colour.alpha(),
    )
    return best.lightness()


def test_icons_follow_a_switch_to_the_dark_palette(qtbot, context, qapp) -> None:  # noqa: ANN001
    from funneldesk.ui.theme import apply_theme

    saved = (qapp.palette(), qapp.styleSheet(), qapp.font(), qapp.style().name())
    try:
        apply_theme(qapp, "light")
        window = _window(qtbot, context)
        nav = window.findChild(QListWidget, "navList")
        assert _ink_lightness(nav.item(1).icon()) < 110
        apply_theme(qapp, "dark")
        qtbot.waitUntil(lambda: _ink_lightness(nav.item(1).icon()) > 170, timeout=2000)
        assert _ink_lightness(window.actions_by_key["about"].icon()) > 170
    finally:
        palette, sheet, font, style = saved
        qapp.setStyle(style)
        qapp.setPalette(palette)
        qapp.setStyleSheet(sheet)
        qapp.setFont(font)
