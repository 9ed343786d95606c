"""The pipeline board's queries: columns with exact totals, and windows of cards in board order.

Everything is filtered, sorted and paged in SQL so that a board of 50k open deals opens fast:
a column asks for its totals (count, value, weighted value) over all its matching deals but
fetches only the window of cards on screen. The board never changes data; drops and menu
actions call the operations in :mod:`funneldesk.core.deals`.
"""

from __future__ import annotations

import calendar
import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from funneldesk.core import clock, money, probability
from funneldesk.core.changes import ChangeSet
from funneldesk.core.clock import parse_timestamp
from funneldesk.core.db import Database
from funneldesk.core.idle import idle_condition_sql
from funneldesk.core.rows import from_row
from funneldesk.core.search import search_customers
from funneldesk.core.sync import status as sync_status

_ENTERED_STAGE = "(SELECT MAX(sc.changed_at) FROM stage_changes sc WHERE sc.deal_id = d.id)"

_CARD_COLUMNS = (
    "d.id, d.title, d.customer_id, c.name AS customer_name, d.value, d.currency, d.probability,"
    " d.owner, d.expected_close, d.stage_id, d.status, d.board_position, d.created_at"
)

_NEXT_STEP = (  # the deal's next open activity as "kind|date|time" (through the deal index)
    "(SELECT a.kind || '|' || a.due_date || '|' || COALESCE(a.due_time, '') FROM activities a"
    " WHERE a.deal_id = d.id AND a.done_at IS NULL"
    " ORDER BY a.due_date, a.due_time IS NULL, a.due_time LIMIT 1)"
)

_ORDER_BY = {
    "manual": "d.board_position, d.id",
    "value": "d.value DESC, d.id",
    "expected_close": "d.expected_close IS NULL, d.expected_close, d.id",
    "age": f"{_ENTERED_STAGE}, d.id",
    "title": "d.title COLLATE NOCASE, d.id",
    "customer": "c.name_sort IS NULL, c.name_sort, d.id",  # as the customer list (pinyin)
    "created": "d.created_at DESC, d.id DESC",
}
SORT_KEYS = tuple(_ORDER_BY)
"""Orders a column can show; ``manual`` is the order the user made by dragging."""


@dataclass(frozen=True)
class BoardFilters:
    """What the user narrowed the board to; the default shows every open deal."""

    owner: str | None = None
    source: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    closing_this_month: bool = False
    idle_only: bool = False
    no_next_step: bool = False  # open deals without a planned activity
    text: str = ""

    def is_active(self) -> bool:
        return self != BoardFilters()


@dataclass(frozen=True)
class StageInfo:
    """An open stage with how many deals (open and in all) point at it."""

    id: int
    pipeline_id: int
    name: str
    position: int
    probability: float
    rot_days: int | None
    open_deals: int
    all_deals: int


@dataclass(frozen=True)
class ColumnTotals:
    """Exact header figures of one column under the current filters: money converted into
    the reporting currency; ``unconverted`` deals (currency without a rate) are counted but
    left out of ``total`` and ``weighted``."""

    stage_id: int
    count: int
    total: float
    weighted: float
    unconverted: int = 0


@dataclass(frozen=True)
class DealCard:
    """What a card shows about one deal."""

    id: int
    title: str
    customer_id: int | None
    customer_name: str | None
    value: float
    currency: str | None
    probability: float | None
    owner: str | None
    expected_close: str | None
    stage_id: int
    status: str
    board_position: float
    days_in_stage: int
    idle: bool
    overdue: bool
    next_kind: str | None = None  # the deal's next open activity (None: no next step)
    next_date: str | None = None
    next_time: str | None = None


# -- pipelines and stages ----------------------------------------------------------------


