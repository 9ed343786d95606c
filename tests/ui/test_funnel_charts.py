"""The funnel panel's charts read cleanly at any width: no note on a bar, month names on the
trend's axis, titled axes, a month the period covers only in part marked as such."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPointF

from funneldesk.core.funnel_report import StageStats, TrendMonth
from funneldesk.ui.funnel.charts import FunnelChart, TrendChart, partial_days

NAMES = ("Lead", "Contacted", "Needs analysis", "Proposal", "Negotiation")


def _stage(index: int, reached: int, days: float) -> StageStats:
    return StageStats(
        stage_id=index + 1,
        name=NAMES[index],
        position=index + 1,
        probability=0.1,
        reached=reached,
        current=0,
        conversion_to_next=0.8,
        cumulative_conversion=reached / 100,
        p_win=None,
        p_win_sample=0,
        won_reached=0,
        lost_reached=0,
        median_days_in_stage=days,
        completed_visits=10,
        open_value=0.0,
        weighted_value=0.0,
    )


@pytest.mark.parametrize("width", [360, 520, 900])
@pytest.mark.parametrize("slowest", ["Lead", "Contacted", "Negotiation"])
def test_the_slowest_stage_note_never_sits_on_a_bar(qtbot, width: int, slowest: str) -> None:  # noqa: ANN001
    chart = FunnelChart()
    qtbot.addWidget(chart)
    chart.resize(width, 320)
    chart.show()
    stages = [_stage(i, r, 12.0) for i, r in enumerate((100, 90, 60, 40, 30))]
    chart.show_funnel(stages, 20, slowest=slowest)
    qtbot.wait(50)
    box = chart.getPlotItem().vb
    widest_bar_end = box.mapViewToScene(QPointF(0.5, 0)).x()
    notes = [item for item, _y in chart._notes]
    slow = [n for n in notes if n.toPlainText().startswith("slowest")]
    assert slow and slow[0].toPlainText() == "slowest: 12.0 days"
    for note in notes:
        rect = note.sceneBoundingRect()
        assert rect.left() >= widest_bar_end  # right of every bar, whichever stage it names
        assert rect.right() <= box.sceneBoundingRect().right() + 1  # and not cut off


def _months(*rows: tuple[str, int, int]) -> list[TrendMonth]:
    return [TrendMonth(month, new, won, 0, None) for month, new, won in rows]


def test_the_trend_names_months_titles_its_axis_and_marks_the_month_so_far(qtbot) -> None:  # noqa: ANN001
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.resize(700, 300)
    report = SimpleNamespace(
        trend=_months(("2026-01", 10, 2), ("2026-02", 12, 3), ("2026-03", 4, 1)),
        since=date(2026, 1, 1),
        until=date(2026, 3, 9),
    )
    chart.show_trend(report, today=date(2026, 3, 9))
    ticks = chart.getPlotItem().getAxis("bottom")._tickLevels[0]
    assert [label for _x, label in ticks] == ["Jan 2026", "Feb", "Mar"]  # not "2026"
    assert chart.getPlotItem().getAxis("left").labelText == "Deals"
    texts = [
        item.toPlainText() for item in chart.getPlotItem().items if hasattr(item, "toPlainText")
    ]
    assert "so far" in texts
    assert "Part of the month only: 1 Mar – 9 Mar" in chart.hit_text(QPointF(2, 1))
    assert "Part of the month" not in chart.hit_text(QPointF(1, 1))


def test_partial_days_are_the_covered_part_of_a_month() -> None:
    assert partial_days("2026-03", None, date(2026, 3, 9)) == (date(2026, 3, 1), date(2026, 3, 9))
    assert partial_days("2025-12", date(2025, 12, 8), date(2026, 12, 7)) == (
        date(2025, 12, 8),
        date(2025, 12, 31),
    )
    assert partial_days("2026-02", date(2025, 12, 8), date(2026, 12, 7)) is None


def test_months_read_as_each_language_writes_them(qapp) -> None:  # noqa: ANN001
    from PySide6.QtCore import QLocale

    from funneldesk.ui.funnel.formatting import month_label

    saved = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        assert (month_label("2026-01", with_year=True), month_label("2026-03")) == (
            "Jan 2026",
            "Mar",
        )
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        assert (month_label("2026-01", with_year=True), month_label("2026-03")) == (
            "2026年1月",
            "3月",
        )
    finally:
        QLocale.setDefault(saved)


@pytest.mark.parametrize(
    ("top", "labels"),
    [
        (1_234_567, ["0", "500K", "1M"]),
        (343_200, ["0", "100K", "200K", "300K"]),
        (90, ["0", "25", "50", "75"]),
    ],
)
def test_money_axes_read_in_round_short_steps(top: float, labels: list[str], qapp) -> None:  # noqa: ANN001
    from PySide6.QtCore import QLocale

    from funneldesk.ui.funnel.charts import money_ticks

    saved = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        assert [label for _value, label in money_ticks(top)] == labels
    finally:
        QLocale.setDefault(saved)
