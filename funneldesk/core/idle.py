"""The one definition of an *idle* deal, shared by the board, the Today view and the CLI.

A deal is idle on a day ``on`` when it is open, its current stage has a ``rot_days``
threshold, and nothing happened to it for longer than that: no ``stage_changes`` row and no
interaction linked to it (``interactions.deal_id``) in the last ``rot_days`` days. Dates are
compared as calendar days, so a deal last touched exactly ``rot_days`` days ago is not idle
yet. The creation of a deal counts as its first stage change.

:func:`idle_condition_sql` is the same rule as an SQL expression so a query can filter or
flag idle deals without a second pass; :func:`idle_deal_ids` and :func:`idle_deals` wrap it.
It asks "was the deal touched since the stage's cut-off day?" as index range probes that stop
at the first hit, rather than working out each deal's latest touch: of the thousands of open
deals most were touched lately, and only the idle few need their latest touch
(:func:`last_activity_sql`) to be sorted and shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from funneldesk.core.db import Database
from funneldesk.core.rows import from_row


def last_activity_sql(deal: str = "d") -> str:
    """SQL for the timestamp of the deal's latest stage change or linked interaction.

    Both lookups are single index seeks (``stage_changes(deal_id, changed_at)`` and
    ``interactions(deal_id, occurred_at)``), so the expression stays cheap per row.
    """
    return (
        "MAX("
        f"COALESCE((SELECT MAX(sc.changed_at) FROM stage_changes sc WHERE sc.deal_id = {deal}.id),"
        f" {deal}.created_at),"
        f" COALESCE((SELECT MAX(ia.occurred_at) FROM interactions ia WHERE ia.deal_id = {deal}.id),"
        " ''))"
    )


def cutoff_sql(stage: str = "s", on_param: str = ":on") -> str:
    """SQL for the stage's cut-off day (``YYYY-MM-DD``): a deal untouched since before it is
    idle on ``on_param``. NULL when the stage has no ``rot_days``."""
    return f"date({on_param}, '-' || {stage}.rot_days || ' days')"


def idle_condition_sql(
    deal: str = "d", stage: str = "s", on_param: str = ":on", *, cutoff: str | None = None
) -> str:
    """SQL truth value: the deal ``deal`` in stage ``stage`` is idle on the date ``on_param``.

    ``on_param`` names a bound parameter holding a ``YYYY-MM-DD`` date; ``cutoff``, if
    given, an expression already holding the stage's :func:`cutoff_sql` (a query over
    thousands of deals works it out once per stage, not three times per deal). The same
    rule as ``substr(last_activity, 1, 10) < cut-off day`` (ISO timestamps compare as text,
    so a timestamp is before the day exactly when its date is), told without a ``MAX``: no
    stage change and no linked interaction on or after the cut-off, and a deal without any
    stage change created before it. Each probe is a seek into ``(deal_id, time)`` that stops
    at the first row, so a busy deal costs one seek.
    """
    cut = cutoff or cutoff_sql(stage, on_param)
    return (
        f"({deal}.status = 'open' AND {cut} IS NOT NULL"
        f" AND NOT EXISTS (SELECT 1 FROM stage_changes sc"
        f" WHERE sc.deal_id = {deal}.id AND sc.changed_at >= {cut})"
        f" AND NOT EXISTS (SELECT 1 FROM interactions ia"
        f" WHERE ia.deal_id = {deal}.id AND ia.occurred_at >= {cut})"
        f" AND ({deal}.created_at < {cut}"
        f" OR EXISTS (SELECT 1 FROM stage_changes sc WHERE sc.deal_id = {deal}.id)))"
    )


@dataclass(frozen=True)
class IdleDeal:
    """An idle deal with what a reminder list needs to show it."""

    deal_id: int
    title: str
    customer_id: int | None
    customer_name: str | None
    pipeline_id: int
    stage_id: int
    stage_name: str
    owner: str | None
    value: float
    currency: str | None
    last_activity: str
    rot_days: int
    days_idle: int


def _day(on: date | str) -> str:
    return on.isoformat() if isinstance(on, date) else str(on)[:10]


def idle_deal_ids(db: Database, on: date | str, pipeline_id: int | None = None) -> list[int]:
    """Ids of the deals idle on ``on`` (all pipelines, or one), oldest activity first."""
    return [deal.deal_id for deal in idle_deals(db, on, pipeline_id)]


def idle_deals(db: Database, on: date | str, pipeline_id: int | None = None) -> list[IdleDeal]:
    """The deals idle on ``on`` with customer, stage and how many days they have been quiet."""
    return idle_deals_page(db, on, pipeline_id=pipeline_id)[0]


def idle_deals_page(
    db: Database,
    on: date | str,
    limit: int | None = None,
    *,
    pipeline_id: int | None = None,
    owner: str | None = None,
) -> tuple[list[IdleDeal], int]:
    """The first ``limit`` idle deals (None: all), quietest first, and how many there are.

    Deciding idleness is the work: each stage with ``rot_days`` gets its cut-off day once,
    its open deals are read from the board's index and decided by
    :func:`idle_condition_sql`; only the idle ones get their latest touch worked out, to be
    sorted and counted, and only the page's rows are joined to their stage and customer.
    """
    params: dict[str, object] = {"on": _day(on)}
    where = idle_condition_sql(cutoff="s.cutoff")
    if pipeline_id is not None:
        where += " AND d.pipeline_id = :pipeline"
        params["pipeline"] = pipeline_id
    if owner:
        where = f"d.owner = :owner AND {where}"
        params["owner"] = owner
    page = "" if limit is None else f"LIMIT {int(limit)}"
    rows = db.query(
        f"""
        WITH rotting(id, cutoff) AS MATERIALIZED (
            SELECT s.id, {cutoff_sql()} FROM stages s WHERE s.rot_days IS NOT NULL
        ),
        idle(id, last_activity) AS MATERIALIZED (
            SELECT d.id, {last_activity_sql()}
            FROM rotting s CROSS JOIN deals d ON d.stage_id = s.id AND d.status = 'open'
            WHERE {where}
        )
        SELECT d.id, d.title, d.customer_id, c.name AS customer_name, d.pipeline_id,
               d.stage_id, s.name AS stage_name, d.owner, d.value, d.currency, s.rot_days,
               idle.last_activity, (SELECT COUNT(*) FROM idle) AS total
        FROM idle
        JOIN deals d ON d.id = idle.id
        JOIN stages s ON s.id = d.stage_id
        LEFT JOIN customers c ON c.id = d.customer_id
        ORDER BY idle.last_activity, d.id
        {page}
        """,
        params,
    )
    today = date.fromisoformat(params["on"])
    deals = [
        from_row(
            IdleDeal,
            row,
            deal_id=row["id"],
            days_idle=(today - date.fromisoformat(row["last_activity"][:10])).days,
        )
        for row in rows
    ]
    return deals, rows[0]["total"] if rows else 0
