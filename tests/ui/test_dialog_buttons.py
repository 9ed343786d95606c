"""Dialog buttons carry no stock icons next to the app's own icon set."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QProxyStyle, QStyle

from funneldesk.ui.theme import app_stylesheet


class _StockIconDesktop(QProxyStyle):
    """A style that puts stock icons on dialog buttons, as GNOME's and KDE's themes ask."""

    def styleHint(self, hint, option=None, widget=None, data=None):  # noqa: ANN001, ANN201, N802
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return super().styleHint(hint, option, widget, data)


def test_dialog_and_message_box_buttons_have_no_stock_icons(qapp) -> None:  # noqa: ANN001
    saved = (qapp.styleSheet(), qapp.style().name())
    try:
        qapp.setStyle(_StockIconDesktop("Fusion"))
        qapp.setStyleSheet("")
        Button = QDialogButtonBox.StandardButton
        with_stock = QDialogButtonBox(Button.Ok | Button.Cancel)
        assert not with_stock.button(Button.Ok).icon().isNull()  # the desktop's green tick
        for dark in (False, True):
            qapp.setStyleSheet(app_stylesheet(dark))
            box = QDialogButtonBox(Button.Save | Button.Cancel | Button.Close)
            assert all(button.icon().isNull() for button in box.buttons())
            message = QMessageBox(QMessageBox.Icon.Question, "t", "text")
            message.setStandardButtons(
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
            )
            assert all(button.icon().isNull() for button in message.buttons())
    finally:
        sheet, style = saved
        qapp.setStyle(style)
        qapp.setStyleSheet(sheet)
