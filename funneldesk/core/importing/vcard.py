"""Phone and address-book exports: vCard 2.1, 3.0 and 4.0.

Each card becomes one row of fixed columns (:data:`VCARD_HEADERS`), numbered from 1, so the
rest of the import treats it like a spreadsheet row.

Values are read the way their writers meant them, which is where phone exports differ:

* Android and Outlook write vCard 2.1 with ``ENCODING=QUOTED-PRINTABLE`` and break long
  values with ``=`` at the end of a line — often inside a multi-byte character, so the
  lines are joined before the bytes are decoded. The bytes are decoded with the value's
  ``CHARSET``, else with the file's encoding, chosen by evidence over every value that
  names none (Outlook 2003 writes Windows-1252 and says nothing).
* Text is unescaped (``\\,`` ``\\;`` ``\\n`` ``\\\\``) but never split at a comma: a 2.1 card
  does not escape its commas, so "Müller, Schmidt & Co." stays one company.
* A vCard 4.0 ``TEL;VALUE=uri:tel:…`` is a phone number; a date may carry a time.
* Apple's ``X-APPLE-OMIT-YEAR`` and ``X-ABDATE``/``X-ABLabel`` pairs and Android's
  ``X-ANDROID-CUSTOM`` contact events (anniversary, birthday, other, custom; the year may
  be missing) become important dates.

vobject parses each content line (name, group, parameters); a line it cannot parse is
reported as a problem of its card, which is imported without it.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from funneldesk.core.importing.encodings import (
    REPLACEMENT,
    EncodingError,
    canonical,
    decode_bytes,
    detect_encoding,
    is_utf16,
)
from funneldesk.core.importing.records import SourceRow
from funneldesk.core.importing.sources import ImportFileError, SourceTable, undecodable_problem

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
USED_PROPERTIES = frozenset(
    {
        "FN",
        "N",
        "ORG",
        "TITLE",
        "TEL",
        "EMAIL",
        "ADR",
        "BDAY",
        "ANNIVERSARY",
        "X-ANNIVERSARY",
        "X-ABDATE",
        "X-ABLABEL",
        "NOTE",
        "X-ANDROID-CUSTOM",
    }
)
PROPERTY_COLUMNS = {
    "FN": "Name",
    "N": "Name",
    "ORG": "Company",
    "TITLE": "Title",
    "TEL": "Phone",
    "EMAIL": "Email",
    "ADR": "Address",
    "BDAY": "Birthday",
    "ANNIVERSARY": "Anniversary",
    "X-ANNIVERSARY": "Anniversary",
    "NOTE": "Notes",
}
"""The column a property fills, to name it in a problem (other dates otherwise)."""
_CARD = re.compile(rb"BEGIN:VCARD.*?END:VCARD", re.IGNORECASE | re.DOTALL)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ESCAPE = re.compile(r"\\([\\,;:nN])")
_APPLE_ANNIVERSARY = "_$!<anniversary>!$_"
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_DATE_WITH_TIME = re.compile(r"^(\d{4}-?\d{2}-?\d{2}|--\d{2}-?\d{2})T.*$")
ANDROID_EVENT = "vnd.android.cursor.item/contact_event"
ANDROID_EVENT_KINDS = {"1": "anniversary", "2": "other", "3": "birthday"}
"""Android's ``ContactsContract.CommonDataKinds.Event`` types (0 is custom, with a label)."""


@dataclass
class Property:
    """One content line: its name, parameters and value bytes (quoted-printable undone)."""

    name: str
    group: str
    params: dict[str, list[str]]
    types: frozenset[str]
    raw: bytes
    charset: str | None
    text: str = ""


@dataclass
class Card:
    number: int
    properties: list[Property] = field(default_factory=list)
    unreadable: list[bytes] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]

    def first(self, name: str) -> str:
        found = self.all(name)
        return found[0].text.strip() if found else ""


def open_vcards(data: bytes, path: Path, encoding: str | None = None) -> SourceTable:
    """Every card of the file; ``encoding`` is for values that name no ``CHARSET``."""
    file_encoding = None
    if is_utf16(data) or (encoding and canonical(encoding).startswith("utf-16")):
        decoded = decode_bytes(data, encoding)
        file_encoding, data, encoding = decoded.encoding, decoded.text.encode("utf-8"), "utf-8"
    cards = [_read_card(n, block) for n, block in enumerate(_CARD.findall(data), start=1)]
    if not cards:
        raise ImportFileError(f"{path.name} contains no vCard (BEGIN:VCARD … END:VCARD).")
    fallback = canonical(encoding) if encoding else detect_encoding(_undeclared_bytes(cards))
    for card in cards:
        _decode_values(card, fallback)
    rows = (
        SourceRow(card.number, card_cells(card), problems=tuple(card.problems)) for card in cards
    )
    return SourceTable("vcf", list(VCARD_HEADERS), rows, len(cards), file_encoding or fallback)


