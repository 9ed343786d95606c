"""``funneldesk stats``: the README § Command line JSON object, a readable table, and exit 2 on bad input."""

from __future__ import annotations

import json

import pytest

from funneldesk.cli import main
from funneldesk.core import deals, money

STAGE_KEYS = {
    "name",
    "reached",
    "current",
    "conversion_to_next",
    "cumulative_conversion",
    "p_win",
    "p_win_sample",
    "median_days_in_stage",
    "open_value",
    "weighted_value",
}


@pytest.fixture
def db_path(db):  # noqa: ANN001, ANN201
    stages = [r[0] for r in db.query("SELECT id FROM stages ORDER BY position")]
    first = deals.create_deal(db, {"title": "Tea set", "value": 500}).inserted_ids("deals")[0]
    second = deals.create_deal(db, {"title": "Desk", "value": 300}).inserted_ids("deals")[0]
    deals.move_deals(db, [first], stages[2])
    deals.win_deals(db, [second])
    return str(db.path)


def run_json(capsys, *args: str) -> dict:  # noqa: ANN001
    assert main(["stats", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_object_has_the_design_keys_and_fractions(db_path: str, capsys) -> None:  # noqa: ANN001
    data = run_json(capsys, "--db", db_path)
    assert [s["name"] for s in data["stages"]] == [
        "Lead",
        "Contacted",
        "Needs analysis",
        "Proposal",
        "Negotiation",
    ]
    assert all(set(s) == STAGE_KEYS for s in data["stages"])
    assert [s["reached"] for s in data["stages"]] == [2, 2, 2, 1, 1]
    assert data["stages"][0]["conversion_to_next"] == 1.0
    assert data["stages"][3]["cumulative_conversion"] == 0.5
    assert (data["won"], data["lost"], data["open_deals"]) == (1, 0, 1)
    assert data["win_rate"] == 1.0
    assert data["weighted_pipeline"] == pytest.approx(500 * 0.40)
    assert set(data["bottleneck"]) == {"from_stage", "to_stage", "conversion", "slowest_stage"}
    assert data["bottleneck"]["from_stage"] is None  # fewer than 10 deals anywhere


def test_money_fields_name_the_currency_and_the_deals_left_out(db, db_path, capsys) -> None:  # noqa: ANN001
    deals.create_deal(db, {"title": "Tea", "value": 1000, "currency": "CNY"})
    deals.create_deal(db, {"title": "Wine", "value": 50, "currency": "EUR"})
    money.add_rate(db, {"currency": "CNY", "rate": 0.14, "valid_from": "2026-01-01"})
    data = run_json(capsys, "--db", db_path)
    assert (data["currency"], data["unconverted_deals"]) == ("USD", 1)
    assert data["stages"][0]["open_value"] == pytest.approx(140.0)  # the EUR deal is left out
    assert data["stages"][2]["open_value"] == pytest.approx(500.0)
    assert sum(s["weighted_value"] for s in data["stages"]) == pytest.approx(
        data["weighted_pipeline"]
    )
    band = data["forecast_range"]
    assert band["p10"] <= data["weighted_pipeline"] <= band["p90"]
    assert data["forecast_accuracy"] is None  # no month with history behind it yet
    # The period selects the funnel's cohort, never the open deals behind the forecast.
    old = run_json(capsys, "--db", db_path, "--since", "2001-01-01", "--until", "2001-12-31")
    assert (old["open_deals"], old["weighted_pipeline"]) == (
        data["open_deals"],
        data["weighted_pipeline"],
    )
    assert main(["stats", "--db", db_path]) == 0
    assert "1 EUR deal has no exchange rate" in capsys.readouterr().out


def test_period_outside_the_deals_gives_empty_funnel(db_path: str, capsys) -> None:  # noqa: ANN001
    data = run_json(capsys, "--db", db_path, "--since", "2001-01-01", "--until", "2001-12-31")
    assert [s["reached"] for s in data["stages"]] == [0] * 5
    assert data["win_rate"] is None and data["stages"][0]["conversion_to_next"] is None


def test_table_without_json(db_path: str, capsys) -> None:  # noqa: ANN001
    assert main(["stats", "--db", db_path]) == 0
    out = capsys.readouterr().out
    assert "Needs analysis" in out and "Win rate" in out and "Weighted pipeline" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pipeline", "42"], "Pipeline #42 does not exist"),
        (["--since", "2026-02-30"], "is not a date"),
        (["--since", "2026-03-01", "--until", "2026-02-01"], "after"),
        (["--pipeline", "first"], "invalid int value"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(db_path: str, capsys, args, message) -> None:  # noqa: ANN001
    assert exit_status(["stats", "--db", db_path, *args, "--json"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def exit_status(argv: list[str]) -> int:
    """What the shell sees: main's return value, or argparse's exit code."""
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code)


def test_missing_database_is_exit_2(tmp_path, capsys) -> None:  # noqa: ANN001
    assert main(["stats", "--db", str(tmp_path / "none.sqlite"), "--json"]) == 2
    assert "no such database file" in capsys.readouterr().err
