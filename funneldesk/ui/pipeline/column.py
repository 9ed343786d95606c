"""One column of the board: the stage's header (name, count, total, weighted value) above its
cards. The header colour is the stage's place on the sequential ramp; the whole column lights
up while a deal is dragged over it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from funneldesk.core.board import ColumnTotals, StageInfo
from funneldesk.core.db import Database
from funneldesk.ui.pipeline.card_look import board_colours, money
from funneldesk.ui.pipeline.column_model import ColumnModel
from funneldesk.ui.pipeline.column_view import ColumnView
from funneldesk.ui.theme import tabular
from funneldesk.ui.widgets.muted_label import muted_label

COLUMN_MIN_WIDTH = 232
COLUMN_MAX_WIDTH = 340
MARGIN_LEFT = 14


class StageColumn(QWidget):
    """Header + :class:`ColumnView` for one open stage."""

    def __init__(
        self,
        db: Database,
        stage: StageInfo,
        colour: QColor,
        currency: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.stage = stage
        self.colour = colour
        self.currency = currency
        self.probability = stage.probability  # the stage's share in the weighted total
        self._drop_target = False
        self._backgrounds: dict[tuple, QPixmap] = {}  # this size: plain and drop target
        self.setMinimumWidth(COLUMN_MIN_WIDTH)
        self.setMaximumWidth(COLUMN_MAX_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)

        self.model = ColumnModel(db, stage, self)
        self.view = ColumnView(self)
        self.view.setModel(self.model)
        self.view.setObjectName(f"stageColumn{stage.id}")
        self.view.drag_hover.connect(self.set_drop_target)

        self._name = QLabel(stage.name)
        name_font = self._name.font()
        name_font.setWeight(name_font.Weight.DemiBold)
        self._name.setFont(name_font)
        self._count = QLabel()
        self._count.setObjectName("columnCount")
        self._count.setFont(tabular())
        self._count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._total = QLabel()
        total_font = tabular()
        total_font.setWeight(total_font.Weight.DemiBold)
        self._total.setFont(total_font)
        self._weighted = muted_label()
        self._weighted.setFont(tabular())
        self._weighted.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        title_row = QHBoxLayout()
        title_row.setSpacing(8)
        title_row.addWidget(self._name, 1)
        title_row.addWidget(self._count)
        figures_row = QHBoxLayout()
        figures_row.addWidget(self._total)
        figures_row.addStretch(1)
        figures_row.addWidget(self._weighted)

        header = QVBoxLayout()
        header.setContentsMargins(MARGIN_LEFT, 14, 12, 6)
        header.setSpacing(4)
        header.addLayout(title_row)
        header.addLayout(figures_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)
        self._style_count()

    # -- figures -------------------------------------------------------------------------
    def show_totals(self, totals: ColumnTotals) -> None:
        self._count.setText(f"{totals.count:,}")
        self._total.setText(money(totals.total, self.currency, compact=totals.total >= 1e6))
        # The currency is the total's, just left of it: without it both fit a narrow
        # column in a Latin UI font too.
        self._weighted.setText(
            self.tr("weighted %1").replace("%1", money(totals.weighted, None, compact=True))
        )
        tip = self.tr("Total value of the deals shown: %1").replace(
            "%1", money(totals.total, self.currency)
        )
        if totals.unconverted:
            self._total.setText(self._total.text() + " *")
            tip += "\n" + self.tr(
                "Left out: deals in a currency without an exchange rate (%1). "
                "Set rates in Settings ▸ Currencies."
            ).replace("%1", f"{totals.unconverted:,}")
        self._total.setToolTip(tip)
        self._weighted.setToolTip(
            self.tr(
                "Weighted value: each deal's value times its win probability "
                "(the deal's own, or this stage's %1%)"
            ).replace("%1", f"{self.probability:.0f}")
        )

    def _style_count(self) -> None:
        colours = board_colours(self.palette())
        chip = colours.chip
        self._count.setStyleSheet(
            f"background: rgba({chip.red()},{chip.green()},{chip.blue()},{chip.alpha()});"
            "border-radius: 9px; padding: 1px 8px;"
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.PaletteChange:
            self._style_count()
        super().changeEvent(event)

    def set_drop_target(self, active: bool) -> None:
        if active != self._drop_target:
            self._drop_target = active
            self.update()

    # -- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """The column's rounded surface, rendered once per size and state (a large
        antialiased shape is slow in the raster engine and this paints on every drop). Both
        states are kept: every drag turns the target state on and off again."""
        ratio = self.devicePixelRatioF()
        key = (self.size().toTuple(), self._drop_target, self.palette().cacheKey(), ratio)
        background = self._backgrounds.get(key)
        if background is None:
            if len(self._backgrounds) >= 2:
                self._backgrounds.clear()
            background = self._backgrounds[key] = self._render_background(ratio)
        painter = QPainter(self)
        painter.drawPixmap(0, 0, background)
        painter.end()

    def _render_background(self, ratio: float) -> QPixmap:
        colours = board_colours(self.palette())
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(0, 0, self.width(), self.height()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(colours.accent, 1.5) if self._drop_target else Qt.PenStyle.NoPen)
        painter.setBrush(colours.column)
        painter.drawRoundedRect(rect, 8, 8)
        if self._drop_target:
            painter.setBrush(colours.column_drop)
            painter.drawRoundedRect(rect, 8, 8)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colour)
        painter.drawRoundedRect(
            QRectF(rect.left() + 10, rect.top() + 4, rect.width() - 20, 4), 2, 2
        )
        painter.end()
        return pixmap
