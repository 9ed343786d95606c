"""The Excel report read back with openpyxl: sheets, charts, typed cells, formats, injection."""

from __future__ import annotations

import importlib
import pkgutil
import re
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from funneldesk.core import customers as ops
from funneldesk.core import deals, money
from funneldesk.core.clock import today
from funneldesk.core.db import Database
from funneldesk.core.errors import Cancelled
from funneldesk.core.funnel_statistics import compute_funnel
from funneldesk.core.report import write_report
from funneldesk.core.settings_ops import set_settings

SHEETS = [
    "Summary",
    "Funnel",
    "Conversion by source",
    "Conversion by period",
    "Forecast",
    "Deals",
    "Customers",
    "Upcoming dates",
]
PAYLOADS = ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tTAB", "\n=NL", "#N/A", '=HYPERLINK("x")']


@pytest.fixture
def sales_db(db: Database) -> Database:
    stages = [r["id"] for r in db.query("SELECT id FROM stages ORDER BY position")]
    soon = today() + timedelta(days=10)
    for index, payload in enumerate(PAYLOADS):
        ops.create_customer(
            db,
            {
                "name": f"{payload}" if index % 2 else f"客户{index} {payload}",
                "company": payload,
                "title": payload,
                "city": "上海" if index % 2 else payload,
                "notes": payload,
                "source": ["referral", "展会"][index % 2],
                "satisfaction": 1 + index % 5,
            },
        )
        deals.create_deal(
            db,
            {
                "title": payload,
                "value": 1000 * (index + 1),
                "customer_id": index + 1,
                "expected_close": (today() + timedelta(days=30 * index)).isoformat(),
                "owner": payload,
            },
        )
        deals.move_deals(db, [index + 1], stages[min(index, len(stages) - 1)])
    deals.win_deals(db, [7])
    deals.lose_deals(db, [8], reason="=too expensive")
    ops.add_important_date(db, 1, {"kind": "birthday", "month": soon.month, "day": soon.day})
    return db


@pytest.fixture
def workbook_path(sales_db: Database, tmp_path: Path) -> Path:
    path = tmp_path / "report.xlsx"
    write_report(sales_db, path)
    return path


def test_report_has_every_sheet_and_both_native_charts(workbook_path: Path) -> None:
    book = load_workbook(workbook_path)
    assert book.sheetnames == SHEETS
    with zipfile.ZipFile(workbook_path) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        assert len(charts) == 3
        kpi_chart, funnel_chart, forecast_chart = (archive.read(c).decode() for c in charts)
        assert "Summary!$B$" in kpi_chart.replace("'", "")  # the KPI chart on the Summary
        assert "barChart>" in funnel_chart and 'barDir val="bar"/>' in funnel_chart
        assert "Funnel!$B$2:$B$7" in funnel_chart.replace("'", "")  # five stages and Won
        assert "Forecast" in forecast_chart


def test_forecast_chart_draws_the_likely_range_beside_the_weighted_value(
    workbook_path: Path,
) -> None:
    """Columns of the weighted value (D) with P10 and P90 as lines (E, G) and P50 as
    markers (F) over them, in the reporting currency named on the value axis."""
    with zipfile.ZipFile(workbook_path) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        forecast_chart = archive.read(charts[-1]).decode().replace("'", "")
    column, line = forecast_chart.split("<c:lineChart>")
    (last,) = re.findall(r"Forecast!\$D\$2:\$D\$(\d+)", column)  # one row per month
    assert int(last) > 2
    for letter in "EFG":
        assert f"Forecast!${letter}$2:${letter}${last}" in line
        assert f"Forecast!${letter}$1" in line  # the series is named by its column
    assert "<a:t>USD</a:t>" in forecast_chart  # the value axis names the currency


def test_funnel_sheet_shows_the_analytics_figures_as_numbers(
    sales_db: Database, workbook_path: Path
) -> None:
    report = compute_funnel(sales_db)
    sheet = load_workbook(workbook_path)["Funnel"]
    *rows, won = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [s.name for s in report.stages]
    assert [r[1] for r in rows] == [s.reached for s in report.stages]
    assert won[:2] == ("Won", report.kpis.cohort_won)  # the step into Won has its row
    assert [r[2] for r in rows] == [s.current for s in report.stages]
    assert [r[3] for r in rows] == pytest.approx([s.conversion_to_next for s in report.stages])
    assert sheet["D2"].number_format.startswith("0.0%")
    assert sheet.freeze_panes == "A2"


