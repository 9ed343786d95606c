"""The app style sheet: dialog buttons without stock icons next to the app's own icon set,
text fields that show their box in the dark theme."""

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


def test_text_fields_have_a_visible_edge_in_the_dark_theme(qtbot, qapp) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QLineEdit

    from funneldesk.ui.theme import dark_palette

    saved = (qapp.palette(), qapp.styleSheet(), qapp.style().name())
    try:
        qapp.setStyle("Fusion")
        qapp.setPalette(dark_palette())
        qapp.setStyleSheet(app_stylesheet(True))
        field = QLineEdit()
        field.setPlaceholderText("Min value")
        qtbot.addWidget(field)
        field.resize(120, 30)
        image = field.grab().toImage()
        middle = image.height() // 2
        edge = max(image.pixelColor(x, middle).lightness() for x in range(3))
        inside = image.pixelColor(image.width() - 10, middle).lightness()
        assert edge - inside > 25  # the box is seen, not only its grey hint
    finally:
        palette, sheet, style = saved
        qapp.setStyle(style)
        qapp.setPalette(palette)
        qapp.setStyleSheet(sheet)
