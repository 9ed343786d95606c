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
