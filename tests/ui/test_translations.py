"""The Simplified Chinese translation is complete, current, and every visible string reaches it.

Fails when: a message in ``funneldesk_zh_CN.ts`` is unfinished or lost a placeholder,
accelerator or HTML tag; the source has strings the ``.ts`` does not (lupdate not re-run);
the committed ``.qm`` is not the compiled ``.ts``; an operation label of the core is not
listed for translation; or a UI file passes a bare string literal to a visible-text API.
"""

from __future__ import annotations

import ast
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import update_translations  # noqa: E402

TS = update_translations.ts_path("zh_CN")
QM = update_translations.qm_path("zh_CN")
EN_TS = update_translations.ts_path("en")
EN_QM = update_translations.qm_path("en")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    numerus: bool
    translations: tuple[str, ...]
    unfinished: bool

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.context, self.source, self.comment)


def read_ts(path: Path) -> list[Message]:
    """Live messages of a .ts file (vanished and obsolete ones left out)."""
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            if kind in ("vanished", "obsolete"):
                continue
            forms = translation.findall("numerusform") if translation is not None else []
            texts = (
                tuple(form.text or "" for form in forms)
                if forms
                else ((translation.text or "",) if translation is not None else ("",))
            )
            messages.append(
                Message(
                    context=name,
                    source=message.findtext("source") or "",
                    comment=message.findtext("comment") or "",
                    numerus=message.get("numerus") == "yes",
                    translations=texts,
                    unfinished=kind == "unfinished",
                )
            )
    return messages


def describe(messages: list[Message]) -> str:
    return "\n".join(f"  [{m.context}] {m.source!r}" for m in messages[:40])


# -- the .ts is complete and faithful ------------------------------------------------------


def test_every_message_has_a_finished_chinese_translation() -> None:
    missing = [
        m for m in read_ts(TS) if m.unfinished or not all(text.strip() for text in m.translations)
    ]
    assert not missing, f"{len(missing)} untranslated messages:\n{describe(missing)}"


PLACEHOLDER = re.compile(r"%L?\d|%L?n")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
ACCELERATOR = re.compile(r"&(?![&\s]|[a-zA-Z]+;|#\d+;)")


def test_translations_keep_placeholders_accelerators_and_html() -> None:
    broken = []
    for message in read_ts(TS):
        for text in message.translations:
            if (
                sorted(PLACEHOLDER.findall(message.source)) != sorted(PLACEHOLDER.findall(text))
                or sorted(TAG.findall(message.source)) != sorted(TAG.findall(text))
                or bool(ACCELERATOR.search(message.source)) != bool(ACCELERATOR.search(text))
            ):
                broken.append(message)
    assert not broken, f"translations that lost %1, %n, & or a tag:\n{describe(broken)}"


def test_counts_use_plural_forms() -> None:
    singular = [m for m in read_ts(TS) if re.search("%L?n", m.source) and not m.numerus]
    assert not singular, "pass the number as tr(text, '', n) so %n gets plural forms:\n" + describe(
        singular
    )


def test_english_counts_have_a_singular_and_a_plural_form() -> None:
    """English shows "1 row" and "2 rows", not "1 row(s)": its file holds every message
    with a count (the Chinese file lists them all, and is itself checked against the
    source), each with two finished forms that keep the count."""
    english = {m.key: m for m in read_ts(EN_TS)}
    counted = {m.key for m in read_ts(TS) if m.numerus}
    assert set(english) == counted, (
        f"run scripts/update_translations.py and give {EN_TS.name} both forms of:\n"
        + describe([m for m in read_ts(TS) if m.key in counted - set(english)])
    )
    unfinished = [
        m
        for m in english.values()
        if m.unfinished
        or len(m.translations) != 2
        or not all("%n" in text or "%Ln" in text for text in m.translations)
    ]
    assert not unfinished, f"write 'one' and 'many' forms in {EN_TS.name}:\n" + describe(unfinished)


def test_no_source_text_spells_a_plural_as_s_in_brackets() -> None:
    bracketed = [m for m in read_ts(TS) if re.search(r"\w\(s\)|\w\(es\)", m.source)]
    assert not bracketed, "use tr(text, '', n) with %n instead of “(s)”:\n" + describe(bracketed)


