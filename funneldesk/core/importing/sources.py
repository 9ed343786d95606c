"""Opening an import file: which format it is, its text encoding, and its rows.

Every format is read into the same shape, a :class:`SourceTable` (header cells plus
numbered rows), so header recognition, the preview and the writer do not care whether the
rows came from a CSV file, a workbook or a phone's vCard export. Row numbers are the ones a
user sees: the spreadsheet row (header = row 1) or the 1-based card number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from funneldesk.core.errors import FunnelDeskError
from funneldesk.core.importing.encodings import (
    REPLACEMENT,
    DecodedText,
    decode_bytes,
    is_utf16,
)
from funneldesk.core.importing.records import SourceRow, cell_text

FORMATS = ("csv", "xlsx", "vcf")
EXTENSIONS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".vcf": "vcf",
    ".vcard": "vcf",
}
DELIMITERS = (",", ";", "\t", "|")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class ImportFileError(FunnelDeskError):
    """The file cannot be imported at all (missing, empty, or not what it claims to be)."""


@dataclass
class SourceTable:
    """A file's header cells and an iterator over its data rows."""

    format: str
    headers: list[str]
    rows: Iterator[SourceRow]
    total: int
    """Number of data rows (an estimate for workbooks), for progress."""
    encoding: str | None = None
    """The text encoding the file was read in (``None`` for a workbook)."""


def detect_format(path: Path, declared: str | None = None) -> str:
    """The file's format: ``declared`` when given (and checked later), else by content
    (a workbook is a zip file, a vCard file says ``BEGIN:VCARD``), else by name."""
    if declared:
        if declared not in FORMATS:
            raise ImportFileError(f"Unknown import format “{declared}” (use csv, xlsx or vcf).")
        return declared
    head = _head(path)
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if b"BEGIN:VCARD" in head.upper().replace(b"\x00", b""):
        return "vcf"
    return EXTENSIONS.get(path.suffix.lower(), "csv")


def open_source(
    path: Path | str, declared: str | None = None, encoding: str | None = None
) -> SourceTable:
    """Open ``path`` for import; raises :class:`ImportFileError` with a one-line reason.

    ``encoding`` overrides the detected text encoding (CSV and vCard; a vCard value's own
    ``CHARSET`` still wins).
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise ImportFileError(f"{path}: no such file.")
    if path.is_dir():
        raise ImportFileError(f"{path} is a folder, not a file.")
    if path.stat().st_size == 0:
        raise ImportFileError(f"{path} is empty.")
    fmt = detect_format(path, declared)
    if fmt == "xlsx":
        from funneldesk.core.importing.workbook import open_workbook

        return open_workbook(path)
    data = path.read_bytes()
    _refuse_binary(data, path)
    if fmt == "vcf":
        from funneldesk.core.importing.vcard import open_vcards

        return open_vcards(data, path, encoding)
    decoded = decode_bytes(data, encoding)
    if not decoded.text.strip():
        raise ImportFileError(f"{path} is empty.")
    return open_csv_text(decoded, path)


def _head(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(4096)


def _refuse_binary(data: bytes, path: Path) -> None:
    """A workbook or any file with a NUL byte (outside UTF-16 text) is not text to import."""
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)) or (b"\x00" in data and not is_utf16(data)):
        raise ImportFileError(
            f"{path.name} is not a text file; if it is a workbook, save it as .xlsx or CSV."
        )


def sniff_delimiter(first_line: str) -> str:
    """The delimiter that splits the header line into the most columns (comma when none)."""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def open_csv_text(decoded: DecodedText, path: Path) -> SourceTable:
    """Rows are parsed lazily from the decoded text; ``total`` counts lines (a multi-line
    quoted cell makes it a slight overestimate, which only the progress bar sees)."""
    text = decoded.text
    csv.field_size_limit(1 << 30)
    first_line = next((line for line in io.StringIO(text) if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    header_number, headers = 0, []
    for record in reader:
        header_number += 1
        if any(c.strip() for c in record):
            headers = [cell_text(c) for c in record]
            break
    if not headers:
        raise ImportFileError(f"{path} is empty.")
    data_start = text.index(first_line) + len(first_line)
    unterminated = not text.endswith("\n") and bool(text[data_start:].strip())
    total = text.count("\n", data_start) + unterminated
    rows = (SourceRow(header_number + 1 + i, cells) for i, cells in enumerate(reader))
    if decoded.lossy:
        rows = _with_undecodable_cells(rows, headers, decoded.encoding)
    return SourceTable("csv", headers, rows, total, decoded.encoding)


def undecodable_problem(field: str, encoding: str) -> str:
    return (
        f"{field}: some characters could not be read as {encoding} and show as “{REPLACEMENT}”; "
        "if the file has another encoding, choose it and import again."
    )


def _with_undecodable_cells(
    rows: Iterator[SourceRow], headers: list[str], encoding: str
) -> Iterator[SourceRow]:
    """Rows whose cells hold bytes the encoding could not read carry a problem per cell."""
    for row in rows:
        problems = tuple(
            undecodable_problem(
                headers[i] if i < len(headers) and headers[i] else f"Column {i + 1}", encoding
            )
            for i, cell in enumerate(row.cells)
            if REPLACEMENT in cell
        )
        yield SourceRow(row.number, row.cells, problems=problems) if problems else row