def open_stages(db: Database, pipeline_id: int) -> list[StageInfo]:
    """The pipeline's stages in board order (archived ones left out), with deal counts."""
    rows = db.query(
        """
        SELECT s.id, s.pipeline_id, s.name, s.position, s.probability, s.rot_days,
               (SELECT COUNT(*) FROM deals d WHERE d.stage_id = s.id AND d.status = 'open')
                   AS open_deals,
               (SELECT COUNT(*) FROM deals d WHERE d.stage_id = s.id) AS all_deals
        FROM stages s
        WHERE s.pipeline_id = ? AND s.archived = 0
        ORDER BY s.position, s.id
        """,
        (pipeline_id,),
    )
    return [StageInfo(**dict(r)) for r in rows]


def stage_probabilities(db: Database, pipeline_id: int) -> dict[int, float]:
    """The win probability (0-100) of a deal without its own override, per open stage, by
    the rule of ``core/probability.py`` (learned from closed deals; a few milliseconds, so
    the board's first paint already shows the weighted totals the funnel panel shows)."""
    return probability.learned_probabilities(db.reader, pipeline_id)


# -- filters -----------------------------------------------------------------------------


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _month_bounds(on: date) -> tuple[str, str]:
    last = calendar.monthrange(on.year, on.month)[1]
    return on.replace(day=1).isoformat(), on.replace(day=last).isoformat()


def _filter_sql(filters: BoardFilters, on: date) -> tuple[str, dict[str, object], bool]:
    """SQL conditions for ``filters`` (to AND onto a query over ``d``/``s``/``c``).

    Returns the conditions, their parameters and whether they need the customers join.
    """
    parts: list[str] = []
    params: dict[str, object] = {"on": on.isoformat()}
    needs_customer = False
    if filters.owner:
        parts.append("d.owner = :owner")
        params["owner"] = filters.owner
    if filters.source:
        parts.append("c.source = :source")
        params["source"] = filters.source
        needs_customer = True
    if filters.min_value is not None:
        parts.append("d.value >= :min_value")
        params["min_value"] = filters.min_value
    if filters.max_value is not None:
        parts.append("d.value <= :max_value")
        params["max_value"] = filters.max_value
    if filters.closing_this_month:
        parts.append("d.expected_close BETWEEN :month_start AND :month_end")
        params["month_start"], params["month_end"] = _month_bounds(on)
    if filters.idle_only:
        parts.append(idle_condition_sql("d", "s", ":on"))
    if filters.no_next_step:
        parts.append(
            "NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.done_at IS NULL)"
        )
    if filters.text.strip():
        parts.append(
            "(d.title LIKE :text ESCAPE '\\' OR c.name LIKE :text ESCAPE '\\' "
            "OR c.company LIKE :text ESCAPE '\\')"
        )
        params["text"] = _like(filters.text.strip())
        needs_customer = True
    return "".join(f" AND {p}" for p in parts), params, needs_customer


# -- columns -----------------------------------------------------------------------------


def column_totals(
    db: Database,
    pipeline_id: int,
    stage_ids: Sequence[int],
    filters: BoardFilters = BoardFilters(),
    on: date | None = None,
    *,
    probabilities: dict[int, float] | None = None,
    rates: money.Rates | None = None,
) -> dict[int, ColumnTotals]:
    """Count, total and weighted value of the open deals of each stage in ``stage_ids``.

    Only the named stages are read, so a move refreshes just the two columns it touched.
    Without filters the sums come from the ``(stage_id, status, ..., currency)`` covering
    index alone, one row per currency, converted at the latest rates. ``probabilities``
    (from :func:`stage_probabilities`) and ``rates`` may be passed in by a caller that keeps
    them between refreshes.
    """
    on = on or clock.today()
    where, params, needs_customer = _filter_sql(filters, on)
    join = " LEFT JOIN customers c ON c.id = d.customer_id" if needs_customer else ""
    if probabilities is None:
        probabilities = stage_probabilities(db, pipeline_id)
    if rates is None:
        rates = money.rates_of(db)
    totals: dict[int, ColumnTotals] = {}
    for stage_id in stage_ids:
        rows = db.query(
            f"""
            SELECT d.currency, COUNT(*) AS n, TOTAL(d.value) AS total,
                   TOTAL(CASE WHEN d.probability IS NULL THEN d.value END) AS plain,
                   TOTAL(d.value * d.probability) AS overridden
            FROM deals d JOIN stages s ON s.id = d.stage_id{join}
            WHERE d.stage_id = :stage AND d.status = 'open'{where}
            GROUP BY d.currency
            """,
            {**params, "stage": stage_id},
        )
        stage_probability = probabilities.get(stage_id, 0.0)
        count, total, weighted, unconverted = 0, 0.0, 0.0, 0
        for row in rows:
            count += row["n"]
            rate = rates.latest(row["currency"])
            if rate is None:
                unconverted += row["n"]
                continue
            total += row["total"] * rate
            weighted += rate * (row["plain"] * stage_probability + row["overridden"]) / 100.0
        totals[stage_id] = ColumnTotals(stage_id, count, total, weighted, unconverted)
    return totals


