"""The list every card tab shows: one selectable row per record, one column taking the slack."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget


def record_tree(headers: list[str], stretch_column: int) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setHeaderLabels(headers)
    tree.header().setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return tree