def test_english_reads_one_row_and_two_rows(qapp) -> None:  # noqa: ANN001
    from PySide6.QtCore import QCoreApplication, QTranslator

    from funneldesk.ui import i18n

    translator = QTranslator()
    assert translator.load(str(EN_QM)), f"{EN_QM.name} cannot be loaded"
    stale = [
        m
        for m in read_ts(EN_TS)
        if [translator.translate(m.context, m.source, m.comment or None, n) for n in (1, 2)]
        != list(m.translations)
    ]
    assert not stale, f"{EN_QM.name} is stale: run scripts/update_translations.py\n" + describe(
        stale
    )
    i18n.install_translators(qapp, "en")
    assert QCoreApplication.translate("TodayView", "Next %n days", "", 1) == "Next 1 day"
    assert QCoreApplication.translate("TodayView", "Next %n days", "", 7) == "Next 7 days"
    counts = [QCoreApplication.translate("MainWindow", "%Ln customers", "", n) for n in (1, 1234)]
    assert counts == ["1 customer", "1,234 customers"]


# -- the .ts and .qm are current -----------------------------------------------------------


@pytest.fixture(scope="module")
def refreshed_ts(tmp_path_factory: pytest.TempPathFactory) -> list[Message]:
    """What lupdate makes of the current source, merged into a copy of the committed .ts."""
    copy = tmp_path_factory.mktemp("i18n") / TS.name
    shutil.copy(TS, copy)
    update_translations.lupdate(copy)
    return read_ts(copy)


def test_the_ts_file_holds_every_string_of_the_source(refreshed_ts: list[Message]) -> None:
    committed = {m.key for m in read_ts(TS)}
    new = [m for m in refreshed_ts if m.key not in committed]
    gone = committed - {m.key for m in refreshed_ts}
    assert not new, (
        f"{len(new)} strings are not in {TS.name}: run scripts/update_translations.py "
        f"and translate them:\n{describe(new)}"
    )
    assert not gone, f"{len(gone)} messages no longer used: run scripts/update_translations.py"


def test_the_committed_qm_holds_every_translation_of_the_committed_ts() -> None:
    """Compared by what Qt reads from it, so another lrelease version's bytes still pass."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(QM)), f"{QM.name} cannot be loaded"
    stale = [
        m
        for m in read_ts(TS)
        if not m.numerus
        and translator.translate(m.context, m.source, m.comment or None) != m.translations[0]
    ]
    assert not stale, (
        f"{QM.name} is stale: run scripts/update_translations.py --release-only\n" + describe(stale)
    )


# -- operation labels ----------------------------------------------------------------------


def _strings(expr: ast.expr, names: dict[str, list[ast.expr]]) -> tuple[set[str], list[str]]:
    """String constants an operation label expression can evaluate to, and dynamic parts."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}, []
    if isinstance(expr, ast.JoinedStr):
        return set(), [ast.unparse(expr)]
    parts: list[ast.expr] = []
    if isinstance(expr, ast.IfExp):
        parts = [expr.body, expr.orelse]
    elif isinstance(expr, ast.Dict):
        parts = [value for value in expr.values if value is not None]
    elif isinstance(expr, ast.Subscript):
        parts = [expr.value]
    elif isinstance(expr, ast.BoolOp):
        parts = list(expr.values)
    elif isinstance(expr, ast.Name) and expr.id in names:
        parts = names[expr.id]
    else:
        return set(), [ast.unparse(expr)]
    found: set[str] = set()
    dynamic: list[str] = []
    for part in parts:
        more, unknown = _strings(part, names)
        found |= more
        dynamic += unknown
    return found, dynamic


LABEL_TAKERS = frozenset({"operation", "update_row", "delete_row"})
"""Database methods whose first argument is an operation's label (the undo text)."""


def core_operation_labels() -> tuple[set[str], list[str]]:
    labels: set[str] = set()
    dynamic: list[str] = []
    for path in sorted((ROOT / "funneldesk" / "core").rglob("*.py")):
        if path.name == "recorder.py":  # revert() only re-uses labels it is given
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        module_names: dict[str, list[ast.expr]] = {}
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign) and node.value is not None:
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    module_names.setdefault(target.id, []).append(node.value)
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if function.name in LABEL_TAKERS:  # passes on the label it is given
                continue
            names: dict[str, list[ast.expr]] = dict(module_names)
            for node in ast.walk(function):
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            names.setdefault(target.id, []).append(node.value)
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in LABEL_TAKERS
                    and node.args
                ):
                    found, unknown = _strings(node.args[0], names)
                    labels |= found
                    dynamic += [f"{path.name}: {text}" for text in unknown]
    return labels, dynamic


def test_every_core_operation_label_is_listed_for_translation() -> None:
    from funneldesk.ui.operation_labels import OPERATION_LABELS

    labels, dynamic = core_operation_labels()
    assert labels, "the scan must find the core's operations"
    assert not dynamic, f"operation labels must be fixed text to be translated: {dynamic}"
    missing = sorted(labels - set(OPERATION_LABELS))
    assert not missing, f"add to funneldesk/ui/operation_labels.py: {missing}"


