"""Greeting templates (English and Chinese) and writing a greeting for one customer.

Templates are plain text with placeholders: ``{name}``, ``{company}``, ``{label}``,
``{years}`` (40), ``{ordinal}`` (40th) and ``{preference.CATEGORY}`` (``{preference.gift}``,
``{preference.drink}`` …, several values joined). A part in square brackets is written only
when every placeholder inside it has a value, so "[Happy {ordinal} birthday!]" disappears
for a customer whose age is unknown instead of reading "Happy  birthday!".

The user's edits are stored in the database file (setting ``greeting_templates``, JSON of
``{language: {occasion: text}}``) so they travel with the data; an occasion the user never
edited uses the default below. Saving templates is an undoable operation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from funneldesk.core import validation as v
from funneldesk.core.changes import ChangeSet
from funneldesk.core.db import Database
from funneldesk.core.errors import NotFoundError, ValidationError
from funneldesk.core.settings_ops import write_setting

SETTING_KEY = "greeting_templates"
LANGUAGES = ("en", "zh_CN")
OCCASIONS = ("birthday", "anniversary", "child_birthday", "housewarming", "festival")
MAX_TEMPLATE = 5_000

DEFAULT_TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "birthday": (
            "Dear {name},\n\nHappy [{ordinal} ]birthday! Wishing you a wonderful day and a "
            "year full of health and success.[ I hope there is some {preference.drink} "
            "to celebrate with.]\n\nWarm regards"
        ),
        "anniversary": (
            "Dear {name},\n\nCongratulations on your [{ordinal} ]anniversary! "
            "Thank you for your trust; here is to many more good years.\n\nBest wishes"
        ),
        "child_birthday": (
            "Dear {name},\n\nPlease pass on our warmest wishes for your child's "
            "[{ordinal} ]birthday! Have a lovely celebration together.\n\nWarm regards"
        ),
        "housewarming": (
            "Dear {name},\n\nCongratulations on your new home! May it be full of joy, good "
            "friends and happy days.\n\nBest wishes"
        ),
        "festival": (
            "Dear {name},\n\nWishing you and your family a happy [{label}]! Thank you for "
            "your support this year.\n\nWarm regards"
        ),
    },
    "zh_CN": {
        "birthday": (
            "{name}您好：\n\n祝您[{years}岁]生日快乐！愿您身体健康，事业顺利，万事如意。"
            "[改天请您喝{preference.drink}，为您庆祝！]"
        ),
        "anniversary": (
            "{name}您好：\n\n恭贺[{years}周年]纪念日！感谢您一直以来的信任与支持，"
            "祝幸福美满，事事顺心。"
        ),
        "child_birthday": ("{name}您好：\n\n祝您的孩子[{years}岁]生日快乐，健康成长，天天开心！"),
        "housewarming": "{name}您好：\n\n恭贺乔迁之喜！祝新居吉祥，阖家幸福，万事顺意。",
        "festival": (
            "{name}您好：\n\n[值此{label}之际，]祝您和家人节日快乐，阖家幸福！"
            "感谢您一直以来的支持。"
        ),
    },
}

_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)?)\}")


@dataclass(frozen=True)
class GreetingSubject:
    """What a template can say about the customer and the occasion."""

    name: str
    company: str | None = None
    label: str | None = None
    years: int | None = None
    preferences: Mapping[str, list[str]] = field(default_factory=dict)


def occasion_for(kind: str) -> str:
    """The template used for an important-date kind (custom dates get the festival one)."""
    return kind if kind in OCCASIONS else "festival"


def language_for(name: str, fallback: str = "en") -> str:
    """Chinese for a customer whose name is written in Chinese, else ``fallback``."""
    return "zh_CN" if v.HAN_RE.search(name or "") else (fallback if fallback in LANGUAGES else "en")


def stored_templates(db: Database) -> dict[str, dict[str, str]]:
    """The user's edited templates only; a damaged setting counts as no edits."""
    try:
        stored = json.loads(db.setting(SETTING_KEY) or "{}")
    except ValueError:
        return {}
    if not isinstance(stored, dict):
        return {}
    return {
        language: {k: t for k, t in texts.items() if k in OCCASIONS and isinstance(t, str)}
        for language, texts in stored.items()
        if language in LANGUAGES and isinstance(texts, dict)
    }


