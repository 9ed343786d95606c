"""From one source row and a column mapping to what will be written: a customer, its dates
and preferences, and the problems found on the way.

Nothing here touches the database; :mod:`funneldesk.core.importing.writer` validates the
customer fields and writes. Values that cannot be read (an impossible birthday) are dropped
with a problem naming the row, so a bad cell never costs the whole row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from funneldesk.core.errors import ValidationError
from funneldesk.core.importing.dates import ParsedDate, parse_date
from funneldesk.core.importing.headers import (
    CUSTOMER_TARGETS,
    column_priority,
    event_type_columns,
)
from funneldesk.core.safe_text import CSV_ESCAPE, csv_text_restored
from funneldesk.core.validation import DATE_KINDS, HAN_RE, PREFERENCE_CATEGORIES

MULTI_VALUE_SPLIT = re.compile(r"\s*:::\s*")
"""Google Contacts puts several values in one cell separated by ``:::``."""
_OTHER_DATE = re.compile(r'^\s*([\w ]+?)(?:\s+"(.*)")?\s*:\s*(.+?)\s*$')
_REMIND = re.compile(r"\s*\[remind (\d{1,3}) days?\]\s*$")
"""The export's note of a reminder other than the default: ``--07-09 [remind 3 days]``."""


@dataclass(frozen=True)
class DateEntry:
    kind: str
    label: str | None
    date: ParsedDate
    remind_days_before: int | None = None


@dataclass
class ImportRecord:
    """One source row ready to be written (or rejected, when ``rejected`` says why)."""

    row: int
    customer: dict[str, Any] = field(default_factory=dict)
    dates: list[DateEntry] = field(default_factory=list)
    preferences: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rejected: str | None = None


@dataclass(frozen=True)
class SourceRow:
    """A row as the user sees it: its number and its cells, or why it could not be read."""

    number: int
    cells: Sequence[Any]
    error: str | None = None
    problems: tuple[str, ...] = ()
    """What reading the row lost or could not understand (it is imported all the same)."""


def cell_text(value: Any) -> str:
    """A cell as text; numbers keep their digits (a phone read as 13800138000.0 loses ``.0``)."""
    if type(value) is str:  # every CSV cell: the short way, called once per cell and target
        text = value.strip()
        return csv_text_restored(text) if text.startswith(CSV_ESCAPE) else text
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return csv_text_restored(str(value).strip())


class RecordBuilder:
    """Applies one column mapping to many rows (the column order is worked out once)."""

    def __init__(self, headers: Sequence[str], mapping: Sequence[str | None]) -> None:
        self.columns = [
            (
                index,
                mapping[index],
                headers[index] if index < len(headers) else f"Column {index + 1}",
            )
            for index in column_priority(headers, mapping)
            if mapping[index] is not None
        ]
        self.event_types = {
            value: kind
            for value, kind in event_type_columns(headers).items()
            if mapping[value] == "other_dates"
        }
        fields = [target for _i, target, _h in self.columns if target in _DIRECT_TARGETS]
        self.direct = len(fields) == len(set(fields))
        """Each customer field comes from one column (the usual file): its cell is the value,
        set while the row is read instead of being gathered for :func:`_fill_customer`."""
        single_notes = [target for _i, target, _h in self.columns].count("notes") == 1
        self.cells = [
            (index, target, header, target in _DIRECT_TARGETS or single_notes and target == "notes")
            for index, target, header in self.columns
        ]
        """The columns read per row, each marked when it may be set directly: a customer
        field, or the only notes column (other notes are added after it)."""

    def build(self, source: SourceRow) -> ImportRecord:
        record = ImportRecord(row=source.number, problems=list(source.problems))
        if source.error:
            record.rejected = source.error
            return record
        cells = source.cells
        count = len(cells)
        customer = record.customer
        values: dict[str, list[tuple[str, Any]]] = {}
        extra_notes: list[str] = []
        direct_row = self.direct
        for index, target, header, direct_column in self.cells:
            direct = direct_row and direct_column
            if index >= count:
                continue
            raw = cells[index]
            if type(raw) is str:  # every CSV cell: ``cell_text`` inlined, once per cell
                text = raw.strip()
                if not text:
                    continue
                if direct:
                    if text.startswith(CSV_ESCAPE):
                        text = csv_text_restored(text)
                    _set_field(customer, target, header, text, extra_notes)
                    continue
            elif raw is None:
                continue
            elif direct:
                _set_field(customer, target, header, cell_text(raw), extra_notes)
                continue
            if index in self.event_types:
                kind = (
                    cell_text(cells[self.event_types[index]])
                    if self.event_types[index] < count
                    else ""
                )
                raw = f"{kind.replace(':', ' ') or 'custom'}: {cell_text(raw)}"
            values.setdefault(target, []).append((header, raw))
        if values or extra_notes or "name" not in customer:  # else there is nothing to fill
            _fill_customer(record, values, extra_notes)
        if values.keys() & _DATE_AND_PREFERENCE_TARGETS:
            _fill_dates(record, values)
            _fill_preferences(record, values.get("preferences", []))
        if not customer.get("name"):
            record.rejected = "The row has no name (nor a company to use as one)."
        return record


