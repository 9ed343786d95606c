"""The funnel panel's charts, drawn with pyqtgraph from a :class:`FunnelReport`.

No chart junk (STYLE): a light grid only where values are read off an axis, direct labels
on bars instead of legends, stage colours from the shared ramp, the bottleneck in the
accent colour. Every bar answers hover with its exact numbers and sample sizes. This module
is imported only with the funnel view, so pyqtgraph costs nothing at start-up.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetrics, QGuiApplication, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from funneldesk.core.forecast import Range
from funneldesk.core.funnel_report import WON, FunnelReport, SegmentFunnel, StageStats
from funneldesk.ui.funnel import formatting as fmt
from funneldesk.ui.pipeline.card_look import short_day
from funneldesk.ui.theme import ACCENT, semantic, stage_colour, tabular

BAR = 0.68
MAX_TREND_MONTHS = 12
MAX_FORECAST_MONTHS = 12


def _tr(text: str) -> str:
    return QCoreApplication.translate("FunnelCharts", text)


def _palette(role: QPalette.ColorRole) -> QColor:
    return QGuiApplication.palette().color(role)


def _readable_on(colour: QColor) -> QColor:
    """Black or white text, whichever reads better on ``colour``."""
    luminance = 0.2126 * colour.redF() + 0.7152 * colour.greenF() + 0.0722 * colour.blueF()
    return QColor("#111418") if luminance > 0.55 else QColor("#ffffff")


class ChartCanvas(pg.PlotWidget):
    """A quiet plot: palette colours, no mouse panning, hover tooltips on registered areas."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self._hits: list[tuple[QRectF, str]] = []
        item = self.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setMouseEnabled(x=False, y=False)
        item.vb.setDefaultPadding(0.02)
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.scene().sigMouseMoved.connect(self._hover)
        self.apply_palette()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(480, 280)

    def apply_palette(self) -> None:
        self.setBackground(_palette(QPalette.ColorRole.Base))
        text = _palette(QPalette.ColorRole.Text)
        line = QColor(_palette(QPalette.ColorRole.Mid))
        font = tabular(QGuiApplication.font())
        for name in ("left", "bottom", "right"):
            axis = self.getPlotItem().getAxis(name)
            axis.setPen(pg.mkPen(line))
            axis.setTextPen(pg.mkPen(text))
            axis.setTickFont(font)
        # A month label under the first column may reach into the left axis's margin
        # ("2025年12月" was hidden for overhanging the plot by a few pixels).
        self.getPlotItem().getAxis("bottom").setStyle(hideOverlappingLabels=48)

    def reset(self) -> None:
        self.getPlotItem().clear()
        self._hits.clear()
        self.apply_palette()

    def add_hit(self, rect: QRectF, text: str) -> None:
        """Show ``text`` as a tooltip while the mouse is over ``rect`` (data coordinates)."""
        self._hits.append((rect.normalized(), text))

    def hit_text(self, point: QPointF) -> str | None:
        for rect, text in self._hits:
            if rect.contains(point):
                return text
        return None

    def _hover(self, scene_pos: QPointF) -> None:
        point = self.getPlotItem().vb.mapSceneToView(scene_pos)
        text = self.hit_text(point)
        if text:
            QToolTip.showText(QCursor.pos(), text, self)
        else:
            QToolTip.hideText()

    def label(
        self,
        text: str,
        x: float,
        y: float,
        *,
        anchor: tuple[float, float] = (0.5, 0.5),
        colour: QColor | None = None,
        bold: bool = False,
    ) -> pg.TextItem:
        item = pg.TextItem(text, color=colour or _palette(QPalette.ColorRole.Text), anchor=anchor)
        font = tabular(QGuiApplication.font())
        if bold:
            font.setWeight(QFont.Weight.DemiBold)
        item.setFont(font)
        item.setPos(x, y)
        self.addItem(item)
        return item

    def hide_axis(self, name: str) -> None:
        self.getPlotItem().hideAxis(name)

    def set_ticks(
        self, name: str, ticks: Sequence[tuple[float, str]], *, fit: bool = False
    ) -> None:
        """Label the axis at these values; ``fit`` makes a side axis as wide as its longest
        label (pyqtgraph hides labels wider than the width it guessed)."""
        axis = self.getPlotItem().getAxis(name)
        axis.setTicks([list(ticks)])
        if fit and ticks:
            metrics = QFontMetrics(axis.style.get("tickFont") or QGuiApplication.font())
            axis.setWidth(max(metrics.horizontalAdvance(text) for _v, text in ticks) + 12)


