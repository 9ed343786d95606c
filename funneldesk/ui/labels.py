"""Translated names and icons for the codes stored in the database (kinds, categories …).

The database stores stable English codes (``birthday``, ``call``, ``drink``); every screen
shows them through these tables so the Today view and the card always agree.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

DATE_KINDS = {
    "birthday": (QT_TRANSLATE_NOOP("Labels", "Birthday"), "cake-variant-outline"),
    "anniversary": (QT_TRANSLATE_NOOP("Labels", "Anniversary"), "heart-outline"),
    "child_birthday": (QT_TRANSLATE_NOOP("Labels", "Child's birthday"), "baby-face-outline"),
    "housewarming": (QT_TRANSLATE_NOOP("Labels", "Housewarming"), "home-heart"),
    "custom": (QT_TRANSLATE_NOOP("Labels", "Other date"), "calendar-star"),
}
CONTACT_KINDS = {
    "call": (QT_TRANSLATE_NOOP("Labels", "Call"), "phone-outline"),
    "meeting": (QT_TRANSLATE_NOOP("Labels", "Meeting"), "account-group-outline"),
    "visit": (QT_TRANSLATE_NOOP("Labels", "Visit"), "map-marker-outline"),
    "email": (QT_TRANSLATE_NOOP("Labels", "E-mail"), "email-outline"),
    "message": (QT_TRANSLATE_NOOP("Labels", "Message"), "message-text-outline"),
}
"""The kinds a logged contact and a planned activity share: a call planned and done is
logged as a call, under the same name and icon."""
INTERACTION_KINDS = {
    **CONTACT_KINDS,
    "note": (QT_TRANSLATE_NOOP("Labels", "Note"), "note-text-outline"),
    "greeting": (QT_TRANSLATE_NOOP("Labels", "Greeting"), "gift-outline"),
}
ACTIVITY_KINDS = {
    **CONTACT_KINDS,
    "task": (QT_TRANSLATE_NOOP("Labels", "Task"), "checkbox-marked-circle-outline"),
}
PREFERENCE_CATEGORIES = {
    "colour": (QT_TRANSLATE_NOOP("Labels", "Colour"), "palette-outline"),
    "music": (QT_TRANSLATE_NOOP("Labels", "Music"), "music-note-outline"),
    "drink": (QT_TRANSLATE_NOOP("Labels", "Drink"), "coffee-outline"),
    "food": (QT_TRANSLATE_NOOP("Labels", "Food"), "food-outline"),
    "gift": (QT_TRANSLATE_NOOP("Labels", "Gift"), "gift-outline"),
    "hobby": (QT_TRANSLATE_NOOP("Labels", "Hobby"), "bike"),
    "other": (QT_TRANSLATE_NOOP("Labels", "Other"), "tag-outline"),
}
OUTCOMES = {
    "positive": QT_TRANSLATE_NOOP("Labels", "Positive"),
    "neutral": QT_TRANSLATE_NOOP("Labels", "Neutral"),
    "negative": QT_TRANSLATE_NOOP("Labels", "Negative"),
}
SOURCES = {
    "referral": QT_TRANSLATE_NOOP("Labels", "Referral"),
    "walk-in": QT_TRANSLATE_NOOP("Labels", "Walk-in"),
    "website": QT_TRANSLATE_NOOP("Labels", "Website"),
    "wechat": QT_TRANSLATE_NOOP("Labels", "WeChat"),
    "exhibition": QT_TRANSLATE_NOOP("Labels", "Exhibition"),
    "cold call": QT_TRANSLATE_NOOP("Labels", "Cold call"),
    "social media": QT_TRANSLATE_NOOP("Labels", "Social media"),
}
SPENDING_LEVELS = {
    "low": QT_TRANSLATE_NOOP("Labels", "Low"),
    "medium": QT_TRANSLATE_NOOP("Labels", "Medium"),
    "high": QT_TRANSLATE_NOOP("Labels", "High"),
    "vip": QT_TRANSLATE_NOOP("Labels", "VIP"),
}
PURCHASE_FREQUENCIES = {
    "one-off": QT_TRANSLATE_NOOP("Labels", "One-off"),
    "yearly": QT_TRANSLATE_NOOP("Labels", "Yearly"),
    "quarterly": QT_TRANSLATE_NOOP("Labels", "Quarterly"),
    "monthly": QT_TRANSLATE_NOOP("Labels", "Monthly"),
    "weekly": QT_TRANSLATE_NOOP("Labels", "Weekly"),
}
DEAL_STATUS = {
    "open": QT_TRANSLATE_NOOP("Labels", "Open"),
    "won": QT_TRANSLATE_NOOP("Labels", "Won"),
    "lost": QT_TRANSLATE_NOOP("Labels", "Lost"),
}
LUNAR_MONTHS = "正二三四五六七八九十冬腊"
LUNAR_DAY_TENS = ("初", "十", "廿", "三")
CHINESE_DIGITS = "一二三四五六七八九十"


def tr(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def label(table: dict, code: str | None) -> str:
    """The translated name of ``code`` in ``table``; an unknown code is shown as stored."""
    if code is None:
        return ""
    entry = table.get(code)
    if entry is None:
        return code
    return tr(entry[0] if isinstance(entry, tuple) else entry)


def source_name(code: str | None) -> str:
    """A lead source as the user reads it (``wechat`` → WeChat / 微信; own sources as typed)."""
    return label(SOURCES, code)


def icon_name(table: dict, code: str, default: str = "circle-small") -> str:
    entry = table.get(code)
    return entry[1] if isinstance(entry, tuple) else default


def is_chinese() -> bool:
    return QLocale().language() == QLocale.Language.Chinese


def lunar_day_name(day: int) -> str:
    """初一 … 初十, 十一 … 二十, 廿一 … 三十."""
    if day == 10:
        return "初十"
    if day == 20:
        return "二十"
    if day == 30:
        return "三十"
    return LUNAR_DAY_TENS[day // 10] + CHINESE_DIGITS[day % 10 - 1]


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th (English glosses only)."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def lunar_month_name(month: int, is_leap: bool = False) -> str:
    """The month as the Chinese calendar writes it (正月 … 十月, 冬月, 腊月; 闰四月), with an
    English gloss in the English interface: "冬月 (11th month)", "闰四月 (leap 4th month)"."""
    name = f"{'闰' if is_leap else ''}{LUNAR_MONTHS[month - 1]}月"
    if is_chinese():
        return name
    gloss = tr("leap %1 month") if is_leap else tr("%1 month")
    return f"{name} ({gloss.replace('%1', ordinal(month))})"


def lunar_text(month: int, day: int, is_leap: bool, year: int | None = None) -> str:
    """农历八月十五 in Chinese; "八月十五 (lunar 8/15)" (with leap and year) in English."""
    written = f"{'闰' if is_leap else ''}{LUNAR_MONTHS[month - 1]}月{lunar_day_name(day)}"
    if is_chinese():
        text = f"农历{written}"
        return f"{year}年{text}" if year else text
    gloss = (
        (tr("lunar leap %1/%2") if is_leap else tr("lunar %1/%2"))
        .replace("%1", str(month))
        .replace("%2", str(day))
    )
    text = f"{written} ({gloss})"
    return f"{text}, {year}" if year else text


def _long_format(with_year: bool) -> str:
    """The locale's long date format without the weekday (and without the year if asked)."""
    fmt = QLocale().dateFormat(QLocale.FormatType.LongFormat)
    fmt = re.sub(r"d{4}[,，]?\s*|\s*d{4}", "", fmt).strip(" ,")
    if not with_year:
        fmt = re.sub(r"[,\s]*y+年?[,\s]*", " ", fmt).strip(" ,")
    return fmt


def solar_text(month: int, day: int, year: int | None = None) -> str:
    """A month and day (and year when known) in the locale's own words, e.g. "July 9"."""
    return QLocale().toString(date(year or 2000, month, day), _long_format(bool(year)))


def long_date(value: date) -> str:
    return QLocale().toString(value, QLocale.FormatType.LongFormat)


def short_date(value: date) -> str:
    return QLocale().toString(value, QLocale.FormatType.ShortFormat)


def relative_days(days: int) -> str:
    """ "today", "tomorrow", "in 5 days", "yesterday", "3 days ago"."""
    if days == 0:
        return tr("today")
    if days == 1:
        return tr("tomorrow")
    if days == -1:
        return tr("yesterday")
    if days > 0:
        return tr("in %1 days").replace("%1", str(days))
    return tr("%1 days ago").replace("%1", str(-days))


def years_text(kind: str, years: int | None) -> str:
    """ "turns 40", "10th anniversary", "3 years" — empty when the year is unknown."""
    if not years or years <= 0:
        return ""
    if kind in ("birthday", "child_birthday"):
        return tr("turns %1").replace("%1", str(years))
    if kind == "anniversary":
        return tr("%1 years together").replace("%1", str(years))
    return tr("%1 years").replace("%1", str(years))
