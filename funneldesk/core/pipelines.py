"""Operations on pipelines and their stages.

Stages are referenced by id from ``deals`` and ``stage_changes``, so renaming or reordering
never rewrites history. A deleted stage is archived (kept for the history rows that point
at it) after its open deals have been moved to a stage the user chose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from funneldesk.core import validation as v
from funneldesk.core.changes import ChangeSet
from funneldesk.core.clock import now_timestamp
from funneldesk.core.db import Database
from funneldesk.core.errors import ValidationError


@dataclass(frozen=True)
class PipelineInfo:
    id: int
    name: str
    position: int


DEFAULT_PIPELINE_SQL = (
    "SELECT p.id FROM pipelines p LEFT JOIN settings s ON s.key = 'default_pipeline_id' "
    "ORDER BY p.id = CAST(s.value AS INTEGER) DESC, p.position, p.id LIMIT 1"
)
"""The pipeline chosen in Settings, else the first in board order: where the board and the
funnel open and where a new deal goes. One query, so reads and operations agree."""


def list_pipelines(db: Database) -> list[PipelineInfo]:
    """Every pipeline in board order (for pickers)."""
    rows = db.query("SELECT id, name, position FROM pipelines ORDER BY position, id")
    return [PipelineInfo(r["id"], r["name"], r["position"]) for r in rows]


def default_pipeline_id(db: Database) -> int | None:
    """See :data:`DEFAULT_PIPELINE_SQL`; ``None`` in a file with no pipeline."""
    return db.scalar(DEFAULT_PIPELINE_SQL)


def clean_stage(values: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key == "name":
            clean[key] = v.clean_text(value, "name", required=True, label="Stage name")
        elif key == "probability":
            clean[key] = (
                v.clean_number(value, "probability", minimum=0, maximum=100, label="Probability")
                or 0.0
            )
        elif key == "rot_days":
            clean[key] = v.clean_int(value, "rot_days", minimum=1, maximum=3650, label="Idle days")
        else:
            raise ValidationError(f"Unknown stage field: {key}.")
    return clean


def create_pipeline(db: Database, name: str, stage_names: Sequence[str] = ()) -> ChangeSet:
    clean_name = v.clean_text(name, "name", required=True, label="Pipeline name")
    with db.operation("New pipeline") as tx:
        position = (tx.execute("SELECT MAX(position) FROM pipelines").fetchone()[0] or 0) + 1
        pipeline_id = tx.insert("pipelines", {"name": clean_name, "position": position})
        for index, stage_name in enumerate(stage_names, start=1):
            tx.insert(
                "stages",
                {
                    "pipeline_id": pipeline_id,
                    "position": index,
                    **clean_stage({"name": stage_name}),
                },
            )
    return tx.changeset


def rename_pipeline(db: Database, pipeline_id: int, name: str) -> ChangeSet:
    clean_name = v.clean_text(name, "name", required=True, label="Pipeline name")
    return db.update_row("Rename pipeline", "pipelines", pipeline_id, {"name": clean_name})


def delete_pipeline(db: Database, pipeline_id: int) -> ChangeSet:
    """Delete an empty pipeline (one that never held a deal) with its stages."""
    with db.operation("Delete pipeline") as tx:
        tx.require("pipelines", pipeline_id)
        if tx.execute(
            "SELECT 1 FROM deals WHERE pipeline_id = ? LIMIT 1", (pipeline_id,)
        ).fetchone():
            raise ValidationError("This pipeline still has deals; move or delete them first.")
        if tx.execute("SELECT COUNT(*) FROM pipelines").fetchone()[0] <= 1:
            raise ValidationError("The last pipeline cannot be deleted.")
        for (stage_id,) in tx.execute(
            "SELECT id FROM stages WHERE pipeline_id = ?", (pipeline_id,)
        ).fetchall():
            tx.delete("stages", stage_id)
        tx.delete("pipelines", pipeline_id)
    return tx.changeset


def add_stage(db: Database, pipeline_id: int, values: dict[str, Any]) -> ChangeSet:
    clean = clean_stage(values)
    with db.operation("Add stage") as tx:
        tx.require("pipelines", pipeline_id)
        position = (
            tx.execute(
                "SELECT MAX(position) FROM stages WHERE pipeline_id = ? AND archived = 0",
                (pipeline_id,),
            ).fetchone()[0]
            or 0
        ) + 1
        tx.insert("stages", {"pipeline_id": pipeline_id, "position": position, **clean})
    return tx.changeset


def update_stage(db: Database, stage_id: int, values: dict[str, Any]) -> ChangeSet:
    clean = clean_stage(values)
    return db.update_row("Edit stage", "stages", stage_id, clean)


def reorder_stages(db: Database, pipeline_id: int, stage_ids: Sequence[int]) -> ChangeSet:
    """Give the pipeline's open stages the positions 1..k in the order of ``stage_ids``."""
    with db.operation("Reorder stages") as tx:
        current = {
            row[0]
            for row in tx.execute(
                "SELECT id FROM stages WHERE pipeline_id = ? AND archived = 0", (pipeline_id,)
            )
        }
        if set(stage_ids) != current or len(stage_ids) != len(current):
            raise ValidationError("The new order must list every stage of the pipeline once.")
        for position, stage_id in enumerate(stage_ids, start=1):
            tx.update("stages", stage_id, {"position": position})
    return tx.changeset


def delete_stage(db: Database, stage_id: int, move_deals_to: int | None) -> ChangeSet:
    """Archive a stage after moving its deals (open and closed) to ``move_deals_to``."""
    with db.operation("Delete stage") as tx:
        stage = tx.require("stages", stage_id)
        remaining = tx.execute(
            "SELECT id FROM stages WHERE pipeline_id = ? AND archived = 0 AND id != ? ORDER BY position",
            (stage["pipeline_id"], stage_id),
        ).fetchall()
        if not remaining:
            raise ValidationError("A pipeline needs at least one stage.")
        deals = tx.execute(
            "SELECT id, status FROM deals WHERE stage_id = ? ORDER BY board_position, id",
            (stage_id,),
        ).fetchall()
        if deals:
            target = tx.require("stages", move_deals_to) if move_deals_to else None
            if (
                target is None
                or target["pipeline_id"] != stage["pipeline_id"]
                or target["archived"]
                or target["id"] == stage_id
            ):
                raise ValidationError(
                    "Choose another stage of this pipeline for the deals in this stage."
                )
            stamp = now_timestamp()
            bottom = tx.execute(
                "SELECT MAX(board_position) FROM deals WHERE stage_id = ? AND status = 'open'",
                (target["id"],),
            ).fetchone()[0]
            for offset, (deal_id, status) in enumerate(deals, start=1):
                # Moved deals go below the target's own cards, in their old order.
                values = {"stage_id": target["id"], "updated_at": stamp}
                if status == "open":
                    values["board_position"] = (bottom or 0.0) + offset
                tx.update("deals", deal_id, values)
                if status == "open":
                    tx.insert(
                        "stage_changes",
                        {
                            "deal_id": deal_id,
                            "from_stage_id": stage_id,
                            "to_stage_id": target["id"],
                            "changed_at": stamp,
                        },
                    )
        tx.update("stages", stage_id, {"archived": 1, "position": 0})
        for position, (other_id,) in enumerate(remaining, start=1):
            tx.update("stages", other_id, {"position": position})
    return tx.changeset
