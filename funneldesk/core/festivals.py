"""Festival greetings: which festivals fall soon, and which customers are still to be greeted.

The Chinese festivals fall on lunar dates (春节 1/1, 元宵 1/15, 端午 5/5, 七夕 7/7, 中秋 8/15,
重阳 9/9), always in the ordinary month, never in a leap month of the same number (in 2025,
a year with a leap sixth month, 七夕 and 中秋 fall a month later than in 2024). They are
converted with ``lunardate`` through :mod:`funneldesk.core.yearly_dates`, the same cached month
tables the customers' own lunar birthdays use, so the project keeps one calendar library.
New Year's Day, Valentine's Day and Christmas are solar.

The user's choice — which festivals, and which customers (everyone, one lead source,
customers with a won deal, or a hand-picked list) — is one file setting
(``festival_greetings``, JSON), so it travels with the data and its backups, and changing
it is one undoable operation (:func:`set_festival_choice`). A festival is due from
``remind_days_before`` days (the file's reminder setting, 7 by default) before it until the
day itself; a customer drops out of it once a ``greeting`` was logged for them inside that
window.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from funneldesk.core import validation as v
from funneldesk.core.changes import ChangeSet
from funneldesk.core.clock import format_timestamp, now_timestamp
from funneldesk.core.customers import clean_interaction
from funneldesk.core.db import Database
from funneldesk.core.errors import ValidationError
from funneldesk.core.settings_ops import write_setting
from funneldesk.core.yearly_dates import next_occurrence

SETTING_KEY = "festival_greetings"
AUDIENCES = ("all", "source", "won", "list")
DEFAULT_WINDOW_DAYS = 7
MAX_CHOSEN_CUSTOMERS = 100_000


@dataclass(frozen=True)
class Festival:
    """A yearly festival: a stable code, its names, and its month/day in its calendar."""

    code: str
    name_en: str
    name_zh: str
    calendar: str
    month: int
    day: int

    def next_date(self, on: date) -> date:
        """The first day on or after ``on`` the festival falls on (ValidationError outside
        the years the lunar tables cover)."""
        return next_occurrence(self.month, self.day, self.calendar, False, on)

    def name(self, language: str) -> str:
        return self.name_zh if language == "zh_CN" else self.name_en


FESTIVALS: tuple[Festival, ...] = (
    Festival("new_year", "New Year's Day", "元旦", "solar", 1, 1),
    Festival("spring_festival", "Spring Festival", "春节", "lunar", 1, 1),
    Festival("valentines", "Valentine's Day", "情人节", "solar", 2, 14),
    Festival("lantern", "Lantern Festival", "元宵节", "lunar", 1, 15),
    Festival("dragon_boat", "Dragon Boat Festival", "端午节", "lunar", 5, 5),
    Festival("qixi", "Qixi Festival", "七夕", "lunar", 7, 7),
    Festival("mid_autumn", "Mid-Autumn Festival", "中秋节", "lunar", 8, 15),
    Festival("double_ninth", "Double Ninth Festival", "重阳节", "lunar", 9, 9),
    Festival("christmas", "Christmas", "圣诞节", "solar", 12, 25),
)
BY_CODE = {festival.code: festival for festival in FESTIVALS}


@dataclass(frozen=True)
class FestivalChoice:
    """Which festivals the user greets for, and whom."""

    festivals: tuple[str, ...] = ("new_year", "spring_festival", "mid_autumn")
    audience: str = "won"
    source: str | None = None
    customer_ids: tuple[int, ...] = field(default_factory=tuple)

    def as_json(self) -> str:
        data = asdict(self)
        data["festivals"] = list(self.festivals)
        data["customer_ids"] = list(self.customer_ids)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class FestivalDue:
    """A festival within its reminder window and the chosen customers not yet greeted."""

    festival: str
    name_en: str
    name_zh: str
    date: date
    days_until: int
    customer_ids: list[int]
    greeted: int = 0
    names: list[str] = field(default_factory=list)  # of ``customer_ids``, in the same order

    def name(self, language: str) -> str:
        return BY_CODE[self.festival].name(language)


def clean_choice(values: Mapping[str, Any]) -> FestivalChoice:
    """Validate a choice; unknown festivals or audiences are refused with a clear message."""
    codes = tuple(dict.fromkeys(str(code) for code in values.get("festivals", ()) or ()))
    unknown = [code for code in codes if code not in BY_CODE]
    if unknown:
        raise ValidationError(f"Unknown festival: {', '.join(unknown)}.", "festivals")
    audience = str(values.get("audience") or "won")
    if audience not in AUDIENCES:
        raise ValidationError(f"“{audience}” is not a choice of customers.", "audience")
    source = v.clean_text(values.get("source"), "source", label="Source")
    if audience == "source" and source is None:
        raise ValidationError("Choose the lead source whose customers to greet.", "source")
    ids = tuple(
        dict.fromkeys(
            v.clean_int(i, "customer_ids", minimum=1) for i in values.get("customer_ids") or ()
        )
    )
    if len(ids) > MAX_CHOSEN_CUSTOMERS:
        raise ValidationError("Too many customers chosen by hand.", "customer_ids")
    order = [festival.code for festival in FESTIVALS]
    return FestivalChoice(
        festivals=tuple(sorted(codes, key=order.index)),
        audience=audience,
        source=source if audience == "source" else None,
        customer_ids=tuple(i for i in ids if i is not None),
    )


def festival_choice(db: Database) -> FestivalChoice:
    """The stored choice, or the default (New Year, Spring Festival and Mid-Autumn for
    customers with a won deal); a damaged setting counts as the default."""
    text = db.setting(SETTING_KEY)
    if not text:
        return FestivalChoice()
    try:
        data = json.loads(text)
        return clean_choice(data) if isinstance(data, dict) else FestivalChoice()
    except (ValueError, ValidationError):
        return FestivalChoice()


def set_festival_choice(db: Database, values: Mapping[str, Any]) -> ChangeSet:
    """Store the choice of festivals and customers (one undoable operation)."""
    value = clean_choice(values).as_json()
    with db.operation("Choose festival greetings") as tx:
        write_setting(tx, SETTING_KEY, value)
    return tx.changeset


def window_days(db: Database) -> int:
    """How many days before a festival it is due: the file's reminder setting."""
    try:
        return max(0, min(365, int(db.setting("remind_days_before") or DEFAULT_WINDOW_DAYS)))
    except ValueError:
        return DEFAULT_WINDOW_DAYS


