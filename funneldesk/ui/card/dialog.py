"""The customer card: one window with everything about one customer.

``open_customer_card(parent, context, customer_id)`` is the entry point every view uses
(``None`` = a new customer). The card is a non-modal window, one per customer, so the main
window's undo and the board stay usable while it is open.

The customer's own fields are edited in a form and saved together (one undoable operation);
dates, preferences and contacts are saved one by one as the user adds them, each its own
undoable operation — adding one to a new customer saves the customer first. Closing with
unsaved field edits asks Save / Discard / Cancel, so nothing is lost silently.
"""

from __future__ import annotations

import contextlib

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import board, clock, customers, owners
from funneldesk.core.changes import ChangeSet
from funneldesk.core.customer_card import CustomerCard, customer_name, load_card
from funneldesk.core.duplicates import KnownCustomer, known_customers
from funneldesk.core.keep_in_touch import contact_rhythm
from funneldesk.ui import labels
from funneldesk.ui.card.avatar import avatar_pixmap
from funneldesk.ui.card.dates_tab import DatesTab
from funneldesk.ui.card.deals_tab import DealsTab
from funneldesk.ui.card.details_form import DetailsForm
from funneldesk.ui.card.history_tab import HistoryTab
from funneldesk.ui.card.known_customer import KnownCustomerBanner, known_text
from funneldesk.ui.card.preferences_tab import PreferencesTab
from funneldesk.ui.context import AppContext
from funneldesk.ui.icons import icon
from funneldesk.ui.theme import heading_font
from funneldesk.ui.widgets.button_row import button_row
from funneldesk.ui.widgets.muted_label import muted_label

CARD_TABLES = {"customers", "important_dates", "preferences", "interactions", "deals", "stages"}

_open_cards: dict[tuple[int, int], CustomerCardDialog] = {}


