"""Phone and address-book exports: vCard 2.1, 3.0 and 4.0 (parsed with vobject).

Each card becomes one row of fixed columns (:data:`VCARD_HEADERS`), numbered from 1, so the
rest of the import treats it like a spreadsheet row. A card vobject cannot read becomes a
row with an error instead of stopping the import. Apple's ``X-APPLE-OMIT-YEAR`` and the
``X-ABDATE``/``X-ABLabel`` pairs (anniversaries) are honoured; a card without ``FN`` takes
its name from ``N``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from funneldesk.core.importing.records import SourceRow
from funneldesk.core.importing.sources import ImportFileError, SourceTable

VCARD_HEADERS = [
    "Name",
    "Family name",
    "Given name",
    "Middle name",
    "Company",
    "Title",
    "Phone",
    "Email",
    "Address",
    "City",
    "Birthday",
    "Anniversary",
    "Other dates",
    "Notes",
]
_CARD = re.compile(r"BEGIN:VCARD.*?END:VCARD", re.IGNORECASE | re.DOTALL)
_APPLE_ANNIVERSARY = "_$!<anniversary>!$_"
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_DATE_WITH_TIME = re.compile(r"^(\d{4}-?\d{2}-?\d{2}|--\d{2}-?\d{2})T.*$")


def open_vcards(text: str, path: Path) -> SourceTable:
    cards = _CARD.findall(text)
    if not cards:
        raise ImportFileError(f"{path.name} contains no vCard (BEGIN:VCARD … END:VCARD).")
    return SourceTable("vcf", list(VCARD_HEADERS), _rows(cards), len(cards))


def _rows(cards: list[str]) -> Iterator[SourceRow]:
    import vobject

    for number, block in enumerate(cards, start=1):
        try:
            card = vobject.readOne(block, ignoreUnreadable=True)
            cells = card_cells(card)
        except Exception as exc:  # vobject raises many types on malformed cards
            yield SourceRow(number, [], error=f"The card could not be read ({exc}).")
            continue
        yield SourceRow(number, cells)


def card_cells(card: Any) -> list[str]:
    """One card as cells in :data:`VCARD_HEADERS` order."""
    name = _first(card, "fn")
    family = given = middle = ""
    if "n" in card.contents:
        parts = card.n.value
        family, given, middle = (
            _joined(getattr(parts, a, "")) for a in ("family", "given", "additional")
        )
    org = card.org.value if "org" in card.contents else []
    company = (org[0] if isinstance(org, list) and org else str(org or "")).strip()
    street = city = ""
    if "adr" in card.contents:
        address = card.adr.value
        city = _joined(address.city)
        street = ", ".join(
            p
            for p in (
                _joined(address.street),
                _joined(address.region),
                _joined(address.code),
                _joined(address.country),
            )
            if p
        )
    anniversary, other_dates = _labelled_dates(card)
    return [
        name,
        family,
        given,
        middle,
        company,
        _first(card, "title"),
        " ::: ".join(_phones(card)),
        " ::: ".join(_values(card, "email")),
        street,
        city,
        _bday(card),
        anniversary or _first(card, "anniversary") or _first(card, "x-anniversary"),
        "; ".join(other_dates),
        "\n".join(_values(card, "note")),
    ]


def _joined(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(str(v).strip() for v in value if str(v).strip())
    return str(value or "").strip()


def _values(card: Any, key: str) -> list[str]:
    return [
        str(line.value).strip() for line in card.contents.get(key, []) if str(line.value).strip()
    ]


def _first(card: Any, key: str) -> str:
    values = _values(card, key)
    return values[0] if values else ""


def _phones(card: Any) -> list[str]:
    """Mobile and preferred numbers first."""

    def rank(line: Any) -> int:
        types = {t.upper() for t in line.params.get("TYPE", [])} | {
            t.upper() for t in getattr(line, "singletonparams", [])
        }
        return 0 if "CELL" in types else 1 if "PREF" in types else 2

    lines = sorted(card.contents.get("tel", []), key=rank)
    return [str(line.value).strip() for line in lines if str(line.value).strip()]


def _date_text(line: Any) -> str:
    value = str(line.value).strip()
    match = _DATE_WITH_TIME.match(value)
    if match:
        value = match.group(1)
    omit = line.params.get("X-APPLE-OMIT-YEAR", [None])[0]
    if omit and value.replace("-", "").startswith(str(omit)):
        digits = value.replace("-", "")
        value = f"--{digits[4:6]}-{digits[6:8]}"
    return value


def _bday(card: Any) -> str:
    lines = card.contents.get("bday", [])
    return _date_text(lines[0]) if lines else ""


def _labelled_dates(card: Any) -> tuple[str, list[str]]:
    """Apple's grouped ``itemN.X-ABDATE`` + ``itemN.X-ABLabel``: an anniversary or a custom date."""
    labels = {
        line.group: str(line.value).strip()
        for line in card.contents.get("x-ablabel", [])
        if line.group
    }
    anniversary = ""
    others: list[str] = []
    for line in card.contents.get("x-abdate", []):
        label = labels.get(line.group, "")
        text = _date_text(line)
        if label.lower() == _APPLE_ANNIVERSARY and not anniversary:
            anniversary = text
            continue
        match = _APPLE_LABEL.match(label)
        readable = (match.group(1) if match else label) or "Date"
        others.append(f'custom "{readable}": {text}')
    return anniversary, others