def test_deal_and_customer_sheets_have_typed_cells_and_formats(
    sales_db: Database, workbook_path: Path
) -> None:
    book = load_workbook(workbook_path)
    deals_sheet = book["Deals"]
    header = [c.value for c in deals_sheet[1]]
    value = deals_sheet.cell(row=2, column=header.index("Value") + 1)
    assert isinstance(value.value, int | float) and value.value == 1000
    assert "$" in value.number_format and "#,##0.00" in value.number_format
    close = deals_sheet.cell(row=2, column=header.index("Expected close") + 1)
    assert isinstance(close.value, datetime) and close.number_format.startswith("yyyy-mm-dd")
    created = deals_sheet.cell(row=2, column=header.index("Created") + 1)
    assert isinstance(created.value, datetime) and created.number_format.startswith("yyyy-mm-dd h")
    stored = sales_db.scalar("SELECT created_at FROM deals ORDER BY id LIMIT 1")
    local = datetime.fromisoformat(stored[:19]).replace(tzinfo=UTC).astimezone()
    assert created.value == local.replace(tzinfo=None)  # local time, as the app shows it
    status = deals_sheet.cell(row=9, column=header.index("Status") + 1)
    assert status.value == "Lost"  # named as the app names it, not the stored code
    assert deals_sheet.freeze_panes == "A2"
    assert deals_sheet.auto_filter.ref == f"A1:O{len(PAYLOADS) + 1}"
    customers_sheet = book["Customers"]
    assert customers_sheet.auto_filter.ref.startswith("A1:")
    satisfaction = [c.value for c in customers_sheet["L"][1:]]
    assert satisfaction == [1 + i % 5 for i in range(len(PAYLOADS))]
    widths = customers_sheet.column_dimensions
    assert widths["B"].width >= len("客户0 =1+1") + 4  # the longest name, CJK counted double
    assert widths["O"].width <= 50  # notes are capped, not as wide as the longest note


def test_injection_payloads_stay_literal_text_in_every_sheet(
    sales_db: Database, workbook_path: Path
) -> None:
    book = load_workbook(workbook_path)
    found: set[str] = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                assert cell.data_type != "e", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    found.add(cell.value)
    expected = {r[0] for r in sales_db.query("SELECT company FROM customers")}
    assert "=1+1" in expected and "#N/A" in expected
    assert expected <= found
    assert "=too expensive" in found