def upcoming_festivals(
    on: date, codes: tuple[str, ...], window: int
) -> list[tuple[Festival, date]]:
    """The chosen festivals falling within ``window`` days from ``on``, soonest first."""
    found = []
    for code in codes:
        festival = BY_CODE[code]
        try:
            falls = festival.next_date(on)
        except ValidationError:  # a lunar year the tables do not cover
            continue
        if (falls - on).days <= window:
            found.append((festival, falls))
    return sorted(found, key=lambda item: (item[1], item[0].code))


def _audience_sql(choice: FestivalChoice) -> tuple[str, list[Any]]:
    if choice.audience == "source":
        return "c.source = ?", [choice.source]
    if choice.audience == "won":
        # driven by the deals (a third of the time of an EXISTS per customer at 100k)
        return "c.id IN (SELECT customer_id FROM deals WHERE status = 'won')", []
    if choice.audience == "list":
        return "c.id IN (SELECT value FROM json_each(?))", [json.dumps(list(choice.customer_ids))]
    return "1", []


def _to_greet(
    db: Database, choice: FestivalChoice, since: date, owner: str | None
) -> tuple[list[Any], int]:
    """Chosen customers (id, name) with no greeting logged on or after ``since`` (local
    day), and how many of the chosen were already greeted (``owner``: of that person's
    customers only)."""
    where, params = _audience_sql(choice)
    if owner:
        where, params = f"({where}) AND c.owner = ?", [*params, owner]
    rows = db.query(
        f"""SELECT c.id, c.name, EXISTS (SELECT 1 FROM interactions i
                   WHERE i.customer_id = c.id AND i.kind = 'greeting' AND i.occurred_at >= ?)
            FROM customers c WHERE {where} ORDER BY c.name, c.id""",
        [_utc_start_of(since), *params],
    )
    return [row for row in rows if not row[2]], sum(1 for row in rows if row[2])


def _utc_start_of(day: date) -> str:
    """The first moment of the local ``day`` as a stored UTC timestamp."""
    return format_timestamp(datetime.combine(day, datetime.min.time()).astimezone())


def festivals_due(db: Database, on: date, owner: str | None = None) -> list[FestivalDue]:
    """Chosen festivals within their reminder window on ``on`` with the customers to greet
    (``owner``: only that person's customers, as a team member's own plan on Today shows;
    the festival stays listed when none of theirs is left, as it does for everyone's)."""
    choice = festival_choice(db)
    window = window_days(db)
    due = []
    for festival, falls in upcoming_festivals(on, choice.festivals, window):
        to_greet, greeted = _to_greet(db, choice, falls - timedelta(days=window), owner)
        due.append(
            FestivalDue(
                festival=festival.code,
                name_en=festival.name_en,
                name_zh=festival.name_zh,
                date=falls,
                days_until=(falls - on).days,
                customer_ids=[row[0] for row in to_greet],
                greeted=greeted,
                names=[row[1] for row in to_greet],
            )
        )
    return due


MAX_BATCH = 500


def log_greetings(db: Database, messages: Sequence[tuple[int, str]]) -> ChangeSet:
    """Log one ``greeting`` contact per ``(customer_id, message)``: a batch sent at a festival
    is one undoable operation (a card deleted meanwhile is refused, nothing is logged)."""
    if len(messages) > MAX_BATCH:
        raise ValidationError(f"At most {MAX_BATCH} greetings can be logged at once.")
    stamp = now_timestamp()
    rows = [
        (
            customer_id,
            clean_interaction({"kind": "greeting", "summary": text, "occurred_at": stamp}),
        )
        for customer_id, text in messages
    ]
    with db.operation("Log greetings") as tx:
        for customer_id, values in rows:
            tx.require("customers", customer_id)
            tx.insert("interactions", {**values, "customer_id": customer_id})
    return tx.changeset