def open_stage_of(image: dict | None, pipeline_id: int) -> int | None:
    """The column a deal row image shows in: its stage when open in ``pipeline_id``."""
    if image is None or image.get("status") != "open" or image.get("pipeline_id") != pipeline_id:
        return None
    return image.get("stage_id")


def totals_after_changes(
    totals: dict[int, ColumnTotals],
    changes: ChangeSet,
    pipeline_id: int,
    probabilities: dict[int, float],
    rates: money.Rates,
) -> dict[int, ColumnTotals]:
    """Unfiltered column totals after ``changes``, computed from its row images alone.

    Every changed deal row carries its before and after image, so a move's effect on the
    two columns is exact arithmetic: no query on the drag path. Returns the columns whose
    figures changed.
    """
    updated: dict[int, ColumnTotals] = {}

    def shift(image: dict, sign: int) -> None:
        stage_id = open_stage_of(image, pipeline_id)
        if stage_id is None or stage_id not in totals:
            return
        current = updated.get(stage_id, totals[stage_id])
        value = rates.convert(float(image.get("value") or 0.0), image.get("currency"))
        share = probability.deal_probability(
            image.get("probability"), probabilities.get(stage_id, 0.0), None, 0
        )
        updated[stage_id] = ColumnTotals(
            stage_id,
            current.count + sign,
            current.total + sign * (value or 0.0),
            current.weighted + sign * probability.weighted(value or 0.0, share),
            current.unconverted + sign * (value is None),
        )

    for change in changes.changes("deals"):
        if change.before is not None:
            shift(change.before, -1)
        if change.after is not None:
            shift(change.after, +1)
    return updated


def column_cards(
    db: Database,
    stage_id: int,
    filters: BoardFilters = BoardFilters(),
    on: date | None = None,
    *,
    sort: str = "manual",
    offset: int = 0,
    limit: int = 100,
    known: Mapping[int, DealCard] | None = None,
) -> list[DealCard]:
    """One window of a column's cards (open deals of the stage) in the chosen order.

    The window's ids are picked first (from the board index when the order is manual), so
    the per-card details are computed for the window only, however deep it lies. Cards in
    ``known`` are taken as they are instead of read again: after a move the board passes
    the cards it shows that the move did not change, and only the moved ones are read.
    """
    on = on or clock.today()
    where, params, needs_customer = _filter_sql(filters, on)
    needs_customer = needs_customer or sort == "customer"
    join = " LEFT JOIN customers c ON c.id = d.customer_id" if needs_customer else ""
    ids = [
        row[0]
        for row in db.query(
            f"""
            SELECT d.id FROM deals d JOIN stages s ON s.id = d.stage_id{join}
            WHERE d.stage_id = :stage AND d.status = 'open'{where}
            ORDER BY {_ORDER_BY[sort]}
            LIMIT :limit OFFSET :offset
            """,
            {**params, "stage": stage_id, "limit": limit, "offset": offset},
        )
    ]
    known = known or {}
    read = _cards_by_id(db, [i for i in ids if i not in known], on)
    return [known.get(i) or read[i] for i in ids if i in known or i in read]


