"""The lead score of one open deal with the points behind it, for the customer card.

Scores come from :func:`funneldesk.core.lead_score.score_deals` on a worker thread (the
first score of a pipeline may fit its model), so opening a card never waits for them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from funneldesk.core.db import Database
from funneldesk.core.errors import FunnelDeskError
from funneldesk.core.lead_score import score_deals
from funneldesk.ui.pipeline.card_delegate import FEATURE_NAMES
from funneldesk.ui.theme import heading_font, semantic, tabular


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


class ScoreRelay(QObject):
    """Scores deals on a private one-thread pool; ``scored`` carries the ids asked for and
    ``{deal id: LeadScore}`` (closed deals have no score)."""

    scored = Signal(object, object)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    def request(self, deal_ids: list[int]) -> None:
        self._pool.start(_ScoreJob(self._db, deal_ids, self))

    def wait(self) -> None:
        self._pool.waitForDone()


class _ScoreJob(QRunnable):
    def __init__(self, db: Database, deal_ids: list[int], relay: ScoreRelay) -> None:
        super().__init__()
        self._db, self._ids, self._relay = db, deal_ids, relay

    def run(self) -> None:
        try:
            scores = score_deals(self._db, self._ids)
        except FunnelDeskError:
            scores = {}  # the score is an aid; the card works without it
        self._relay.scored.emit(self._ids, scores)


class LeadScorePanel(QFrame):
    """Score out of 100, whether it was learned, and each feature's points."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leadScorePanel")
        self.setStyleSheet(
            "#leadScorePanel { border: 1px solid palette(mid); border-radius: 6px; }"
        )
        self.deal_id: int | None = None
        self.loader = ScoreRelay(db, self)
        self.loader.scored.connect(self._scored)
        self.caption = QLabel(self.tr("Lead score"))
        self.caption.setStyleSheet("color: palette(placeholder-text);")
        self.value = QLabel("—")
        self.value.setFont(tabular(heading_font(scale=1.6)))
        self.basis = QLabel("")
        self.basis.setStyleSheet("color: palette(placeholder-text);")
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
            self.loader.request([deal_id])

    def _clear_points(self) -> None:
        while self.points.count():
            item = self.points.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    def _scored(self, deal_ids: list[int], scores: dict) -> None:
        if self.deal_id not in deal_ids:
            return  # an answer for a deal selected earlier
        score = scores.get(self.deal_id)
        if score is None:
            self.value.setText("—")
            return
        self.value.setText(self.tr("%1 / 100").replace("%1", str(score.score)))
        self.basis.setText(
            self.tr("learned from this pipeline's closed deals")
            if score.fitted
            else self.tr("default weights (fewer than 30 closed deals)")
        )
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