def _bars(
    canvas: ChartCanvas, colours: Sequence[QColor], **geometry: float | Sequence[float]
) -> None:
    """Bars without outlines, one colour each. ``geometry`` is pyqtgraph's: ``x0``, ``width``,
    ``y`` and ``height`` for horizontal bars, ``x``, ``height`` and ``width`` for columns."""
    canvas.addItem(
        pg.BarGraphItem(
            **{k: v if isinstance(v, float | int) else list(v) for k, v in geometry.items()},
            brushes=[pg.mkBrush(c) for c in colours],
            pens=[pg.mkPen(None) for _ in colours],
        )
    )


def _paired_columns(
    canvas: ChartCanvas,
    xs: Sequence[float],
    left: tuple[Sequence[float], Sequence[QColor]],
    right: tuple[Sequence[float], Sequence[QColor]],
    *,
    offset: float,
) -> None:
    """Two columns side by side at each ``x`` (new and won deals, forecast and actual), each
    ``offset`` from it and as wide as leaves a small gap between them; a colour per column."""
    for shift, (heights, colours) in ((-offset, left), (offset, right)):
        _bars(
            canvas,
            colours,
            x=[x + shift for x in xs],
            height=heights,
            width=round(2 * offset - 0.02, 2),
        )


# -- the funnel ---------------------------------------------------------------------------


def stage_tooltip(
    stage: StageStats, first: StageStats, previous: StageStats | None, next_name: str
) -> str:
    lines = [
        f"<b>{stage.name}</b>",
        _tr("Reached: %1 (%2 of %3)")
        .replace("%1", fmt.count(stage.reached))
        .replace("%2", fmt.percent(stage.cumulative_conversion, 1))
        .replace("%3", first.name),
        _tr("In this stage now: %1").replace("%1", fmt.count(stage.current)),
        _tr("Went on to %1: %2")
        .replace("%1", next_name)
        .replace("%2", fmt.percent(stage.conversion_to_next, 1)),
        _tr("Win probability: %1 (from %2 closed deals)")
        .replace("%1", fmt.percent(stage.p_win, 1))
        .replace("%2", fmt.count(stage.p_win_sample)),
        _tr("Median time in stage: %1 (%2 completed visits)")
        .replace("%1", fmt.days(stage.median_days_in_stage))
        .replace("%2", fmt.count(stage.completed_visits)),
    ]
    if previous is not None:
        lines.append(_tr("Previous period: %1 reached").replace("%1", fmt.count(previous.reached)))
    return "<br>".join(lines)


