"""Query rows as the dataclasses the rest of the program reads.

A dataclass whose field names are its query's column names is built from a row in one
call, so a new field is named twice (the dataclass and the query), not a third time in a
field-by-field copy that can drift from both.
"""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.init)


def from_row(cls: type[T], row: Any, **values: Any) -> T:
    """``cls`` with each field read from ``row``'s column of the same name, except those
    ``values`` gives (a column named otherwise, a parsed date, a computed figure)."""
    given = {name: row[name] for name in _field_names(cls) if name not in values}
    return cls(**given, **values)