def ask_unsaved_changes(parent: QWidget) -> str:
    """``"save"``, ``"discard"`` or ``"cancel"`` for a card closed with unsaved edits."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("CustomerCard", "Unsaved changes"))
    box.setText(QCoreApplication.translate("CustomerCard", "Save the changes to this customer?"))
    box.setInformativeText(
        QCoreApplication.translate("CustomerCard", "Your edits are lost if you don't save them.")
    )
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    return {
        QMessageBox.StandardButton.Save.value: "save",
        QMessageBox.StandardButton.Discard.value: "discard",
    }.get(answer, "cancel")


def ask_delete(parent: QWidget, has_deals: bool) -> str:
    """``"delete"``, ``"keep_deals"`` or ``"cancel"``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("CustomerCard", "Delete customer"))
    box.setText(
        QCoreApplication.translate(
            "CustomerCard",
            "Delete this customer with their dates, preferences and contact history? "
            "You can undo this with Ctrl+Z.",
        )
    )
    delete = box.addButton(
        QCoreApplication.translate("CustomerCard", "Delete with deals" if has_deals else "Delete"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    keep = None
    if has_deals:
        keep = box.addButton(
            QCoreApplication.translate("CustomerCard", "Delete, keep deals"),
            QMessageBox.ButtonRole.AcceptRole,
        )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is delete:
        return "delete"
    if keep is not None and box.clickedButton() is keep:
        return "keep_deals"
    return "cancel"


def open_customer_card(
    parent: QWidget | None, context: AppContext, customer_id: int | None
) -> None:
    """Show the card of ``customer_id`` (raised if already open), or an empty card for a new one."""
    if customer_id is not None and customer_name(context.db, customer_id) is None:
        context.show_error(
            QCoreApplication.translate("CustomerCard", "This customer no longer exists."), parent
        )
        return
    for stale in [k for k, card in _open_cards.items() if not shiboken6.isValid(card)]:
        del _open_cards[stale]  # closed together with its window, without a close event
    key = (id(context), customer_id) if customer_id is not None else None
    if key is not None and key in _open_cards and _open_cards[key].context is context:
        card = _open_cards[key]
        card.show()
        card.raise_()
        card.activateWindow()
        return
    card = CustomerCardDialog(parent.window() if parent is not None else None, context, customer_id)
    card.show()


class CustomerCardDialog(QDialog):
    def __init__(
        self, parent: QWidget | None, context: AppContext, customer_id: int | None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.customer_id = customer_id
        self.card: CustomerCard | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.setModal(False)
        self.resize(900, 680)
        self.setMinimumSize(720, 520)

        self.avatar = QLabel()
        self.name_label = QLabel()
        self.name_label.setFont(heading_font(scale=1.45))
        self.subtitle = muted_label()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.name_label)
        titles.addWidget(self.subtitle)
        undo = context.undo_stack.createUndoAction(self, self.tr("Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setIcon(icon("undo"))
        redo = context.undo_stack.createRedoAction(self, self.tr("Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        redo.setIcon(icon("redo"))
        header = QHBoxLayout()
        header.setSpacing(16)
        header.addWidget(self.avatar)
        header.addLayout(titles, 1)
        for action in (undo, redo):
            self.addAction(action)
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            header.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)

        self.form = DetailsForm()
        self.form.edited.connect(self._update_state)
        self.form.inputs["name"].textChanged.connect(self._update_header)
        self.form.offer_owners(owners.known_owners(context.db))
        self.known_banner = KnownCustomerBanner()
        self.known_banner.open_requested.connect(
            lambda customer_id: open_customer_card(self, self.context, customer_id)
        )
        for key in ("phone", "email"):
            self.form.inputs[key].editingFinished.connect(self._check_known)
        self.dates = DatesTab(context, self.ensure_customer)
        self.preferences = PreferencesTab(context, self.ensure_customer)
        self.history = HistoryTab(context, self.ensure_customer)
        self.deals = DealsTab(context, self.ensure_customer)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.form, icon("card-account-details-outline"), "")
        self.tabs.addTab(self.dates, icon("calendar-heart"), "")
        self.tabs.addTab(self.preferences, icon("star-outline"), "")
        self.tabs.addTab(self.history, icon("history"), "")
        self.tabs.addTab(self.deals, icon("briefcase-outline"), "")

        self.delete_button = QPushButton(icon("delete-outline"), self.tr("Delete customer…"))
        self.delete_button.setFlat(True)
        self.delete_button.clicked.connect(self.delete_customer)
        self.state_label = muted_label()
        self.save_button = QPushButton(icon("content-save-outline", "#ffffff"), self.tr("Save"))
        self.save_button.setObjectName("primaryButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close_button = QPushButton(self.tr("Close"))
        close_button.clicked.connect(self.close)
        save_action = QAction(self)
        save_action.setShortcut(QKeySequence.StandardKey.Save)
        save_action.triggered.connect(self.save)
        self.addAction(save_action)
        footer = button_row(
            [self.delete_button], [self.state_label, close_button, self.save_button]
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.known_banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(footer)

        context.changed.connect(self._on_changed)
        if parent is not None:
            parent.installEventFilter(self)  # the main window closing must not drop edits
        self.reload(form=True)
        self._register()

    # -- loading -------------------------------------------------------------------------
    def _register(self) -> None:
        if self.customer_id is not None:
            _open_cards[(id(self.context), self.customer_id)] = self

    def _unregister(self) -> None:
        for key, card in list(_open_cards.items()):
            if card is self:
                del _open_cards[key]

    def reload(self, *, form: bool) -> None:
        """Re-read the card; the form only when asked (unsaved edits are never overwritten)."""
        self.card = (
            load_card(self.context.db, self.customer_id, clock.today())
            if self.customer_id is not None
            else None
        )
        if form:
            self.form.load(self.card.values if self.card else self._new_card_values())
        if self.customer_id is not None:
            self.known_banner.hide()
        self._update_keep_in_touch_hint()
        for tab in (self.dates, self.preferences, self.history, self.deals):
            tab.load(self.card)
        self._update_titles()
        self._update_state()

    def _update_titles(self) -> None:
        card = self.card
        counts = (
            (len(card.dates), len(card.preferences), len(card.interactions), len(card.deals))
            if card
            else (0, 0, 0, 0)
        )
        names = (
            self.tr("Details"),
            self.tr("Important dates (%1)"),
            self.tr("Preferences (%1)"),
            self.tr("Contact history (%1)"),
            self.tr("Deals (%1)"),
        )
        self.tabs.setTabText(0, names[0])
        for index, (name, count) in enumerate(zip(names[1:], counts, strict=True), start=1):
            self.tabs.setTabText(index, name.replace("%1", str(count)))
        parts = [card.values.get(k) for k in ("title", "company", "city")] if card else []
        self.subtitle.setText(" · ".join(p for p in parts if p))
        self.subtitle.setVisible(bool(self.subtitle.text()))
        self.delete_button.setVisible(card is not None)
        self._update_header()

    def _update_header(self) -> None:
        """Name, initials and window title follow the name as it is typed (a new card says
        *New customer* only while its name is empty)."""
        typed = self.form.value("name").strip()
        saved = self.card.values.get("name") if self.card else None
        name = typed or saved or ""
        self.name_label.setText(name or self.tr("New customer"))
        self.avatar.setPixmap(avatar_pixmap(name, 56, self.devicePixelRatioF()))
        self.setWindowTitle(
            self.tr("%1[*] — Customer").replace("%1", name or self.tr("New customer"))
        )

    def _new_card_values(self) -> dict[str, str]:
        """What a new card starts with: its owner (see :func:`board.default_owner`)."""
        owner = board.default_owner(self.context.db)
        return {"owner": owner} if owner else {}

    def _update_state(self) -> None:
        dirty = self.form.is_dirty()
        self.state_label.setText(self.tr("Unsaved changes") if dirty else "")
        self.save_button.setEnabled(dirty or self.customer_id is None)
        self.setWindowModified(dirty)

    def _on_changed(self, changes: ChangeSet) -> None:
        if not changes.tables() & CARD_TABLES or self.customer_id is None:
            return
        if load_card(self.context.db, self.customer_id, clock.today()) is None:
            if not self.form.is_dirty():  # e.g. its creation was undone
                self._discard_and_close()
            else:
                self.customer_id = None
                self._unregister()
                self.reload(form=False)
            return
        customer_changed = self.customer_id in changes.ids("customers")
        self.reload(form=customer_changed and not self.form.is_dirty())

    # -- saving --------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        return self.form.is_dirty()

    def save(self) -> bool:
        """Validate and save the form (one undoable operation); False if something is wrong."""
        if self.form.check_all() is not None:
            self.tabs.setCurrentWidget(self.form)
            return False
        if self.customer_id is None:
            if not self._confirm_new_although_known():
                return False
            changes = self.context.run(customers.create_customer, self.form.values(), parent=self)
            if changes is None:
                return False
            self.customer_id = changes.inserted_ids("customers")[0]
            self._register()
        elif self.form.is_dirty():
            changes = self.context.run(
                customers.update_customer,
                self.customer_id,
                self.form.changed_values(),
                parent=self,
            )
            if changes is None:
                return False
        self.reload(form=True)
        self.context.status_message.emit(
            self.tr("Saved %1.").replace("%1", self.form.value("name").strip())
        )
        return True

    def _update_keep_in_touch_hint(self) -> None:
        """Under *Keep in touch*: when the last contact was and when the next one is due."""
        rhythm = (
            contact_rhythm(self.context.db, self.customer_id)
            if self.customer_id is not None
            else None
        )
        hint = self.form.keep_in_touch_hint
        if rhythm is None or (rhythm.last_contact is None and rhythm.due is None):
            hint.hide()
            return
        today = clock.today()
        parts = []
        if rhythm.last_contact is not None:
            ago = labels.relative_days((rhythm.last_contact - today).days)
            parts.append(self.tr("Last contact %1").replace("%1", ago))
        if rhythm.due is not None:
            days = (rhythm.due - today).days
            if days >= 0:
                parts.append(self.tr("next due %1").replace("%1", labels.relative_days(days)))
            else:
                parts.append(self.tr("%Ln days over", "", -days))
        hint.setText(" · ".join(parts))
        hint.show()

    def _known(self) -> list[KnownCustomer]:
        """Other cards with the phone number or e-mail address typed into this new card."""
        if self.customer_id is not None:
            return []
        phone, email = self.form.value("phone"), self.form.value("email")
        return known_customers(self.context.db, phone, email)

    def _check_known(self) -> None:
        self.known_banner.show_known(self._known())

    def _confirm_new_although_known(self) -> bool:
        """Before a new card is saved: offer the card that already has its phone or e-mail
        (unless the offer is already on screen). False when the user opened that card instead."""
        found = self._known()
        if not found or (self.known_banner.isVisible() and self.known_banner.known == found[0]):
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Already known"))
        box.setText(known_text(found[0]))
        box.setInformativeText(self.tr("Open that card instead of creating a new one?"))
        open_button = box.addButton(self.tr("Open that card"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Save as a new customer"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(open_button)
        box.exec()
        if box.clickedButton() is open_button:
            open_customer_card(self, self.context, found[0].customer_id)
            return False
        return True

    def ensure_customer(self) -> int | None:
        """The customer's id, saving a new customer first (dates etc. need a customer)."""
        if self.customer_id is not None:
            return self.customer_id
        if not self.form.value("name").strip():
            self.tabs.setCurrentWidget(self.form)
            self.form.errors["name"].show_message(
                self.tr("Enter a name first; the customer is saved before anything is added.")
            )
            self.form.inputs["name"].setFocus()
            return None
        return self.customer_id if self.save() else None

    def delete_customer(self) -> None:
        if self.customer_id is None:
            return
        answer = ask_delete(self, bool(self.card and self.card.deals))
        if answer == "cancel":
            return
        changes = self.context.run(
            customers.delete_customer,
            self.customer_id,
            keep_deals=answer == "keep_deals",
            parent=self,
        )
        if changes is not None:
            self._discard_and_close()

    # -- closing -------------------------------------------------------------------------
    def _discard_and_close(self) -> None:
        self.form.load(self.card.values if self.card else {})
        self.customer_id = None
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.form.is_dirty():
            answer = ask_unsaved_changes(self)
            if answer == "cancel" or (answer == "save" and not self.save()):
                event.ignore()
                return
        self._unregister()
        self.deals.wait()
        with contextlib.suppress(RuntimeError, TypeError):  # already disconnected
            self.context.changed.disconnect(self._on_changed)
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Closing the main window with this card's edits unsaved asks first, too."""
        if watched is self.parent() and event.type() == QEvent.Type.Close and self.is_dirty():
            self.raise_()
            answer = ask_unsaved_changes(self)
            if answer == "cancel" or (answer == "save" and not self.save()):
                event.ignore()
                return True
            self.form.load(self.card.values if self.card else {})
        return super().eventFilter(watched, event)

    def reject(self) -> None:
        """Escape closes like the window's close button (and asks about unsaved edits)."""
        self.close()
