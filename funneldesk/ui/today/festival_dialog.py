"""Festival greetings in batches: the greeting window for everyone still to greet at a festival.

Today shows a festival due as "Mid-Autumn Festival · in 5 days · 120 customers to greet"
(:func:`festival_row_text` is the last part); opening it shows :class:`FestivalGreetingDialog`, the greeting
window (:class:`~funneldesk.ui.today.greeting_dialog.GreetingDialog`) with the festival
template in English or Chinese and the list of customers. The first batch is ticked; **Copy
and log** copies every ticked customer's own message (their name filled in) and logs one
``greeting`` contact per customer as one undoable operation, then ticks the next batch.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import greetings
from funneldesk.core.festivals import FestivalDue, log_greetings
from funneldesk.core.greetings import GreetingSubject, customer_subject
from funneldesk.ui import labels
from funneldesk.ui.context import AppContext
from funneldesk.ui.today.greeting_dialog import GreetingDialog
from funneldesk.ui.widgets.muted_label import muted_label

BATCH = 20
SEPARATOR = "\n\n————————\n\n"


def festival_name(due: FestivalDue) -> str:
    """The festival's name in the user's language."""
    return due.name_zh if labels.is_chinese() else due.name_en


def festival_row_text(due: FestivalDue) -> str:
    """``120 customers to greet`` (``· 30 greeted`` once some are) under the festival's name
    and "in 5 days" in Today's festival row; "everyone greeted" when none is left."""
    if not due.customer_ids:
        return QCoreApplication.translate("FestivalGreetings", "Everyone greeted (%1)").replace(
            "%1", f"{due.greeted:,}"
        )
    waiting = len(due.customer_ids)
    text = (
        QCoreApplication.translate("FestivalGreetings", "1 customer to greet")
        if waiting == 1
        else QCoreApplication.translate("FestivalGreetings", "%1 customers to greet").replace(
            "%1", f"{waiting:,}"
        )
    )
    if due.greeted:
        text += " · " + QCoreApplication.translate("FestivalGreetings", "%1 greeted").replace(
            "%1", f"{due.greeted:,}"
        )
    return text


def open_festival_greetings(parent: QWidget | None, context: AppContext, due: FestivalDue) -> None:
    """Open the batch greeting window for ``due`` (nothing to do when everyone is greeted)."""
    if not due.customer_ids:
        context.status_message.emit(
            QCoreApplication.translate("FestivalGreetings", "Everyone has been greeted.")
        )
        return
    FestivalGreetingDialog(parent, context, due).exec()


class FestivalGreetingDialog(GreetingDialog):
    def __init__(self, parent: QWidget | None, context: AppContext, due: FestivalDue) -> None:
        self.due = due
        self.recipients = QListWidget()
        self._subjects: dict[int, GreetingSubject] = {}
        first = due.customer_ids[0]
        heading = f"{festival_name(due)} · {labels.long_date(due.date)}"
        super().__init__(
            parent,
            context,
            self._subject(context, first),
            customer_id=first,
            occasion="festival",
            heading=heading,
        )
        self.setWindowTitle(self.tr("Festival greetings"))
        self.resize(860, 560)
        for customer_id, name in zip(due.customer_ids, due.names, strict=True):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, customer_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.recipients.addItem(item)
        self.recipients.itemChanged.connect(lambda *_: self._update_count())
        self.recipients.currentItemChanged.connect(lambda *_: self._render())
        self.count_label = muted_label()
        next_batch = QPushButton(self.tr("Tick the next %1").replace("%1", str(BATCH)))
        next_batch.clicked.connect(self.tick_next_batch)
        clear = QPushButton(self.tr("Untick all"))
        clear.clicked.connect(lambda: self._tick(lambda _row: False))
        batch_row = QHBoxLayout()
        batch_row.addWidget(next_batch)
        batch_row.addWidget(clear)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.recipients, 1)
        side_layout.addWidget(self.count_label)
        side_layout.addLayout(batch_row)
        splitter = QSplitter()
        splitter.addWidget(side)
        self.layout().replaceWidget(self.tabs, splitter)
        splitter.addWidget(self.tabs)
        splitter.setSizes([280, 560])
        self.tick_next_batch()
        self.recipients.setCurrentRow(0)

    # -- recipients ----------------------------------------------------------------------
    def _subject(self, context: AppContext, customer_id: int) -> GreetingSubject:
        if customer_id not in self._subjects:
            self._subjects[customer_id] = customer_subject(context.db, customer_id)
        return self._subjects[customer_id]

    def _ticked(self) -> list[QListWidgetItem]:
        items = (self.recipients.item(row) for row in range(self.recipients.count()))
        return [item for item in items if item.checkState() == Qt.CheckState.Checked]

    def _tick(self, wanted) -> None:  # noqa: ANN001
        self.recipients.blockSignals(True)
        for row in range(self.recipients.count()):
            state = Qt.CheckState.Checked if wanted(row) else Qt.CheckState.Unchecked
            self.recipients.item(row).setCheckState(state)
        self.recipients.blockSignals(False)
        self._update_count()

    def tick_next_batch(self) -> None:
        """Tick the first customers not yet ticked, up to one batch."""
        start = max(
            (
                row + 1
                for row in range(self.recipients.count())
                if self.recipients.item(row).checkState() == Qt.CheckState.Checked
            ),
            default=0,
        )
        if start >= self.recipients.count():
            start = 0
        self._tick(lambda row: start <= row < start + BATCH)

    def _update_count(self) -> None:
        ticked = len(self._ticked())
        self.count_label.setText(
            self.tr("%1 ticked of %2 to greet")
            .replace("%1", str(ticked))
            .replace("%2", str(self.recipients.count()))
        )
        self.copy_button.setText(self.tr("Copy and log %1").replace("%1", str(ticked)))
        self.copy_button.setEnabled(ticked > 0)

    # -- messages ------------------------------------------------------------------------
    def _labelled(self, subject: GreetingSubject) -> GreetingSubject:
        language = self.language.currentData()
        name = self.due.name_zh if language == "zh_CN" else self.due.name_en
        return GreetingSubject(subject.name, subject.company, name, None, subject.preferences)

    def _render(self) -> None:
        """Preview the message for the customer selected in the list."""
        if not hasattr(self, "due"):
            return
        item = self.recipients.currentItem() if self.recipients.count() else None
        customer_id = item.data(Qt.ItemDataRole.UserRole) if item else self.due.customer_ids[0]
        self.subject = self._labelled(self._subject(self.context, customer_id))
        super()._render()

    def message_for(self, customer_id: int) -> str:
        subject = self._labelled(self._subject(self.context, customer_id))
        return greetings.render(self.template.text(), subject)

    def copy_and_log(self) -> None:
        """Copy the ticked customers' messages and log them as one undoable operation."""
        items = self._ticked()
        if not items:
            return
        messages = [
            (
                item.data(Qt.ItemDataRole.UserRole),
                self.message_for(item.data(Qt.ItemDataRole.UserRole)),
            )
            for item in items
        ]
        QGuiApplication.clipboard().setText(SEPARATOR.join(text for _id, text in messages))
        if self.context.run(log_greetings, messages, parent=self) is None:
            return
        for item in items:
            self.recipients.takeItem(self.recipients.row(item))
        self.context.status_message.emit(
            self.tr("%1 greetings copied to the clipboard and logged.").replace(
                "%1", str(len(messages))
            )
        )
        if self.recipients.count() == 0:
            self.accept()
            return
        self.tick_next_batch()
        self.recipients.setCurrentRow(0)
