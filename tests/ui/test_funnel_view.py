"""The funnel panel follows the board: a move shows up in the funnel without any click."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QPointF, QSettings

from funneldesk.core import clock, deals
from funneldesk.ui.funnel.view import FunnelView
from funneldesk.ui.preferences import FUNNEL_COMPARE_KEY, FUNNEL_PERIOD_KEY, FUNNEL_RANGE_KEY


def stage_ids(db) -> list[int]:  # noqa: ANN001
    return [r[0] for r in db.query("SELECT id FROM stages ORDER BY position")]


@pytest.fixture
def view(qtbot, context):  # noqa: ANN001, ANN201
    for key in (FUNNEL_PERIOD_KEY, FUNNEL_RANGE_KEY, FUNNEL_COMPARE_KEY):
        QSettings().remove(key)  # every test starts from the default period
    widget = FunnelView(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 900)
    widget.show()
    yield widget
    widget.relay.wait()
    widget.accuracy_relay.wait()


def wait_for_report(qtbot, view: FunnelView, condition) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: view.report is not None and condition(view.report), timeout=5000)


def test_panel_updates_after_a_move(qtbot, context, view) -> None:  # noqa: ANN001
    changes = context.run(deals.create_deal, {"title": "Tea set", "value": 800})
    deal_id = changes.inserted_ids("deals")[0]
    wait_for_report(qtbot, view, lambda r: r.stages[0].reached == 1)
    assert view.pages.currentIndex() == 0  # charts, not the empty state
    context.run(deals.move_deals, [deal_id], stage_ids(context.db)[3])
    wait_for_report(qtbot, view, lambda r: r.stages[3].reached == 1)
    assert view.report.stages[3].current == 1
    assert "Proposal" in view.funnel.hit_text(QPointF(0, -3))
    context.undo_stack.undo()
    wait_for_report(qtbot, view, lambda r: r.stages[3].current == 0)


def test_empty_database_shows_what_to_do(qtbot, view) -> None:  # noqa: ANN001
    wait_for_report(qtbot, view, lambda r: True)
    assert view.pages.currentIndex() == 1


def test_period_picker_selects_the_cohort(qtbot, context, view) -> None:  # noqa: ANN001
    context.run(deals.create_deal, {"title": "Desk"})
    view.period_picker.setCurrentIndex(view.period_picker.findData("7"))
    wait_for_report(qtbot, view, lambda r: r.since == clock.today() - timedelta(days=6))
    assert view.report.stages[0].reached == 1
    view.compare_box.setChecked(True)
    wait_for_report(qtbot, view, lambda r: r.previous is not None)
    assert view.report.previous.until == clock.today() - timedelta(days=7)


def test_period_and_comparison_are_remembered(qtbot, context, view) -> None:  # noqa: ANN001
    assert view.period_picker.currentData() == "365" and not view.compare_box.isChecked()
    view.period_picker.setCurrentIndex(view.period_picker.findData("custom"))
    view.since_edit.setDate(QDate(2026, 3, 1))
    view.until_edit.setDate(QDate(2026, 5, 31))
    view.compare_box.setChecked(True)
    view.relay.wait()
    view.accuracy_relay.wait()
    again = FunnelView(context)  # as after a restart: a new view reads the remembered choice
    qtbot.addWidget(again)
    assert again.period_picker.currentData() == "custom"
    assert again.compare_box.isChecked()
    request = again.request()
    assert (request.since.isoformat(), request.until.isoformat()) == ("2026-03-01", "2026-05-31")
    again.relay.wait()
    again.accuracy_relay.wait()


def test_bottleneck_is_explained_and_chart_exports(qtbot, context, view, tmp_path) -> None:  # noqa: ANN001
    stages = stage_ids(context.db)
    ids = []
    for index in range(12):
        ids += context.run(deals.create_deal, {"title": f"Deal {index}"}).inserted_ids("deals")
    context.run(deals.move_deals, ids[:11], stages[1])
    context.run(deals.move_deals, ids[:2], stages[2])
    wait_for_report(qtbot, view, lambda r: r.bottleneck.from_stage == "Contacted")
    assert "Bottleneck" in view.conversion_card.note.text()
    assert "“Contacted”" in view.conversion_card.note.text()
    target = tmp_path / "funnel.png"
    assert view.funnel_card.save_png(target) and target.stat().st_size > 1000


def test_lead_score_panel_shows_score_and_points(qtbot, context) -> None:  # noqa: ANN001
    from funneldesk.ui.funnel.lead_score_panel import LeadScorePanel

    deal_id = context.run(deals.create_deal, {"title": "Sofa"}).inserted_ids("deals")[0]
    panel = LeadScorePanel(context.db)
    qtbot.addWidget(panel)
    panel.show_deal(deal_id)
    qtbot.waitUntil(lambda: "/ 100" in panel.value.text(), timeout=5000)
    assert panel.points.rowCount() == 6  # one row per feature
    assert "Typical deal" in panel.toolTip()
    panel.show_deal(None)
    assert panel.isHidden()
    panel.wait()


def test_lead_score_panel_says_how_many_closed_deals_had_no_rate(qtbot, context) -> None:  # noqa: ANN001
    """Closed deals whose currency has no rate cannot teach the value feature: the panel
    says how many were left out, and an open one's value shows as not set."""
    from funneldesk.core.lead_score import MIN_TRAINING_DEALS
    from funneldesk.ui.funnel.lead_score_panel import LeadScorePanel

    for index in range(MIN_TRAINING_DEALS + 2):
        currency = "EUR" if index < 2 else "USD"
        deal = {"title": f"D{index}", "value": 100 + index, "currency": currency}
        deal_id = context.run(deals.create_deal, deal).inserted_ids("deals")[0]
        closing = deals.win_deals if index % 2 else deals.lose_deals
        context.run(closing, [deal_id])
    open_id = context.run(deals.create_deal, {"title": "Sofa", "currency": "EUR"}).inserted_ids(
        "deals"
    )[0]
    panel = LeadScorePanel(context.db)
    qtbot.addWidget(panel)
    panel.show_deal(open_id)
    qtbot.waitUntil(lambda: "/ 100" in panel.value.text(), timeout=5000)
    assert "2 closed deals without an exchange rate left out" in panel.basis.text()
    assert "Deal value: not set" in panel.toolTip()
    panel.wait()


