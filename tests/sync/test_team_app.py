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
from tests.sync.support import laptop, sync_all


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


def test_an_outdated_hub_says_whom_to_ask_and_is_not_hammered_unlike_offline(
    qtbot, tmp_path: Path, hub_dsn: str
) -> None:  # noqa: ANN001
    import psycopg

    from funneldesk.ui.team.background import AFTER_CHANGE_MS, EVERY_MS, LONGEST_PAUSE_MS
    from tests.sync.server import free_port
    from tests.sync.support import grant_member, owner_and_member

    a, b = laptop(tmp_path, "anna"), laptop(tmp_path, "bo")
    with owner_and_member(hub_dsn) as (as_owner, as_member, member):
        team.create(a, as_owner, "anna")
        grant_member(as_owner, member)
        team.join(b, as_member, "bo")
        owner = as_owner.split("user=")[1].split()[0]
        context = AppContext(b)
        sync = BackgroundSync(context)
        button = SyncButton(sync)
        qtbot.addWidget(button)
        dialog = TeamDialog(context, sync)
        qtbot.addWidget(dialog)

        b.conn.execute("UPDATE sync_state SET hub = ?", (f"host=127.0.0.1 port={free_port()}",))
        sync.sync_now()
        qtbot.waitUntil(lambda: button.text() == "Offline", timeout=15000)
        assert "upgrade" not in dialog.summary.text()

        b.conn.execute("UPDATE sync_state SET hub = ?", (as_member,))
        with psycopg.connect(hub_dsn) as conn:  # as a hub made before shared settings
            conn.execute("DROP TABLE funneldesk.settings")
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
