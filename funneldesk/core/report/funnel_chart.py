"""The Excel funnel chart: a native bar chart of the deals reaching each stage.

It sits under the table on the Funnel sheet (:mod:`funneldesk.core.report.figure_sheets`)
and reads its numbers from that table, so the chart and the cells can never disagree. The
first stage is on top, like a funnel; the bottleneck stage is orange and the last bar, Won,
is green.
"""

from __future__ import annotations

from typing import Any

from funneldesk.core.report.workbook import ACCENT, BOTTLENECK, WON_COLOUR, ReportBook


def funnel_chart(book: ReportBook, count: int, bottleneck: str | None, names: list[str]) -> Any:
    t = book.t
    chart = book.workbook.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": t("Reached"),
            "categories": [t("Funnel"), 1, 0, count, 0],
            "values": [t("Funnel"), 1, 1, count, 1],
            "fill": {"color": ACCENT},
            "border": {"none": True},
            "gap": 40,
            "data_labels": {"value": True, "num_format": "#,##0"},
            "points": [
                {"fill": {"color": BOTTLENECK}}
                if name == bottleneck
                else {"fill": {"color": WON_COLOUR}}
                if i == count - 1
                else None
                for i, name in enumerate(names)
            ],
        }
    )
    chart.set_title({"name": t("Deals reaching each stage"), "name_font": {"size": 12}})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})  # first stage on top, like a funnel
    chart.set_x_axis(
        {"num_format": "#,##0", "major_gridlines": {"visible": True, "line": {"color": "#E5E7EB"}}}
    )
    return chart