def test_the_funnel_opens_on_the_pipeline_the_board_opens_on(qtbot, context) -> None:  # noqa: ANN001
    from funneldesk.core.pipelines import create_pipeline, default_pipeline_id
    from funneldesk.core.settings_ops import set_settings

    renewals = create_pipeline(context.db, "Renewals", ["Due", "Quoted"]).inserted_ids("pipelines")[
        0
    ]
    set_settings(context.db, {"default_pipeline_id": renewals})
    widget = FunnelView(context)
    qtbot.addWidget(widget)
    assert default_pipeline_id(context.db) == renewals
    assert widget.pipeline_picker.currentData() == renewals
    assert widget.request().pipeline_id == renewals
    widget.relay.wait()
    widget.accuracy_relay.wait()


def test_every_tile_and_chart_title_says_which_deals_it_counts(qtbot, context, view) -> None:  # noqa: ANN001
    context.run(deals.create_deal, {"title": "Desk", "value": 100})
    wait_for_report(qtbot, view, lambda r: r.kpis.open_deals == 1)
    scopes = {t.caption.text(): t.scope.text() for t in view.kpis.tiles()}
    assert scopes["Win rate"] == "closed in period"
    assert scopes["Weighted pipeline"] == scopes["Open deals"] == "open now"
    titles = [card.title.text() for card in view.cards()]
    assert "Funnel · created in period" in titles
    assert "Weighted forecast · open now" in titles
    assert "Won of these" in view.funnel.hit_text(QPointF(0, -5))


def test_deals_without_a_rate_are_named_with_a_way_to_fix_it(qtbot, context, view) -> None:  # noqa: ANN001
    context.run(deals.create_deal, {"title": "Wine", "value": 90, "currency": "EUR"})
    context.run(deals.create_deal, {"title": "Tea", "value": 100})
    wait_for_report(qtbot, view, lambda r: r.unconverted.deals == 1)
    assert view.money_note.isVisibleTo(view)
    assert "EUR: 1" in view.money_note_text.text()
    assert view.report.kpis.open_value == 100  # the EUR deal is not added as dollars


def test_comparing_shows_the_previous_value_and_leaves_now_figures_alone(
    qtbot,
    context,
    view,  # noqa: ANN001
) -> None:
    deal_id = context.run(deals.create_deal, {"title": "Desk"}).inserted_ids("deals")[0]
    context.run(deals.win_deals, [deal_id])
    view.period_picker.setCurrentIndex(view.period_picker.findData("30"))
    view.compare_box.setChecked(True)
    wait_for_report(qtbot, view, lambda r: r.previous is not None and r.kpis.won == 1)
    assert "previous period: —" in view.kpis.win_rate.detail.text()
    assert "was" not in view.kpis.weighted.detail.text()
    assert "previous" not in view.kpis.open_deals.detail.text()


def test_the_report_dialog_starts_from_the_period_the_funnel_shows(qtbot, view) -> None:  # noqa: ANN001
    from funneldesk.ui.transfer.export_actions import PeriodDialog

    view.period_picker.setCurrentIndex(view.period_picker.findData("90"))
    dialog = PeriodDialog()
    qtbot.addWidget(dialog)
    on = clock.today()
    assert dialog.period(on) == (on - timedelta(days=89), on)
    view.since_edit.setDate(QDate(2026, 3, 1))
    view.until_edit.setDate(QDate(2026, 5, 31))
    view.period_picker.setCurrentIndex(view.period_picker.findData("custom"))
    custom = PeriodDialog()
    qtbot.addWidget(custom)
    assert custom.period(on) == (date(2026, 3, 1), date(2026, 5, 31))


def test_the_accuracy_chart_follows_the_first_figures(qtbot, context, view) -> None:  # noqa: ANN001
    context.run(deals.create_deal, {"title": "Desk", "value": 100})
    wait_for_report(qtbot, view, lambda r: r.kpis.open_deals == 1)
    qtbot.waitUntil(lambda: "Not enough history" in view.accuracy_card.note.text(), timeout=5000)
