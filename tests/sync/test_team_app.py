"""The app side: File ▸ Team… joins, background sync runs after changes, the status-bar
button tells how the file stands, and an overwritten value is put back from the list."""

from __future__ import annotations

import time
from pathlib import Path

from funneldesk.core import customers
from funneldesk.core.sync import team
from funneldesk.ui.context import AppContext
from funneldesk.ui.team.background import BackgroundSync, SyncButton
from funneldesk.ui.team.dialog import TeamDialog
from tests.sync.support import drop_mirror, laptop, sync_all, team_of


def test_join_from_the_dialog_then_sync_in_the_background(
    qtbot, tmp_path: Path, hub_dsn: str
) -> None:  # noqa: ANN001
    a = laptop(tmp_path, "anna")
    customers.create_customer(a, {"name": "Ada"})
    team.create(a, hub_dsn, "anna")
    b = laptop(tmp_path, "bo")
    context = AppContext(b)
    sync = BackgroundSync(context)
    button = SyncButton(sync)
    qtbot.addWidget(button)
    sync.start()
    assert button.isHidden()  # a single-user file shows nothing
    seen = []
    context.changed.connect(seen.append)
    dialog = TeamDialog(context, sync)
    qtbot.addWidget(dialog)
    assert dialog.pages.currentIndex() == 0
    dialog.server.setText(hub_dsn)
    dialog.member.setText("bo")
    dialog.become_member("join")
    assert dialog.pages.currentIndex() == 1
    assert b.scalar("SELECT COUNT(*) FROM customers WHERE name = 'Ada'") == 1
    assert seen  # the views were told to refresh
    context.run(customers.create_customer, {"name": "Bea"})
    assert not button.isHidden()
    qtbot.waitUntil(lambda: button.text() == "Synced ✓", timeout=15000)
    team.sync(a)
    assert a.scalar("SELECT COUNT(*) FROM customers WHERE name = 'Bea'") == 1
    sync.stop()


def test_an_overwritten_value_is_put_back_from_the_team_dialog(
    qtbot, tmp_path: Path, hub_dsn: str
) -> None:  # noqa: ANN001
    a, b = laptop(tmp_path, "anna"), laptop(tmp_path, "bo")
    customers.create_customer(a, {"name": "Ada"})
    team.create(a, hub_dsn, "anna")
    team.join(b, hub_dsn, "bo")
    ada = a.scalar("SELECT id FROM customers")
    customers.update_customer(b, ada, {"city": "Dalian"})
    time.sleep(0.005)
    customers.update_customer(a, ada, {"city": "Qingdao"})
    team.sync(a)
    team.sync(b)  # b's earlier edit loses and is listed on b
    context = AppContext(b)
    sync = BackgroundSync(context)
    button = SyncButton(sync)
    qtbot.addWidget(button)
    sync.start()
    assert button.text() == "1 conflict"
    dialog = TeamDialog(context, sync)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == "Dalian"
    assert dialog.table.item(0, 0).text() == "Customer: Ada"
    dialog.table.selectRow(0)
    dialog.restore_selected()
    assert b.scalar("SELECT city FROM customers WHERE id = ?", (ada,)) == "Dalian"
    assert dialog.table.rowCount() == 0
    context.undo_stack.undo()  # restoring is one undoable step
    assert b.scalar("SELECT city FROM customers WHERE id = ?", (ada,)) == "Qingdao"
    context.undo_stack.redo()
    sync.stop()
    sync_all(a, b)
    assert a.scalar("SELECT city FROM customers WHERE id = ?", (ada,)) == "Dalian"


