"""The row of buttons that ends a dialog: one confirming button (OK, Save …) and Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox

Button = QDialogButtonBox.StandardButton


def confirm_cancel(
    dialog: QDialog,
    confirm: QDialogButtonBox.StandardButton = Button.Ok,
    on_confirm: Callable[[], None] | None = None,
    *,
    text: str = "",
) -> QDialogButtonBox:
    """``confirm`` and Cancel, wired to ``on_confirm`` (default: accept) and reject.

    A dialog that checks its input first passes its own ``on_confirm`` and accepts there;
    ``text`` names the confirming button after what it does ("Mark lost").
    """
    buttons = QDialogButtonBox(confirm | Button.Cancel)
    if text:
        buttons.button(confirm).setText(text)
    buttons.accepted.connect(on_confirm or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
