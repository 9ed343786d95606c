"""One currency for every total: the reporting currency, exchange rates and conversion.

A deal keeps its value in its own currency (cards and deal lists show it so); every total —
board columns, funnel figures, forecast, ``stats``, the Excel report, CSV totals — converts
each deal into the file's reporting currency (the ``currency`` setting) first:

* a deal in the reporting currency (or with none) needs no rate;
* an open deal converts at the latest rate of its currency;
* a won or lost deal converts at the rate valid on its close date; a deal closed before
  the first rate of its currency was entered uses that first rate (a user who enters
  today's rate still sees last year's sales converted);
* a deal whose currency has no rate at all is left out of totals and counted, so a screen
  can say "3 EUR deals have no exchange rate" instead of adding 50,000 CNY as 50,000 USD.

``exchange_rates`` holds, per currency, how many units of the reporting currency one unit is
worth from ``valid_from`` on. Rates are entered by the user (never fetched from a network)
through the undoable operations below. Totals over many rows convert in SQL
(:func:`rate_sql`), so the statistics stay one pass over covering indexes.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from funneldesk.core.changes import ChangeSet
from funneldesk.core.db import Database
from funneldesk.core.errors import ValidationError

DEFAULT_CURRENCY = "USD"
_CODE = re.compile(r"^[A-Z]{3}$")


def reporting_currency(db: Database) -> str:
    """The currency every total is shown in (the file's ``currency`` setting)."""
    return (db.setting("currency") or DEFAULT_CURRENCY).strip().upper() or DEFAULT_CURRENCY


def normalise(currency: str | None) -> str | None:
    """A deal's currency as totals compare it: upper case, ``None`` when blank."""
    text = (currency or "").strip().upper()
    return text or None


@dataclass(frozen=True)
class Rates:
    """Every exchange rate of the file, per currency in ``valid_from`` order."""

    reporting: str
    history: Mapping[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)

    def _is_reporting(self, currency: str | None) -> bool:
        code = normalise(currency)
        return code is None or code == self.reporting

    def latest(self, currency: str | None) -> float | None:
        """The rate an open deal converts at; ``None`` when the currency has no rate."""
        if self._is_reporting(currency):
            return 1.0
        steps = self.history.get(normalise(currency) or "")
        return steps[-1][1] if steps else None

    def on(self, currency: str | None, day: str) -> float | None:
        """The rate valid on ``day`` (``YYYY-MM-DD``); before the first rate, the first one."""
        if self._is_reporting(currency):
            return 1.0
        steps = self.history.get(normalise(currency) or "")
        if not steps:
            return None
        rate = steps[0][1]
        for valid_from, value in steps:
            if valid_from > day:
                break
            rate = value
        return rate

    def convert(self, value: float, currency: str | None, day: str | None = None) -> float | None:
        """``value`` in the reporting currency: at the rate of ``day``, else the latest."""
        rate = self.latest(currency) if day is None else self.on(currency, day)
        return None if rate is None else value * rate


def load_rates(conn: sqlite3.Connection, reporting: str) -> Rates:
    history: dict[str, list[tuple[str, float]]] = {}
    for currency, valid_from, rate in conn.execute(
        "SELECT currency, valid_from, rate FROM exchange_rates ORDER BY currency, valid_from"
    ):
        history.setdefault(currency, []).append((valid_from, float(rate)))
    return Rates(reporting, {c: tuple(steps) for c, steps in history.items()})


def rates_of(db: Database) -> Rates:
    return load_rates(db.reader, reporting_currency(db))


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def rate_sql(currency: str, day: str, reporting: str) -> str:
    """SQL for the rate of a row whose *qualified* currency expression (``f.currency``: an
    unqualified name would mean the rate table's own column) is ``currency`` (normalised, NULL
    for the reporting currency) on the ``YYYY-MM-DD`` expression ``day``; NULL means the
    currency has no rate. ``day`` ``NULL`` asks for the latest rate. One indexed look-up
    per row (``exchange_rates`` is unique on ``(currency, valid_from)``)."""
    lookup = (
        "SELECT r.rate FROM exchange_rates r WHERE r.currency = {c}{when} ORDER BY r.valid_from"
    )
    on_day = lookup.format(c=currency, when=f" AND r.valid_from <= {day}") + " DESC LIMIT 1"
    first = lookup.format(c=currency, when="") + " LIMIT 1"
    latest = lookup.format(c=currency, when="") + " DESC LIMIT 1"
    return (
        f"(CASE WHEN {currency} IS NULL OR {currency} = {_quoted(reporting)} THEN 1.0 "
        f"WHEN {day} IS NULL THEN ({latest}) "
        f"ELSE COALESCE(({on_day}), ({first})) END)"
    )


def latest_rate_sql(currency: str, reporting: str) -> str:
    """SQL for the latest rate of a raw ``deals.currency`` expression (qualified): the open
    deals' rate; NULL when the currency has none."""
    return rate_sql(f"NULLIF(upper(trim({currency})), '')", "NULL", reporting)


@dataclass(frozen=True)
class Unconverted:
    """Deals left out of money totals because their currency has no rate, per currency."""

    by_currency: Mapping[str, int] = field(default_factory=dict)

    @property
    def deals(self) -> int:
        return sum(self.by_currency.values())

    def __bool__(self) -> bool:
        return bool(self.by_currency)

    def sentence(self) -> str:
        """English note for logs and the terminal (the UI words it through tr())."""
        parts = [f"{n:,} {c} deal{'s' if n != 1 else ''}" for c, n in self.by_currency.items()]
        one = self.deals == 1
        return (
            f"{', '.join(parts)} {'has' if one else 'have'} no exchange rate and "
            f"{'is' if one else 'are'} left out of totals."
        )


def unconverted(
    conn: sqlite3.Connection,
    rates: Rates,
    pipeline_id: int | None = None,
    *,
    open_only: bool = False,
    present: Collection[str | None] | None = None,
) -> Unconverted:
    """How many deals (of a pipeline, or all; optionally only open ones) have a currency
    without any rate. ``present``: the currencies known to occur among them — when each
    has a rate, nothing is left to count."""
    if present is not None and all(c is None or rates.latest(c) is not None for c in present):
        return Unconverted({})
    where = ["currency IS NOT NULL"]
    params: list[Any] = []
    if pipeline_id is not None:
        where.append("pipeline_id = ?")
        params.append(pipeline_id)
    if open_only:
        where.append("status = 0")
    rows = conn.execute(
        f"SELECT currency, COUNT(*) FROM deal_facts WHERE {' AND '.join(where)} "
        "GROUP BY currency ORDER BY currency",
        params,
    )
    return Unconverted({c: n for c, n in rows if rates.latest(c) is None})


# -- exchange-rate operations ------------------------------------------------------------


@dataclass(frozen=True)
class ExchangeRate:
    id: int
    currency: str
    rate: float
    valid_from: str


def list_rates(db: Database) -> list[ExchangeRate]:
    """Every rate, by currency and newest first (the Settings ▸ Currencies table)."""
    rows = db.query(
        "SELECT id, currency, rate, valid_from FROM exchange_rates "
        "ORDER BY currency, valid_from DESC"
    )
    return [ExchangeRate(r[0], r[1], float(r[2]), r[3]) for r in rows]


def currencies_without_rate(db: Database) -> dict[str, int]:
    """Deals (open or closed, every pipeline) per currency that has no rate."""
    return dict(unconverted(db.reader, rates_of(db)).by_currency)


def clean_rate(values: Mapping[str, Any], reporting: str) -> dict[str, Any]:
    """Validate a rate before anything is written."""
    currency = str(values.get("currency") or "").strip().upper()
    if not _CODE.match(currency):
        raise ValidationError(
            f"“{values.get('currency')}” is not a currency code (three letters such as CNY, USD or EUR).",
            "currency",
        )
    if currency == reporting:
        raise ValidationError(
            f"{currency} is the reporting currency: its deals need no rate.", "currency"
        )
    try:
        rate = float(values.get("rate"))  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise ValidationError("The rate must be a number.", "rate") from exc
    if not math.isfinite(rate) or rate <= 0:
        raise ValidationError("The rate must be a number above 0.", "rate")
    raw = values.get("valid_from")
    try:
        valid_from = raw if isinstance(raw, date) else date.fromisoformat(str(raw).strip())
    except ValueError as exc:
        raise ValidationError(f"“{raw}” is not a date (YYYY-MM-DD).", "valid_from") from exc
    return {"currency": currency, "rate": rate, "valid_from": valid_from.isoformat()}


def _require_free(tx: Any, clean: dict[str, Any], rate_id: int | None) -> None:
    clash = tx.execute(
        "SELECT id FROM exchange_rates WHERE currency = ? AND valid_from = ? AND id IS NOT ?",
        (clean["currency"], clean["valid_from"], rate_id),
    ).fetchone()
    if clash is not None:
        raise ValidationError(
            f"{clean['currency']} already has a rate from {clean['valid_from']}.", "valid_from"
        )


def add_rate(db: Database, values: Mapping[str, Any]) -> ChangeSet:
    """Add a rate (undoable); one currency has at most one rate per ``valid_from`` day."""
    clean = clean_rate(values, reporting_currency(db))
    with db.operation("Add exchange rate") as tx:
        _require_free(tx, clean, None)
        tx.insert("exchange_rates", clean)
    return tx.changeset


def update_rate(db: Database, rate_id: int, values: Mapping[str, Any]) -> ChangeSet:
    """Change a rate's currency, value or start day (undoable)."""
    clean = clean_rate(values, reporting_currency(db))
    with db.operation("Edit exchange rate") as tx:
        tx.require("exchange_rates", rate_id)
        _require_free(tx, clean, rate_id)
        tx.update("exchange_rates", rate_id, clean)
    return tx.changeset


def delete_rate(db: Database, rate_id: int) -> ChangeSet:
    """Remove a rate (undoable); deals of that currency then use its other rates, if any."""
    return db.delete_row("Delete exchange rate", "exchange_rates", rate_id)
