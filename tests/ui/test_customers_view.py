"""The Customers view: paged model, SQL sorting and filtering, search box, refresh, delete."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from funneldesk.core import customers, deals
from funneldesk.core.db import Database
from funneldesk.ui.customers import model as model_module
from funneldesk.ui.customers.model import PAGE_SIZE, PAGES_KEPT, CustomerTableModel
from funneldesk.ui.customers.view import CustomersView


def add(db: Database, **values: object) -> int:
    return customers.create_customer(db, values).inserted_ids("customers")[0]


def bulk_customers(db: Database, count: int) -> None:
    with db.bulk() as conn:
        conn.executemany(
            "INSERT INTO customers (name, city, created_at, updated_at) VALUES (?, ?, 'x', 'x')",
            [(f"Client {i:04d}", "Lyon" if i % 3 else "Nice") for i in range(count)],
        )


def column_values(view: CustomersView, column: int = 0, rows: int = 50) -> list[str]:
    model = view.model
    return [model.index(r, column).data() for r in range(min(rows, model.rowCount()))]


@pytest.fixture
def filled(db: Database) -> Database:
    zhang = add(db, name="张三", city="北京", source="wechat", phone="+86 138 0013 8000")
    add(db, name="Émile Zola", city="Paris", source="referral")
    add(db, name="anna Berg", city="Paris", source="website")
    deals.create_deal(db, {"title": "Tea", "value": 4200, "customer_id": zhang})
    return db


@pytest.fixture
def view(qtbot, context, filled: Database) -> CustomersView:  # noqa: ANN001
    widget = CustomersView(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def test_model_passes_qt_model_tester_over_several_pages(qtmodeltester, db: Database) -> None:  # noqa: ANN001
    bulk_customers(db, PAGE_SIZE * 2 + 30)
    model = CustomerTableModel(db, "EUR")
    qtmodeltester.check(model)
    assert model.rowCount() == PAGE_SIZE * 2 + 30
    assert model.index(PAGE_SIZE * 2 + 29, 0).data() == f"Client {PAGE_SIZE * 2 + 29:04d}"


def test_model_keeps_only_a_window_of_pages(db: Database) -> None:
    bulk_customers(db, PAGE_SIZE * (PAGES_KEPT + 3))
    model = CustomerTableModel(db, "EUR")
    for row in range(0, model.rowCount(), PAGE_SIZE):
        assert model.index(row, 0).data() == f"Client {row:04d}"
    assert len(model._pages) == PAGES_KEPT
    assert model.rowCount(model.index(0, 0)) == 0  # a table: rows have no children


def test_deep_pages_read_the_same_rows_as_shallow_ones(db: Database, monkeypatch) -> None:  # noqa: ANN001
    bulk_customers(db, PAGE_SIZE * 5)
    shallow = CustomerTableModel(db, "EUR")
    expected = [shallow.index(row, 0).data() for row in range(0, PAGE_SIZE * 5, 37)]
    monkeypatch.setattr(model_module, "DEEP_OFFSET", PAGE_SIZE)
    deep = CustomerTableModel(db, "EUR")
    assert [deep.index(row, 0).data() for row in range(0, PAGE_SIZE * 5, 37)] == expected


def test_rows_show_name_city_and_open_deal_value(view: CustomersView) -> None:
    assert column_values(view) == ["anna Berg", "Émile Zola", "张三"]
    zhang = view.model.index(2, 7)
    assert "4" in zhang.data() and "200" in zhang.data()
    assert zhang.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert view.summary.text() == "3 customers"


def test_clicking_a_header_sorts_in_sql(view: CustomersView) -> None:
    header = view.table.horizontalHeader()
    header.setSortIndicator(3, Qt.SortOrder.AscendingOrder)  # City
    assert view.model.query.sort == "city"
    assert column_values(view, 3) == ["Paris", "Paris", "北京"]
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert column_values(view) == ["张三", "Émile Zola", "anna Berg"]


def test_filters_narrow_the_rows_and_say_so(view: CustomersView) -> None:
    view.filters.city.setCurrentIndex(view.filters.city.findData("Paris"))
    assert column_values(view) == ["anna Berg", "Émile Zola"]
    assert view.summary.text() == "2 customers · filtered by city Paris"
    view.filters.open_deals.setChecked(True)
    assert view.stack.currentWidget() is view.no_match
    view.filters.reset()
    assert view.model.rowCount() == 3
    assert view.stack.currentWidget() is view.table


@pytest.mark.parametrize(
    ("typed", "expected"), [("zs", "张三"), ("emile", "Émile Zola"), ("1380013", "张三")]
)
def test_search_box_filters_as_you_type(
    qtbot, view: CustomersView, typed: str, expected: str
) -> None:  # noqa: ANN001
    view.focus_search()
    assert view.filters.search.hasFocus()
    qtbot.keyClicks(view.filters.search, typed)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2000)
    assert column_values(view) == [expected]
    assert not view.table.horizontalHeader().isSortIndicatorShown()  # best match first


def test_clearing_the_search_restores_the_column_sort(qtbot, view: CustomersView) -> None:  # noqa: ANN001
    view.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    view.filters.search.setText("a")
    qtbot.waitUntil(lambda: view.model.query.search == "a", timeout=2000)
    assert view.model.query.sort == "relevance"
    view.filters.search.clear()
    qtbot.waitUntil(lambda: view.model.query.search == "", timeout=2000)
    assert (view.model.query.sort, view.model.query.descending) == ("name", True)


def test_list_refreshes_after_an_operation_and_selects_the_new_customer(
    view: CustomersView, context
) -> None:  # noqa: ANN001
    context.run(customers.create_customer, {"name": "Bea Cruz", "city": "Lima"})
    assert view.model.rowCount() == 4
    assert view.model.row(view.table.currentIndex().row()).name == "Bea Cruz"
    assert view.filters.city.findData("Lima") > 0


def test_unrelated_changes_do_not_reload(view: CustomersView, context, monkeypatch) -> None:  # noqa: ANN001
    reloads: list[int] = []
    monkeypatch.setattr(view.model, "reload", lambda: reloads.append(1))
    from funneldesk.core.changes import ChangeSet, RowChange

    context.changed.emit(ChangeSet("Edit stage", [RowChange("stages", 1, {}, {})]))
    assert reloads == []


def test_delete_asks_about_deals_and_undo_brings_the_customer_back(
    view: CustomersView, context, filled: Database, monkeypatch
) -> None:  # noqa: ANN001
    asked: list[tuple[str, int]] = []

    def keep_deals(name: str, count: int) -> bool:
        asked.append((name, count))
        return True

    monkeypatch.setattr(view, "_ask_keep_deals", keep_deals)
    view.table.selectRow(2)
    view.table.setFocus()
    view.delete_action.trigger()
    assert asked == [("张三", 1)]
    assert column_values(view) == ["anna Berg", "Émile Zola"]
    assert filled.scalar("SELECT COUNT(*) FROM deals WHERE customer_id IS NULL") == 1
    context.undo_stack.undo()
    assert column_values(view) == ["anna Berg", "Émile Zola", "张三"]


def test_cancelled_delete_changes_nothing(view: CustomersView, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(view, "_ask_keep_deals", lambda name, count: None)
    view.table.selectRow(0)
    view.delete_current()
    assert view.model.rowCount() == 3


def test_show_payload_selects_a_customer_hidden_by_filters(
    view: CustomersView, filled: Database
) -> None:
    zhang = filled.scalar("SELECT id FROM customers WHERE name = '张三'")
    view.filters.city.setCurrentIndex(view.filters.city.findData("Paris"))
    view.show_payload({"customer_id": zhang})
    assert view.model.query.city is None
    assert view.current_customer_id() == zhang


def test_enter_and_double_click_open_the_card(qtbot, view: CustomersView, monkeypatch) -> None:  # noqa: ANN001
    opened: list[int | None] = []
    monkeypatch.setattr(view, "open_card", opened.append)
    view.table.selectRow(1)
    view.table.setFocus()
    view.open_action.trigger()
    view.table.doubleClicked.emit(view.model.index(0, 0))
    view.new_action.trigger()
    assert opened == [view.model.customer_id(1), view.model.customer_id(0)] + [None]


def test_an_empty_database_says_what_to_do_next(qtbot, context) -> None:  # noqa: ANN001
    widget = CustomersView(context)
    qtbot.addWidget(widget)
    assert widget.stack.currentWidget() is widget.empty
    assert widget.model.rowCount(QModelIndex()) == 0


def test_a_large_search_backlog_is_indexed_on_a_worker(qtbot, context, db: Database) -> None:  # noqa: ANN001
    from funneldesk.core.search import pending_count
    from funneldesk.ui.customers.index_job import BACKLOG_THRESHOLD

    bulk_customers(db, BACKLOG_THRESHOLD + 50)
    widget = CustomersView(context)
    qtbot.addWidget(widget)
    assert widget._index_job is not None
    qtbot.waitUntil(lambda: widget._index_job is None, timeout=20000)
    assert pending_count(db) == 0
    widget.filters.search.setText("nice")
    widget.filters._emit_now()
    assert widget.model.rowCount() == (BACKLOG_THRESHOLD + 50 + 2) // 3


def test_lead_sources_show_their_names_not_the_stored_codes(view: CustomersView) -> None:
    source_column = [key for key, _ in model_module.COLUMNS].index("source")
    shown = set(column_values(view, source_column))
    assert {"WeChat", "Referral", "Website"} <= shown
    assert "wechat" not in shown
    menu = view.filters.source
    items = {menu.itemText(i): menu.itemData(i) for i in range(menu.count())}
    assert items["WeChat"] == "wechat"


def test_an_edited_row_shows_its_new_texts_after_being_painted(
    view: CustomersView, context, filled: Database
) -> None:  # noqa: ANN001
    view.table.viewport().repaint()  # the rows' cells are formatted and kept
    zola = view.model.customer_id(1)
    assert view.model.index(1, 3).data() == "Paris"
    context.run(customers.update_customer, zola, {"city": "Médan"})
    assert view.model.index(1, 3).data() == "Médan"
    deals.create_deal(filled, {"title": "Books", "value": 900, "customer_id": zola})
    context.run(customers.update_customer, zola, {"city": "Paris"})
    assert "900" in view.model.index(1, 7).data()


def test_a_search_lays_out_the_table_before_its_first_paint(view: CustomersView, db) -> None:  # noqa: ANN001
    bulk_customers(db, 200)
    view.model.reload()
    view.filters.search.setText("Client")
    view.filters.search.returnPressed.emit()
    scroll = view.table.verticalScrollBar()
    assert scroll.maximum() > 0  # the scroll range fits the new rows without waiting a tick
    view.filters.search.setText("Émile")
    view.filters.search.returnPressed.emit()
    assert scroll.maximum() == 0


def painted_text(view: CustomersView, row: int, key: str, width: int | None = None) -> str:
    """What the table's delegate draws in one cell (its kept text), painted on its own."""
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    texts: list[str] = []

    class Recording(QPainter):
        def drawStaticText(self, *args) -> None:  # noqa: ANN002, N802
            texts.append(args[-1].text())

    option = QStyleOptionViewItem()
    option.state = option.state.State_Enabled
    option.palette = view.table.palette()
    index = view.model.index(row, [k for k, _ in model_module.COLUMNS].index(key))
    option.rect = view.table.visualRect(index).adjusted(0, 0, 0, 0)
    if width is not None:
        option.rect.setWidth(width)
    image = QImage(400, 40, QImage.Format.Format_ARGB32)  # outlives the painter
    painter = Recording(image)
    view.table.itemDelegate().paint(painter, option, index)
    painter.end()
    return texts[0]