def templates(db: Database) -> dict[str, dict[str, str]]:
    """Every template by language and occasion: the user's edit, or the default."""
    stored = stored_templates(db)
    return {
        language: {**DEFAULT_TEMPLATES[language], **stored.get(language, {})}
        for language in LANGUAGES
    }


def template(db: Database, language: str, occasion: str) -> str:
    return templates(db)[language if language in LANGUAGES else "en"][occasion_for(occasion)]


def set_templates(db: Database, edits: Mapping[str, Mapping[str, str]]) -> ChangeSet:
    """Save edited templates (one operation, undoable); a template equal to its default is
    stored as "not edited", so later improvements to the defaults reach it."""
    merged = stored_templates(db)
    for language, texts in edits.items():
        if language not in LANGUAGES:
            raise ValidationError(f"“{language}” is not a template language.", "language")
        for occasion, text in texts.items():
            if occasion not in OCCASIONS:
                raise ValidationError(f"“{occasion}” is not a greeting occasion.", "occasion")
            clean = v.clean_text(text, "template", required=True, label="Template") or ""
            if len(clean) > MAX_TEMPLATE:
                raise ValidationError(
                    f"Template is too long ({len(clean):,} characters; at most {MAX_TEMPLATE:,}).",
                    "template",
                )
            if clean == DEFAULT_TEMPLATES[language][occasion]:
                merged.get(language, {}).pop(occasion, None)
            else:
                merged.setdefault(language, {})[occasion] = clean
    value = json.dumps({k: t for k, t in merged.items() if t}, ensure_ascii=False, sort_keys=True)
    with db.operation("Edit greeting templates") as tx:
        write_setting(tx, SETTING_KEY, value)
    return tx.changeset


def ordinal(number: int) -> str:
    """English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st …"""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _values(subject: GreetingSubject) -> dict[str, str]:
    values = {
        "name": subject.name,
        "company": subject.company or "",
        "label": subject.label or "",
        "years": str(subject.years) if subject.years and subject.years > 0 else "",
        "ordinal": ordinal(subject.years) if subject.years and subject.years > 0 else "",
    }
    for category, items in subject.preferences.items():
        values[f"preference.{category}"] = ", ".join(item for item in items if item)
    return values


def render(text: str, subject: GreetingSubject) -> str:
    """Fill ``text`` for ``subject``; unknown placeholders are left as typed so a typo shows."""
    values = _values(subject)

    def known(key: str) -> bool:
        return key in values or key.startswith("preference.")

    def optional(match: re.Match[str]) -> str:
        keys = _PLACEHOLDER.findall(match.group(1))
        return match.group(1) if all(values.get(key) for key in keys) else ""

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        return values.get(key, "") if known(key) else match.group(0)

    return _PLACEHOLDER.sub(fill, _OPTIONAL.sub(optional, text)).strip()


def customer_subject(
    db: Database, customer_id: int, *, label: str | None = None, years: int | None = None
) -> GreetingSubject:
    """Name, company and preferences of a customer, ready for :func:`render`."""
    row = db.query_one("SELECT name, company FROM customers WHERE id = ?", (customer_id,))
    if row is None:
        raise NotFoundError(f"customer #{customer_id} no longer exists.")
    preferences: dict[str, list[str]] = {}
    for pref in db.query(
        "SELECT category, value FROM preferences WHERE customer_id = ? ORDER BY id", (customer_id,)
    ):
        preferences.setdefault(pref["category"], []).append(pref["value"])
    return GreetingSubject(
        name=row["name"], company=row["company"], label=label, years=years, preferences=preferences
    )
