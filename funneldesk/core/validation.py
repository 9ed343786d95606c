"""Field checks shared by every way data comes in (forms, import, CLI).

Each checker returns the clean value or raises :class:`ValidationError` naming the field,
with a message a salesperson understands.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from funneldesk.core.errors import ValidationError

MAX_TEXT = 100_000
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NON_DIGIT_RE = re.compile(r"\D")
HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
"""A Chinese character: a name holding one is written the Chinese way (family name first,
greeted in Chinese)."""
NOT_PHONE_CHAR_RE = re.compile(r"[^\d\s+()./\-x#*ext,;]")
INTERACTION_KINDS = ("call", "meeting", "visit", "email", "message", "note", "greeting")
OUTCOMES = ("positive", "neutral", "negative")
DATE_KIND_NAMES = {
    "birthday": "Birthday",
    "anniversary": "Anniversary",
    "child_birthday": "Child's birthday",
    "housewarming": "Housewarming",
    "custom": "Date",
}
"""Kinds of important dates with their English names (calendar export, the report; the app
shows its own translated labels, ``ui/labels.DATE_KINDS``)."""
DATE_KINDS = tuple(DATE_KIND_NAMES)
PREFERENCE_CATEGORIES = ("colour", "music", "drink", "food", "gift", "hobby", "other")
CALENDARS = ("solar", "lunar")


def is_blank(value: Any) -> bool:
    """Nothing given: ``None``, or text that is empty or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


Cleaner = Callable[[Any], Any]
"""Checks one field's value and returns it as stored (raising :class:`ValidationError`)."""


def clean_fields(
    values: Mapping[str, Any], fields: Iterable[str], noun: str, cleaners: Mapping[str, Cleaner]
) -> dict[str, Any]:
    """Each given value checked by its field's cleaner (free text for a field without one),
    in the order given; a field name the record does not have is a caller's slip, refused
    with the names in the message."""
    unknown = set(values) - set(fields)
    if unknown:
        raise ValidationError(f"Unknown {noun} fields: {', '.join(sorted(unknown))}.")
    return {
        key: cleaners[key](value) if key in cleaners else clean_text(value, key)
        for key, value in values.items()
    }


def _named(field: str, label: str) -> str:
    """How a message names the field: its label, else the field's own name capitalised."""
    return label or field.capitalize()


def clean_text(value: Any, field: str, *, required: bool = False, label: str = "") -> str | None:
    """Strip surrounding whitespace; empty becomes ``None``; very long text is refused."""
    text = "" if value is None else str(value).strip().replace("\x00", "")
    if required and not text:
        raise ValidationError(f"{_named(field, label)} is required.", field)
    if len(text) > MAX_TEXT:
        raise ValidationError(
            f"{_named(field, label)} is too long ({len(text):,} characters; at most {MAX_TEXT:,}).",
            field,
        )
    return text or None


def clean_email(value: Any, field: str = "email") -> str | None:
    text = clean_text(value, field)
    if text is not None and not EMAIL_RE.match(text):
        raise ValidationError(f"“{text}” is not an e-mail address.", field)
    return text


def clean_phone(value: Any, field: str = "phone") -> str | None:
    """Accept anything with at least 5 digits: numbers are kept as the user typed them.

    A number written with its country code (``+86 …``, ``0049 …``) is also checked with
    ``phonenumbers``, so a digit too many or too few is caught while the user still knows it.
    """
    text = clean_text(value, field)
    if text is None:
        return None
    digits = NON_DIGIT_RE.sub("", text)
    if len(digits) < 5 or len(digits) > 20 or NOT_PHONE_CHAR_RE.search(text.lower()):
        raise ValidationError(f"“{text}” is not a phone number.", field)
    if not _possible_by_length(text) and _parsed_phone(text) is False:
        raise ValidationError(f"“{text}” is not a possible number for its country code.", field)
    return text


def international_phone(text: str) -> str | bool | None:
    """``+86 138 0013 8000`` for a possible number with a country code, ``False`` for an
    impossible one, ``None`` when the text has no country code to check against."""
    import phonenumbers

    number = _parsed_phone(text)
    if number is None or number is False:
        return number
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _possible_by_length(text: str) -> bool:
    """True when a plainly written international number (``+``/``00``, digits, spaces,
    hyphens, brackets) is possible by its length alone, which ``phonenumbers.parse`` would
    confirm at some fifty times the cost; False means "ask ``parse``".

    ``parse`` only ever shortens such a number's digits after the country code (a national
    prefix) and keeps the shorter form only when that length is itself possible, so digits
    whose own length is possible always make a possible number. Every other case (too long,
    too short, local-only lengths, extensions, letters) goes through ``parse``; the result
    is cached per country code and length, the only inputs of the length test.
    """
    match = _PLAIN_INTERNATIONAL.fullmatch(text)
    if match is None or len(text) > _PLAIN_MAX_CHARS:
        return False
    digits = _NOT_ASCII_DIGIT.sub("", match.group(1))
    for size in (1, 2, 3):
        code = int(digits[:size])
        if code in _country_codes():
            return 2 <= len(digits) - size <= 17 and _length_possible(code, len(digits) - size)
    return False