def test_a_narrow_open_deals_column_shows_the_value_short_not_cut(view: CustomersView, db) -> None:  # noqa: ANN001
    from PySide6.QtGui import QFontMetrics

    from funneldesk.ui.theme import tabular

    deals.create_deal(
        db, {"title": "Fleet", "value": 196500, "customer_id": view.model.customer_id(1)}
    )
    view.model.reload()
    metrics = QFontMetrics(tabular(view.table.font()))
    fits_short = metrics.horizontalAdvance("196.5K USD") + 12
    assert metrics.horizontalAdvance("196,500 USD") > fits_short - 6  # the whole would be cut
    assert painted_text(view, 1, "open_value", 300) == "196,500 USD"
    assert painted_text(view, 1, "open_value", fits_short) == "196.5K USD"  # not "196,500 …"


def test_a_cell_painted_after_an_edit_shows_the_new_text(view: CustomersView, context) -> None:  # noqa: ANN001
    assert painted_text(view, 1, "city") == "Paris"
    context.run(customers.update_customer, view.model.customer_id(1), {"city": "Médan"})
    assert painted_text(view, 1, "city") == "Médan"  # not the row the delegate painted last


def test_the_table_stays_put_when_a_search_turns_chinese(qtbot, view: CustomersView) -> None:  # noqa: ANN001
    tops = []
    for text in ("Zola", "张", "Berg"):
        view.filters.search.setText(text)
        view.filters.search.returnPressed.emit()
        qtbot.wait(1)  # the layout settles
        tops.append(view.stack.geometry().top())
    assert tops[0] == tops[1] == tops[2]


