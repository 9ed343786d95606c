"""Operations on deals: create, edit, move across stages, win, lose, reopen, delete.

Moves write one ``stage_changes`` row per deal (docs/data-model.md): that history is what every
funnel number is computed from. Won and lost are recorded on the deal (``status``,
``closed_at``); the deal keeps its last open stage.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from funneldesk.core import validation as v
from funneldesk.core.changes import ChangeSet
from funneldesk.core.clock import now_timestamp
from funneldesk.core.customers import delete_deal_rows
from funneldesk.core.db import Database
from funneldesk.core.errors import ValidationError
from funneldesk.core.pipelines import DEFAULT_PIPELINE_SQL
from funneldesk.core.recorder import Recorder
from funneldesk.core.settings_ops import write_setting

DEAL_FIELDS = (
    "customer_id",
    "title",
    "value",
    "currency",
    "probability",
    "expected_close",
    "owner",
)


def _currency_code(value: Any) -> str | None:
    text = v.clean_text(value, "currency")
    return text.upper() if text else None


DEAL_CLEANERS: dict[str, v.Cleaner] = {
    "title": lambda value: v.clean_text(value, "title", required=True, label="Title"),
    "value": lambda value: v.clean_number(value, "value", minimum=0, label="Value") or 0.0,
    "probability": lambda value: v.clean_number(
        value, "probability", minimum=0, maximum=100, label="Probability"
    ),
    "expected_close": lambda value: v.clean_date(value, "expected_close", label="Expected close"),
    "customer_id": lambda value: v.clean_int(value, "customer_id"),
    "currency": _currency_code,
}


def clean_deal(values: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    clean = v.clean_fields(values, DEAL_FIELDS, "deal", DEAL_CLEANERS)
    if not partial and "title" not in clean:
        raise ValidationError("Title is required.", "title")
    return clean


def first_stage_id(tx: Recorder, pipeline_id: int) -> int:
    row = tx.execute(
        "SELECT id FROM stages WHERE pipeline_id = ? AND archived = 0 ORDER BY position LIMIT 1",
        (pipeline_id,),
    ).fetchone()
    if row is None:
        raise ValidationError("This pipeline has no stages; add a stage first.")
    return row[0]


def default_pipeline_id(tx: Recorder) -> int:
    """The pipeline chosen in Settings, else the first (inside the writing transaction)."""
    row = tx.execute(DEFAULT_PIPELINE_SQL).fetchone()
    if row is None:
        raise ValidationError("There is no pipeline; create one first.")
    return row[0]


def insert_deal(
    tx: Recorder,
    values: dict[str, Any],
    *,
    pipeline_id: int | None = None,
    stage_id: int | None = None,
    created_at: str | None = None,
) -> int:
    """Insert a deal and its first history row inside an open operation."""
    if stage_id is not None:
        stage = tx.require("stages", stage_id)
        pipeline_id = stage["pipeline_id"]
    else:
        pipeline_id = pipeline_id or default_pipeline_id(tx)
        stage_id = first_stage_id(tx, pipeline_id)
    if values.get("customer_id") is not None:
        tx.require("customers", values["customer_id"])
    stamp = created_at or now_timestamp()
    currency = values.get("currency") or _default_currency(tx)
    deal_id = tx.insert(
        "deals",
        {
            **values,
            "currency": currency,
            "pipeline_id": pipeline_id,
            "stage_id": stage_id,
            "status": "open",
            "created_at": stamp,
            "updated_at": stamp,
            "board_position": _next_position(tx, stage_id),
        },
    )
    tx.insert(
        "stage_changes",
        {"deal_id": deal_id, "from_stage_id": None, "to_stage_id": stage_id, "changed_at": stamp},
    )
    return deal_id


def _default_currency(tx: Recorder) -> str:
    row = tx.execute("SELECT value FROM settings WHERE key = 'currency'").fetchone()
    return row[0] if row and row[0] else "USD"


def _next_position(tx: Recorder, stage_id: int) -> float:
    top = tx.execute(
        "SELECT MAX(board_position) FROM deals WHERE stage_id = ? AND status = 'open'", (stage_id,)
    ).fetchone()[0]
    return (top or 0.0) + 1.0


def create_deal(
    db: Database,
    values: dict[str, Any],
    *,
    pipeline_id: int | None = None,
    stage_id: int | None = None,
) -> ChangeSet:
    clean = clean_deal(values)
    with db.operation("New deal") as tx:
        insert_deal(tx, clean, pipeline_id=pipeline_id, stage_id=stage_id)
    return tx.changeset


def update_deal(db: Database, deal_id: int, values: dict[str, Any]) -> ChangeSet:
    clean = clean_deal(values, partial=True)
    with db.operation("Edit deal") as tx:
        before = tx.require("deals", deal_id)
        if clean.get("customer_id") is not None:
            tx.require("customers", clean["customer_id"])
        if any(before[k] != val for k, val in clean.items()):
            tx.update("deals", deal_id, {**clean, "updated_at": now_timestamp()})
    return tx.changeset


def move_deals(
    db: Database,
    deal_ids: Sequence[int],
    stage_id: int,
    *,
    position: float | None = None,
) -> ChangeSet:
    """Move open deals to ``stage_id`` (same pipeline), optionally at a board position.

    Deals already in the stage are only re-ordered (no history row). Closed deals are refused:
    reopen them first.
    """
    with db.operation("Move deal" if len(deal_ids) == 1 else "Move deals") as tx:
        stage = tx.require("stages", stage_id)
        if stage["archived"]:
            raise ValidationError("That stage was deleted.")
        stamp = now_timestamp()
        step = _spacing(tx, stage_id, position, deal_ids)
        for offset, deal_id in enumerate(deal_ids):
            deal = tx.require("deals", deal_id)
            if deal["status"] != "open":
                raise ValidationError(f"“{deal['title']}” is closed; reopen it before moving it.")
            if deal["pipeline_id"] != stage["pipeline_id"]:
                raise ValidationError(f"“{deal['title']}” belongs to another pipeline.")
            values: dict[str, Any] = {}
            if position is not None:
                values["board_position"] = position + offset * step
            if deal["stage_id"] != stage_id:
                values.update(stage_id=stage_id, updated_at=stamp)
                if position is None:
                    values["board_position"] = _next_position(tx, stage_id)
                tx.insert(
                    "stage_changes",
                    {
                        "deal_id": deal_id,
                        "from_stage_id": deal["stage_id"],
                        "to_stage_id": stage_id,
                        "changed_at": stamp,
                    },
                )
            if values:
                tx.update("deals", deal_id, values)
    return tx.changeset


def _spacing(tx: Recorder, stage_id: int, position: float | None, deal_ids: Sequence[int]) -> float:
    """Gap between deals dropped together at ``position``, so they all stay above the next card."""
    if position is None or len(deal_ids) < 2:
        return 0.0
    marks = ", ".join("?" for _ in deal_ids)
    above = tx.execute(
        "SELECT MIN(board_position) FROM deals WHERE stage_id = ? AND status = 'open' "
        f"AND board_position > ? AND id NOT IN ({marks})",
        (stage_id, position, *deal_ids),
    ).fetchone()[0]
    return ((above if above is not None else position + 1.0) - position) / len(deal_ids)


def _close(
    db: Database,
    deal_ids: Sequence[int],
    status: str,
    reason: str | None,
    *,
    remember: bool = False,
) -> ChangeSet:
    label = {"won": "Mark won", "lost": "Mark lost"}[status]
    with db.operation(label) as tx:
        stamp = now_timestamp()
        for deal_id in deal_ids:
            deal = tx.require("deals", deal_id)
            if deal["status"] != "open":
                continue
            tx.update(
                "deals",
                deal_id,
                {"status": status, "closed_at": stamp, "updated_at": stamp, "lost_reason": reason},
            )
        if remember and reason and tx.changeset:
            _remember_lost_reason(tx, reason)
    return tx.changeset


def win_deals(db: Database, deal_ids: Sequence[int]) -> ChangeSet:
    return _close(db, deal_ids, "won", None)


def lose_deals(
    db: Database, deal_ids: Sequence[int], reason: str | None = None, *, remember: bool = False
) -> ChangeSet:
    """Mark deals lost; with ``remember`` a new reason joins the file's list of lost reasons
    (in the same transaction, so undo forgets it again)."""
    clean = v.clean_text(reason, "lost_reason", label="Lost reason")
    return _close(db, deal_ids, "lost", clean, remember=remember)


LOST_REASONS_KEY = "lost_reasons"


def _parse_reasons(text: str | None) -> list[str]:
    try:
        reasons = json.loads(text) if text else []
    except ValueError:
        return []
    return [r for r in reasons if isinstance(r, str)] if isinstance(reasons, list) else []


def remembered_lost_reasons(db: Database) -> list[str]:
    """Lost reasons the user typed before (kept in the file, oldest first)."""
    return _parse_reasons(db.setting(LOST_REASONS_KEY))


def _remember_lost_reason(tx: Recorder, reason: str) -> None:
    row = tx.row("settings", LOST_REASONS_KEY)
    reasons = _parse_reasons(row["value"] if row else None)
    if reason in reasons:
        return
    write_setting(tx, LOST_REASONS_KEY, json.dumps([*reasons, reason][-30:], ensure_ascii=False))


def reopen_deals(db: Database, deal_ids: Sequence[int]) -> ChangeSet:
    """Put closed deals back in their last open stage."""
    with db.operation("Reopen deal") as tx:
        stamp = now_timestamp()
        for deal_id in deal_ids:
            deal = tx.require("deals", deal_id)
            if deal["status"] == "open":
                continue
            tx.update(
                "deals",
                deal_id,
                {
                    "status": "open",
                    "closed_at": None,
                    "lost_reason": None,
                    "updated_at": stamp,
                    "board_position": _next_position(tx, deal["stage_id"]),
                },
            )
    return tx.changeset


def delete_deals(db: Database, deal_ids: Sequence[int]) -> ChangeSet:
    with db.operation("Delete deal" if len(deal_ids) == 1 else "Delete deals") as tx:
        for deal_id in deal_ids:
            delete_deal_rows(tx, deal_id)
    return tx.changeset


def deal_names(db: Database, deal_ids: Sequence[int]) -> list[tuple[str, str | None]]:
    """``(title, customer name)`` of each deal, in the order given (dialogs name what they
    act on); deals that no longer exist are left out."""
    marks = ", ".join("?" for _ in deal_ids)
    rows = db.query(
        f"SELECT d.id, d.title, c.name FROM deals AS d "
        f"LEFT JOIN customers AS c ON c.id = d.customer_id WHERE d.id IN ({marks})",
        list(deal_ids),
    )
    found = {row[0]: (row[1], row[2]) for row in rows}
    return [found[deal_id] for deal_id in deal_ids if deal_id in found]
