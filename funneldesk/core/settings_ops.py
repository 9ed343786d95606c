"""Settings stored in the database file, changed as one undoable operation.

These are the settings that belong to the data rather than to the computer (currency,
reminder default, the 29 February rule, the default pipeline): they travel with the file
and with its backups. Settings of the computer (language, theme, backup folder) live in
``QSettings`` (see ``funneldesk.ui.preferences``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from funneldesk.core import validation as v
from funneldesk.core.changes import ChangeSet
from funneldesk.core.db import Database
from funneldesk.core.defaults import DEFAULT_SETTINGS, SUPPORTED_LANGUAGES, TEAM_SETTINGS
from funneldesk.core.errors import ValidationError
from funneldesk.core.recorder import Recorder
from funneldesk.core.yearly_dates import FEB29_RULES

_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _currency(value: Any) -> str | None:
    text = (v.clean_text(value, "currency", required=True, label="Currency") or "").upper()
    if not _CURRENCY.match(text):
        raise ValidationError(
            f"“{value}” is not a currency code (three letters such as CNY, USD or EUR).",
            "currency",
        )
    return text


def _remind_days(value: Any) -> str | None:
    days = v.clean_int(value, "remind_days_before", minimum=0, maximum=365, label="Reminder days")
    if days is None:
        raise ValidationError("Reminder days is required.", "remind_days_before")
    return str(days)


def _feb29(value: Any) -> str | None:
    text = str(value or "").strip()
    if text not in FEB29_RULES:
        raise ValidationError(
            f"“{value}” is not a 29 February rule (02-28 or 03-01).", "feb29_in_common_years"
        )
    return text


def _language(value: Any) -> str | None:
    text = str(value or "").strip()
    if text not in SUPPORTED_LANGUAGES:
        raise ValidationError(f"“{value}” is not a supported language.", "language")
    return text


def _pipeline_id(value: Any) -> str | None:
    pipeline_id = v.clean_int(value, "default_pipeline_id", minimum=1, label="Default pipeline")
    return None if pipeline_id is None else str(pipeline_id)


_CLEANERS: dict[str, Callable[[Any], str | None]] = {
    "currency": _currency,
    "remind_days_before": _remind_days,
    "feb29_in_common_years": _feb29,
    "language": _language,
    "default_pipeline_id": _pipeline_id,
}

SETTING_KEYS = tuple(_CLEANERS)


def clean_settings(values: Mapping[str, Any]) -> dict[str, str | None]:
    """Validate every value before anything is written (``None`` removes a setting)."""
    clean: dict[str, str | None] = {}
    for key, value in values.items():
        if key not in _CLEANERS:
            raise ValidationError(f"Unknown setting: {key}.", key)
        clean[key] = None if value is None else _CLEANERS[key](value)
    return clean


def set_settings(db: Database, values: Mapping[str, Any]) -> ChangeSet:
    """Store several file settings in one operation; an empty ChangeSet when nothing changed.

    A ``default_pipeline_id`` must name an existing pipeline, so a stale id never reaches
    the views that read it.
    """
    clean = clean_settings(values)
    with db.operation("Change settings") as tx:
        pipeline_id = clean.get("default_pipeline_id")
        if pipeline_id is not None:
            tx.require("pipelines", int(pipeline_id))
        for key, value in clean.items():
            write_setting(tx, key, value)
    return tx.changeset


def write_setting(tx: Recorder, key: str, value: str | None) -> None:
    """Insert, change or (``None``) remove one setting inside an operation, recorded for undo."""
    existing = tx.row("settings", key)
    if value is None:
        if existing is not None:
            tx.delete("settings", key)
    elif existing is None:  # a shared setting has the same id in every file of a team
        tx.insert("settings", {"key": key, "value": value, "id": TEAM_SETTINGS.get(key)})
    else:
        tx.update("settings", key, {"value": value})


def file_setting(db: Database, key: str) -> str | None:
    """One file setting's stored value, or the English default when unset: the one place
    that knows the defaults, so every view reads the same value."""
    return db.setting(key, DEFAULT_SETTINGS.get(key, {}).get("en"))


def file_settings(db: Database) -> dict[str, str | None]:
    """Every known file setting (see :func:`file_setting`)."""
    return {key: file_setting(db, key) for key in SETTING_KEYS}