def test_undo_names_the_operation_in_chinese(qapp, db) -> None:  # noqa: ANN001
    from funneldesk.core.customers import create_customer
    from funneldesk.ui import i18n
    from funneldesk.ui.context import AppContext

    i18n.install_translators(qapp, "zh_CN")
    try:
        context = AppContext(db)
        context.run(create_customer, {"name": "张三"})
        assert context.undo_stack.undoText() == "新建客户"
    finally:
        i18n.install_translators(qapp, "en")


def test_qt_standard_buttons_speak_chinese_too(qapp) -> None:  # noqa: ANN001
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QDialogButtonBox

    from funneldesk.ui import i18n

    i18n.install_translators(qapp, "zh_CN")
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
        assert QCoreApplication.translate("Views", "Customers") == "客户"
    finally:
        i18n.install_translators(qapp, "en")


# -- no visible string escapes translation -------------------------------------------------

# Calls whose string arguments are shown to the user.
VISIBLE_TEXT_CALLS = {
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setStatusTip",
    "setWhatsThis",
    "setPlaceholderText",
    "setTitle",
    "setLabelText",
    "setSuffix",
    "setPrefix",
    "setSpecialValueText",
    "setTabText",
    "setItemText",
    "setHeaderLabels",
    "setHorizontalHeaderLabels",
    "setVerticalHeaderLabels",
    "setCancelButtonText",
    "setInformativeText",
    "setDetailedText",
    "setWindowIconText",
    "setFormat",
    "showMessage",
    "addTab",
    "insertTab",
    "addItem",
    "addItems",
    "insertItem",
    "addMenu",
    "addRow",
    "addAction",
    "addButton",
    "setHtml",
    "setMarkdown",
    "setPlainText",
    "setLabel",
    "QLabel",
    "QPushButton",
    "QToolButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "QMenu",
    "QProgressDialog",
    "QMessageBox",
    "QTreeWidgetItem",
    "QListWidgetItem",
    "QStandardItem",
    "QTableWidgetItem",
    "warning",
    "information",
    "critical",
    "question",
    "about",
    "getText",
    "getInt",
    "getItem",
    "getOpenFileName",
    "getSaveFileName",
    "getExistingDirectory",
    "EmptyState",
    "ViewHeader",
}
WORDS = re.compile(r"[A-Za-z]{2,}|[\u4e00-\u9fff]")
# Strings that are the same in every language.
ALLOWED = {"FunnelDesk", "English", "简体中文", "中文", "CSV", "Excel", "vCard", "PNG", "SQLite"}
# Icon names, object names and codes: lower case without spaces ("account-multiple-outline").
IDENTIFIER = re.compile(r"[a-z0-9_.\-]+")