def _cards_by_id(db: Database, deal_ids: Sequence[int], on: date) -> dict[int, DealCard]:
    """The cards of these deals by id (a deal deleted since its id was read is left out)."""
    if not deal_ids:
        return {}
    rows = db.query(
        f"""
        SELECT {_CARD_COLUMNS},
               {_ENTERED_STAGE} AS entered_at,
               {idle_condition_sql("d", "s", ":on")} AS idle,
               {_NEXT_STEP} AS next_step
        FROM deals d
        JOIN stages s ON s.id = d.stage_id
        LEFT JOIN customers c ON c.id = d.customer_id
        WHERE d.id IN (SELECT value FROM json_each(:ids))
        """,
        {"ids": json.dumps(list(deal_ids)), "on": on.isoformat()},
    )
    return {row["id"]: _card(row, on) for row in rows}


def _card(row: sqlite3.Row, on: date) -> DealCard:
    entered = row["entered_at"] or row["created_at"]
    days = max(0, (on - parse_timestamp(entered).date()).days)
    expected = row["expected_close"]
    kind, due, at = (row["next_step"] or "||").split("|")
    return from_row(
        DealCard,
        row,
        board_position=row["board_position"] or 0.0,
        days_in_stage=days,
        idle=bool(row["idle"]),
        overdue=row["status"] == "open" and expected is not None and expected < on.isoformat(),
        next_kind=kind or None,
        next_date=due or None,
        next_time=at or None,
    )


def card_row(
    db: Database,
    deal_id: int,
    filters: BoardFilters = BoardFilters(),
    on: date | None = None,
    *,
    sort: str = "manual",
) -> int | None:
    """Row of an open deal within its column as the board shows it (``None``: filtered out)."""
    on = on or clock.today()
    where, params, _ = _filter_sql(filters, on)
    base = f"""
        FROM deals d JOIN stages s ON s.id = d.stage_id
        LEFT JOIN customers c ON c.id = d.customer_id
        WHERE d.stage_id = :stage AND d.status = 'open'{where}
    """
    stage = db.scalar("SELECT stage_id FROM deals WHERE id = ? AND status = 'open'", (deal_id,))
    if stage is None:
        return None
    params = {**params, "stage": stage, "deal": deal_id}
    if db.query_one(f"SELECT 1 {base} AND d.id = :deal", params) is None:
        return None
    ids = db.query(f"SELECT d.id {base} ORDER BY {_ORDER_BY[sort]}", params)
    return next(index for index, row in enumerate(ids) if row[0] == deal_id)


def position_between(above: float | None, below: float | None) -> float:
    """A ``board_position`` that sorts between two neighbouring cards (either may be absent)."""
    if above is None and below is None:
        return 1.0
    if above is None:
        return below - 1.0
    if below is None:
        return above + 1.0
    return (above + below) / 2.0


# -- closed deals, lookups and choices -----------------------------------------------------


@dataclass(frozen=True)
class ClosedDeal:
    """A won or lost deal, for the list where deals are reopened."""

    id: int
    title: str
    customer_name: str | None
    value: float
    currency: str | None
    status: str
    closed_at: str | None
    lost_reason: str | None


@dataclass(frozen=True)
class ClosedDeals:
    """The newest closed deals that fit the list, and how many there are in all, so the
    list can say "500 of 1,234" instead of looking complete."""

    deals: list[ClosedDeal]
    total: int


def closed_deals(
    db: Database, pipeline_id: int, text: str = "", *, limit: int = 500
) -> ClosedDeals:
    """The pipeline's won and lost deals (matching ``text``), most recently closed first."""
    where, params, _ = _filter_sql(BoardFilters(text=text), clock.today())
    rows = db.query(
        f"""
        SELECT d.id, d.title, c.name AS customer_name, d.value, d.currency, d.status,
               d.closed_at, d.lost_reason, COUNT(*) OVER () AS total
        FROM deals d LEFT JOIN customers c ON c.id = d.customer_id
        WHERE d.pipeline_id = :pipeline AND d.status != 'open'{where}
        ORDER BY d.closed_at DESC, d.id DESC
        LIMIT :limit
        """,
        {**params, "pipeline": pipeline_id, "limit": limit},
    )
    deals = [ClosedDeal(*tuple(row)[:-1]) for row in rows]  # all but the total
    return ClosedDeals(deals, rows[0]["total"] if rows else 0)


