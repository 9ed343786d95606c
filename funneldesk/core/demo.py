"""A realistic, reproducible demo database: customers, dates, history, deals and their funnel.

The same ``seed`` and ``reference`` date give byte-for-byte the same rows. Everything is
placed relative to ``reference`` (default: today), so the Today view always has birthdays,
follow-ups and idle deals to show; pass a fixed ``reference`` for identical data on any day.
Customers arrive over the two years before ``reference``; deals walk through the first
pipeline's stages with skips, moves back, losses at every stage and wins from several.

Rows are written with ``executemany`` in batches inside one bulk transaction (no undo), so a
run cancelled while writing leaves the database as it was; the search index is filled after.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from funneldesk.core import clock, funnel_facts
from funneldesk.core import demo_words as w
from funneldesk.core.db import Database
from funneldesk.core.errors import Cancelled, ValidationError
from funneldesk.core.index_rebuild import indexes_afterwards
from funneldesk.core.jobs import CancelCheck, Progress
from funneldesk.core.search import update_search_index

BATCH_CUSTOMERS = 1000
FILLED_TABLES = (  # written in bulk, so their indexes are built once afterwards
    "customers",
    "important_dates",
    "preferences",
    "interactions",
    "deals",
    "stage_changes",
    "activities",
    "deal_facts",
    "stage_visits",
)
HISTORY_DAYS = 730  # customers and deals are spread over the two years before the reference
_PAST_DAYS = HISTORY_DAYS + 70  # day 0 of the generator's calendar
_FUTURE_DAYS = 400
_REFERENCE_MINUTE = 8 * 60  # "now" is 08:00 UTC on the reference day
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Lunar years with a leap month (which has a day 29 in every one of them), as (year, month).
_LEAP_MONTH_YEARS = (
    (1955, 3), (1960, 6), (1963, 4), (1966, 3), (1968, 7), (1971, 5), (1974, 4), (1976, 8),
    (1979, 6), (1982, 4), (1984, 10), (1987, 6), (1990, 5), (1993, 3), (1995, 8), (1998, 5),
)  # fmt: skip
_CURRENCY_RATE = {
    "USD": 1.0,
    "EUR": 0.92,
    "CNY": 7.2,
    "GBP": 0.79,
    "CHF": 0.88,
    "CAD": 1.36,
    "SGD": 1.34,
    "BRL": 5.0,
}
_SPENDING_MEDIAN_USD = {"low": 1500.0, "medium": 5000.0, "high": 15000.0, "vip": 45000.0}


class _Weights:
    """Items with relative weights, summed once so that a draw is one bisection."""

    __slots__ = ("items", "cumulative", "total")

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = tuple(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]


_SOURCES_ZH = _Weights(w.SOURCES, w.SOURCE_WEIGHTS_ZH)
_SOURCES_LATIN = _Weights(w.SOURCES, w.SOURCE_WEIGHTS_LATIN)
_SPENDING = _Weights(w.SPENDING_LEVELS, w.SPENDING_WEIGHTS)
_FREQUENCY = _Weights(w.PURCHASE_FREQUENCIES, w.FREQUENCY_WEIGHTS)
_SATISFACTION = _Weights((1, 2, 3, 4, 5), (3, 7, 20, 40, 30))
_CHILDREN = _Weights((0, 1, 2), (78, 16, 6))
_PREFERENCE_COUNT = _Weights((0, 1, 2, 3, 4), (15, 25, 30, 20, 10))
_DEALS_PER_CUSTOMER = _Weights((0, 1, 2, 3), (40, 46, 11, 3))
_START_STAGE = _Weights((0, 1, 2), (76, 15, 9))  # most deals start in the first stage
_KIND = _Weights(
    ("call", "message", "email", "meeting", "visit", "note", "greeting"), (34, 20, 15, 13, 8, 7, 3)
)
_ACTIVITY_KIND = _Weights(
    ("call", "meeting", "visit", "email", "message", "task"), (40, 12, 8, 12, 10, 18)
)
_REMIND_MIN = {"call": 10, "meeting": 30, "visit": 60}
_OUTCOME = _Weights(("positive", "neutral", "negative", None), (40, 38, 13, 9))


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind the generator wrote."""

    customers: int
    important_dates: int
    preferences: int
    interactions: int
    deals: int
    stage_changes: int
    source_costs: int
    reference: date


