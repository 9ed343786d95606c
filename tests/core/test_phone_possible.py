"""The import's fast phone check must never accept a number ``phonenumbers`` would refuse."""

from __future__ import annotations

import random

import phonenumbers
import pytest

from funneldesk.core.errors import ValidationError
from funneldesk.core.validation import _parsed_phone, _possible_by_length, clean_phone


def test_length_shortcut_agrees_with_phonenumbers_on_random_numbers() -> None:
    """Random country codes, lengths, leading zeros (national prefixes) and separators: every
    number the shortcut accepts is one ``phonenumbers.parse`` finds possible."""
    rng = random.Random(20261125)
    codes = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    accepted = 0
    for _ in range(20_000):
        national = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 18)))
        digits = f"{rng.choice(codes)}{'0' if rng.random() < 0.3 else ''}{national}"
        text = rng.choice(["+", "00"]) + "".join(
            c + rng.choice(["", "", " ", "-", "(", ")"]) for c in digits
        )
        if _possible_by_length(text):
            accepted += 1
            assert _parsed_phone(text) is not False, text
    assert accepted > 1_000  # the shortcut is actually taken


@pytest.mark.parametrize(
    "text",
    [
        "+86 138 0013 8000 00",  # too long for China
        "0086 1380 0138 0000 0",
        "+1 416 253 287",  # a digit short for North America
        "+1 416 253 28789",  # a digit too many
        "+44 20 7946 09581",
        "+999 123 4567",  # no such country code
    ],
)
def test_impossible_international_numbers_are_still_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="not a possible number"):
        clean_phone(text)


@pytest.mark.parametrize(
    "text",
    ["+86 138 0013 8000", "0086 138 0013 8000", "+1 (416) 253-2878", "+44 020 7946 0958"],
)
def test_possible_international_numbers_are_kept_as_typed(text: str) -> None:
    assert clean_phone(text) == text
