"""Filter menus whose first entry means "any" (All sources, All owners …)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QComboBox


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
