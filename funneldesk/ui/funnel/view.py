"""The Funnel view: where deals get stuck and what the coming months will bring.

Everything on it comes from one :class:`~funneldesk.core.funnel_report.FunnelReport`, computed
on a worker thread (:mod:`funneldesk.ui.funnel.worker`) whenever the pipeline, the period or
the data changes — a move on the board refreshes it live, debounced so a burst of moves
costs one computation.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import clock
from funneldesk.core.changes import ChangeSet
from funneldesk.core.errors import StaleDataError
from funneldesk.core.funnel_report import WON, FunnelReport, SegmentFunnel
from funneldesk.core.pipelines import default_pipeline_id, list_pipelines
from funneldesk.ui import labels, preferences
from funneldesk.ui.backups.repair import offer_repair
from funneldesk.ui.context import AppContext
from funneldesk.ui.error_messages import translated_error
from funneldesk.ui.funnel import formatting as fmt
from funneldesk.ui.funnel.chart_card import ChartCard
from funneldesk.ui.funnel.charts import (
    AccuracyChart,
    ConversionChart,
    ForecastChart,
    FunnelChart,
    SegmentFunnelChart,
    TrendChart,
)
from funneldesk.ui.funnel.kpi_tiles import KpiRow
from funneldesk.ui.funnel.worker import FunnelRequest, accuracy_job, report_job
from funneldesk.ui.icons import icon
from funneldesk.ui.jobs import BackgroundReader
from funneldesk.ui.theme import ACCENT, semantic, stage_colour
from funneldesk.ui.widgets.empty_state import EmptyState
from funneldesk.ui.widgets.header import ViewHeader
from funneldesk.ui.widgets.reflow_grid import ReflowGrid
from funneldesk.ui.widgets.view_layout import view_layout

WATCHED_TABLES = {
    "deals",
    "stage_changes",
    "stages",
    "pipelines",
    "customers",
    "interactions",
    "source_costs",
    "settings",
    "exchange_rates",
}
PERIOD_DAYS = {"7": 7, "30": 30, "90": 90, "365": 365}
DEBOUNCE_MS = 200
SEGMENTS_SHOWN = 4
CHART_MIN_WIDTH = 440  # below two of these side by side, the charts stack in one column
SEGMENT_MIN_WIDTH = 190


class FunnelView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.report: FunnelReport | None = None
        self._dirty = True
        self.relay = BackgroundReader(self)
        self.relay.finished.connect(self._report_ready)
        self.relay.failed.connect(context.status_message.emit)
        self.accuracy_relay = BackgroundReader(self)
        self.accuracy_relay.finished.connect(self._show_accuracy)
        self.accuracy_relay.failed.connect(context.status_message.emit)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)

        self.header = ViewHeader(self.tr("Funnel"))
        self._build_controls()
        export = QAction(icon("microsoft-excel"), self.tr("Export report"), self)
        export.triggered.connect(self._export_report)
        self.header.set_primary_action(export)

        self.kpis = KpiRow()
        self.funnel = FunnelChart()
        self.conversion = ConversionChart()
        self.trend = TrendChart()
        self.forecast = ForecastChart()
        self.accuracy = AccuracyChart()
        # Each title says which deals it counts: the period's cohort, its closings, or now.
        self.funnel_card = ChartCard(self.tr("Funnel · created in period"), self.funnel)
        self.conversion_card = ChartCard(
            self.tr("Stage conversion · created in period"), self.conversion
        )
        self.trend_card = ChartCard(self.tr("Monthly trend · created and closed"), self.trend)
        self.trend_card.set_hint(self._trend_legend())
        self.forecast_card = ChartCard(self.tr("Weighted forecast · open now"), self.forecast)
        self.accuracy_card = ChartCard(self.tr("Forecast accuracy · last 12 months"), self.accuracy)
        self.segment_picker = QComboBox()
        for key, label in (
            ("source", self.tr("By source")),
            ("owner", self.tr("By owner")),
            ("customer_type", self.tr("New vs returning")),
        ):
            self.segment_picker.addItem(label, key)
        self.segment_picker.currentIndexChanged.connect(self._show_segments)
        self.segment_box = ReflowGrid(SEGMENT_MIN_WIDTH, (SEGMENTS_SHOWN, 2))
        self.segment_charts = [SegmentFunnelChart() for _ in range(SEGMENTS_SHOWN)]
        self.segment_titles = [QLabel() for _ in range(SEGMENTS_SHOWN)]
        for title, chart in zip(self.segment_titles, self.segment_charts, strict=True):
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            title.setWordWrap(True)
            column.addWidget(title)
            column.addWidget(chart, 1)
            self.segment_box.add(cell)
        self.segment_card = ChartCard(self.tr("Funnel by segment"), self.segment_box)
        self.segment_card.add_tool(self.segment_picker)
        for card in self.cards():
            card.exported.connect(
                lambda path: context.status_message.emit(self.tr("Saved %1").replace("%1", path))
            )

        self.grid = ReflowGrid(CHART_MIN_WIDTH, fill_rows=True)
        for card in self.cards():
            self.grid.add(card, wide=card is self.segment_card)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(16)
        content_layout.addWidget(self._build_money_note())
        content_layout.addWidget(self.kpis)
        content_layout.addWidget(self.grid)
        content_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(content)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # charts stack instead of scrolling sideways (ReflowGrid), so never a horizontal bar
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        open_board = QAction(icon("view-column-outline"), self.tr("Open the pipeline board"), self)
        open_board.triggered.connect(lambda: context.navigate.emit("pipeline", None))
        self.empty = EmptyState(
            "filter-variant",
            self.tr("No deals in this period"),
            self.tr(
                "Choose a longer period, or add deals on the pipeline board to see your funnel."
            ),
            [open_board],
        )
        repair = QAction(icon("wrench-outline"), self.tr("Repair…"), self)
        repair.triggered.connect(lambda: offer_repair(self.window(), context))
        self.stale = EmptyState(
            "database-alert-outline", self.tr("The statistics are not shown"), "", [repair]
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(self.scroll)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.stale)

        view_layout(self, self.header, body=self.pages)

        context.changed.connect(self._data_changed)
        context.rebuilt.connect(self._controls_changed)
        self._load_pipelines()

    # -- controls --------------------------------------------------------------------------
    def _build_controls(self) -> None:
        self.pipeline_picker = QComboBox()
        self.pipeline_picker.setToolTip(self.tr("Pipeline"))
        self.period_picker = QComboBox()
        for key, label in (
            ("7", self.tr("Last 7 days")),
            ("30", self.tr("Last 30 days")),
            ("90", self.tr("Last 90 days")),
            ("365", self.tr("Last 365 days")),
            ("all", self.tr("All time")),
            ("custom", self.tr("Custom…")),
        ):
            self.period_picker.addItem(label, key)
        self.period_picker.setToolTip(self.tr("Deals created in this period"))
        today = QDate.currentDate()
        self.since_edit = QDateEdit(today.addDays(-89))
        self.until_edit = QDateEdit(today)
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setVisible(False)
        self.compare_box = QCheckBox(self.tr("Compare with previous period"))
        self._restore_controls()
        for edit in (self.since_edit, self.until_edit):
            edit.dateChanged.connect(self._controls_changed)
        self.pipeline_picker.currentIndexChanged.connect(self._controls_changed)
        self.period_picker.currentIndexChanged.connect(self._controls_changed)
        self.compare_box.toggled.connect(self._controls_changed)
        for widget in (
            self.pipeline_picker,
            self.period_picker,
            self.since_edit,
            self.until_edit,
            self.compare_box,
        ):
            self.header.add_tool(widget)

    def _restore_controls(self) -> None:
        """The period and comparison the user last chose (kept on this computer)."""
        period, since, until = preferences.funnel_period()
        self.period_picker.setCurrentIndex(max(self.period_picker.findData(period), 0))
        for edit, day in ((self.since_edit, since), (self.until_edit, until)):
            if day is not None:
                edit.setDate(day)
        self.compare_box.setChecked(preferences.remembered(preferences.FUNNEL_COMPARE_KEY) == "1")

    def _remember_controls(self) -> None:
        preferences.remember_funnel_period(
            self.period_picker.currentData(),
            self.since_edit.date().toPython(),
            self.until_edit.date().toPython(),
        )
        preferences.remember(
            preferences.FUNNEL_COMPARE_KEY, "1" if self.compare_box.isChecked() else "0"
        )

    def _load_pipelines(self) -> None:
        current = self.pipeline_picker.currentData()
        if current is None:  # first load: the pipeline the board opens on too
            current = default_pipeline_id(self.context.db)
        self.pipeline_picker.blockSignals(True)
        self.pipeline_picker.clear()
        for pipeline in list_pipelines(self.context.db):
            self.pipeline_picker.addItem(pipeline.name, pipeline.id)
        index = self.pipeline_picker.findData(current)
        self.pipeline_picker.setCurrentIndex(max(index, 0))
        self.pipeline_picker.setVisible(self.pipeline_picker.count() > 1)
        self.pipeline_picker.blockSignals(False)

    def request(self) -> FunnelRequest:
        """What the controls ask for (dates inclusive, by the deals' creation)."""
        key = self.period_picker.currentData()
        custom = key == "custom"
        self.since_edit.setVisible(custom)
        self.until_edit.setVisible(custom)
        since = until = None
        if key in PERIOD_DAYS:
            until = clock.today()
            since = until - timedelta(days=PERIOD_DAYS[key] - 1)
        elif custom:
            since = self.since_edit.date().toPython()
            until = self.until_edit.date().toPython()
            if since > until:
                since, until = until, since
        self.compare_box.setEnabled(since is not None)
        return FunnelRequest(
            pipeline_id=self.pipeline_picker.currentData(),
            since=since,
            until=until,
            compare=self.compare_box.isChecked() and since is not None,
        )

    def _controls_changed(self) -> None:
        self._remember_controls()
        self._dirty = True
        self.refresh()

    # -- refreshing -------------------------------------------------------------------------
    def _data_changed(self, changes: ChangeSet) -> None:
        if not changes.tables() & WATCHED_TABLES:
            return
        if "pipelines" in changes.tables():
            self._load_pipelines()
        self._dirty = True
        if self.isVisible():
            self._debounce.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Ask the worker for a new report; the latest answer is drawn when it arrives."""
        self._dirty = False
        self.relay.request(report_job(self.context.db, self.request()))

    def _report_ready(self, report: FunnelReport | StaleDataError) -> None:
        if isinstance(report, StaleDataError):  # wrong figures are worse than none
            self.stale.set_text(
                self.tr("The statistics are not shown"), translated_error(str(report))
            )
            self.pages.setCurrentWidget(self.stale)
        else:
            self.show_report(report)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.trend_card.set_hint(self._trend_legend())
            if self.report is not None:
                self.show_report(self.report)

    # -- drawing ----------------------------------------------------------------------------
    def cards(self) -> list[ChartCard]:
        return [
            self.funnel_card,
            self.conversion_card,
            self.trend_card,
            self.forecast_card,
            self.accuracy_card,
            self.segment_card,
        ]

    def show_report(self, report: FunnelReport) -> None:
        self.report = report
        self.header.set_subtitle(self._subtitle(report))
        has_deals = report.kpis.cohort_deals > 0 or report.kpis.won + report.kpis.lost > 0
        self.pages.setCurrentIndex(0 if has_deals else 1)
        if not has_deals:
            return
        self.kpis.show_report(report)
        previous = report.previous.stages if report.previous else None
        self.funnel.show_funnel(
            report.stages, report.kpis.cohort_won, previous, report.bottleneck.slowest_stage
        )
        self.funnel_card.set_hint(
            self.tr("%Ln deals created in the period", "", report.kpis.cohort_deals)
        )
        self.conversion.show_conversion(report)
        self.conversion_card.set_note(self._bottleneck_sentence(report))
        self.trend.show_trend(report, clock.today())
        self.forecast.show_forecast(report, clock.today())
        self.forecast_card.set_hint(
            self.tr("by expected close month, in %1").replace("%1", report.currency)
        )
        self.forecast_card.set_note(self._forecast_note(report))
        if report.accuracy is None:
            self.accuracy_card.set_note(self.tr("Checking past forecasts…"))
            self.accuracy_relay.request(accuracy_job(self.context.db, report.pipeline_id))
        else:
            self._show_accuracy(report.accuracy)
        self._show_money_note(report)
        self._show_segments()

    def _show_accuracy(self, accuracy: object) -> None:
        """The backtest arrived (after the first figures): draw it beside them."""
        if self.report is None:
            return
        self.report.accuracy = accuracy  # type: ignore[assignment]
        self.accuracy.show_accuracy(self.report)
        self.accuracy_card.set_hint(self.tr("in %1").replace("%1", self.report.currency))
        self.accuracy_card.set_note(self._accuracy_sentence(self.report))

    def _build_money_note(self) -> QWidget:
        """A line that says which deals money figures leave out, with the way to fix it."""
        self.money_note = QWidget()
        row = QHBoxLayout(self.money_note)
        row.setContentsMargins(0, 0, 0, 0)
        self.money_note_text = QLabel()
        self.money_note_text.setWordWrap(True)
        self.money_note_text.setStyleSheet(f"color: {semantic('idle').name()};")
        self.money_note_button = QPushButton(self.tr("Set exchange rates…"))
        self.money_note_button.clicked.connect(self._open_currencies)
        row.addWidget(self.money_note_text, 1)
        row.addWidget(self.money_note_button)
        self.money_note.hide()
        return self.money_note

    def _show_money_note(self, report: FunnelReport) -> None:
        missing = report.unconverted.by_currency
        parts = [
            self.tr("%1: %2").replace("%1", currency).replace("%2", f"{count:,}")
            for currency, count in missing.items()
        ]
        self.money_note_text.setText(
            self.tr(
                "Deals without an exchange rate into %2 are left out of every money figure: %1."
            )
            .replace("%1", ", ".join(parts))
            .replace("%2", report.currency)
        )
        self.money_note.setVisible(bool(missing))

    def _open_currencies(self) -> None:
        from funneldesk.ui.currencies_dialog import open_currencies

        open_currencies(self.window(), self.context)

    def _forecast_note(self, report: FunnelReport) -> str:
        band = report.forecast_range
        if band is None:
            return ""
        return (
            self.tr(
                "Likely between %1 and %2 (P10–P90, the whisker on each bar): "
                "in 8 cases out of 10 the value won falls in this range."
            )
            .replace("%1", fmt.money(band.p10, report.currency, compact=True))
            .replace("%2", fmt.money(band.p90, report.currency, compact=True))
        )

    def _accuracy_sentence(self, report: FunnelReport) -> str:
        accuracy = report.accuracy
        if accuracy is None or accuracy.mape is None:
            return self.tr(
                "Not enough history yet: each month start needs open deals and 90 days of "
                "outcome behind it."
            )
        return self.tr(
            "Forecasts of the last 12 months were off by %1 on average "
            "(grey: forecast at the month's start; green: won within 90 days)."
        ).replace("%1", fmt.percent(accuracy.mape))

    def _trend_legend(self) -> str:
        """Three coloured marks naming the trend's series (rich text, palette-aware)."""
        new, won = stage_colour(0, 2).name(), semantic("won").name()
        return (
            self.tr(
                "<span style='color:%1'>■</span> created &nbsp; "
                "<span style='color:%2'>■</span> won (closed) &nbsp; ● win rate"
            )
            .replace("%1", new)
            .replace("%2", won)
        )

    def _subtitle(self, report: FunnelReport) -> str:
        if report.since is None:
            return self.tr("%1 · all deals").replace("%1", report.pipeline_name)
        return (
            self.tr("%1 · deals created %2 – %3")
            .replace("%1", report.pipeline_name)
            .replace("%2", report.since.isoformat())
            .replace("%3", (report.until or clock.today()).isoformat())
        )

    def _bottleneck_sentence(self, report: FunnelReport) -> str:
        b = report.bottleneck
        accent = ACCENT.name()
        if b.from_stage is None:
            text = self.tr(
                "No bottleneck yet: it takes at least 10 deals reaching a stage to name one."
            )
        else:
            text = (
                self.tr(
                    "<b style='color:%5'>Bottleneck:</b> only %1 of the %2 deals that reached "
                    "“%3” went on to “%4”."
                )
                .replace("%1", fmt.percent(b.conversion))
                .replace("%2", fmt.count(b.reached))
                .replace("%3", b.from_stage)
                .replace("%4", self.tr("Won") if b.to_stage == WON else b.to_stage or "")
                .replace("%5", accent)
            )
        if b.slowest_stage is not None:
            text += " " + self.tr("Deals wait longest in “%1” (median %2).").replace(
                "%1", b.slowest_stage
            ).replace("%2", fmt.days(b.slowest_median_days))
        return text

    def _segment_title(self, key: str | None) -> str:
        if self.segment_picker.currentData() == "customer_type":
            return (
                self.tr("Returning customers") if key == "returning" else self.tr("New customers")
            )
        if self.segment_picker.currentData() == "source" and key:
            return labels.source_name(key)
        return key if key else self.tr("Not set")

    def _show_segments(self) -> None:
        if self.report is None:
            return
        dimension = self.segment_picker.currentData()
        segments: list[SegmentFunnel] = self.report.segments.get(dimension, [])
        shown = segments[:SEGMENTS_SHOWN]
        for index, (title, chart) in enumerate(
            zip(self.segment_titles, self.segment_charts, strict=True)
        ):
            visible = index < len(shown)
            title.setVisible(visible)
            chart.setVisible(visible)
            if not visible:
                continue
            segment = shown[index]
            name = self._segment_title(segment.key)
            title.setText(
                self.tr("<b>%1</b> · %Ln deals · won %3", "", segment.deals)
                .replace("%3", fmt.percent(segment.conversion))
                .replace("%1", name)
            )
            chart.show_segment(name, segment, self.report.stages)
        hidden = len(segments) - len(shown)
        self.segment_card.set_hint(
            self.tr("the %1 largest; %2 more not shown")
            .replace("%1", str(len(shown)))
            .replace("%2", str(hidden))
            if hidden > 0
            else ""
        )

    def _export_report(self) -> None:
        from funneldesk.ui.transfer.export_actions import export_report  # on first use

        export_report(self.window(), self.context)

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        self.relay.wait()
        self.accuracy_relay.wait()
        super().closeEvent(event)
