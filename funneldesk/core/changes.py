"""What an operation changed, row by row, so that it can be undone and views can refresh.

An operation records a :class:`RowChange` for every row it inserts, updates or deletes
(before and after images). Undo applies the before images in reverse order; redo applies
the after images. Both are themselves operations (see :func:`funneldesk.core.recorder.revert`),
so an undo is as atomic as the change it reverses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class RowChange:
    """One row's before/after image. ``before is None``: inserted; ``after is None``: deleted."""

    table: str
    row_id: int
    before: Row | None
    after: Row | None

    @property
    def kind(self) -> str:
        if self.before is None:
            return "insert"
        if self.after is None:
            return "delete"
        return "update"


@dataclass
class ChangeSet:
    """Everything one operation changed, in the order it changed it."""

    label: str
    rows: list[RowChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.rows)

    def tables(self) -> set[str]:
        """Names of the tables touched, for views that refresh per table."""
        return {change.table for change in self.rows}

    def ids(self, table: str) -> set[int]:
        """Ids of the rows of ``table`` that were inserted, updated or deleted."""
        return {change.row_id for change in self.rows if change.table == table}

    def inserted_ids(self, table: str) -> list[int]:
        return [c.row_id for c in self.rows if c.table == table and c.kind == "insert"]

    def changes(self, table: str) -> list[RowChange]:
        return [c for c in self.rows if c.table == table]