# -- reading lines -------------------------------------------------------------------------


def _read_card(number: int, block: bytes) -> Card:
    card = Card(number)
    for line in _logical_lines(block.decode("latin-1")):
        _add_property(card, line)
    return card


def _logical_lines(block: str) -> Iterator[str]:
    """Unfolded lines: a line starting with a space continues the previous one, and a
    quoted-printable value ending in ``=`` (a soft line break) continues on the next."""
    current = ""
    soft_break = False
    for line in _LINE_BREAK.split(block):
        if current and soft_break:
            current = current[:-1] + line
        elif current and line[:1] in (" ", "\t"):
            current += line[1:]
        else:
            if current.strip():
                yield current
            current = line
        soft_break = current.endswith("=") and "QUOTED-PRINTABLE" in _head(current)
    if current.strip():
        yield current


def _head(line: str) -> str:
    return line.split(":", 1)[0].upper()


def _add_property(card: Card, line: str) -> None:
    from vobject.base import VObjectError, parseLine

    try:
        name, params, value, group = parseLine(line)
    except VObjectError:
        card.unreadable.append(line.encode("latin-1"))
        return
    name = name.upper()
    if name not in USED_PROPERTIES:
        return
    named: dict[str, list[str]] = {}
    bare: set[str] = set()
    for param in params:
        if len(param) == 1:
            bare.add(param[0].upper())
        else:
            named.setdefault(param[0].upper(), []).extend(param[1:])
    encodings = {e.upper() for e in named.get("ENCODING", [])} | bare
    if encodings & {"B", "BASE64"}:
        return
    raw = value.encode("latin-1")
    if "QUOTED-PRINTABLE" in encodings:
        raw = binascii.a2b_qp(raw)
    types = frozenset(
        t.strip().upper() for v in named.get("TYPE", []) for t in v.split(",") if t.strip()
    ) | frozenset(bare)
    charset = named.get("CHARSET", [None])[0]
    card.properties.append(Property(name, (group or "").lower(), named, types, raw, charset))


def _undeclared_bytes(cards: list[Card]) -> bytes:
    """The evidence for the file's encoding: every value that names no ``CHARSET``."""
    values = [p.raw for card in cards for p in card.properties if not p.charset and p.raw]
    return b"\n".join(values + [line for card in cards for line in card.unreadable])


def _decode_values(card: Card, fallback: str) -> None:
    for prop in card.properties:
        encoding = fallback
        if prop.charset:
            try:
                encoding = canonical(prop.charset)
            except EncodingError:
                card.problems.append(
                    f"{_column(prop)}: unknown character set “{prop.charset}”; read as {fallback}."
                )
        decoded = decode_bytes(prop.raw, encoding)
        prop.text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
        if decoded.lossy or REPLACEMENT in prop.text:
            card.problems.append(undecodable_problem(_column(prop), decoded.encoding))
    for line in card.unreadable:
        shown = decode_bytes(line, fallback).text.strip()
        card.problems.append(f"A line could not be read and was left out: “{shown[:80]}”.")


def _column(prop: Property) -> str:
    return PROPERTY_COLUMNS.get(prop.name, "Other dates")


# -- values --------------------------------------------------------------------------------


def unescape(text: str) -> str:
    """vCard's backslash escapes; a comma or anything else stays as written."""
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text).strip()


def components(text: str) -> list[str]:
    """A structured value (N, ADR, ORG) split at its unescaped semicolons, unescaped."""
    parts: list[str] = []
    start = index = 0
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == ";":
            parts.append(text[start:index])
            start = index + 1
        index += 1
    parts.append(text[start:])
    return [unescape(p) for p in parts]