class FunnelChart(ChartCanvas):
    """Centered horizontal bars narrowing with the reached count, ending in a green Won bar."""

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.compact = compact
        self._notes: list[tuple[pg.TextItem, float]] = []
        self._notes_px = 0
        if compact:
            self.setMinimumHeight(210)
        self.getPlotItem().vb.sigResized.connect(self._fit_notes)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(240, 230) if self.compact else QSize(480, 300)

    def show_funnel(
        self,
        stages: Sequence[StageStats],
        won: int,
        previous: Sequence[StageStats] | None = None,
        slowest: str | None = None,
    ) -> None:
        """Draw the funnel; ``slowest`` names the stage deals wait longest in (marked amber)."""
        self.reset()
        self._notes.clear()
        self.hide_axis("bottom")
        self.getPlotItem().getAxis("left").setStyle(tickLength=0)
        if not stages:
            return
        k = len(stages)
        top = max(stages[0].reached, 1)
        widths = [max(s.reached / top, 0.004) for s in stages] + [max(won / top, 0.004)]
        colours = [stage_colour(i, k) for i in range(k)] + [semantic("won")]
        _bars(
            self,
            colours,
            x0=[-w / 2 for w in widths],
            width=widths,
            y=[-i for i in range(k + 1)],
            height=BAR,
        )
        # The cohort's won deals, named so: not the deals won in the period (the win rate's).
        names = [s.name for s in stages] + [_tr("Won of these")]
        counts = [s.reached for s in stages] + [won]
        shares = [s.cumulative_conversion for s in stages] + [
            None if not stages[0].reached else won / stages[0].reached
        ]
        for i, (width, colour) in enumerate(zip(widths, colours, strict=True)):
            text = (
                fmt.count(counts[i])
                if self.compact
                else (f"{fmt.count(counts[i])} · {fmt.percent(shares[i])}")
            )
            inside = width > (0.3 if self.compact else 0.22)
            self.label(
                text,
                0 if inside else width / 2 + 0.02,
                -i,
                anchor=(0.5, 0.5) if inside else (0, 0.5),
                colour=_readable_on(colour) if inside else None,
                bold=True,
            )
            if i < k:
                before = previous[i] if previous and i < len(previous) else None
                next_name = names[i + 1]
                tip = stage_tooltip(stages[i], stages[0], before, next_name)
            else:
                tip = (
                    _tr(
                        "<b>Won of these</b><br>%1 of the deals created in the period were won "
                        "(%2 of %3)"
                    )
                    .replace("%1", fmt.count(won))
                    .replace("%2", fmt.percent(shares[i], 1))
                    .replace("%3", stages[0].name)
                )
            self.add_hit(QRectF(-0.5, -i - 0.5, 1.0, 1.0), tip)
        if not self.compact:
            for i, stage in enumerate(stages):
                self._note("↓ " + fmt.percent(stage.conversion_to_next), -i - 0.5, "muted")
                if stage.name == slowest:
                    days = fmt.days(stage.median_days_in_stage)
                    self._note(_tr("slowest: %1").replace("%1", days), -i, "idle", bold=True)
        # Room for the longest name: the small segment funnels showed only those that
        # fitted pyqtgraph's default width ("Lead").
        self.set_ticks("left", [(-i, name) for i, name in enumerate(names)], fit=True)
        self.setYRange(-k - 0.5, 0.5, padding=0)
        self._fit_notes()

    def _note(self, text: str, y: float, colour: str, *, bold: bool = False) -> None:
        """A remark in the column right of the widest bar (conversion, the slowest stage)."""
        item = self.label(text, 0.5, y, anchor=(1, 0.5), colour=semantic(colour), bold=bold)
        self._notes.append((item, y))

    def _fit_notes(self) -> None:
        """Widen the x range so the notes' column starts right of the widest bar whatever
        the chart's width: "slowest: 12.0 days" used to sit on a wide stage's bar."""
        width = self.getPlotItem().vb.width()
        if width <= 0:
            return
        needed = 0.0
        for item, _y in self._notes:
            needed = max(
                needed, QFontMetrics(item.textItem.font()).horizontalAdvance(item.toPlainText())
            )
        share = min((needed + 14) / width, 0.6) if self._notes else 0.0
        # The bars span -0.5 … 0.5; with the range ending at ``right`` the pixels between
        # 0.5 and ``right`` are (right - 0.5) / (right + 0.5) of the width.
        right = 0.5 * (1 + share) / (1 - share) if share else 0.5
        self.setXRange(-0.51, right, padding=0)
        for item, y in self._notes:
            item.setPos(right, y)


# -- stage conversion with the bottleneck -------------------------------------------------


class ConversionChart(ChartCanvas):
    """P(s → s+1) per step as horizontal bars; the bottleneck step in the accent colour."""

    def show_conversion(self, report: FunnelReport) -> None:
        self.reset()
        stages = report.stages
        self.hide_axis("bottom")
        self.getPlotItem().getAxis("left").setStyle(tickLength=0)
        if not stages:
            return
        names = [s.name for s in stages] + [_tr("Won")]
        bottleneck = report.bottleneck
        rows = len(stages)
        values = [s.conversion_to_next for s in stages]
        colours = []
        for i in range(rows):
            target = stages[i + 1].name if i + 1 < rows else WON
            is_bottleneck = (
                bottleneck.from_stage == stages[i].name and bottleneck.to_stage == target
            )
            quiet = QColor(semantic("muted"))
            quiet.setAlpha(120)
            colours.append(ACCENT if is_bottleneck else quiet)
        _bars(
            self,
            colours,
            x0=[0.0] * rows,
            width=[v or 0.0 for v in values],
            y=[-i for i in range(rows)],
            height=BAR,
        )
        for i, value in enumerate(values):
            self.label(fmt.percent(value), (value or 0.0) + 0.015, -i, anchor=(0, 0.5), bold=True)
            following = stages[i + 1].reached if i + 1 < rows else report.kpis.cohort_won
            self.add_hit(
                QRectF(0, -i - 0.5, 1.15, 1.0),
                _tr("<b>%1 → %2</b><br>%3 of %4 deals went on (%5)")
                .replace("%1", stages[i].name)
                .replace("%2", names[i + 1])
                .replace("%3", fmt.count(following))
                .replace("%4", fmt.count(stages[i].reached))
                .replace("%5", fmt.percent(value, 1)),
            )
        self.set_ticks("left", [(-i, f"{names[i]} → {names[i + 1]}") for i in range(rows)])
        self.setXRange(0, 1.15, padding=0)
        self.setYRange(-rows + 0.5, 0.5, padding=0.02)


