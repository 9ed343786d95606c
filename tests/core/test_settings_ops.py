"""File settings change as one undoable operation and refuse values the app cannot use."""

from __future__ import annotations

import pytest

from funneldesk.core.db import Database
from funneldesk.core.errors import NotFoundError, ValidationError
from funneldesk.core.pipelines import list_pipelines
from funneldesk.core.recorder import revert
from funneldesk.core.settings_ops import file_settings, set_settings


def test_changing_several_settings_is_one_operation_that_undo_restores(db: Database) -> None:
    changes = set_settings(db, {"currency": "eur", "remind_days_before": "3"})

    assert changes.label == "Change settings"
    assert changes.ids("settings") == {"currency", "remind_days_before"}
    assert db.setting("currency") == "EUR"
    assert db.setting("remind_days_before") == "3"

    undo = revert(db, changes)
    assert db.setting("currency") == "USD"
    assert db.setting("remind_days_before") == "7"

    revert(db, undo)
    assert db.setting("currency") == "EUR"


def test_a_new_setting_is_inserted_and_undo_removes_it(db: Database) -> None:
    pipeline_id = db.scalar("SELECT id FROM pipelines ORDER BY position LIMIT 1")
    changes = set_settings(db, {"default_pipeline_id": pipeline_id})

    assert db.setting("default_pipeline_id") == str(pipeline_id)
    revert(db, changes)
    assert db.setting("default_pipeline_id") is None


def test_unchanged_values_record_nothing(db: Database) -> None:
    assert not set_settings(db, {"currency": "USD", "feb29_in_common_years": "02-28"})


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("currency", "dollars"),
        ("currency", "'; DROP TABLE settings; --"),
        ("remind_days_before", "-1"),
        ("remind_days_before", "soon"),
        ("feb29_in_common_years", "02-29"),
        ("language", "fr"),
        ("colour", "blue"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(db: Database, key: str, value: str) -> None:
    before = file_settings(db)
    with pytest.raises(ValidationError):
        set_settings(db, {"currency": "EUR", key: value})
    assert file_settings(db) == before


def test_a_default_pipeline_that_does_not_exist_is_refused(db: Database) -> None:
    with pytest.raises(NotFoundError):
        set_settings(db, {"default_pipeline_id": 999})
    assert db.setting("default_pipeline_id") is None


def test_file_settings_fall_back_to_defaults_for_missing_keys(db: Database) -> None:
    settings = file_settings(db)
    assert settings["feb29_in_common_years"] == "02-28"
    assert settings["default_pipeline_id"] is None


def test_pipeline_choices_list_pipelines_in_board_order(db: Database) -> None:
    from funneldesk.core.pipelines import create_pipeline

    create_pipeline(db, "Renewals")
    names = [pipeline.name for pipeline in list_pipelines(db)]
    assert names == ["Sales", "Renewals"]