def test_mine_or_everyone_on_the_board_and_today(qtbot, tmp_path: Path, hub_dsn: str) -> None:  # noqa: ANN001
    from PySide6.QtCore import QSettings, Qt

    from funneldesk.core import activities, clock, deals
    from funneldesk.ui import preferences
    from funneldesk.ui.pipeline.view import PipelineView
    from funneldesk.ui.today.view import TodayView
    from tests.sync.support import team_of

    for key in (preferences.BOARD_MINE_KEY, preferences.TODAY_MINE_KEY):
        QSettings().remove(key)
    a, b = team_of(tmp_path, hub_dsn, "anna", "bo")
    for db, member in ((a, "anna"), (b, "bo")):
        created = customers.create_customer(db, {"name": f"Client of {member}"})
        customer_id = created.inserted_ids("customers")[0]
        deals.create_deal(db, {"title": f"Deal of {member}", "customer_id": customer_id})
        activities.add_activity(
            db, {"customer_id": customer_id, "due_date": clock.today(), "title": f"Call {member}"}
        )
    sync_all(a, b)
    context = AppContext(b)

    def board_titles(view: PipelineView) -> list[str]:
        return sorted(
            column.model.card(row).title
            for column in view.board.columns
            for row in range(column.model.rowCount())
        )

    board = PipelineView(context)
    qtbot.addWidget(board)
    board.show()
    qtbot.waitUntil(lambda: board_titles(board) == ["Deal of anna", "Deal of bo"])
    toggle = board.filter_bar.mine
    assert toggle.isVisible() and toggle.everyone.isChecked()
    qtbot.mouseClick(toggle.mine, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: board_titles(board) == ["Deal of bo"])
    assert not board.filter_bar.owner.isEnabled()  # Mine holds the owner menu
    qtbot.mouseClick(toggle.everyone, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: board_titles(board) == ["Deal of anna", "Deal of bo"])
    qtbot.mouseClick(toggle.mine, Qt.MouseButton.LeftButton)
    board.board.wait_for_background()

    today = TodayView(context)
    qtbot.addWidget(today)
    today.show()
    qtbot.waitUntil(lambda: not today.loading and len(today.plan.items("today")) == 2)
    qtbot.mouseClick(today.mine.mine, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [i.payload.title for i in today.plan.items("today")] == ["Call bo"])

    again = PipelineView(context)  # the choice is this computer's, remembered per view
    qtbot.addWidget(again)
    again.show()
    assert again.filter_bar.mine.mine.isChecked()
    qtbot.waitUntil(lambda: board_titles(again) == ["Deal of bo"])
    again.board.wait_for_background()
    board.board.wait_for_background()

    alone = AppContext(laptop(tmp_path, "solo"))  # a single-user file: no toggle
    single = PipelineView(alone)
    qtbot.addWidget(single)
    assert single.filter_bar.mine.isHidden()
    single.board.wait_for_background()


def _team_app(qtbot, db) -> tuple[AppContext, BackgroundSync, SyncButton, TeamDialog]:  # noqa: ANN001
    """The app's team parts for ``db``: background sync, status-bar button, Team window."""
    context = AppContext(db)
    sync = BackgroundSync(context)
    button = SyncButton(sync)
    qtbot.addWidget(button)
    dialog = TeamDialog(context, sync)
    qtbot.addWidget(dialog)
    return context, sync, button, dialog


def test_an_outdated_hub_says_whom_to_ask_and_is_not_hammered_unlike_offline(
    qtbot, tmp_path: Path, hub_dsn: str
) -> None:  # noqa: ANN001

    from funneldesk.ui.team.background import AFTER_CHANGE_MS, EVERY_MS, LONGEST_PAUSE_MS
    from tests.sync.server import free_port
    from tests.sync.support import grant_member, owner_and_member

    a, b = laptop(tmp_path, "anna"), laptop(tmp_path, "bo")
    with owner_and_member(hub_dsn) as (as_owner, as_member, member):
        team.create(a, as_owner, "anna")
        grant_member(as_owner, member)
        team.join(b, as_member, "bo")
        owner = as_owner.split("user=")[1].split()[0]
        context, sync, button, dialog = _team_app(qtbot, b)

        b.conn.execute("UPDATE sync_state SET hub = ?", (f"host=127.0.0.1 port={free_port()}",))
        sync.sync_now()
        qtbot.waitUntil(lambda: button.text() == "Offline", timeout=15000)
        assert "upgrade" not in dialog.summary.text()

        b.conn.execute("UPDATE sync_state SET hub = ?", (as_member,))
        drop_mirror(hub_dsn, "settings")  # as a hub made before shared settings
        sync.sync_now()
        qtbot.waitUntil(lambda: button.text() == "Hub needs an upgrade", timeout=15000)
        assert owner in button.toolTip() and "funneldesk team create" in button.toolTip()
        assert f"The team's hub needs an upgrade: ask {owner}" in dialog.summary.text()
        assert sync.timer.remainingTime() > EVERY_MS  # looks again in ten minutes, not one
        assert sync.timer.interval() == LONGEST_PAUSE_MS
        context.run(customers.create_customer, {"name": "Bea"})  # no sync after a change
        assert sync.timer.remainingTime() > AFTER_CHANGE_MS

        team.sync(a)  # the owner's FunnelDesk upgrades the hub
        sync.sync_now()
        qtbot.waitUntil(lambda: button.text() == "Synced ✓", timeout=15000)
        assert "upgrade" not in dialog.summary.text()
        sync.stop()