_DATE_AND_PREFERENCE_TARGETS = {"birthday", "anniversary", "other_dates", "preferences"}


def is_blank(source: SourceRow) -> bool:
    """A row without a readable value (text cells: only spaces; ``cell_text`` never empties
    a text cell that holds more, so they need no more than ``strip``)."""
    return (
        source.error is None
        and not source.problems
        and all(not c.strip() if type(c) is str else cell_text(c) == "" for c in source.cells)
    )


def _set_field(
    customer: dict[str, Any], target: str, header: str, text: str, extra_notes: list[str]
) -> None:
    """A customer field from its only cell: several phones or addresses in one cell (``:::``)
    give the first as the value, the others as notes."""
    if ":::" not in text or target not in ("phone", "email"):
        if text:
            customer[target] = text
        return
    parts = list(dict.fromkeys(part for part in MULTI_VALUE_SPLIT.split(text) if part))
    if parts:
        customer[target] = parts[0]
        extra_notes.extend(f"{header}: {part}" for part in parts[1:])


def _fill_customer(
    record: ImportRecord, values: dict[str, list[tuple[str, Any]]], extra_notes: list[str]
) -> None:
    """The customer fields of ``values`` (a field's first cell wins, the others become
    notes), the name from its parts when no column gives it whole, and the notes."""
    for target, found_cells in values.items():
        if target not in _DIRECT_TARGETS:
            continue
        if len(found_cells) == 1:
            header, raw = found_cells[0]
            _set_field(record.customer, target, header, cell_text(raw), extra_notes)
            continue
        found: list[tuple[str, str]] = []
        for header, raw in found_cells:
            text = cell_text(raw)
            if target in ("phone", "email") and ":::" in text:
                found.extend((header, part) for part in MULTI_VALUE_SPLIT.split(text) if part)
            elif text:
                found.append((header, text))
        if not found:
            continue
        record.customer[target] = found[0][1]
        seen = {found[0][1]}
        for header, text in found[1:]:
            if text not in seen:
                seen.add(text)
                extra_notes.append(f"{header}: {text}")
    if "name" not in record.customer:
        name = _name_from_parts(values)
        if name:
            record.customer["name"] = name
        elif record.customer.get("company"):
            record.customer["name"] = record.customer["company"]
    notes = [record.customer.get("notes")]  # the only notes column's, set directly
    notes += [cell_text(raw) for _header, raw in values.get("notes", [])]
    notes = [n for n in notes if n] + extra_notes
    if notes:
        record.customer["notes"] = "\n".join(notes)


_CUSTOMER_TARGET_SET = frozenset(CUSTOMER_TARGETS)
_DIRECT_TARGETS = _CUSTOMER_TARGET_SET - {"notes"}
"""Fields whose value is one cell (notes gather every notes cell and what else is left)."""


def _name_from_parts(values: dict[str, list[tuple[str, Any]]]) -> str:
    """Given + family name; Chinese names are written family name first, without a space."""
    parts = {
        t: cell_text(values[t][0][1])
        for t in ("family_name", "given_name", "middle_name")
        if values.get(t)
    }
    family, given, middle = (parts.get(k, "") for k in ("family_name", "given_name", "middle_name"))
    if HAN_RE.search(family + given):
        return f"{family}{given}".strip()
    return " ".join(p for p in (given, middle, family) if p)


def _fill_dates(record: ImportRecord, values: dict[str, list[tuple[str, Any]]]) -> None:
    for kind in ("birthday", "anniversary"):
        for header, raw in values.get(kind, []):
            _add_date(record, kind, None, raw, header)
    for header, raw in values.get("other_dates", []):
        for entry in str(raw).split(";"):
            if not entry.strip():
                continue
            match = _OTHER_DATE.match(entry)
            if match is None:
                record.problems.append(f"{header}: “{entry.strip()}” was not understood; dropped.")
                continue
            kind_text, label, when = match.groups()
            kind = kind_text.strip().lower().replace(" ", "_")
            if kind not in DATE_KINDS:
                kind, label = "custom", label or kind_text.strip()
            remind = _REMIND.search(when)
            if remind:
                when = when[: remind.start()]
            _add_date(record, kind, label, when, header, int(remind.group(1)) if remind else None)


def _add_date(
    record: ImportRecord,
    kind: str,
    label: str | None,
    raw: Any,
    header: str,
    remind_days_before: int | None = None,
) -> None:
    try:
        parsed = parse_date(raw if not isinstance(raw, str) else csv_text_restored(raw))
    except ValidationError as exc:
        record.problems.append(f"{header}: {exc} The date was not imported.")
        return
    if parsed is not None:
        record.dates.append(DateEntry(kind, label, parsed, remind_days_before))


def _fill_preferences(record: ImportRecord, cells: list[tuple[str, Any]]) -> None:
    for _header, raw in cells:
        for item in cell_text(raw).split(";"):
            category, _, value = item.partition(":")
            if not value.strip():
                category, value = "other", category
            category = category.strip().lower()
            if category not in PREFERENCE_CATEGORIES:
                category, value = "other", item
            if value.strip():
                record.preferences.append((category, value.strip()))