def card_cells(card: Card) -> list[str]:
    """One card as cells in :data:`VCARD_HEADERS` order."""
    family = given = middle = ""
    names = card.all("N")
    if names:
        family, given, middle = (components(names[0].text) + ["", "", ""])[:3]
    orgs = card.all("ORG")
    company = components(orgs[0].text)[0] if orgs else ""
    addresses = _addresses(card)
    street, city = addresses[0] if addresses else ("", "")
    more_addresses = ["Address: " + ", ".join(p for p in address if p) for address in addresses[1:]]
    anniversary, other_dates = _labelled_dates(card)
    events = _android_events(card)
    return [
        unescape(card.first("FN")),
        family,
        given,
        middle,
        company,
        unescape(card.first("TITLE")),
        " ::: ".join(_phones(card)),
        " ::: ".join(_texts(card, "EMAIL")),
        street,
        city,
        _first_date(card, "BDAY"),
        anniversary or _first_date(card, "ANNIVERSARY") or _first_date(card, "X-ANNIVERSARY"),
        "; ".join(other_dates + events),
        "\n".join(_texts(card, "NOTE") + more_addresses),
    ]


def _texts(card: Card, name: str) -> list[str]:
    return [text for text in (unescape(p.text) for p in card.all(name)) if text]


def _addresses(card: Card) -> list[tuple[str, str]]:
    """Each address as (street, extended, PO box, region, code, country joined; city)."""
    found = []
    for prop in card.all("ADR"):
        pobox, extended, street, city, region, code, country = (components(prop.text) + [""] * 7)[
            :7
        ]
        parts = (street, extended, pobox, region, code, country)
        joined = ", ".join(p.replace("\n", ", ") for p in parts if p)
        if joined or city:
            found.append((joined, city.replace("\n", " ")))
    return found


def _phones(card: Card) -> list[str]:
    """Mobile and preferred numbers first; a ``tel:`` URI gives its number (and extension)."""

    def rank(prop: Property) -> int:
        return 0 if "CELL" in prop.types else 1 if "PREF" in prop.types else 2

    numbers = []
    for prop in sorted(card.all("TEL"), key=rank):
        text = prop.text.strip()
        if text.lower().startswith("tel:"):
            number, _, rest = unquote(text[4:]).partition(";")
            extension = next((p[4:] for p in rest.split(";") if p.lower().startswith("ext=")), "")
            text = f"{number} ext. {extension}" if extension else number
        else:
            text = unescape(text)
        if text:
            numbers.append(text)
    return numbers


def _date_text(prop: Property) -> str:
    value = unescape(prop.text)
    match = _DATE_WITH_TIME.match(value)
    if match:
        value = match.group(1)
    omit = prop.params.get("X-APPLE-OMIT-YEAR", [None])[0]
    if omit and value.replace("-", "").startswith(str(omit)):
        digits = value.replace("-", "")
        value = f"--{digits[4:6]}-{digits[6:8]}"
    return value


def _first_date(card: Card, name: str) -> str:
    found = card.all(name)
    return _date_text(found[0]) if found else ""


def _labelled_dates(card: Card) -> tuple[str, list[str]]:
    """Apple's grouped ``itemN.X-ABDATE`` + ``itemN.X-ABLabel``: an anniversary or a custom date."""
    labels = {p.group: unescape(p.text) for p in card.all("X-ABLABEL") if p.group}
    anniversary = ""
    others: list[str] = []
    for prop in card.all("X-ABDATE"):
        label = labels.get(prop.group, "")
        text = _date_text(prop)
        if label.lower() == _APPLE_ANNIVERSARY and not anniversary:
            anniversary = text
            continue
        match = _APPLE_LABEL.match(label)
        others.append(_other_date("custom", (match.group(1) if match else label) or "Date", text))
    return anniversary, others


def _android_events(card: Card) -> list[str]:
    """``X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;DATE;TYPE;LABEL;…``."""
    events = []
    for prop in card.all("X-ANDROID-CUSTOM"):
        fields = components(prop.text) + ["", "", ""]
        if fields[0].lower() != ANDROID_EVENT or not fields[1]:
            continue
        when, kind, label = fields[1], fields[2], fields[3]
        named = ANDROID_EVENT_KINDS.get(kind)
        if named in ("anniversary", "birthday"):
            events.append(f"{named}: {when}")
        else:
            events.append(_other_date("custom", label or "Other", when))
    return events


def _other_date(kind: str, label: str, when: str) -> str:
    """An entry of the "Other dates" cell: ``custom "Label": date`` (``;`` separates them)."""
    label = label.replace(";", ",").replace('"', "'")
    return f'{kind} "{label}": {when}'
