"""A 13-inch laptop (1024×700) sees every view whole: charts stack, nothing scrolls sideways."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget

from funneldesk.core.demo import generate_demo
from funneldesk.ui.main_window import MainWindow


@pytest.fixture
def demo_context(qapp, db):  # noqa: ANN001, ANN201
    from funneldesk.ui.context import AppContext

    generate_demo(db, customers=60, seed=2, reference=date.today())
    ctx = AppContext(db)
    yield ctx
    ctx.undo_stack.clear()


def open_at(qtbot, context, view: str, width: int, height: int) -> MainWindow:  # noqa: ANN001
    window = MainWindow(context)
    window.remember_state = False
    qtbot.addWidget(window)
    window.open_view(view)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    return window


def inside(widget: QWidget, area: QWidget) -> bool:
    """Whether ``widget`` is drawn whole inside ``area`` (horizontally)."""
    left = widget.mapTo(area, QPoint(0, 0)).x()
    return left >= 0 and left + widget.width() <= area.width()


@pytest.mark.parametrize("language_size", [(1024, 700), (1024, 768)])
def test_funnel_stacks_its_charts_on_a_small_window(qtbot, demo_context, language_size) -> None:  # noqa: ANN001
    window = open_at(qtbot, demo_context, "funnel", *language_size)
    view = window.view("funnel")
    qtbot.waitUntil(lambda: view.report is not None and view.pages.currentIndex() == 0)
    qtbot.waitUntil(lambda: view.grid.columns() == 1)
    viewport = view.scroll.viewport()
    assert view.scroll.horizontalScrollBar().maximum() == 0
    assert view.scroll.widget().width() <= viewport.width()
    for card in [*view.cards(), *view.kpis.tiles()]:
        assert inside(card, viewport), card
    assert inside(view.header, view)


def test_funnel_uses_two_columns_on_a_wide_window(qtbot, demo_context) -> None:  # noqa: ANN001
    window = open_at(qtbot, demo_context, "funnel", 1440, 900)
    view = window.view("funnel")
    qtbot.waitUntil(lambda: view.grid.columns() == 2)
    assert view.kpis.grid.columns() == 6
    assert view.scroll.horizontalScrollBar().maximum() == 0
    # five charts in two columns: the one left alone on its row takes the whole row
    alone = view.accuracy_card
    qtbot.waitUntil(lambda: alone.width() > view.funnel_card.width() * 1.5)


def test_the_pipeline_search_box_is_whole_on_a_small_window(qtbot, demo_context) -> None:  # noqa: ANN001
    window = open_at(qtbot, demo_context, "pipeline", 1024, 700)
    bar = window.view("pipeline").filter_bar
    search = bar.search
    hint = search.fontMetrics().horizontalAdvance(search.placeholderText())
    assert search.width() > hint + 40  # the placeholder and the icons fit
    for widget in (search, bar.sort, bar.idle_only):
        assert inside(widget, bar), widget  # controls wrap instead of being cut off


def test_customer_names_get_the_room_and_dragged_widths_are_kept(qtbot, demo_context) -> None:  # noqa: ANN001
    from funneldesk.ui.customers.column_fit import WIDTHS_KEY
    from funneldesk.ui.preferences import remember

    remember(WIDTHS_KEY, "")
    window = open_at(qtbot, demo_context, "customers", 1024, 700)
    view = window.view("customers")
    header = view.table.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(0) >= 160)
    assert header.sectionSize(0) > header.sectionSize(2)  # name wider than phone
    assert sum(header.sectionSize(i) for i in range(header.count())) <= (
        view.table.viewport().width() + 2
    )
    header.resizeSection(3, 180)  # the user widens City
    window.resize(1440, 900)
    qtbot.waitUntil(lambda: header.sectionSize(0) > 240)  # the name takes the new room
    assert header.sectionSize(3) == 180
    again = open_at(qtbot, demo_context, "customers", 1440, 900)
    assert again.view("customers").column_fit.preferred[3] == 180
