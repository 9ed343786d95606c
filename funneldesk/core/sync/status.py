"""What the app and ``team status`` show of a file's team, read from the file alone.

No network and no PostgreSQL client here: the status bar reads this at start-up without
loading the sync machinery.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from funneldesk import __version__
from funneldesk.core.changes import ChangeSet
from funneldesk.core.clock import now_timestamp
from funneldesk.core.db import Database
from funneldesk.core.errors import FunnelDeskError, NotFoundError
from funneldesk.core.recorder import key_column

HUB_NEWER = "team_hub_newer"
"""A local setting (no id: never synced): the version of the FunnelDesk that found the team's
hub set up by a newer one. While this program is that version, syncing cannot work."""


class NotInTeamError(FunnelDeskError):
    """The file has not joined a team."""


@dataclass(frozen=True)
class TeamState:
    hub: str
    member: str
    device: int
    cursor: int
    last_sync: str | None


def state(db: Database) -> TeamState | None:
    row = db.query_one("SELECT hub, member, device, cursor, last_sync FROM sync_state")
    return None if row is None else TeamState(*row)


def require(db: Database) -> TeamState:
    found = state(db)
    if found is None:
        raise NotInTeamError(f"{db.path} is not in a team: run `funneldesk team join` first")
    return found


def status(db: Database) -> dict[str, Any]:
    """What ``team status --json`` prints."""
    found = state(db)
    return {
        "hub": found.hub if found else None,
        "member": found.member if found else None,
        "device": found.device if found else None,
        "unsent": db.scalar("SELECT COUNT(*) FROM sync_outbox"),
        "last_sync": found.last_sync if found else None,
        "conflicts": db.scalar("SELECT COUNT(*) FROM sync_conflicts WHERE restored_at IS NULL"),
        "update_needed": found is not None and update_needed(db),
    }


def update_needed(db: Database) -> bool:
    """Whether this FunnelDesk found the team's hub set up by a newer one, so it cannot sync
    until it is updated (another version of the program looks again)."""
    return db.setting(HUB_NEWER) == __version__


def conflicts(db: Database, *, include_restored: bool = False) -> list[dict[str, Any]]:
    """The values that lost a conflict, newest first, with their values decoded."""
    where = "" if include_restored else "WHERE restored_at IS NULL"
    found = db.query(f"SELECT * FROM sync_conflicts {where} ORDER BY id DESC")
    out = []
    for row in found:
        item = dict(row)
        item["lost_value"] = json.loads(item["lost_value"]) if item["lost_value"] else None
        item["kept_value"] = json.loads(item["kept_value"]) if item["kept_value"] else None
        item["record"] = _record_name(db, item["tbl"], item["row_id"])
        out.append(item)
    return out


def _record_name(db: Database, table: str, row_id: int) -> str | None:
    """The customer's name, the deal's title or the setting a conflict is about (None once
    deleted)."""
    for column in ("name", "title", "key"):
        if column in db.columns(table):
            return db.scalar(f"SELECT {column} FROM {table} WHERE id = ?", (row_id,))
    return None


def restore_conflict(db: Database, conflict_id: int) -> ChangeSet:
    """Put a lost value back, as a new edit (undoable, and synced like any other edit)."""
    with db.operation("Restore overwritten value") as tx:
        found = tx.execute("SELECT * FROM sync_conflicts WHERE id = ?", (conflict_id,)).fetchone()
        if found is None:
            raise NotFoundError("This conflict no longer exists.")
        table = found["tbl"]
        row = tx.execute(
            f"SELECT {key_column(table)} FROM {table} WHERE id = ?", (found["row_id"],)
        ).fetchone()  # a setting is kept by its key, known to the team by its id
        if row is None:
            raise NotFoundError("The row was deleted since; its value cannot be put back.")
        tx.update(table, row[0], {found["col"]: json.loads(found["lost_value"])})
        tx.update("sync_conflicts", conflict_id, {"restored_at": now_timestamp()})
    return tx.changeset