@dataclass
class _Batch:
    customers: list[tuple] = field(default_factory=list)
    dates: list[tuple] = field(default_factory=list)
    preferences: list[tuple] = field(default_factory=list)
    interactions: list[tuple] = field(default_factory=list)
    deals: list[tuple] = field(default_factory=list)
    changes: list[tuple] = field(default_factory=list)
    activities: list[tuple] = field(default_factory=list)


@dataclass(frozen=True)
class _Buyer:
    """The customer a demo deal is for: who they are, what they spend, who looks after them."""

    id: int
    zh: bool
    spending: str
    owner: str
    fields: dict[str, Any]
    local_currency: str


@dataclass
class _Deal:
    id: int
    created: int
    end: int  # minute of closing, or the reference minute for open deals
    open: bool


def generate_demo(
    db: Database,
    customers: int = 2000,
    seed: int = 7,
    reference: date | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> DemoSummary:
    """Fill ``db`` with ``customers`` demo customers and everything around them.

    Progress runs over ``2 × customers`` steps: writing the rows, then indexing them for
    search (``core/search.py``), so the first search is instant. Cancelling while rows are
    written raises :class:`Cancelled` and changes nothing; cancelling while indexing raises
    it with the rows kept and the rest of the index queued (search catches up later).
    """
    if customers < 0:
        raise ValidationError("The number of customers cannot be negative.", "customers")
    builder = _Builder(db, _Random(seed), reference or clock.today())
    total = 2 * customers
    with db.bulk() as conn:
        builder.start_ids(conn)
        rebuilt = FILLED_TABLES if builder.customer_id <= customers else ()
        with (
            indexes_afterwards(conn, rebuilt, unique_too=True),
            funnel_facts.suspended(conn),  # derived once at the end, not row by row
        ):
            done = 0
            while done < customers:
                if cancelled is not None and cancelled():
                    raise Cancelled("Demo data generation was cancelled; nothing was added.")
                size = min(BATCH_CUSTOMERS, customers - done)
                _write_batch(conn, builder.batch(size))
                done += size
                if progress is not None:
                    progress(done, total)
            costs = builder.source_cost_rows()
            conn.executemany(
                "INSERT INTO source_costs (source, month, cost) VALUES (?, ?, ?) "
                "ON CONFLICT(source, month) DO UPDATE SET cost = excluded.cost",
                costs,
            )
            conn.executemany(
                "INSERT OR IGNORE INTO exchange_rates (currency, rate, valid_from) VALUES (?, ?, ?)",
                builder.exchange_rate_rows(),
            )

    def indexing(indexed: int, queued: int) -> None:
        if progress is not None:
            progress(customers + customers * indexed // max(queued, 1), total)

    update_search_index(db, indexing, cancelled)
    if progress is not None and customers == 0:
        progress(0, 0)
    return builder.summary(len(costs))


def holds_data(path: Path) -> bool:
    """Whether the FunnelDesk file at ``path`` has any customer or deal (read-only look)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return bool(
            conn.execute(
                "SELECT EXISTS (SELECT 1 FROM customers) OR EXISTS (SELECT 1 FROM deals)"
            ).fetchone()[0]
        )
    finally:
        conn.close()


def _write_batch(conn: Any, batch: _Batch) -> None:
    conn.executemany(
        "INSERT INTO customers (id, name, company, title, phone, email, address, city, source, "
        "spending_level, purchase_frequency, satisfaction, notes, owner, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        batch.customers,
    )
    conn.executemany(
        "INSERT INTO important_dates (customer_id, kind, label, month, day, year, calendar, "
        "is_leap_month, remind_days_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        batch.dates,
    )
    conn.executemany(
        "INSERT INTO preferences (customer_id, category, value) VALUES (?, ?, ?)",
        batch.preferences,
    )
    conn.executemany(
        "INSERT INTO deals (id, customer_id, pipeline_id, stage_id, title, value, currency, "
        "probability, status, lost_reason, expected_close, created_at, closed_at, owner, "
        "updated_at, board_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        batch.deals,
    )
    conn.executemany(
        "INSERT INTO stage_changes (deal_id, from_stage_id, to_stage_id, changed_at) "
        "VALUES (?, ?, ?, ?)",
        batch.changes,
    )
    conn.executemany(
        "INSERT INTO interactions (customer_id, deal_id, kind, occurred_at, duration_min, "
        "summary, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)",
        batch.interactions,
    )
    conn.executemany(
        "INSERT INTO activities (customer_id, deal_id, kind, title, due_date, due_time, "
        "duration_min, remind_min_before, notes, owner, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        batch.activities,
    )


def _ascii(text: str) -> str:
    """``Müller`` → ``muller``, ``O'Brien`` → ``obrien``: the local part of an e-mail address."""
    text = text.replace("ß", "ss").replace("Ł", "L").replace("ł", "l").replace("ø", "o")
    text = text.replace("ı", "i").replace("Ø", "O")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())


class _Random(random.Random):
    """``random.Random`` with quicker draws: the generator makes millions of them."""

    def pick(self, items: Sequence[Any]) -> Any:
        return items[int(self.random() * len(items))]

    def between(self, low: int, high: int) -> int:
        """A whole number in ``low..high`` inclusive."""
        return low + int(self.random() * (high - low + 1))

    def weighted(self, choice: _Weights) -> Any:
        return choice.items[bisect.bisect(choice.cumulative, self.random() * choice.total)]


class _Builder:
    """Draws every row from one ``random.Random`` in a fixed order (hence reproducible)."""

    def __init__(self, db: Database, rng: _Random, reference: date) -> None:
        self.rng = rng
        self.reference = reference
        start = reference - timedelta(days=_PAST_DAYS)
        total = _PAST_DAYS + _FUTURE_DAYS
        self.day_text = [(start + timedelta(days=d)).isoformat() for d in range(total)]
        self.day_month_day = [
            ((start + timedelta(days=d)).month, (start + timedelta(days=d)).day)
            for d in range(total)
        ]
        self.clock_text = [f"T{m // 60:02d}:{m % 60:02d}:00Z" for m in range(1440)]
        self.ref_day = _PAST_DAYS
        self.now = _PAST_DAYS * 1440 + _REFERENCE_MINUTE
        self.language = db.setting("language", "en") or "en"
        self.default_currency = db.setting("currency", "USD") or "USD"
        self.owners = w.OWNERS["zh_CN" if self.language == "zh_CN" else "en"]
        self.zh_share = 0.75 if self.language == "zh_CN" else 0.45
        pipeline = db.query_one("SELECT id FROM pipelines ORDER BY position, id LIMIT 1")
        if pipeline is None:
            raise ValidationError("The database has no pipeline for the demo deals.")
        self.pipeline_id = pipeline["id"]
        self.stages: list[int] = [  # stage ids in board order
            row["id"]
            for row in db.query(
                "SELECT id FROM stages WHERE pipeline_id = ? AND archived = 0 ORDER BY position",
                (self.pipeline_id,),
            )
        ]
        if not self.stages:
            raise ValidationError("The first pipeline has no stages for the demo deals.")
        self.board_top: Counter[int] = Counter()
        self.new_customers: Counter[tuple[str, str]] = Counter()
        self.counts: Counter[str] = Counter()
        self.ascii_cache: dict[str, str] = {}
        self.customer_id = self.deal_id = 1

    def start_ids(self, conn: Any) -> None:
        """Continue after existing rows so the generator can also fill a used database."""
        self.customer_id = conn.execute(
            "SELECT COALESCE(MAX(id), 0) + 1 FROM customers"
        ).fetchone()[0]
        self.deal_id = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM deals").fetchone()[0]
        for stage_id, top in conn.execute(
            "SELECT stage_id, MAX(board_position) FROM deals WHERE status = 'open' GROUP BY stage_id"
        ):
            self.board_top[stage_id] = int(top or 0)

    # -- time ------------------------------------------------------------------------------
    def stamp(self, minute: int) -> str:
        return self.day_text[minute // 1440] + self.clock_text[minute % 1440]

    def work_minute(self, day: int, zh: bool) -> int:
        """A minute in office hours of the customer's time zone, never after "now"."""
        start = 60 if zh else 480  # 09:00 Beijing / 08:00 UTC
        return min(day * 1440 + start + self.rng.between(0, 539), self.now)

    # -- one batch -------------------------------------------------------------------------
    def batch(self, size: int) -> _Batch:
        out = _Batch()
        for _ in range(size):
            self.customer(out)
        for key, rows in (
            ("customers", out.customers),
            ("important_dates", out.dates),
            ("preferences", out.preferences),
            ("interactions", out.interactions),
            ("deals", out.deals),
            ("stage_changes", out.changes),
            ("activities", out.activities),
        ):
            self.counts[key] += len(rows)
        return out

    def customer(self, out: _Batch) -> None:
        rng = self.rng
        cid = self.customer_id
        self.customer_id += 1
        zh = rng.random() < self.zh_share
        days_ago = 1 + int((HISTORY_DAYS - 1) * rng.random() ** 1.3)
        created_day = self.ref_day - days_ago
        created = self.work_minute(created_day, zh)
        source = rng.weighted(_SOURCES_ZH if zh else _SOURCES_LATIN)
        self.new_customers[(source, self.day_text[created_day][:7])] += 1
        spending = rng.weighted(_SPENDING)
        owner = rng.pick(self.owners)
        if zh:
            fields, local_currency = self.chinese_identity(), "CNY"
        else:
            fields, local_currency = self.latin_identity()
        satisfaction = None if rng.random() < 0.25 else rng.weighted(_SATISFACTION)
        notes = None
        if rng.random() < 0.45:
            notes = rng.pick(w.ZH_NOTES if zh else w.LATIN_NOTES)
            if rng.random() < 0.15:
                notes += "\n" + rng.pick(w.ZH_NOTES if zh else w.LATIN_NOTES)
        updated = created if rng.random() < 0.6 else rng.between(created, self.now)
        out.customers.append(
            (
                cid,
                fields["name"],
                fields["company"],
                fields["title"],
                fields["phone"],
                fields["email"],
                fields["address"],
                fields["city"],
                source,
                spending,
                rng.weighted(_FREQUENCY),
                satisfaction,
                notes,
                owner,
                self.stamp(created),
                self.stamp(updated),
            )
        )
        self.important_dates(out, cid, zh)
        self.preferences(out, cid, zh)
        buyer = _Buyer(cid, zh, spending, owner, fields, local_currency)
        deals = self.deals(out, buyer, created)
        self.interactions(out, cid, zh, created, deals, owner)

    # -- who they are ----------------------------------------------------------------------
    def chinese_identity(self) -> dict[str, Any]:
        rng = self.rng
        surname, surname_py = rng.pick(w.ZH_SURNAMES)
        given, given_py = rng.pick(w.ZH_GIVEN)
        city, street = rng.pick(w.ZH_CITIES)
        company = domain = None
        brand = surname + given
        if rng.random() < 0.88:
            word, word_py = rng.pick(w.ZH_COMPANY_WORDS)
            kind, kind_py = rng.pick(w.ZH_COMPANY_KINDS)
            company, brand = f"{city}{word}{kind}", word
            domain = f"{word_py}-{kind_py}.cn"
        email = None
        if domain and rng.random() < 0.85:
            email = (
                f"{given_py}.{surname_py}@{domain}"
                if rng.random() < 0.5
                else f"{surname_py}{given_py}{rng.between(1, 99)}@{domain}"
            )
        phone = None
        if rng.random() < 0.95:
            phone = (
                f"+86 {rng.pick(w.ZH_MOBILE_PREFIXES)} {rng.between(1000, 9999)} "
                f"{rng.between(1000, 9999)}"
            )
        return {
            "name": surname + given,
            "brand": brand,
            "company": company,
            "title": rng.pick(w.ZH_TITLES) if rng.random() < 0.85 else None,
            "phone": phone,
            "email": email,
            "address": f"{street}{rng.between(1, 999)}号" if rng.random() < 0.8 else None,
            "city": city,
        }

    def latin_identity(self) -> tuple[dict[str, Any], str]:
        rng = self.rng
        first, last = rng.pick(w.LATIN_FIRST), rng.pick(w.LATIN_LAST)
        city, dial, currency, street = rng.pick(w.LATIN_CITIES)
        company = domain = None
        brand = last
        if rng.random() < 0.85:
            word = rng.pick(w.LATIN_COMPANY_WORDS)
            kind, tld = rng.pick(w.LATIN_COMPANY_KINDS)
            company, brand = f"{word} {kind}", word
            domain = f"{self.plain(word)}.{tld}"
        email = None
        if domain and rng.random() < 0.88:
            email = f"{self.plain(first)}.{self.plain(last)}@{domain}"
        phone = None
        if rng.random() < 0.93:
            digits = w.SUBSCRIBER_DIGITS[dial]
            head = rng.between(2, 9) * 10 ** (digits - 5) + rng.between(0, 10 ** (digits - 5) - 1)
            phone = f"{dial} {head} {rng.between(1000, 9999)}"
        fields = {
            "name": f"{first} {last}",
            "brand": brand,
            "company": company,
            "title": rng.pick(w.LATIN_TITLES) if rng.random() < 0.85 else None,
            "phone": phone,
            "email": email,
            "address": f"{street} {rng.between(1, 250)}" if rng.random() < 0.75 else None,
            "city": city,
        }
        return fields, currency

    def plain(self, text: str) -> str:
        cached = self.ascii_cache.get(text)
        if cached is None:
            cached = self.ascii_cache[text] = _ascii(text)
        return cached

    # -- important dates -------------------------------------------------------------------
    def important_dates(self, out: _Batch, cid: int, zh: bool) -> None:
        rng = self.rng
        labels = w.LABELS["zh" if zh else "latin"]
        remind = self.remind_days
        if rng.random() < 0.86:
            out.dates.append((cid, "birthday", None, *self.birthday(cid, zh), remind()))
        if rng.random() < 0.25:
            month, day = self.solar_month_day()
            year = rng.between(1985, 2022) if rng.random() < 0.85 else None
            label = rng.pick(labels["anniversary"])
            out.dates.append((cid, "anniversary", label, month, day, year, "solar", 0, remind()))
        children = rng.weighted(_CHILDREN)
        for _ in range(children):
            month, day = self.solar_month_day()
            name = rng.pick(w.CHILD_NAMES_ZH if zh else w.CHILD_NAMES_LATIN)
            label = labels["child"].format(name=name)
            out.dates.append(
                (
                    cid,
                    "child_birthday",
                    label,
                    month,
                    day,
                    rng.between(2005, 2022),
                    "solar",
                    0,
                    remind(),
                )
            )
        if rng.random() < 0.06:
            month, day = self.solar_month_day()
            year = self.reference.year - rng.between(0, 3)
            label = labels["housewarming"][0]
            out.dates.append((cid, "housewarming", label, month, day, year, "solar", 0, remind()))
        if rng.random() < 0.05:
            month, day = self.solar_month_day()
            label = rng.pick(labels["custom"])
            out.dates.append((cid, "custom", label, month, day, None, "solar", 0, remind()))

    def remind_days(self) -> int:
        return self.rng.pick((7, 7, 7, 7, 3, 14, 1))

    def solar_month_day(self) -> tuple[int, int]:
        month = self.rng.between(1, 12)
        return month, self.rng.between(1, _MONTH_DAYS[month - 1])

    def birthday(self, cid: int, zh: bool) -> tuple[Any, ...]:
        """(month, day, year, calendar, is_leap_month): some yearless, lunar, leap, 29 Feb."""
        rng = self.rng
        if cid % 250 == 17:  # a few on 29 February, whatever the seed
            return (
                2,
                29,
                (None if rng.random() < 0.3 else 1960 + 4 * rng.between(0, 10)),
                "solar",
                0,
            )
        if cid % 50 == 3:  # guarantee greetings in the next two weeks even for tiny datasets
            month, day = self.day_month_day[self.ref_day + rng.between(0, 13)]
            if (month, day) == (2, 29):
                day = 28
            return month, day, rng.between(1960, 2000), "solar", 0
        if rng.random() < (0.25 if zh else 0.01):
            if rng.random() < 0.08:
                year, month = rng.pick(_LEAP_MONTH_YEARS)
                return month, rng.between(1, 29), year, "lunar", 1
            month = rng.between(1, 12)
            if rng.random() < 0.35:  # year unknown: day 30 allowed (falls on 29 in short months)
                return month, rng.between(1, 30), None, "lunar", 0
            return month, rng.between(1, 29), rng.between(1955, 2000), "lunar", 0
        year = rng.between(1955, 2001) if rng.random() < 0.78 else None
        if rng.random() < 0.004:
            return 2, 29, (None if year is None else 1960 + 4 * rng.between(0, 10)), "solar", 0
        month, day = self.solar_month_day()
        return month, day, year, "solar", 0

    # -- preferences -----------------------------------------------------------------------
    def preferences(self, out: _Batch, cid: int, zh: bool) -> None:
        rng = self.rng
        table = w.PREFERENCES_ZH if zh else w.PREFERENCES_LATIN
        count = rng.weighted(_PREFERENCE_COUNT)
        for category in rng.sample(("colour", "music", "drink", "food", "gift", "hobby"), count):
            out.preferences.append((cid, category, rng.pick(table[category])))
        if rng.random() < 0.04:
            out.preferences.append((cid, "other", rng.pick(table["other"])))

    # -- deals and their history -----------------------------------------------------------
    def deals(self, out: _Batch, buyer: _Buyer, created: int) -> list[_Deal]:
        rng = self.rng
        wanted = rng.weighted(_DEALS_PER_CUSTOMER)
        made: list[_Deal] = []
        start = created
        for _ in range(wanted):
            start += int(rng.expovariate(1 / 40) * 1440) + 30
            if start >= self.now:
                break
            made.append(self.deal(out, buyer, start))
            start = made[-1].end
        return made

    def deal(self, out: _Batch, buyer: _Buyer, created: int) -> _Deal:
        rng = self.rng
        deal_id = self.deal_id
        self.deal_id += 1
        k = len(self.stages)
        index = 0 if k == 1 else rng.weighted(_START_STAGE)
        index = min(index, k - 1)
        out.changes.append((deal_id, None, self.stages[index], self.stamp(created)))
        moment, status = created, "open"
        pace = 2.5 if rng.random() < 0.2 else 1.0  # some deals drag on (and go idle)
        for _ in range(14):
            days = pace * rng.lognormvariate(math.log(self.stage_median_days(index)), 0.85)
            step = int(days * 1440)
            step = max(step, 45)
            if moment + step >= self.now:
                break
            moment += step
            outcome = self.next_step(index, k)
            if outcome in ("won", "lost"):
                status = outcome
                break
            out.changes.append(
                (deal_id, self.stages[index], self.stages[outcome], self.stamp(moment))
            )
            index = outcome
        currency = self.default_currency
        if buyer.local_currency != currency and rng.random() < 0.2:
            currency = buyer.local_currency
        value = rng.lognormvariate(math.log(_SPENDING_MEDIAN_USD[buyer.spending]), 0.7)
        value *= _CURRENCY_RATE.get(currency, 1.0)
        value = round(value, -2) if value >= 1000 else round(value, -1)
        expected = created // 1440 + max(7, int(rng.lognormvariate(math.log(45), 0.5)))
        expected = min(expected, self.ref_day + _FUTURE_DAYS - 1)
        if status == "open" and expected < self.ref_day - 30:  # a salesperson re-plans
            expected = self.ref_day + rng.between(-20, 60)
        board_position = None
        if status == "open":
            self.board_top[self.stages[index]] += 1
            board_position = float(self.board_top[self.stages[index]])
        lost_reason = None
        if status == "lost" and rng.random() < 0.9:
            lost_reason = rng.pick(w.LOST_REASONS_ZH if buyer.zh else w.LOST_REASONS_LATIN)
        closed = self.stamp(moment) if status != "open" else None
        out.deals.append(
            (
                deal_id,
                buyer.id,
                self.pipeline_id,
                self.stages[index],
                self.deal_title(buyer.zh, buyer.fields),
                value,
                currency,
                rng.pick((30.0, 50.0, 70.0, 90.0)) if rng.random() < 0.05 else None,
                status,
                lost_reason,
                self.day_text[expected],
                self.stamp(created),
                closed,
                buyer.owner if rng.random() < 0.9 else rng.pick(self.owners),
                self.stamp(moment),
                board_position,
            )
        )
        return _Deal(deal_id, created, moment if status != "open" else self.now, status == "open")

    def stage_median_days(self, index: int) -> float:
        return (9.0, 12.0, 16.0, 14.0, 12.0)[min(index, 4)]

    def next_step(self, index: int, k: int) -> int | str:
        """Where a deal goes from stage ``index``: a stage index, ``"won"`` or ``"lost"``."""
        r = self.rng.random()
        if index == k - 1:
            if r < 0.52:
                return "won"
            if r < 0.84 or k == 1:
                return "lost"
            return index - 1
        depth = index / max(k - 2, 1)  # 0 at the first stage .. 1 at the one before last
        lose = 0.24 - 0.06 * depth
        win = 0.01 + 0.07 * depth
        back = 0.07 if index > 0 else 0.0
        skip = 0.09 if index + 2 < k else 0.0
        if r < lose:
            return "lost"
        r -= lose
        if r < win:
            return "won"
        r -= win
        if r < back:
            return index - 1
        r -= back
        if r < skip:
            return index + 2
        return index + 1

    def deal_title(self, zh: bool, fields: dict[str, Any]) -> str:
        """``华信 ERP系统升级`` / ``ERP upgrade – Nordlicht``: brand (or surname) and product."""
        if zh:
            return f"{fields['brand']} {self.rng.pick(w.DEAL_PRODUCTS_ZH)}"
        return f"{self.rng.pick(w.DEAL_PRODUCTS_LATIN)} – {fields['brand']}"

    # -- contact history -------------------------------------------------------------------
    def interactions(
        self, out: _Batch, cid: int, zh: bool, created: int, deals: list[_Deal], owner: str
    ) -> None:
        rng = self.rng
        count = 1 + int(9.999 * rng.random() ** 1.7)
        first_day, last_day = created // 1440, self.ref_day
        days = sorted(rng.between(first_day, last_day) for _ in range(count))
        if deals and deals[-1].open and rng.random() < 0.65:  # most open deals are being worked on
            days[-1] = max(days[-1], last_day - rng.between(0, 9), deals[-1].created // 1440)
        summaries = w.INTERACTION_SUMMARIES_ZH if zh else w.INTERACTION_SUMMARIES_LATIN
        for position, day in enumerate(days):
            moment = max(self.work_minute(day, zh), created)
            kind = rng.weighted(_KIND)
            deal_id = None
            for deal in deals:
                if deal.created <= moment <= deal.end and rng.random() < 0.8:
                    deal_id = deal.id
                    break
            out.interactions.append(
                (
                    cid,
                    deal_id,
                    kind,
                    self.stamp(moment),
                    self.duration(kind),
                    rng.pick(summaries[kind]),
                    rng.weighted(_OUTCOME) if kind != "note" else None,
                )
            )
            if position == count - 1 and rng.random() < 0.2:  # 20k open at 100k customers
                out.activities.append(self.activity(cid, zh, day, deal_id, owner))

    def duration(self, kind: str) -> float | None:
        rng = self.rng
        if kind == "call":
            return float(rng.between(2, 35))
        if kind == "meeting":
            return float(rng.pick((30, 45, 60, 60, 90, 120)))
        if kind == "visit":
            return float(rng.pick((30, 60, 90, 120, 180)))
        if kind in ("email", "message"):
            return float(rng.pick((5, 10, 15))) if rng.random() < 0.5 else None
        return None

    def activity(self, cid: int, zh: bool, day: int, deal_id: int | None, owner: str) -> tuple:
        """The next step planned after a customer's latest contact: some overdue, some today
        at a time, a good share in the coming week, the rest within the month."""
        rng = self.rng
        r = rng.random()
        if r < 0.12:
            target = self.ref_day - rng.between(1, 14)
        elif r < 0.22:
            target = self.ref_day
        elif r < 0.5:
            target = self.ref_day + rng.between(1, 7)
        else:
            target = self.ref_day + rng.between(8, 30)
        target = max(target, day + 1)
        kind = rng.weighted(_ACTIVITY_KIND)
        timed = kind in ("call", "meeting", "visit") and rng.random() < 0.85
        at = f"{rng.between(9, 17):02d}:{rng.pick(('00', '15', '30', '45'))}" if timed else None
        titles = w.ACTIVITY_TITLES_ZH if zh else w.ACTIVITY_TITLES_LATIN
        created = self.stamp(min(day * 1440 + 720, self.now))
        return (
            cid,
            deal_id,
            kind,
            rng.pick(titles[kind]),
            self.day_text[target],
            at,
            self.duration(kind) if timed else None,
            _REMIND_MIN.get(kind) if timed else None,
            None,
            owner,
            created,
            created,
        )

    # -- marketing spend -------------------------------------------------------------------
    def exchange_rate_rows(self) -> list[tuple[str, float, str]]:
        """A rate for every demo currency into the reporting one: a year ago, and a slightly
        different one three months ago, so closed deals convert at the rate of their day."""
        base = _CURRENCY_RATE.get(self.default_currency)
        if base is None:
            return []
        year_ago = (self.reference - timedelta(days=365)).isoformat()
        recent = (self.reference - timedelta(days=90)).isoformat()
        rows = []
        for currency, per_usd in _CURRENCY_RATE.items():
            if currency != self.default_currency:
                rate = base / per_usd
                rows += [
                    (currency, round(rate * 0.97, 6), year_ago),
                    (currency, round(rate, 6), recent),
                ]
        return rows

    def source_cost_rows(self) -> list[tuple[str, str, float]]:
        """Cost for every source and month of the history: unit cost × new customers, ±25%."""
        months = sorted(
            {text[:7] for text in self.day_text[self.ref_day - HISTORY_DAYS : self.ref_day + 1]}
        )
        rows = []
        for source in w.SOURCES:
            unit = w.SOURCE_UNIT_COST[source]
            for month in months:
                newcomers = self.new_customers[(source, month)]
                cost = (unit * newcomers + unit * 2) * self.rng.uniform(0.75, 1.25)
                rows.append((source, month, round(cost, 2)))
        return rows

    def summary(self, source_costs: int) -> DemoSummary:
        return DemoSummary(
            customers=self.counts["customers"],
            important_dates=self.counts["important_dates"],
            preferences=self.counts["preferences"],
            interactions=self.counts["interactions"],
            deals=self.counts["deals"],
            stage_changes=self.counts["stage_changes"],
            source_costs=source_costs,
            reference=self.reference,
        )