# -- monthly trend ------------------------------------------------------------------------


class TrendChart(ChartCanvas):
    """New and won deals per month as paired columns; the win rate as a line on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rate_box = pg.ViewBox()
        self._rate_box.setMouseEnabled(x=False, y=False)
        item = self.getPlotItem()
        item.showAxis("right")
        item.scene().addItem(self._rate_box)
        item.getAxis("right").linkToView(self._rate_box)
        self._rate_box.setXLink(item)
        item.vb.sigResized.connect(self._sync)

    def _sync(self) -> None:
        self._rate_box.setGeometry(self.getPlotItem().vb.sceneBoundingRect())

    def show_trend(self, report: FunnelReport, today: date) -> None:
        self.reset()
        self._rate_box.clear()
        months = report.trend[-MAX_TREND_MONTHS:]
        item = self.getPlotItem()
        item.showGrid(x=False, y=True, alpha=0.12)
        item.getAxis("left").setLabel(_tr("Deals"))
        if not months:
            return
        xs = list(range(len(months)))
        cut = [partial_days(m.month, report.since, report.until or today) for m in months]
        new_colour, won_colour = stage_colour(0, 2), semantic("won")
        _paired_columns(
            self,
            xs,
            ([m.new_deals for m in months], [_part_of(new_colour, c is not None) for c in cut]),
            ([m.won for m in months], [_part_of(won_colour, c is not None) for c in cut]),
            offset=0.19,
        )
        rate_points = [
            (x, m.win_rate * 100) for x, m in zip(xs, months, strict=True) if m.win_rate is not None
        ]
        if rate_points:
            line = pg.PlotDataItem(
                [p[0] for p in rate_points],
                [p[1] for p in rate_points],
                pen=pg.mkPen(_palette(QPalette.ColorRole.Text), width=2),
                symbol="o",
                symbolSize=6,
                symbolBrush=_palette(QPalette.ColorRole.Text),
                symbolPen=None,
            )
            self._rate_box.addItem(line)
        self._rate_box.setYRange(0, 100, padding=0.05)
        item.getAxis("right").setLabel(_tr("Win rate %"))
        top = max(max(m.new_deals for m in months), max(m.won for m in months), 1)
        self.setYRange(0, top * 1.1, padding=0)
        self.setXRange(-0.6, len(months) - 0.4, padding=0)
        ticks = []
        for x, m, days in zip(xs, months, cut, strict=True):
            # Month names throughout; the year where the axis starts and where it turns.
            label = fmt.month_label(m.month, with_year=x == 0 or m.month.endswith("-01"))
            ticks.append((x, label))
            tip = (
                _tr("<b>%1</b><br>New deals: %2<br>Won: %3 · Lost: %4<br>Win rate: %5")
                .replace("%1", fmt.month_label(m.month, with_year=True))
                .replace("%2", fmt.count(m.new_deals))
                .replace("%3", fmt.count(m.won))
                .replace("%4", fmt.count(m.lost))
                .replace("%5", fmt.percent(m.win_rate, 1))
            )
            if days is not None:
                first, last = days
                tip += "<br>" + _tr("Part of the month only: %1 – %2").replace(
                    "%1", short_day(first.isoformat(), today)
                ).replace("%2", short_day(last.isoformat(), today))
                if last >= today and x == len(months) - 1:  # at the top, clear of the line
                    self.label(
                        _tr("so far"), x, top * 1.1, anchor=(0.5, 0), colour=semantic("muted")
                    )
            self.add_hit(QRectF(x - 0.5, -1e12, 1.0, 2e12), tip)
        self.set_ticks("bottom", ticks)
        self._sync()


def partial_days(month: str, since: date | None, until: date) -> tuple[date, date] | None:
    """The first and last day of ``month`` (``2026-12``) the period covers, when it covers
    only part of it (the month still running, or a period starting mid-month); else None."""
    year, number = map(int, month.split("-"))
    start = date(year, number, 1)
    end = date(year, number, calendar.monthrange(year, number)[1])
    first, last = max(start, since or start), min(end, until)
    return None if (first, last) == (start, end) else (first, last)


def _part_of(colour: QColor, partial: bool) -> QColor:
    """A month the period covers only in part is drawn paler: its bars are not comparable."""
    if not partial:
        return colour
    pale = QColor(colour)
    pale.setAlphaF(0.45)
    return pale


# -- weighted forecast --------------------------------------------------------------------


class ForecastChart(ChartCanvas):
    """Weighted value of open deals by expected close month; overdue and undated apart."""

    def show_forecast(self, report: FunnelReport, today: date) -> None:
        self.reset()
        self.getPlotItem().showGrid(x=False, y=True, alpha=0.12)
        self.hide_axis("left")
        current = today.isoformat()[:7]
        overdue = [f for f in report.forecast if f.month is not None and f.month < current]
        coming = [f for f in report.forecast if f.month is not None and f.month >= current]
        undated = [f for f in report.forecast if f.month is None]
        bars: list[_ForecastBar] = []
        if overdue:
            bars.append(
                _ForecastBar(
                    _tr("Overdue"),
                    sum(f.weighted_value for f in overdue),
                    sum(f.value for f in overdue),
                    sum(f.deals for f in overdue),
                    semantic("idle"),
                    _tr("expected to close before this month"),
                    overdue[0].range if len(overdue) == 1 else None,
                )
            )
        for f in coming[:MAX_FORECAST_MONTHS]:
            label = fmt.month_label(f.month, with_year=f.month.endswith("-01") or f is coming[0])
            bars.append(
                _ForecastBar(
                    label, f.weighted_value, f.value, f.deals, stage_colour(3, 5), "", f.range
                )
            )
        if undated:
            f = undated[0]
            bars.append(
                _ForecastBar(
                    _tr("No date"),
                    f.weighted_value,
                    f.value,
                    f.deals,
                    semantic("muted"),
                    _tr("no expected close date set"),
                    f.range,
                )
            )
        if not bars:
            return
        xs = list(range(len(bars)))
        _bars(
            self,
            [b.colour for b in bars],
            x=xs,
            height=[b.weighted for b in bars],
            width=0.66,
        )
        banded = [(x, b.range) for x, b in zip(xs, bars, strict=True) if b.range is not None]
        if banded:
            self.addItem(
                pg.ErrorBarItem(
                    x=np.array([x for x, _ in banded], dtype=float),
                    y=np.array([r.p10 for _, r in banded]),
                    top=np.array([r.p90 - r.p10 for _, r in banded]),
                    bottom=np.zeros(len(banded)),
                    beam=0.18,
                    pen=pg.mkPen(_palette(QPalette.ColorRole.Text), width=1.5),
                )
            )
        highs = [b.range.p90 if b.range else b.weighted for b in bars]
        top = max(max(max(b.weighted for b in bars), max(highs)), 1.0)
        for x, bar, high in zip(xs, bars, highs, strict=True):
            self.label(
                fmt.money(bar.weighted, report.currency, compact=True),
                x,
                max(bar.weighted, high) + top * 0.02,
                anchor=(0.5, 1),
                bold=True,
            )
            tip = (
                _tr("<b>%1</b><br>Weighted: %2<br>From %3 open deals worth %4")
                .replace("%1", bar.label)
                .replace("%2", fmt.money(bar.weighted, report.currency))
                .replace("%3", fmt.count(bar.deals))
                .replace("%4", fmt.money(bar.value, report.currency))
            )
            if bar.range is not None:
                tip += "<br>" + _tr("Likely range (P10–P90): %1 – %2").replace(
                    "%1", fmt.money(bar.range.p10, report.currency)
                ).replace("%2", fmt.money(bar.range.p90, report.currency))
            self.add_hit(
                QRectF(x - 0.4, 0, 0.8, max(high, top * 0.05)),
                tip + (f"<br>{bar.note}" if bar.note else ""),
            )
        self.set_ticks("bottom", [(x, b.label) for x, b in zip(xs, bars, strict=True)])
        self.setYRange(0, top * 1.18, padding=0)
        self.setXRange(-0.6, len(bars) - 0.4, padding=0)


@dataclass(frozen=True)
class _ForecastBar:
    label: str
    weighted: float
    value: float
    deals: int
    colour: QColor
    note: str
    range: Range | None


# -- forecast accuracy --------------------------------------------------------------------


class AccuracyChart(ChartCanvas):
    """What past forecasts said (outline) against what was then won (filled), per month."""

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(480, 200)

    def show_accuracy(self, report: FunnelReport) -> None:
        self.reset()
        self.getPlotItem().showGrid(x=False, y=True, alpha=0.12)
        accuracy = report.accuracy
        if accuracy is None:
            return
        months = accuracy.months
        xs = list(range(len(months)))
        forecast = QColor(semantic("muted"))
        forecast.setAlpha(110)
        _paired_columns(
            self,
            xs,
            ([m.forecast for m in months], [forecast] * len(xs)),
            ([m.actual for m in months], [semantic("won")] * len(xs)),
            offset=0.18,
        )
        top = max([1.0] + [max(m.forecast, m.actual) for m in months])
        ticks = []
        for x, m in zip(xs, months, strict=True):
            ticks.append((x, fmt.month_label(m.month, with_year=x == 0 or m.month.endswith("-01"))))
            self.add_hit(
                QRectF(x - 0.5, 0, 1.0, top),
                _tr("<b>%1</b><br>Forecast: %2<br>Won within 90 days: %3")
                .replace("%1", fmt.month_label(m.month, with_year=True))
                .replace("%2", fmt.money(m.forecast, report.currency))
                .replace("%3", fmt.money(m.actual, report.currency)),
            )
        self.set_ticks("bottom", ticks)
        self.set_ticks("left", money_ticks(top), fit=True)  # the card's hint names the currency
        self.setYRange(0, top * 1.1, padding=0)
        self.setXRange(-0.6, len(months) - 0.4, padding=0)


def money_ticks(top: float) -> list[tuple[float, str]]:
    """Round steps from 0 to ``top`` (at most five), labelled short ("250K", "25万"): the
    bars of money read against an axis named for the currency."""
    rough = max(top, 1.0) / 4
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough)
    count = math.floor(top / step + 1e-9)
    zero_decimal = QLocale().decimalPoint() + "0"  # "250.0K" → "250K"; "2.5M" stays
    return [
        (i * step, fmt.compact_number(float(i * step)).replace(zero_decimal, ""))
        for i in range(count + 1)
    ]


# -- segments -----------------------------------------------------------------------------


def segment_stages(segment: SegmentFunnel, stages: Sequence[StageStats]) -> list[StageStats]:
    """A segment's funnel as StageStats so the same chart can draw it."""
    first = segment.reached[0] if segment.reached else 0
    result = []
    for i, stage in enumerate(stages):
        reached = segment.reached[i]
        following = segment.reached[i + 1] if i + 1 < len(stages) else segment.won
        result.append(
            StageStats(
                stage_id=stage.stage_id,
                name=stage.name,
                position=stage.position,
                probability=stage.probability,
                reached=reached,
                current=0,
                conversion_to_next=None if not reached else following / reached,
                cumulative_conversion=None if not first else reached / first,
                p_win=None,
                p_win_sample=0,
                won_reached=0,
                lost_reached=0,
                median_days_in_stage=None,
                completed_visits=0,
                open_value=0.0,
                weighted_value=0.0,
            )
        )
    return result


def segment_tooltip(title: str, stage: StageStats, first: StageStats) -> str:
    return (
        _tr("<b>%1 · %2</b><br>Reached: %3 (%4 of %5)<br>Went on: %6")
        .replace("%1", title)
        .replace("%2", stage.name)
        .replace("%3", fmt.count(stage.reached))
        .replace("%4", fmt.percent(stage.cumulative_conversion, 1))
        .replace("%5", first.name)
        .replace("%6", fmt.percent(stage.conversion_to_next, 1))
    )


class SegmentFunnelChart(FunnelChart):
    """One small funnel of a segment, for the side-by-side comparison."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, compact=True)

    def show_segment(
        self, title: str, segment: SegmentFunnel, stages: Sequence[StageStats]
    ) -> None:
        rows = segment_stages(segment, stages)
        self.show_funnel(rows, segment.won)
        self._hits = [
            (rect, segment_tooltip(title, rows[i], rows[0]) if i < len(rows) else text)
            for i, (rect, text) in enumerate(self._hits)
        ]
        self.getPlotItem().getAxis("left").setStyle(showValues=True)
        self.setCursor(Qt.CursorShape.ArrowCursor)