def _data_index(node: ast.Call) -> int | None:
    """The positional argument of a combo box entry that holds its data, not its text."""
    if _callee(node) not in ("addItem", "insertItem"):
        return None
    args = node.args[1:] if _callee(node) == "insertItem" else node.args
    offset = 1 if _callee(node) == "insertItem" else 0
    if len(args) == 3:
        return offset + 2
    text_first = isinstance(args[0], ast.Constant | ast.Call) and not (
        isinstance(args[0], ast.Call) and _callee(args[0]) == "icon"
    )
    return offset + 1 if len(args) == 2 and text_first else None


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _bare_literals(expr: ast.expr) -> list[str]:
    """Literal text in ``expr`` that is not inside a tr()/translate() call."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [expr.value]
    if isinstance(expr, ast.JoinedStr):
        return [
            part.value
            for part in expr.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        ]
    if isinstance(expr, ast.BinOp):
        return _bare_literals(expr.left) + _bare_literals(expr.right)
    if isinstance(expr, ast.IfExp):
        return _bare_literals(expr.body) + _bare_literals(expr.orelse)
    if isinstance(expr, ast.List | ast.Tuple):
        return [text for element in expr.elts for text in _bare_literals(element)]
    return []  # calls (tr, translate, format helpers), names, attributes


def unwrapped_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for node in ast.walk(tree):  # noqa: SIM102
        if not isinstance(node, ast.Call) or _callee(node) not in VISIBLE_TEXT_CALLS:
            continue
        skip = _data_index(node) if node.args else None
        arguments = [a for i, a in enumerate(node.args) if i != skip]
        arguments += [k.value for k in node.keywords if k.arg in ("text", "title", "toolTip")]
        for argument in arguments:
            for text in _bare_literals(argument):
                if (
                    WORDS.search(text)
                    and text.strip() not in ALLOWED
                    and not IDENTIFIER.fullmatch(text)
                ):
                    if "i18n: ok" in lines[node.lineno - 1]:
                        continue
                    found.append(f"{_shown(path)}:{node.lineno}: {text!r}")
    return found


def test_no_visible_string_literal_in_the_ui_escapes_translation() -> None:
    problems = [
        problem
        for path in sorted((ROOT / "funneldesk" / "ui").rglob("*.py"))
        for problem in unwrapped_strings(path)
    ]
    assert not problems, "wrap these in self.tr() / QCoreApplication.translate():\n" + "\n".join(
        problems
    )


def test_the_scan_catches_an_unwrapped_label(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "label = QLabel('Next follow-up')\n"
        "button.setToolTip(f'Delete {name}')\n"
        "ok = QLabel(self.tr('Next follow-up'))\n"
        "combo.addItem(self.tr('Dark'), 'dark')\n",
        encoding="utf-8",
    )
    problems = unwrapped_strings(sample)
    assert [p.split(": ", 1)[1] for p in problems] == ["'Next follow-up'", "'Delete '"]


# Names that look like translation helpers. A module-level helper that returns
# ``QCoreApplication.translate("Context", text)`` is understood by
# scripts/update_translations.py; any other is invisible to lupdate.
TRANSLATE_HELPER = re.compile(r"_*(tr|translate|t|i18n)")
KNOWN_HELPERS = update_translations.helper_contexts()


def contextless_tr_calls(path: Path) -> list[str]:
    """Translation calls whose context lupdate cannot know (or that it cannot see).

    lupdate files ``self.tr`` under the enclosing class, but ``window.tr(...)`` under
    "window", while Qt looks the text up under the object's class at run time: never found.
    A helper function that is not a plain ``translate("Context", text)`` wrapper is unseen.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Name)
            and TRANSLATE_HELPER.fullmatch(func.id)
            and func.id not in KNOWN_HELPERS.get(str(path), {})
        ):
            found.append(f"{_shown(path)}:{node.lineno}: {func.id}(...)")
        elif (
            isinstance(func, ast.Attribute)
            and func.attr == "tr"
            and not (isinstance(func.value, ast.Name) and func.value.id in ("self", "cls"))
        ):
            found.append(f"{_shown(path)}:{node.lineno}: {ast.unparse(func)}(...)")
    return found


def test_translated_text_is_looked_up_in_the_context_lupdate_files_it_under() -> None:
    problems = [
        problem
        for path in sorted((ROOT / "funneldesk" / "ui").rglob("*.py"))
        for problem in contextless_tr_calls(path)
    ]
    assert not problems, (
        "use self.tr() inside the class, or QCoreApplication.translate('Context', ...):\n"
        + "\n".join(problems)
    )


def core_fixed_error_messages() -> set[str]:
    """Messages of the core's ``raise SomethingError("…")`` written as one literal."""
    found: set[str] = set()
    for path in sorted((ROOT / "funneldesk" / "core").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            name = _callee(node.exc)
            first = node.exc.args[0] if node.exc.args else None
            if (
                (name.endswith("Error") or name == "Cancelled")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.add(first.value)
    return found


def test_every_fixed_core_error_message_is_listed_for_translation() -> None:
    from funneldesk.ui.error_messages import FIXED_MESSAGES

    messages = core_fixed_error_messages()
    assert messages, "the scan must find the core's messages"
    missing = sorted(messages - set(FIXED_MESSAGES))
    assert not missing, f"add to funneldesk/ui/error_messages.py: {missing}"


def test_core_errors_are_shown_in_chinese_with_their_values(qapp) -> None:  # noqa: ANN001
    from funneldesk.ui import i18n
    from funneldesk.ui.error_messages import translated_error

    i18n.install_translators(qapp, "zh_CN")
    try:
        assert translated_error("Title is required.") == "标题不能为空。"
        assert translated_error("Value must be a number.") == "金额必须是数字。"
        assert (
            translated_error("“abc” is not an e-mail address.") == "“abc”不是有效的电子邮件地址。"
        )
        assert translated_error("Something new went wrong.") == "Something new went wrong."
    finally:
        i18n.install_translators(qapp, "en")
    assert translated_error("Title is required.") == "Title is required."


def test_strings_passed_to_a_translation_helper_reach_the_ts_file() -> None:
    messages = set(update_translations.helper_messages())
    helpers = {context for names in KNOWN_HELPERS.values() for context in names.values()}
    assert helpers, "the app has translation helpers; the scan must find them"
    committed = {(m.context, m.source) for m in read_ts(TS)}
    assert messages <= committed, sorted(messages - committed)[:20]
