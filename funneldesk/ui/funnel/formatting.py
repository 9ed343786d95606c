"""How the funnel panel writes numbers: percentages, days, money and months, in the locale.

Undefined figures (a rate whose denominator is 0) are written "—", as docs/analytics.md asks.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, QLocale

DASH = "—"


def _tr(text: str) -> str:
    return QCoreApplication.translate("FunnelFormat", text)


def percent(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return DASH
    return QLocale().toString(value * 100.0, "f", decimals) + "%"


def count(value: int) -> str:
    return QLocale().toString(int(value))


def days(value: float | None) -> str:
    if value is None:
        return DASH
    return _tr("%1 days").replace("%1", QLocale().toString(value, "f", 1))


def compact_number(value: float) -> str:
    """1,234,567 → "1.2M" (English) or "123.5万" (Chinese): short labels for bars and tiles."""
    locale = QLocale()
    chinese = locale.language() == QLocale.Language.Chinese
    steps = ((1e8, "亿"), (1e4, "万")) if chinese else ((1e9, "B"), (1e6, "M"), (1e3, "K"))
    for size, suffix in steps:
        if abs(value) >= size:
            return locale.toString(value / size, "f", 1) + suffix
    return locale.toString(value, "f", 0)


def money(value: float | None, currency: str, *, compact: bool = False) -> str:
    if value is None:
        return DASH
    amount = compact_number(value) if compact else QLocale().toString(value, "f", 0)
    return f"{amount} {currency}"


def month_label(month: str, *, with_year: bool = False) -> str:
    """``2026-03`` → "Mar" / "Mar 2026", in Chinese "3月" / "2026年3月" (not "3月 2026")."""
    year, number = map(int, month.split("-"))
    chinese = QLocale().language() == QLocale.Language.Chinese
    formats = {(True, True): "yyyy年M月", (True, False): "M月", (False, True): "MMM yyyy"}
    return QLocale().toString(QDate(year, number, 1), formats.get((chinese, with_year), "MMM"))


def number(value: float, decimals: int = 1) -> str:
    return QLocale().toString(value, "f", decimals)
