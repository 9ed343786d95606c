"""Reading the first worksheet of an .xlsx workbook in openpyxl's read-only (streaming) mode.

Cells keep their types: an Excel date cell arrives as a ``datetime`` (so a birthday needs no
text parsing) and a phone typed as a number loses no digits (see ``records.cell_text``).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from funneldesk.core.importing.records import SourceRow, cell_text
from funneldesk.core.importing.sources import OLE_MAGIC, ImportFileError, SourceTable


def open_workbook(path: Path) -> SourceTable:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE_MAGIC):
        raise ImportFileError(
            f"{path.name} is an old .xls (or protected) workbook; save it as .xlsx or CSV."
        )
    if not zipfile.is_zipfile(path):
        raise ImportFileError(f"{path.name} is not an Excel workbook (.xlsx).")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_number, headers = _header(rows, path)
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, InvalidFileException) as exc:
        raise ImportFileError(f"{path.name} is not a readable Excel workbook ({exc}).") from exc
    except Exception as exc:  # a damaged part raises whatever lxml or openpyxl meets first
        raise ImportFileError(f"{path.name} is a damaged Excel workbook ({exc}).") from exc
    total = max((sheet.max_row or header_number) - header_number, 0)
    return SourceTable("xlsx", headers, _data_rows(workbook, rows, header_number, path), total)


def _header(rows: Iterator[tuple[Any, ...]], path: Path) -> tuple[int, list[str]]:
    for number, values in enumerate(rows, start=1):
        if any(cell_text(v) for v in values):
            return number, [cell_text(v) for v in values]
    raise ImportFileError(f"{path.name}: the first sheet of the workbook is empty.")


def _data_rows(
    workbook: Any, rows: Iterator[tuple[Any, ...]], header_number: int, path: Path
) -> Iterator[SourceRow]:
    number = header_number
    try:
        for number, values in enumerate(rows, start=header_number + 1):
            yield SourceRow(number, values)
    except Exception as exc:  # a damaged sheet part fails only when it is reached
        raise ImportFileError(f"{path.name} is damaged after row {number}: {exc}") from exc
    finally:
        workbook.close()
