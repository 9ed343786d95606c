"""Importing contacts from other programs: CSV, Excel workbooks and vCards.

``open_source`` reads a file into a :class:`SourceTable`; ``guess_mapping`` proposes a
field per column (the dialog lets the user change it); ``import_table`` writes the rows as
one undoable import. ``import_file`` does all three, for the command line.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from pathlib import Path
from typing import Unpack

from funneldesk.core.db import Database
from funneldesk.core.importing.headers import TARGETS, guess_mapping, has_name_columns
from funneldesk.core.importing.records import RecordBuilder, SourceRow, is_blank
from funneldesk.core.importing.sources import FORMATS, ImportFileError, SourceTable, open_source
from funneldesk.core.importing.writer import (
    DUPLICATE_POLICIES,
    ImportOptions,
    ImportResult,
    RowProblem,
    import_records,
)

__all__ = [
    "DUPLICATE_POLICIES",
    "FORMATS",
    "TARGETS",
    "ImportFileError",
    "ImportOptions",
    "ImportResult",
    "RowProblem",
    "SourceTable",
    "guess_mapping",
    "import_file",
    "import_table",
    "open_source",
    "preview",
]

PREVIEW_ROWS = 8


def preview(
    path: Path | str,
    fmt: str | None = None,
    rows: int = PREVIEW_ROWS,
    encoding: str | None = None,
) -> tuple[SourceTable, list[SourceRow]]:
    """The file's header and first non-blank rows, for the dialog's mapping step.

    ``table.encoding`` is the text encoding found (or ``encoding``, when the user chose
    one). The file is closed again; importing reopens it, so a preview never holds a
    workbook open.
    """
    table = open_source(path, fmt, encoding)
    try:
        first = list(islice((r for r in table.rows if not is_blank(r)), rows))
    finally:
        close = getattr(table.rows, "close", None)
        if close is not None:
            close()
    return table, first


def import_table(
    db: Database,
    table: SourceTable,
    mapping: Sequence[str | None] | None = None,
    **options: Unpack[ImportOptions],
) -> ImportResult:
    """Import every non-blank row of ``table`` with ``mapping`` (default: the guessed one)."""
    mapping = list(mapping) if mapping is not None else guess_mapping(table.headers)
    if not has_name_columns(mapping):
        shown = ", ".join(h for h in table.headers if h)[:120]
        raise ImportFileError(
            f"No column holds names (columns: {shown}); name one “Name” or “姓名”, "
            "or map one to Name."
        )
    builder = RecordBuilder(table.headers, mapping)
    records = (builder.build(row) for row in table.rows if not is_blank(row))
    result = import_records(db, records, total=table.total, **options)
    result.encoding = table.encoding
    return result


def import_file(
    db: Database,
    path: Path | str,
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    **options: Unpack[ImportOptions],
) -> ImportResult:
    """Open, recognise the columns and import: what ``funneldesk import`` does."""
    return import_table(db, open_source(path, fmt, encoding), **options)