@dataclass(frozen=True)
class DealLocation:
    pipeline_id: int
    stage_id: int
    status: str


def deal_location(db: Database, deal_id: int) -> DealLocation | None:
    row = db.query_one("SELECT pipeline_id, stage_id, status FROM deals WHERE id = ?", (deal_id,))
    return None if row is None else DealLocation(row[0], row[1], row[2])


@dataclass(frozen=True)
class DealRecord:
    """The editable fields of a deal, for the deal dialog."""

    id: int
    title: str
    customer_id: int | None
    customer_name: str | None
    pipeline_id: int
    stage_id: int
    value: float
    currency: str | None
    probability: float | None
    expected_close: str | None
    owner: str | None
    status: str
    lost_reason: str | None


def deal_record(db: Database, deal_id: int) -> DealRecord | None:
    row = db.query_one(
        """
        SELECT d.id, d.title, d.customer_id, c.name AS customer_name, d.pipeline_id, d.stage_id,
               d.value, d.currency, d.probability, d.expected_close, d.owner, d.status,
               d.lost_reason
        FROM deals d LEFT JOIN customers c ON c.id = d.customer_id
        WHERE d.id = ?
        """,
        (deal_id,),
    )
    return None if row is None else DealRecord(**dict(row))


@dataclass(frozen=True)
class CustomerChoice:
    id: int
    name: str
    company: str | None


def customer_choices(db: Database, text: str, limit: int = 20) -> list[CustomerChoice]:
    """Customers matching ``text`` best first (pinyin and initials too), for the deal dialog;
    blank text lists the most recently added customers."""
    if text.strip():
        found = search_customers(db, text, limit=limit)
        return [CustomerChoice(r["id"], r["name"], r["company"]) for r in found]
    rows = db.query("SELECT id, name, company FROM customers ORDER BY id DESC LIMIT ?", (limit,))
    return [CustomerChoice(r["id"], r["name"], r["company"]) for r in rows]


def customer_choice(db: Database, customer_id: int) -> CustomerChoice | None:
    row = db.query_one("SELECT id, name, company FROM customers WHERE id = ?", (customer_id,))
    return None if row is None else CustomerChoice(row["id"], row["name"], row["company"])


def stage_pipeline(db: Database, stage_id: int) -> int | None:
    return db.scalar("SELECT pipeline_id FROM stages WHERE id = ?", (stage_id,))


def filter_choices(db: Database, pipeline_id: int) -> tuple[list[str], list[str]]:
    """Owners and lead sources that occur on the pipeline's deals (for the filter menus)."""
    owners = db.query(
        "SELECT DISTINCT owner FROM deals WHERE pipeline_id = ? AND owner IS NOT NULL "
        "AND owner != '' ORDER BY owner COLLATE NOCASE",
        (pipeline_id,),
    )
    sources = db.query(
        "SELECT DISTINCT c.source FROM customers c WHERE c.source IS NOT NULL AND c.source != '' "
        "ORDER BY c.source COLLATE NOCASE"
    )
    return [r[0] for r in owners], [r[0] for r in sources]


def default_owner(db: Database, customer_id: int | None = None) -> str | None:
    """The owner a new customer card or deal starts with: a deal's customer's owner (who
    looks after the account), else the team member in a team file (the owner the team
    gives new rows anyway), else the owner of the latest customer that has one — the
    user's last choice, which in a single-user file is the user, and after a run of cards
    entered for a colleague is that colleague. One step back along the rowid, so it costs
    nothing at a million customers. ``None`` when no customer has an owner yet."""
    if customer_id is not None:
        owner = db.scalar("SELECT owner FROM customers WHERE id = ?", (customer_id,))
        if owner:
            return owner
    team = sync_status.state(db)
    if team is not None:
        return team.member
    return db.scalar(
        "SELECT owner FROM customers WHERE owner IS NOT NULL AND owner != '' "
        "ORDER BY id DESC LIMIT 1"
    )


def default_currency(db: Database) -> str:
    return money.reporting_currency(db)