_PLAIN_INTERNATIONAL = re.compile(r"\s*(?:\+|00)([1-9][0-9 ()\-]*)")
_NOT_ASCII_DIGIT = re.compile(r"[^0-9]")
_PLAIN_MAX_CHARS = 250  # longer input is refused by ``phonenumbers.parse`` itself


@cache
def _country_codes() -> frozenset[int]:
    import phonenumbers

    return frozenset(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)


@cache
def _length_possible(country_code: int, length: int) -> bool:
    import phonenumbers

    probe = phonenumbers.PhoneNumber(country_code=country_code, national_number=int("1" * length))
    reason = phonenumbers.is_possible_number_with_reason(probe)
    return reason == phonenumbers.ValidationResult.IS_POSSIBLE


def _parsed_phone(text: str) -> Any:
    """The parsed number when it is possible for its country code, ``False`` when it is not,
    ``None`` without a country code. Validation stops here: formatting costs a third as much
    again, per row of a 100,000-row import."""
    import phonenumbers

    if not text.lstrip().startswith(("+", "00")):
        return None
    try:
        number = phonenumbers.parse("+" + text.lstrip().lstrip("+").removeprefix("00"), None)
    except phonenumbers.NumberParseException:
        return False
    return number if phonenumbers.is_possible_number(number) else False


def clean_int(
    value: Any,
    field: str,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    label: str = "",
) -> int | None:
    if is_blank(value):
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError as exc:
        raise ValidationError(f"{_named(field, label)} must be a whole number.", field) from exc
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ValidationError(
            f"{_named(field, label)} must be between {minimum} and {maximum}.", field
        )
    return number


def clean_number(
    value: Any,
    field: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    label: str = "",
) -> float | None:
    if is_blank(value):
        return None
    try:
        number = (
            float(str(value).replace(",", "").strip()) if isinstance(value, str) else float(value)
        )
    except ValueError as exc:
        raise ValidationError(f"{_named(field, label)} must be a number.", field) from exc
    if number != number or number in (float("inf"), float("-inf")):
        raise ValidationError(f"{_named(field, label)} must be a number.", field)
    if minimum is not None and number < minimum:
        raise ValidationError(f"{_named(field, label)} cannot be below {minimum:g}.", field)
    if maximum is not None and number > maximum:
        raise ValidationError(f"{_named(field, label)} cannot be above {maximum:g}.", field)
    return number


def clean_date(value: Any, field: str, *, label: str = "") -> str | None:
    """A real calendar date as ``YYYY-MM-DD`` (31 Feb is refused)."""
    if is_blank(value):
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError as exc:
        raise ValidationError(
            f"{_named(field, label)}: “{value}” is not a valid date (YYYY-MM-DD).", field
        ) from exc


def clean_choice(
    value: Any, field: str, choices: tuple[str, ...], default: str | None = None
) -> str | None:
    if value is None or value == "":
        return default
    text = str(value).strip().lower()
    if text not in choices:
        raise ValidationError(f"“{value}” is not one of: {', '.join(choices)}.", field)
    return text


def check_month_day(month: int, day: int, year: int | None, calendar_name: str) -> None:
    """Refuse dates that never happen (31 April; 29 Feb of a known common year; lunar day 31)."""
    if not 1 <= month <= 12:
        raise ValidationError(f"Month {month} does not exist.", "month")
    if calendar_name == "lunar":
        if not 1 <= day <= 30:
            raise ValidationError(f"A lunar month has no day {day}.", "day")
        return
    longest = calendar.monthrange(year if year else 2000, month)[1]
    if not 1 <= day <= longest:
        when = f"{year}-{month:02d}" if year else f"month {month}"
        raise ValidationError(f"Day {day} does not exist in {when}.", "day")


def clean_timestamp(value: Any, field: str, *, label: str = "") -> str | None:
    """A moment as stored (``2026-11-25T10:00:00Z``): ISO text with any offset, or a date."""
    if is_blank(value):
        return None
    try:
        moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValidationError(
            f"{_named(field, label)}: “{value}” is not a date and time.", field
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