def _set_hub_version(hub_dsn: str, version: int) -> None:
    import psycopg

    with psycopg.connect(hub_dsn) as conn:
        conn.execute(
            "UPDATE funneldesk.hub_meta SET value = %s WHERE key = 'schema_version'",
            (str(version),),
        )


def test_a_hub_newer_than_this_funneldesk_says_update_and_stops_syncing(
    qtbot, tmp_path: Path, hub_dsn: str
) -> None:  # noqa: ANN001
    """Not "Offline" with back-off: "Update FunnelDesk", and no more tries by itself — also
    after the window is opened again — until a sync gets through (Sync now still tries)."""
    from funneldesk.core.sync import hub

    (b,) = team_of(tmp_path, hub_dsn, "bo")
    _set_hub_version(hub_dsn, hub.HUB_VERSION + 1)
    context, sync, button, dialog = _team_app(qtbot, b)
    sync.sync_now()
    qtbot.waitUntil(lambda: button.text() == "Update FunnelDesk", timeout=15000)
    assert "newer FunnelDesk" in button.toolTip() and "Update FunnelDesk" in button.toolTip()
    assert "newer FunnelDesk" in dialog.summary.text()
    assert not sync.timer.isActive()  # no retries
    context.run(customers.create_customer, {"name": "Bea"})
    assert not sync.timer.isActive()
    assert button.text() == "Update FunnelDesk"

    again = BackgroundSync(context)  # the window opened again, same FunnelDesk
    shown = SyncButton(again)
    qtbot.addWidget(shown)
    again.start()
    assert shown.text() == "Update FunnelDesk" and not again.timer.isActive()
    again.timer.timeout.emit()  # a timer set before another run met the newer hub
    assert not again.worker.busy

    _set_hub_version(hub_dsn, hub.HUB_VERSION)
    again.sync_now()  # the Team window's Sync now always asks the hub
    qtbot.waitUntil(lambda: shown.text() == "Synced ✓", timeout=15000)
    assert again.timer.isActive()
    sync.stop()
    again.stop()


