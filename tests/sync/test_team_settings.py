"""Settings a team shares (reporting currency, 29 February rule, default pipeline, greeting
texts) travel like other rows; the settings of one salesperson stay on their laptop."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from funneldesk.core import greetings
from funneldesk.core.recorder import revert
from funneldesk.core.settings_ops import file_setting, set_settings
from funneldesk.core.sync import hub, team
from funneldesk.core.sync.tables import synced_tables
from tests.sync.support import (
    assert_converged,
    drop_mirror,
    grant_member,
    laptop,
    lost_values,
    owner_and_member,
    owner_and_member_team,
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
    with owner_and_member_team(hub_dsn, a, b) as (as_owner, as_member, member):
        drop_mirror(hub_dsn, "settings")  # as a hub made before shared settings
        set_settings(b, {"currency": "EUR"})
        with pytest.raises(hub.HubOutdatedError, match="team create") as raised:
            team.sync(b)
        assert raised.value.owner == as_owner.split("user=")[1].split()[0]
        assert not isinstance(raised.value, hub.HubUnreachableError)
        assert b.scalar("SELECT COUNT(*) FROM sync_outbox") == 1  # the change waits
        team.sync(a)  # the owner's laptop, with this FunnelDesk, upgrades the hub
        # and fills the new mirror with its settings, as edits made now: Bo's earlier edit
        # loses to them like to any later edit, and is listed to be put back
        assert team.sync(b).conflicts == 1
        [lost] = lost_values(a, b)
        assert (lost[0], lost[2], lost[3], lost[4]) == ("settings", "value", "EUR", "bo")
        team.restore_conflict(b, team.conflicts(b)[0]["id"])
        sync_all(a, b)
        assert file_setting(a, "currency") == "EUR"
        assert_converged(hub_dsn, a, b)


def test_an_edit_pushed_while_the_upgrading_laptop_seeds_is_kept_everywhere(
    tmp_path: Path, hub_dsn: str
) -> None:
    """A member who syncs between the owner's upgrade and the owner's push of the seeded
    settings: the later edit wins on every laptop and on the hub (the seeded row, still
    unsent, takes it)."""
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    set_settings(a, {"currency": "EUR"})
    sync_all(a, b)
    drop_mirror(hub_dsn, "settings")  # as a hub made before shared settings
    with psycopg.connect(hub_dsn) as conn:  # the owner's sync, up to its push
        tables = synced_tables(a.conn)
        team._seed(a, tables, hub.ready(conn, tables))
    time.sleep(0.005)
    set_settings(b, {"currency": "CNY"})
    team.sync(b)  # pushed first, while the hub's mirror is still empty
    sync_all(a, b)
    assert file_setting(a, "currency") == file_setting(b, "currency") == "CNY"
    assert_converged(hub_dsn, a, b)


@contextmanager
def funneldesk_before_shared_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The FunnelDesk before shared settings: it neither synced nor captured them, so the
    hub it set up has no settings mirror, and each laptop kept its own. Afterwards, as when
    FunnelDesk is updated, the files capture them again (a schema upgrade re-creates the
    triggers)."""
    from funneldesk.core.sync import capture
    from funneldesk.core.sync.tables import synced_tables

    def without_settings(conn):  # noqa: ANN001, ANN202
        return [t for t in synced_tables(conn) if t.name != "settings"]

    with monkeypatch.context() as patched:
        patched.setattr(team, "synced_tables", without_settings)
        patched.setattr(capture, "synced_tables", without_settings)
        yield


def test_upgrading_a_hub_made_before_shared_settings_seeds_them_from_the_upgrading_laptop(
    tmp_path: Path, hub_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The owner's sync adds the settings mirror and fills it with the owner's shared
    settings as ordinary changes: members take them, and an edit a member makes later
    still wins by the usual rule."""
    from funneldesk.core.sync import capture

    a, b = laptop(tmp_path, "anna"), laptop(tmp_path, "bo")
    with owner_and_member(hub_dsn) as (as_owner, as_member, member):
        with funneldesk_before_shared_settings(monkeypatch):
            team.create(a, as_owner, "anna")
            grant_member(as_owner, member)
            team.join(b, as_member, "bo")
            set_settings(a, {"currency": "EUR", "feb29_in_common_years": "03-01"})
            greetings.set_templates(a, {"en": {"birthday": "Happy birthday, {name}! Anna"}})
            sync_all(a, b)
        with psycopg.connect(hub_dsn) as conn:
            assert conn.execute("SELECT to_regclass('funneldesk.settings')").fetchone()[0] is None
        assert file_setting(b, "currency") == "USD"  # each laptop kept its own
        for db in (a, b):  # FunnelDesk updated on both laptops
            with db.bulk() as conn:
                capture.install(conn)
        with pytest.raises(hub.HubOutdatedError):
            team.sync(b)
        team.sync(a)  # the owner's laptop upgrades the hub, and seeds the new mirror
        with psycopg.connect(hub_dsn) as conn:
            hub_currency = conn.execute(
                "SELECT value FROM funneldesk.settings WHERE key = 'currency'"
            ).fetchone()
        assert hub_currency == ("EUR",)
        team.sync(b)
        assert file_setting(b, "currency") == "EUR"
        assert file_setting(b, "feb29_in_common_years") == "03-01"
        assert greetings.template(b, "en", "birthday") == "Happy birthday, {name}! Anna"
        assert not lost_values(a, b)  # taking the team's values is no conflict
        time.sleep(0.005)
        set_settings(b, {"currency": "CNY"})  # a later edit wins as always
        sync_all(a, b)
        assert file_setting(a, "currency") == "CNY"
        assert_converged(hub_dsn, a, b)