def test_shown_texts_kept_for_the_next_paint_are_bounded(
    qtbot, view: CustomersView, monkeypatch
) -> None:  # noqa: ANN001
    from funneldesk.ui.customers import cell_delegate

    monkeypatch.setattr(cell_delegate, "_TEXTS_KEPT", 4)
    delegate = view.table.itemDelegate()
    view.table.setColumnWidth(3, 80)  # the cities are laid out again for the new width
    qtbot.waitUntil(lambda: len(delegate._texts) == 4)  # the least recently drawn made room
    view.table.setColumnWidth(3, 90)
    qtbot.wait(50)
    assert len(delegate._texts) == 4


def test_a_birthday_countdown_follows_the_day_across_searches(view: CustomersView, db) -> None:  # noqa: ANN001
    from datetime import datetime, timedelta

    from funneldesk.core import clock

    zola = view.model.customer_id(1)
    birthday = clock.today() + timedelta(days=3)
    customers.add_important_date(
        db, zola, {"kind": "birthday", "month": birthday.month, "day": birthday.day}
    )
    column = [key for key, _ in model_module.COLUMNS].index("next_birthday")
    view.model.reload()
    assert view.model.index(1, column).data().endswith("in 3 days")
    tomorrow = datetime.combine(clock.today() + timedelta(days=1), datetime.min.time())
    with clock.frozen_at(tomorrow.replace(hour=9)):
        view.filters.search.setText("zola")  # a search lists the same customer again
        view.filters.search.returnPressed.emit()
        row = view.model.row_of(zola)
        assert view.model.index(row, column).data().endswith("in 2 days")
