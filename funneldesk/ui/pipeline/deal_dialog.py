"""The deal editor: title, customer (type-ahead), value, currency, probability override,
expected close, owner. Other views open it with :func:`edit_deal`.

The form checks its values with the core's own validation before saving, so a mistake is
shown next to the form and nothing typed is lost; saving is one undoable operation.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import board, deals, owners
from funneldesk.core.board import DealRecord
from funneldesk.core.errors import ValidationError
from funneldesk.core.pipelines import default_pipeline_id
from funneldesk.ui.context import AppContext
from funneldesk.ui.icons import icon
from funneldesk.ui.theme import semantic
from funneldesk.ui.widgets.dialog_buttons import Button, confirm_cancel

NO_DATE = QDate(1999, 12, 31)
COMMON_CURRENCIES = ("CNY", "USD", "EUR", "GBP", "JPY", "HKD", "TWD", "SGD", "AUD", "CAD")


class CustomerPicker(QLineEdit):
    """A line edit that finds customers as you type (name, company, pinyin, initials)."""

    chosen = Signal(int)  # the customer picked from the list

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.customer_id: int | None = None
        self._choices: dict[str, int] = {}
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated[str].connect(self._chosen)
        self.setCompleter(completer)
        self.setPlaceholderText(self.tr("Type a name, company or pinyin…"))
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self._search)
        self.textEdited.connect(self._typed)

    def set_customer(self, customer_id: int | None, name: str | None) -> None:
        self.customer_id = customer_id
        self.setText(name or "")

    def _typed(self, _text: str) -> None:
        self.customer_id = None
        self._timer.start()

    def _search(self) -> None:
        found = board.customer_choices(self._context.db, self.text(), limit=15)
        self._choices = {self._label(c.name, c.company): c.id for c in found}
        self._model.setStringList(list(self._choices))
        if self._choices and self.hasFocus():
            self.completer().complete()

    @staticmethod
    def _label(name: str, company: str | None) -> str:
        return f"{name} — {company}" if company else name

    def _chosen(self, label: str) -> None:
        self.customer_id = self._choices.get(label)
        self.setText(label.split(" — ")[0])
        if self.customer_id is not None:
            self.chosen.emit(self.customer_id)

    def resolved_id(self) -> int | None:
        """The chosen customer; typed text that names exactly one customer counts too."""
        if self.customer_id is not None or not self.text().strip():
            return self.customer_id
        found = board.customer_choices(self._context.db, self.text(), limit=5)
        matches = [c.id for c in found if c.name == self.text().strip()]
        return matches[0] if len(matches) == 1 else None


class DealDialog(QDialog):
    """Create (``deal is None``) or edit one deal."""

    def __init__(
        self,
        context: AppContext,
        deal: DealRecord | None,
        *,
        customer_id: int | None = None,
        stage_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.deal = deal
        self.saved_id: int | None = None
        self._offered_owner = ""  # the owner this dialog filled in, not the user
        self.setWindowTitle(self.tr("Edit deal") if deal else self.tr("New deal"))
        self.setMinimumWidth(440)
        db = context.db

        self.title = QLineEdit()
        self.title.setMaxLength(500)
        self.title.setPlaceholderText(self.tr("What are you selling? e.g. Annual supply contract"))
        self.customer = CustomerPicker(context)
        self.value = QDoubleSpinBox()
        self.value.setRange(0, 1e12)
        self.value.setDecimals(2)
        self.value.setGroupSeparatorShown(True)
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.currency.lineEdit().setMaxLength(3)
        default_currency = board.default_currency(db)
        self.currency.addItems(
            [default_currency] + [c for c in COMMON_CURRENCIES if c != default_currency]
        )
        self.probability = QSpinBox()
        self.probability.setRange(-1, 100)
        self.probability.setSuffix(" %")
        self.probability.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.expected_close = QDateEdit()
        self.expected_close.setCalendarPopup(True)
        self.expected_close.setMinimumDate(NO_DATE)
        self.expected_close.setSpecialValueText(self.tr("No date"))
        self.expected_close.setDisplayFormat("yyyy-MM-dd")
        clear_date = QToolButton()
        clear_date.setIcon(icon("close"))
        clear_date.setToolTip(self.tr("No expected close date"))
        clear_date.clicked.connect(lambda: self.expected_close.setDate(NO_DATE))
        self.owner = QComboBox()
        self.owner.setEditable(True)
        self.owner.addItems([""] + owners.known_owners(db))
        self.stage = QComboBox()

        money_row = QHBoxLayout()
        money_row.addWidget(self.value, 1)
        money_row.addWidget(self.currency)
        date_row = QHBoxLayout()
        date_row.addWidget(self.expected_close, 1)
        date_row.addWidget(clear_date)

        form = QFormLayout()
        form.setSpacing(8)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Customer"), self.customer)
        form.addRow(self.tr("Value"), money_row)
        form.addRow(self.tr("Win probability"), self.probability)
        form.addRow(self.tr("Expected close"), date_row)
        form.addRow(self.tr("Owner"), self.owner)
        if deal is None:
            form.addRow(self.tr("Stage"), self.stage)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {semantic('lost').name()};")
        self.error.hide()
        buttons = confirm_cancel(self, Button.Save, self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._fill(deal, customer_id, stage_id)

    def _fill(self, deal: DealRecord | None, customer_id: int | None, stage_id: int | None) -> None:
        db = self.context.db
        pipeline_id = deal.pipeline_id if deal else None
        if deal is None:
            pipeline_id = default_pipeline_id(db)  # where create_deal puts it too
            if stage_id is not None:
                pipeline_id = board.stage_pipeline(db, stage_id) or pipeline_id
        stages = board.open_stages(db, pipeline_id) if pipeline_id else []
        probability_of = {s.id: s.probability for s in stages}
        for stage in stages:
            self.stage.addItem(stage.name, stage.id)
        if stage_id is not None and self.stage.findData(stage_id) >= 0:
            self.stage.setCurrentIndex(self.stage.findData(stage_id))
        current_stage = deal.stage_id if deal else self.stage.currentData()
        stage_probability = probability_of.get(current_stage, 0)
        self.probability.setSpecialValueText(
            self.tr("Stage default (%1 %)").replace("%1", f"{stage_probability:g}")
        )
        if deal is None:
            self.probability.setValue(-1)
            self.expected_close.setDate(NO_DATE)
            if customer_id is not None:
                record = board.customer_choice(db, customer_id)
                self.customer.set_customer(customer_id, record.name if record else None)
            self._offer_owner(customer_id)
            self.customer.chosen.connect(self._offer_owner)
            return
        self.title.setText(deal.title)
        self.customer.set_customer(deal.customer_id, deal.customer_name)
        self.value.setValue(deal.value or 0)
        if deal.currency:
            self.currency.setCurrentText(deal.currency)
        self.probability.setValue(-1 if deal.probability is None else round(deal.probability))
        self.expected_close.setDate(
            QDate.fromString(deal.expected_close, "yyyy-MM-dd") if deal.expected_close else NO_DATE
        )
        self.owner.setCurrentText(deal.owner or "")

    def _offer_owner(self, customer_id: int | None) -> None:
        """A new deal's owner: its customer's (see :func:`board.default_owner`), following
        the customer picked — unless the user has typed an owner of their own."""
        if self.owner.currentText() != self._offered_owner:
            return
        self._offered_owner = board.default_owner(self.context.db, customer_id) or ""
        self.owner.setCurrentText(self._offered_owner)

    def values(self) -> dict[str, object]:
        close = self.expected_close.date()
        return {
            "title": self.title.text(),
            "customer_id": self.customer.resolved_id(),
            "value": self.value.value(),
            "currency": self.currency.currentText(),
            "probability": None if self.probability.value() < 0 else self.probability.value(),
            "expected_close": None if close <= NO_DATE else close.toString("yyyy-MM-dd"),
            "owner": self.owner.currentText(),
        }

    def save(self) -> None:
        values = self.values()
        if self.customer.text().strip() and values["customer_id"] is None:
            self._show_error(
                self.tr("Pick the customer from the list (or clear the field)."), self.customer
            )
            return
        try:
            deals.clean_deal(values)
        except ValidationError as exc:
            self._show_error(str(exc), self._field(exc.field))
            return
        if self.deal is None:
            changes = self.context.run(
                deals.create_deal, values, stage_id=self.stage.currentData(), parent=self
            )
            if changes:
                self.saved_id = changes.inserted_ids("deals")[0]
        else:
            changes = self.context.run(deals.update_deal, self.deal.id, values, parent=self)
            if changes is not None:
                self.saved_id = self.deal.id
        if changes is not None:
            self.accept()

    def _field(self, name: str | None) -> QWidget:
        return {
            "title": self.title,
            "value": self.value,
            "probability": self.probability,
            "expected_close": self.expected_close,
            "currency": self.currency,
            "owner": self.owner,
        }.get(name or "", self.title)

    def _show_error(self, message: str, field: QWidget) -> None:
        self.error.setText(message)
        self.error.show()
        field.setFocus()


def run_deal_dialog(
    parent: QWidget | None,
    context: AppContext,
    deal_id: int | None,
    customer_id: int | None = None,
    *,
    stage_id: int | None = None,
) -> int | None:
    """Show the editor; the id of the saved deal, or ``None`` when nothing was saved."""
    deal = board.deal_record(context.db, deal_id) if deal_id is not None else None
    if deal_id is not None and deal is None:
        context.show_error(
            QCoreApplication.translate("DealDialog", "This deal no longer exists."), parent
        )
        return None
    dialog = DealDialog(context, deal, customer_id=customer_id, stage_id=stage_id, parent=parent)
    dialog.exec()
    return dialog.saved_id


def edit_deal(
    parent: QWidget | None,
    context: AppContext,
    deal_id: int | None,
    customer_id: int | None = None,
) -> None:
    """Edit deal ``deal_id``, or create a new deal (for ``customer_id`` when given)."""
    run_deal_dialog(parent, context, deal_id, customer_id)
