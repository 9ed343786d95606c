"""The import dialog: recognised columns pre-filled, remapping, import, rows to fix, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QProgressDialog, QPushButton

from funneldesk.core.importing import writer
from funneldesk.ui.transfer import export_actions
from funneldesk.ui.transfer.import_dialog import ImportDialog, run_import_dialog

CSV = (
    "姓名,手机,生日,Colour,备注\n"
    "张三,13800138000,1985-07-09,red,老客户\n"
    "李四,13900139000,1990-02-30,blue,\n"
    ",13700137000,,green,无名\n"
)


@pytest.fixture
def contacts(tmp_path: Path) -> Path:
    path = tmp_path / "contacts.csv"
    path.write_text(CSV, encoding="gbk")
    return path


def customer_indexes(context) -> list[str]:  # noqa: ANN001
    return sorted(
        r["name"]
        for r in context.db.query(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers'"
        )
    )


def names(context) -> list[str]:  # noqa: ANN001
    return sorted(r["name"] for r in context.db.query("SELECT name FROM customers"))


def test_recognised_headers_are_prefilled_and_unknown_ones_ignored(
    qtbot, context, contacts: Path
) -> None:
    dialog = ImportDialog(context, contacts)
    qtbot.addWidget(dialog)
    assert dialog.mapping() == ["name", "phone", "birthday", None, "notes"]
    assert dialog.grid.item(1, 0).text() == "张三"
    assert dialog.import_button.isEnabled()


def test_without_a_name_column_import_is_disabled_with_a_reason(
    qtbot, context, contacts: Path
) -> None:
    dialog = ImportDialog(context, contacts)
    qtbot.addWidget(dialog)
    dialog.combos[0].setCurrentIndex(0)  # (ignore)
    assert not dialog.import_button.isEnabled()
    assert "names" in dialog.warning.text()


def test_import_lists_rows_to_fix_and_is_one_undo_step(qtbot, context, contacts: Path) -> None:
    dialog = ImportDialog(context, contacts)
    qtbot.addWidget(dialog)
    dialog.combos[3].setCurrentIndex(dialog.combos[3].findData("notes"))  # Colour → notes
    with qtbot.waitSignal(context.changed, timeout=10_000):
        dialog.start_import()
    assert dialog.pages.currentWidget() is dialog.summary_page
    assert [dialog.problems.item(r, 0).text() for r in range(dialog.problems.rowCount())] == [
        "3",
        "4",
    ]
    assert "1990-02-30" in dialog.problems.item(0, 1).text()
    assert names(context) == ["张三", "李四"]
    notes = context.db.scalar("SELECT notes FROM customers WHERE name = '张三'")
    assert "老客户" in notes and "red" in notes
    assert context.undo_stack.count() == 1
    context.undo_stack.undo()
    assert names(context) == []
    context.undo_stack.redo()
    assert names(context) == ["张三", "李四"]


def test_the_detected_encoding_is_shown_and_another_one_re_reads_the_preview(
    qtbot, context, tmp_path: Path
) -> None:
    path = tmp_path / "outlook.csv"
    path.write_bytes("Name,City\nJürgen Müller,München\n".encode("cp1252"))
    dialog = ImportDialog(context, path)
    qtbot.addWidget(dialog)
    assert dialog.encoding_row.isVisibleTo(dialog)
    assert dialog.encoding.currentData() == "windows-1252"
    assert "Windows-1252" in dialog.encoding.currentText()
    assert dialog.grid.item(1, 0).text() == "Jürgen Müller"
    dialog.combos[1].setCurrentIndex(dialog.combos[1].findData("notes"))  # a choice to keep
    # The user picks another encoding: the preview is read again in it.
    dialog.encoding.setCurrentIndex(dialog.encoding.findData("gb18030"))
    dialog.encoding.activated.emit(dialog.encoding.currentIndex())
    assert dialog.grid.item(1, 0).text() == "J黵gen M黮ler"
    assert dialog.mapping() == ["name", "notes"]
    dialog.encoding.setCurrentIndex(dialog.encoding.findData("utf-8"))
    dialog.encoding.activated.emit(dialog.encoding.currentIndex())
    assert "�" in dialog.grid.item(1, 0).text()
    assert "cannot be read" in dialog.encoding_note.text()
    dialog.encoding.setCurrentIndex(dialog.encoding.findData("windows-1252"))
    dialog.encoding.activated.emit(dialog.encoding.currentIndex())
    with qtbot.waitSignal(context.changed, timeout=10_000):
        dialog.start_import()
    assert names(context) == ["Jürgen Müller"]
    assert context.db.scalar("SELECT notes FROM customers") == "München"


def test_a_workbook_has_no_encoding_to_choose(qtbot, context, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Name"])
    book.active.append(["Ann"])
    book.save(tmp_path / "c.xlsx")
    dialog = ImportDialog(context, tmp_path / "c.xlsx")
    qtbot.addWidget(dialog)
    assert not dialog.encoding_row.isVisibleTo(dialog)


def test_an_unreadable_file_is_explained_in_the_dialog(qtbot, context, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    dialog = ImportDialog(context, broken)
    qtbot.addWidget(dialog)
    assert "broken.xlsx" in dialog.warning.text()
    assert not dialog.import_button.isEnabled()


def test_cancelled_file_picker_does_nothing(
    qtbot, context, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    run_import_dialog(None, context)
    assert context.undo_stack.count() == 0


def test_customer_csv_export_runs_on_a_worker_and_reports_in_the_status_bar(
    qtbot, context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from funneldesk.core.customers import create_customer

    create_customer(context.db, {"name": "王五", "notes": "=1+1"})
    target = tmp_path / "out.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    messages: list[str] = []
    context.status_message.connect(messages.append)
    export_actions.export_customers_csv(None, context)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "'=1+1" in target.read_text(encoding="utf-8-sig")
    assert messages and str(target) in messages[-1]


def test_export_report_writes_the_workbook_for_the_chosen_period(
    qtbot, context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QDialog

    from funneldesk.core.customers import create_customer

    create_customer(context.db, {"name": "赵六"})
    target = tmp_path / "report.xlsx"

    def choose_last_30_days(dialog: export_actions.PeriodDialog) -> int:
        dialog.choice.setCurrentIndex(dialog.choice.findData(30))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(export_actions.PeriodDialog, "exec", choose_last_30_days)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    export_actions.export_report(None, context)
    book = load_workbook(target)
    assert book["Customers"]["B2"].value == "赵六"
    assert (
        "Period: " in book["Summary"]["A2"].value and "all time" not in book["Summary"]["A2"].value
    )


def test_rows_to_fix_can_be_saved_as_a_list(
    qtbot, context, contacts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ImportDialog(context, contacts)
    qtbot.addWidget(dialog)
    dialog.start_import()
    target = tmp_path / "fix.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.save_problems()
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Row,Problem"
    assert [line.split(",", 1)[0] for line in lines[1:]] == ["3", "4"]


def test_the_summary_names_skipped_contacts_and_counts_in_words(
    qtbot,
    context,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    from funneldesk.core.customers import create_customer

    for number in range(7):
        create_customer(context.db, {"name": f"Known {number}", "phone": f"1380013800{number}"})
    rows = [f"Again {n},1380013800{n}," for n in range(7)] + ["New one,13900000000,1990-02-30"]
    path = tmp_path / "again.csv"
    path.write_text("Name,Phone,Birthday\n" + "\n".join(rows) + "\n", encoding="utf-8")
    dialog = ImportDialog(context, path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(context.changed, timeout=10_000):
        dialog.start_import()

    texts = [label.text() for label in dialog.summary_page.findChildren(QLabel)]
    assert "Imported 1 contact" in texts
    summary = next(text for text in texts if "skipped" in text).splitlines()
    assert summary[:7] == [
        "7 contacts skipped because they are already in FunnelDesk:",
        "• Again 0 (row 2)",
        "• Again 1 (row 3)",
        "• Again 2 (row 4)",
        "• Again 3 (row 5)",
        "• Again 4 (row 6)",
        "• and 2 more",
    ]
    assert summary[7].startswith("1 row needs a look: fix it in your file")


def test_the_summary_counts_in_chinese_too(qapp, qtbot, context, tmp_path: Path) -> None:  # noqa: ANN001
    from funneldesk.core.customers import create_customer
    from funneldesk.ui import i18n

    create_customer(context.db, {"name": "老王", "phone": "13800138000"})
    path = tmp_path / "again.csv"
    path.write_text("姓名,手机,生日\n王五,13800138000,\n赵六,13900139000,1990-02-30\n", "utf-8")
    i18n.install_translators(qapp, "zh_CN")
    try:
        dialog = ImportDialog(context, path)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(context.changed, timeout=10_000):
            dialog.start_import()
        texts = "\n".join(label.text() for label in dialog.summary_page.findChildren(QLabel))
    finally:
        i18n.install_translators(qapp, "en")
    assert "已导入 1 位联系人" in texts
    assert "1 位联系人已在 FunnelDesk 中，已跳过：\n• 王五（第 2 行）" in texts
    assert "有 1 行需要检查" in texts


def test_the_progress_dialog_names_the_index_build_before_its_bar_is_full(
    qtbot, context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "BATCH_ROWS", 5)  # 23 rows into an empty file: built at the end
    path = tmp_path / "many.csv"
    path.write_text("Name\n" + "\n".join(f"Contact {i}" for i in range(23)), encoding="utf-8")
    shown: list[tuple[str, int, int]] = []
    set_value = QProgressDialog.setValue

    def record(dialog: QProgressDialog, value: int) -> None:
        shown.append((dialog.labelText(), value, dialog.maximum()))
        set_value(dialog, value)

    monkeypatch.setattr(QProgressDialog, "setValue", record)
    dialog = ImportDialog(context, path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(context.changed, timeout=10_000):
        dialog.start_import()
    phases = [label for i, (label, _, _) in enumerate(shown) if i == 0 or shown[i - 1][0] != label]
    assert phases[:2] == ["Importing contacts…", "Building the customer indexes…"]
    assert phases[2:] in ([], ["Indexing for search…"]), "what the operations left queued"
    building = [(value, top) for label, value, top in shown if label == phases[1]]
    (first, count), (last, _) = building[0], building[-1]
    assert first == 0 and last == count > 1, "index by index, from none to all of them"


def test_cancel_during_the_index_build_lets_it_finish_and_keeps_every_row(
    qtbot, context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "BATCH_ROWS", 5)
    path = tmp_path / "many.csv"
    path.write_text("Name\n" + "\n".join(f"Contact {i}" for i in range(23)), encoding="utf-8")
    labels: list[str] = []
    set_value = QProgressDialog.setValue

    def cancel_in_the_build(dialog: QProgressDialog, value: int) -> None:
        labels.append(dialog.labelText())
        set_value(dialog, value)
        if dialog.labelText() == "Building the customer indexes…" and value == 1:
            dialog.findChild(QPushButton).click()  # the user presses Cancel

    monkeypatch.setattr(QProgressDialog, "setValue", cancel_in_the_build)
    indexes = customer_indexes(context)
    dialog = ImportDialog(context, path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(context.changed, timeout=10_000):
        dialog.start_import()
    assert "Stopping…" in labels, "the window says the Cancel was heard"
    assert "Indexing for search…" not in labels, "what Cancel stops is what comes after"
    assert not dialog.result.cancelled and dialog.result.imported == 23, "every row was in"
    assert customer_indexes(context) == indexes, "the build finished"
