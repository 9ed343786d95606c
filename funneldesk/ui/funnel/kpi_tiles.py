"""The row of headline figures above the funnel charts, each saying which deals it counts
("closed in period", "open now", ...), with its change since the previous period — and the
previous value beside it — when the user asks for the comparison.

Figures about the deals open *now* (weighted pipeline, open deals) are the same whatever
period is chosen, so they are not compared: a change there would only say how old the
deals are.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from funneldesk.core.funnel_report import FunnelReport, Kpis
from funneldesk.ui.funnel import formatting as fmt
from funneldesk.ui.theme import heading_font, semantic, tabular
from funneldesk.ui.widgets.muted_label import MUTED_STYLE, muted_label
from funneldesk.ui.widgets.reflow_grid import ReflowGrid

TILE_MIN_WIDTH = 150  # six in a row on a wide window, three or two on a small one


class KpiTile(QFrame):
    """A caption with the population it counts, one big number, and a small line below
    (detail or change)."""

    def __init__(self, caption: str, scope: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#kpiTile { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 6px; }"
        )
        self.caption = muted_label(caption)
        self.scope = muted_label(scope)
        self.scope.setObjectName("kpiScope")
        small = self.scope.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        self.scope.setFont(small)
        self.value = QLabel("—")
        self.value.setFont(tabular(heading_font(scale=1.6)))
        self.detail = muted_label("")
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.scope)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        self.setMinimumWidth(TILE_MIN_WIDTH)

    def show_value(self, value: str, detail: str, tooltip: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.detail.setStyleSheet(MUTED_STYLE)
        self.setToolTip(tooltip)

    def show_change(self, text: str, good: bool | None) -> None:
        """Replace the detail line by the change since the previous period."""
        self.detail.setText(text)
        if good is None:
            self.detail.setStyleSheet(MUTED_STYLE)
        else:
            self.detail.setStyleSheet(f"color: {semantic('won' if good else 'lost').name()};")


def _relative(change: float) -> str:
    """ "12%", or "×3.4" once the figure has more than doubled (percentages stop reading well)."""
    if change > 1.0:
        return "×" + fmt.number(change + 1.0, 1 if change < 9.0 else 0)
    return fmt.percent(abs(change))


def _arrow(delta: float) -> str:
    return "▲" if delta > 0 else "▼" if delta < 0 else "="


class KpiRow(QWidget):
    """Win rate, sales cycle, velocity, weighted pipeline, open deals, CAC."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        closed, now = self.tr("closed in period"), self.tr("open now")
        self.win_rate = KpiTile(self.tr("Win rate"), closed)
        self.cycle = KpiTile(self.tr("Sales cycle (median)"), self.tr("won in period"))
        self.velocity = KpiTile(self.tr("Sales velocity"), self.tr("open now × closed in period"))
        self.weighted = KpiTile(self.tr("Weighted pipeline"), now)
        self.open_deals = KpiTile(self.tr("Open deals"), now)
        self.cac = KpiTile(self.tr("Cost per new customer"), self.tr("first wins in period"))
        self.grid = ReflowGrid(TILE_MIN_WIDTH, (6, 3, 2), spacing=8)
        for tile in self.tiles():
            self.grid.add(tile)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grid)

    def tiles(self) -> list[KpiTile]:
        return [self.win_rate, self.cycle, self.velocity, self.weighted, self.open_deals, self.cac]

    def show_report(self, report: FunnelReport) -> None:
        k, cur = report.kpis, report.currency
        self.win_rate.show_value(
            fmt.percent(k.win_rate, 1),
            self.tr("%1 won · %2 lost")
            .replace("%1", fmt.count(k.won))
            .replace("%2", fmt.count(k.lost)),
            self.tr("Won ÷ (won + lost) among deals closed in the period."),
        )
        self.cycle.show_value(
            fmt.days(k.cycle_days_median),
            self.tr("mean %1").replace("%1", fmt.days(k.cycle_days_mean)),
            self.tr("Days from creation to won, over deals won in the period."),
        )
        velocity = (
            None if k.velocity_per_day is None else fmt.money(k.velocity_per_day, cur, compact=True)
        )
        self.velocity.show_value(
            velocity or fmt.DASH,
            self.tr("per day"),
            self.tr("Open deals × win rate × average won value ÷ mean cycle length."),
        )
        self.weighted.show_value(
            fmt.money(k.weighted_pipeline, cur, compact=True),
            self.tr("of %1 open").replace("%1", fmt.money(k.open_value, cur, compact=True)),
            self.tr(
                "Σ value × win probability over every open deal now, whatever the period (%1)"
            ).replace("%1", fmt.money(k.weighted_pipeline, cur)),
        )
        self.open_deals.show_value(
            fmt.count(k.open_deals),
            self.tr("worth %1").replace("%1", fmt.money(k.open_value, cur, compact=True)),
            self.tr("Every deal of the pipeline that is open now, whatever the period."),
        )
        self.cac.show_value(
            fmt.money(k.cac, cur, compact=True),
            self.tr("cost ÷ new customers")
            if k.cac is not None
            else self.tr("no marketing costs entered"),
            self.tr("Marketing cost per source and month ÷ customers whose first win closed then."),
        )
        if report.previous is not None:
            self._show_changes(k, report.previous.kpis, cur)

    def _show_changes(self, now: Kpis, before: Kpis, currency: str) -> None:
        """Period figures against the previous period, the previous value beside the change.
        The open-now tiles keep their detail line: the previous period has the same ones."""
        self._rate_change(self.win_rate, now.win_rate, before.win_rate)
        self._relative_change(
            self.cycle,
            now.cycle_days_median,
            before.cycle_days_median,
            fmt.days(before.cycle_days_median),
            lower_is_better=True,
        )
        self._relative_change(
            self.velocity,
            now.velocity_per_day,
            before.velocity_per_day,
            fmt.money(before.velocity_per_day, currency, compact=True),
        )
        self._relative_change(
            self.cac,
            now.cac,
            before.cac,
            fmt.money(before.cac, currency, compact=True),
            lower_is_better=True,
        )

    def _rate_change(self, tile: KpiTile, now: float | None, before: float | None) -> None:
        was = fmt.percent(before, 1)
        if now is None or before is None:
            tile.show_change(self.tr("previous period: %1").replace("%1", was), None)
            return
        points = (now - before) * 100
        tile.show_change(
            self.tr("%1 %2 pts · was %3")
            .replace("%1", _arrow(points))
            .replace("%2", fmt.number(abs(points)))
            .replace("%3", was),
            None if points == 0 else points > 0,
        )

    def _relative_change(
        self,
        tile: KpiTile,
        now: float | None,
        before: float | None,
        was: str,
        *,
        lower_is_better: bool = False,
    ) -> None:
        if now is None or not before:
            tile.show_change(self.tr("previous period: %1").replace("%1", was), None)
            return
        change = (now - before) / abs(before)
        better = None if change == 0 else (change < 0) == lower_is_better
        tile.show_change(
            self.tr("%1 %2 · was %3")
            .replace("%1", _arrow(change))
            .replace("%2", _relative(change))
            .replace("%3", was),
            better,
        )
