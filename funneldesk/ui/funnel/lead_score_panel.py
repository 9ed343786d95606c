"""The lead score of one open deal with the points behind it, for the customer card.

Scores come from :func:`funneldesk.core.lead_score.score_deals` on a worker thread (the
first score of a pipeline may fit its model), so opening a card never waits for them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from funneldesk.core.db import Database
from funneldesk.core.lead_score import score_deals
from funneldesk.ui.jobs import BackgroundReader
from funneldesk.ui.pipeline.card_delegate import FEATURE_NAMES
from funneldesk.ui.theme import heading_font, semantic, tabular
from funneldesk.ui.widgets.muted_label import muted_label


def feature_name(feature: str) -> str:
    """The board's wording for a score feature, translated."""
    return QCoreApplication.translate("PipelineBoard", FEATURE_NAMES.get(feature, feature))


def feature_value(feature: str, value: Any) -> str:
    """The deal's own value of a feature, as the tooltip shows it."""
    if value is None or value == "":
        return QCoreApplication.translate("LeadScorePanel", "not set")
    if feature == "stage":
        return f"{round(float(value) * 100)}%"
    if isinstance(value, float):
        return f"{value:,.1f}".rstrip("0").rstrip(".")
    return str(value)


class LeadScorePanel(QFrame):
    """Score out of 100, whether it was learned, and each feature's points."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leadScorePanel")
        self.setStyleSheet(
            "#leadScorePanel { border: 1px solid palette(mid); border-radius: 6px; }"
        )
        self.deal_id: int | None = None
        self._db = db
        self.loader = BackgroundReader(self)  # the newest deal selected wins
        self.loader.finished.connect(self._scored)
        self.loader.failed.connect(lambda _message: self.value.setText("—"))  # an aid only
        self.caption = muted_label(self.tr("Lead score"))
        self.value = QLabel("—")
        self.value.setFont(tabular(heading_font(scale=1.6)))
        self.basis = muted_label("")
        self.basis.setWordWrap(True)
        self.points = QGridLayout()
        self.points.setHorizontalSpacing(16)
        self.points.setVerticalSpacing(2)
        left = QVBoxLayout()
        left.addWidget(self.caption)
        left.addWidget(self.value)
        left.addWidget(self.basis)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(24)
        layout.addLayout(left)
        layout.addLayout(self.points, 1)

    def show_deal(self, deal_id: int | None) -> None:
        """Score ``deal_id`` (an open deal) in the background; ``None`` hides the panel."""
        self.deal_id = deal_id
        self.setVisible(deal_id is not None)
        self.value.setText("…")
        self.basis.setText("")
        self._clear_points()
        if deal_id is not None:
            self.loader.request(lambda _p, _c: (deal_id, score_deals(self._db, [deal_id])))

    def _clear_points(self) -> None:
        while self.points.count():
            item = self.points.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    def _scored(self, answer: tuple[int, dict]) -> None:
        deal_id, scores = answer
        if deal_id != self.deal_id:
            return  # an answer for a deal selected earlier
        score = scores.get(self.deal_id)
        if score is None:
            self.value.setText("—")
            return
        self.value.setText(self.tr("%1 / 100").replace("%1", str(score.score)))
        basis = (
            self.tr("learned from this pipeline's closed deals")
            if score.fitted
            else self.tr("default weights (fewer than 30 closed deals)")
        )
        if score.unconverted:  # their value cannot be compared: no exchange rate
            left_out = self.tr(
                "%n closed deals without an exchange rate left out", "", score.unconverted
            )
            basis = f"{basis}\n{left_out}"
        self.basis.setText(basis)
        self._clear_points()
        tips = []
        for row, (feature, points) in enumerate(score.contributions):
            name = QLabel(feature_name(feature))
            amount = QLabel(f"{points:+.0f}")
            amount.setFont(tabular())
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if round(points):
                amount.setStyleSheet(f"color: {semantic('won' if points > 0 else 'lost').name()};")
            tip = f"{feature_name(feature)}: {feature_value(feature, score.values.get(feature))}"
            name.setToolTip(tip)
            amount.setToolTip(tip)
            tips.append(f"{tip} → {points:+.1f}")
            self.points.addWidget(name, row, 0)
            self.points.addWidget(amount, row, 1)
        self.setToolTip(
            "<br>".join([self.tr("Typical deal: %1").replace("%1", f"{score.base:.0f}"), *tips])
        )

    def wait(self) -> None:
        self.loader.wait()