def test_every_hub_problem_reads_in_chinese_in_the_team_window_and_the_status_bar(
    qtbot, qapp, tmp_path: Path, hub_dsn: str
) -> None:  # noqa: ANN001
    """Each kind of trouble the Team window or the status bar can show comes in the UI's
    language, not as the core's English sentence."""
    import re

    from funneldesk.core.sync import hub
    from funneldesk.ui import i18n
    from tests.sync.server import free_port
    from tests.sync.support import grant_member, owner_and_member

    english = re.compile(r"[A-Za-z]{4,} [a-z]{2,} [a-z]{2,}")  # three English words in a row

    def chinese(text: str) -> bool:
        text = text.split("\n详细信息")[0]  # PostgreSQL's own words may follow
        text = re.sub(r"`[^`]*`", "", text)  # a command stays a command
        return bool(re.search(r"[\u4e00-\u9fff]", text)) and not english.search(text)

    i18n.install_translators(qapp, "zh_CN")
    try:
        a = laptop(tmp_path, "anna")
        with owner_and_member(hub_dsn) as (as_owner, as_member, member):
            context = AppContext(laptop(tmp_path, "bo"))
            sync = BackgroundSync(context)
            dialog = TeamDialog(context, sync)
            qtbot.addWidget(dialog)
            dialog.member.setText("bo")
            tried = {}
            for kind, server in (
                ("unreachable", f"host=127.0.0.1 port={free_port()} user=x"),
                ("refused login", as_member.replace(f"user={member}", "user=nobody")),
                ("TLS required", "host=db.example.com sslmode=disable"),
                ("TLS failed", f"{as_member} sslmode=require"),
                ("not a hub", as_member),
                ("bad address", "nonsense"),
            ):
                dialog.server.setText(server)
                dialog.become_member("join")
                tried[kind] = dialog.test_result.text()
            team.create(a, as_owner, "anna")
            dialog.server.setText(as_member)  # before the owner granted the member anything
            dialog.become_member("join")
            tried["refused request"] = dialog.test_result.text()
            grant_member(as_owner, member)

            drop_mirror(hub_dsn, "settings")
            dialog.server.setText(as_member)
            dialog.become_member("join")
            tried["outdated"] = dialog.test_result.text()
            team.sync(a)  # the owner upgrades it
            _set_hub_version(hub_dsn, hub.HUB_VERSION + 1)
            dialog.test_connection()
            tried["newer (test)"] = dialog.test_result.text()
            dialog.become_member("join")
            tried["newer"] = dialog.test_result.text()
            assert "anna_" in tried["outdated"]  # the owner's role, named
            english_left = {k: v for k, v in tried.items() if not chinese(v)}
            assert not english_left, english_left

            _set_hub_version(hub_dsn, hub.HUB_VERSION)
            dialog.become_member("join")
            button = SyncButton(sync)
            qtbot.addWidget(button)
            shown = {}
            for kind, breaks in (
                ("unreachable", f"host=127.0.0.1 port={free_port()} user=x"),
                ("refused login", as_member.replace(f"user={member}", "user=nobody")),
            ):
                context.db.conn.execute("UPDATE sync_state SET hub = ?", (breaks,))
                sync.sync_now()
                qtbot.waitUntil(lambda: not sync.worker.busy, timeout=15000)
                shown[kind] = (button.text(), button.toolTip(), dialog.summary.text())
            context.db.conn.execute("UPDATE sync_state SET hub = ?", (as_member,))
            for kind, version in (("newer", hub.HUB_VERSION + 1),):
                _set_hub_version(hub_dsn, version)
                sync.sync_now()
                qtbot.waitUntil(lambda: not sync.worker.busy, timeout=15000)
                shown[kind] = (button.text(), button.toolTip(), dialog.summary.text())
            drop_mirror(hub_dsn, "settings")
            _set_hub_version(hub_dsn, hub.HUB_VERSION)
            sync.sync_now()
            qtbot.waitUntil(lambda: not sync.worker.busy, timeout=15000)
            shown["outdated"] = (button.text(), button.toolTip(), dialog.summary.text())
            sync.stop()
            english_left = {
                k: texts for k, texts in shown.items() if not all(chinese(t) for t in texts[:2])
            }
            assert not english_left, english_left
            assert len({texts[0] for texts in shown.values()}) == len(shown)  # four words
    finally:
        i18n.install_translators(qapp, "en")


def test_a_hub_behind_this_laptop_is_named_in_chinese_and_not_hammered(qapp) -> None:  # noqa: ANN001
    """A hub restored from an older backup: the status bar says so in the user's language,
    and the background sync looks again only rarely, since someone must act on the hub."""
    from funneldesk.core.sync import hub
    from funneldesk.ui import i18n
    from funneldesk.ui.team.problems import Retry, sync_problem

    i18n.install_translators(qapp, "zh_CN")
    try:
        problem = sync_problem(hub.HubBehindError(40, 52))
    finally:
        i18n.install_translators(qapp, "en")
    assert problem.label == "中心库数据落后"
    assert "较旧的备份" in problem.message
    assert problem.retry is Retry.RARELY