def test_summary_names_the_period_and_has_numeric_kpis(sales_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "period.xlsx"
    since = today() - timedelta(days=30)
    write_report(sales_db, path, since=since, until=today())
    sheet = load_workbook(path)["Summary"]
    assert since.isoformat() in sheet["A2"].value
    values = {row[0]: row[1:] for row in sheet.iter_rows(min_row=7, values_only=True) if row[0]}
    assert values["Deals created in the period"][0] == len(PAYLOADS)
    assert isinstance(values["Win rate"][0], float) and values["Win rate"][0] == pytest.approx(0.5)
    assert [c.value for c in sheet[6]][:3] == ["Indicator", "This period", "Previous period"]
    assert "every deal open now" in sheet["A4"].value
    assert values["Open deals (now)"][1:] == (None, None)  # the same in both periods


def test_upcoming_dates_are_real_dates(workbook_path: Path) -> None:
    sheet = load_workbook(workbook_path)["Upcoming dates"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    assert rows[0][0].date() == today() + timedelta(days=10) and rows[0][1] == 10
    assert rows[0][3] == "Birthday"


def test_cancel_leaves_no_half_written_report(
    sales_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from funneldesk.core.report import workbook

    monkeypatch.setattr(workbook, "PROGRESS_EVERY", 1)
    path = tmp_path / "r.xlsx"
    with pytest.raises(Cancelled):
        write_report(sales_db, path, cancelled=lambda: True)
    assert not path.exists() and not list(tmp_path.glob(".r.xlsx*"))


def test_empty_database_still_gives_a_readable_report(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    progress: list[tuple[int, int]] = []
    write_report(db, path, progress=lambda done, total: progress.append((done, total)))
    book = load_workbook(path)
    assert book.sheetnames == SHEETS
    assert book["Deals"].max_row == 1
    assert progress[-1][0] == progress[-1][1]


def test_export_command_writes_the_report(sales_db: Database, tmp_path: Path) -> None:
    from funneldesk.cli import main

    db_path = str(sales_db.path)
    sales_db.close()
    out = tmp_path / "cli.xlsx"
    assert (
        main(
            [
                "export",
                "--db",
                db_path,
                "--out",
                str(out),
                "--since",
                "2020-01-01",
                "--customers-csv",
                str(tmp_path / "c.csv"),
                "--ical",
                str(tmp_path / "d.ics"),
            ]
        )
        == 0
    )
    assert load_workbook(out).sheetnames == SHEETS
    assert (tmp_path / "c.csv").exists() and (tmp_path / "d.ics").exists()
    assert main(["export", "--db", db_path, "--out", str(tmp_path / "x.pdf")]) == 2
    assert main(["export", "--db", db_path, "--out", str(out), "--since", "2026-02-30"]) == 2


ZH_SHEETS = [
    "概览",
    "销售漏斗",
    "按来源转化",
    "按月份转化",
    "加权预测",
    "商机",
    "客户",
    "近期重要日期",
]


def test_chinese_report_has_chinese_sheets_headers_and_typed_cells(
    sales_db: Database, tmp_path: Path
) -> None:
    path = write_report(sales_db, tmp_path / "报告.xlsx", language="zh_CN")
    book = load_workbook(path)
    assert book.sheetnames == ZH_SHEETS
    assert all(len(name) <= 31 for name in book.sheetnames)
    summary = [row[0] for row in book["概览"].iter_rows(values_only=True)]
    assert (
        summary[0] == "销售漏斗报告" and "赢单率" in summary and "加权预测金额（当前）" in summary
    )
    assert "全部时间" in book["概览"]["A2"].value
    deals_sheet = book["商机"]
    header = [c.value for c in deals_sheet[1]]
    assert header[:3] == ["编号", "标题", "客户"] and "Value" not in header
    value = deals_sheet.cell(row=2, column=header.index("金额") + 1)
    assert isinstance(value.value, int | float) and value.value == 1000
    close = deals_sheet.cell(row=2, column=header.index("预计成交日期") + 1)
    assert isinstance(close.value, datetime)
    assert [c.value for c in book["销售漏斗"][1]][:2] == ["阶段", "到达数"]
    with zipfile.ZipFile(path) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        funnel_chart = archive.read(charts[1]).decode()
        assert "销售漏斗!$B$2:$B$7" in funnel_chart.replace("'", "")
        assert "各阶段到达商机数" in funnel_chart


def test_report_language_defaults_to_the_file_setting(sales_db: Database, tmp_path: Path) -> None:
    set_settings(sales_db, {"language": "zh_CN"})
    assert load_workbook(write_report(sales_db, tmp_path / "a.xlsx")).sheetnames == ZH_SHEETS
    english = write_report(sales_db, tmp_path / "b.xlsx", language="en")
    assert load_workbook(english).sheetnames == SHEETS


def test_every_english_report_label_has_a_chinese_translation() -> None:
    """A new English label in the report package without a Chinese entry fails here."""
    from funneldesk.core import report
    from funneldesk.core.report.labels import ZH_CN

    modules = [
        importlib.import_module(f"{report.__name__}.{info.name}")
        for info in pkgutil.iter_modules(report.__path__)
    ]
    columns = [
        c.header
        for module in modules
        for name in dir(module)
        if name.endswith("_COLUMNS")
        for c in getattr(module, name)
    ]
    kpis = [label for label, _attr, _kind in report.figure_sheets.KPI_ROWS]
    literals = [
        text
        for module in [report, *modules]
        for text in re.findall(
            r'\bt\("((?:[^"\\]|\\.)+)"\)', Path(module.__file__).read_text(encoding="utf-8")
        )
    ]
    kinds = list(report.list_sheets.DATE_KIND_NAMES.values())
    missing = {text for text in columns + kpis + literals + kinds if text not in ZH_CN}
    assert not missing
    assert len(literals) > 20


def test_bottleneck_sentence_speaks_the_report_language() -> None:
    from funneldesk.core.funnel_report import Bottleneck
    from funneldesk.core.report.figure_sheets import bottleneck_sentence
    from funneldesk.core.report.labels import labels_for

    found = Bottleneck("Proposal", "Negotiation", 0.25, 40, "Proposal", 12.5, "")
    english = bottleneck_sentence(found, labels_for("en"))
    assert english == (
        "Only 25% of the 40 deals that reached “Proposal” went on to “Negotiation”, the weakest "
        "step of the funnel; deals wait longest in “Proposal” (median 12.5 days)."
    )
    chinese = bottleneck_sentence(found, labels_for("zh_CN"))
    assert chinese.startswith("到达“Proposal”的 40 个商机中，只有 25% 进入了“Negotiation”")
    assert chinese.endswith("（中位数 12.5 天）。")
    none = Bottleneck(None, None, None, 0, None, None, "")
    assert "10" in bottleneck_sentence(none, labels_for("zh_CN"))
    assert "Only" not in bottleneck_sentence(none, labels_for("zh_CN"))


def test_money_is_converted_and_the_forecast_has_its_range(
    sales_db: Database, tmp_path: Path
) -> None:
    """A CNY deal counts at its rate in every amount, a currency without a rate is named on
    the Summary, and the Forecast sheet carries P10/P50/P90 and the accuracy section."""
    deals.create_deal(sales_db, {"title": "Tea", "value": 10000, "currency": "CNY"})
    deals.create_deal(sales_db, {"title": "Wine", "value": 99, "currency": "EUR"})
    money.add_rate(sales_db, {"currency": "CNY", "rate": 0.14, "valid_from": "2026-01-01"})
    report = compute_funnel(sales_db)
    path = write_report(sales_db, tmp_path / "money.xlsx")
    book = load_workbook(path)
    summary = [row[0] for row in book["Summary"].iter_rows(values_only=True) if row[0]]
    assert any("left out of every amount: 1 EUR" in str(line) for line in summary)
    forecast = book["Forecast"]
    header = [c.value for c in forecast[1]]
    assert header[4:7] == ["Likely low (P10)", "Median (P50)", "Likely high (P90)"]
    rows = list(forecast.iter_rows(min_row=2, values_only=True))
    total = next(r for r in rows if r[0] == "Total")
    assert total[3] == pytest.approx(report.kpis.weighted_pipeline)
    assert total[2] == pytest.approx(report.kpis.open_value)
    assert report.kpis.open_value == pytest.approx(
        sum(1000 * (i + 1) for i in range(6)) + 10000 * 0.14
    )
    assert (total[4], total[6]) == pytest.approx(
        (report.forecast_range.p10, report.forecast_range.p90)
    )
    assert "Forecast accuracy" in [r[0] for r in rows]


def test_chinese_report_names_sources_and_statuses_as_the_app_does(
    sales_db: Database, tmp_path: Path
) -> None:
    book = load_workbook(write_report(sales_db, tmp_path / "zh.xlsx", language="zh_CN"))
    customers_sheet = book["客户"]
    header = [c.value for c in customers_sheet[1]]
    sources = {
        r[header.index("来源")] for r in customers_sheet.iter_rows(min_row=2, values_only=True)
    }
    assert sources == {"转介绍", "展会"}  # "referral" as the app shows it; own text kept
    deals_sheet = book["商机"]
    header = [c.value for c in deals_sheet[1]]
    statuses = {r[header.index("状态")] for r in deals_sheet.iter_rows(min_row=2, values_only=True)}
    assert statuses == {"进行中", "赢单", "输单"}
    funnel = [r[0] for r in book["销售漏斗"].iter_rows(min_row=2, values_only=True)]
    assert funnel[-1] == "赢单"
