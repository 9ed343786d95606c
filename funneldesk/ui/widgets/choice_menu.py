"""Choice controls: menus of codes shown by their translated names (kinds, categories), and
filter-bar controls: menus whose first entry means "any" (All sources …), toggles and the
*Clear filters* button."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QToolButton, QWidget

from funneldesk.ui import labels
from funneldesk.ui.icons import icon


def code_combo(table: dict) -> QComboBox:
    """A menu of the codes of a ``labels`` table (date kinds, contact kinds, preference
    categories), each with its icon and translated name; ``currentData()`` is the code."""
    combo = QComboBox()
    for code in table:
        combo.addItem(icon(labels.icon_name(table, code)), labels.label(table, code), code)
    return combo


def fill_choices(
    combo: QComboBox,
    everyone: str,
    values: Sequence[str],
    shown: Callable[[str], str] = str,
) -> None:
    """Replace the entries with ``everyone`` (data ``None``) and ``values``, shown through
    ``shown``; the current choice is kept when it still exists, without emitting a change."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everyone, None)
    for value in values:
        combo.addItem(shown(value), value)
    found = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(found, 0))
    combo.blockSignals(False)


def filter_toggle(text: str, icon_name: str) -> QToolButton:
    """A checkable filter chip such as *Idle only* or *Open deals*."""
    button = QToolButton()
    button.setText(text)
    button.setIcon(icon(icon_name))
    button.setCheckable(True)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    return button


def clear_quietly(*controls: QWidget) -> None:
    """Put filter controls back to "no filter" without a signal from each: text emptied,
    menus on their first entry ("All …"), toggles off. The bar then announces one change."""
    for control in controls:
        control.blockSignals(True)
        if isinstance(control, QLineEdit):
            control.clear()
        elif isinstance(control, QComboBox):
            control.setCurrentIndex(0)
        elif isinstance(control, QAbstractButton):
            control.setChecked(False)
        control.blockSignals(False)


def clear_filters_button(text: str, reset: Callable[[], None]) -> QToolButton:
    """The button that resets a filter bar, hidden until the bar filters anything."""
    button = QToolButton()
    button.setText(text)
    button.setIcon(icon("filter-remove-outline"))
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setAutoRaise(True)
    button.clicked.connect(reset)
    button.hide()
    return button
