"""Settings a team shares (reporting currency, 29 February rule, default pipeline, greeting
texts) travel like other rows; the settings of one salesperson stay on their laptop."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest

from funneldesk.core import greetings
from funneldesk.core.recorder import revert
from funneldesk.core.settings_ops import file_setting, set_settings
from funneldesk.core.sync import hub, team
from tests.sync.support import (
    assert_converged,
    grant_member,
    laptop,
    lost_values,
    owner_and_member,
    rows_of,
    sync_all,
    team_of,
)


def test_shared_settings_reach_teammates_and_personal_ones_stay(
    tmp_path: Path, hub_dsn: str
) -> None:
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    set_settings(a, {"currency": "EUR", "feb29_in_common_years": "03-01"})
    greetings.set_templates(a, {"en": {"birthday": "Happy birthday, {name}! Anna"}})
    set_settings(b, {"remind_days_before": 14, "language": "zh_CN"})
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)
    assert file_setting(b, "currency") == "EUR"
    assert file_setting(b, "feb29_in_common_years") == "03-01"
    assert greetings.template(b, "en", "birthday") == "Happy birthday, {name}! Anna"
    assert (file_setting(a, "remind_days_before"), file_setting(a, "language")) == ("7", "en")
    assert (file_setting(b, "remind_days_before"), file_setting(b, "language")) == ("14", "zh_CN")


def test_the_later_setting_wins_and_the_other_is_listed_and_restorable(
    tmp_path: Path, hub_dsn: str
) -> None:
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    set_settings(a, {"currency": "EUR"})
    time.sleep(0.005)  # a later clock, even on one machine
    set_settings(b, {"currency": "CNY"})
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)
    assert file_setting(a, "currency") == file_setting(b, "currency") == "CNY"
    [lost] = lost_values(a, b)
    assert (lost[0], lost[2], lost[3], lost[4]) == ("settings", "value", "EUR", "anna")
    conflict = next(c for db in (a, b) for c in team.conflicts(db))
    assert conflict["record"] == "currency"
    holder = a if team.conflicts(a) else b
    team.restore_conflict(holder, conflict["id"])
    sync_all(a, b)
    assert file_setting(a, "currency") == file_setting(b, "currency") == "EUR"


def test_undo_of_a_shared_setting_is_synced(tmp_path: Path, hub_dsn: str) -> None:
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    changed = set_settings(a, {"currency": "JPY"})
    sync_all(a, b)
    assert file_setting(b, "currency") == "JPY"
    revert(a, changed)
    sync_all(a, b)
    assert file_setting(b, "currency") == "USD"
    assert_converged(hub_dsn, a, b)


def test_a_joining_file_takes_the_teams_settings_and_keeps_its_own(
    tmp_path: Path, hub_dsn: str
) -> None:
    a = laptop(tmp_path, "anna")
    set_settings(a, {"currency": "EUR"})
    team.create(a, hub_dsn, "anna")
    b = laptop(tmp_path, "bo")
    set_settings(b, {"currency": "GBP", "remind_days_before": 3})
    greetings.set_templates(b, {"en": {"festival": "Season's greetings from Bo"}})
    team.join(b, hub_dsn, "bo")
    sync_all(a, b)
    assert_converged(hub_dsn, a, b)
    assert file_setting(b, "currency") == "EUR"  # the team's
    assert file_setting(b, "remind_days_before") == "3"  # Bo's own
    # a shared setting the team never had comes from the joining file
    assert greetings.template(a, "en", "festival") == "Season's greetings from Bo"


def test_a_hub_set_up_before_shared_settings_names_its_owner_who_upgrades_it_by_syncing(
    tmp_path: Path, hub_dsn: str
) -> None:
    """An older hub is not "offline": a member's sync says whom to ask, and the owner's own
    sync upgrades it (members keep their rights on the new table)."""
    a, b = laptop(tmp_path, "anna"), laptop(tmp_path, "bo")
    with owner_and_member(hub_dsn) as (as_owner, as_member, member):
        team.create(a, as_owner, "anna")
        grant_member(as_owner, member)
        team.join(b, as_member, "bo")
        with psycopg.connect(hub_dsn) as conn:  # as a hub made before shared settings
            conn.execute("DROP TABLE funneldesk.settings")
        set_settings(b, {"currency": "EUR"})
        with pytest.raises(hub.HubOutdatedError, match="team create") as raised:
            team.sync(b)
        assert raised.value.owner == as_owner.split("user=")[1].split()[0]
        assert not isinstance(raised.value, hub.HubUnreachableError)
        assert b.scalar("SELECT COUNT(*) FROM sync_outbox") == 1  # the change waits
        team.sync(a)  # the owner's laptop, with this FunnelDesk, upgrades the hub
        assert team.sync(b).pushed == 1
        sync_all(a, b)
        assert file_setting(a, "currency") == "EUR"
        assert rows_of(a) == rows_of(b)  # the hub's new mirror holds only what changed since
