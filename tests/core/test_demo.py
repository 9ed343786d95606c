"""The demo database: reproducible, realistic enough to exercise every screen, and fast."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from funneldesk import cli_support
from funneldesk.cli import main as cli_main
from funneldesk.core.db import Database, open_database
from funneldesk.core.demo import generate_demo
from funneldesk.core.errors import Cancelled
from funneldesk.core.idle import idle_deal_ids
from funneldesk.core.validation import HAN_RE, clean_phone

REFERENCE = date(2026, 11, 25)
TABLES = (
    "customers",
    "important_dates",
    "preferences",
    "interactions",
    "deals",
    "stage_changes",
    "source_costs",
    "stages",
    "pipelines",
)


def _dump(db: Database) -> dict[str, list[tuple]]:
    return {
        table: [tuple(r) for r in db.query(f"SELECT * FROM {table} ORDER BY 1")] for table in TABLES
    }


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """1,000 demo customers around a fixed reference date, shared by the realism checks."""
    database = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    generate_demo(database, customers=1000, seed=11, reference=REFERENCE)
    yield database
    database.close()


def test_same_seed_and_reference_give_identical_rows(tmp_path: Path) -> None:
    dumps = []
    for name in ("a", "b"):
        with open_database(tmp_path / f"{name}.sqlite") as database:
            generate_demo(database, customers=150, seed=42, reference=REFERENCE)
            dumps.append(_dump(database))
    assert dumps[0] == dumps[1]
    assert len(dumps[0]["customers"]) == 150


def test_another_seed_gives_other_customers(tmp_path: Path) -> None:
    names = []
    for seed in (1, 2):
        with open_database(tmp_path / f"s{seed}.sqlite") as database:
            generate_demo(database, customers=50, seed=seed, reference=REFERENCE)
            names.append([r[0] for r in database.query("SELECT name FROM customers ORDER BY id")])
    assert names[0] != names[1]


def test_summary_counts_match_the_rows_written(db: Database) -> None:
    summary = generate_demo(db, customers=120, seed=3, reference=REFERENCE)
    assert summary.customers == db.scalar("SELECT COUNT(*) FROM customers") == 120
    assert summary.deals == db.scalar("SELECT COUNT(*) FROM deals")
    assert summary.stage_changes == db.scalar("SELECT COUNT(*) FROM stage_changes")
    assert summary.interactions == db.scalar("SELECT COUNT(*) FROM interactions")
    assert summary.important_dates == db.scalar("SELECT COUNT(*) FROM important_dates")
    assert summary.reference == REFERENCE


def test_names_cities_and_phones_mix_chinese_and_latin(demo_db: Database) -> None:
    names = [r[0] for r in demo_db.query("SELECT name FROM customers")]
    assert any("\u4e00" <= n[0] <= "\u9fff" for n in names)
    assert any(n.isascii() for n in names)
    assert any(not n.isascii() and n[0].isascii() for n in names)  # Müller, García …
    cities = {r[0] for r in demo_db.query("SELECT DISTINCT city FROM customers")}
    assert {"上海", "北京", "Berlin", "New York"} <= cities
    phones = [r[0] for r in demo_db.query("SELECT phone FROM customers WHERE phone IS NOT NULL")]
    assert {p.split(" ")[0] for p in phones} >= {"+86", "+1", "+49"}


def test_every_demo_phone_passes_the_phone_check_imports_apply(demo_db: Database) -> None:
    phones = [
        row[0] for row in demo_db.query("SELECT phone FROM customers WHERE phone IS NOT NULL")
    ]
    assert phones
    assert [p for p in phones if clean_phone(p) != p] == []


def test_at_least_five_sources_with_owners_and_levels(demo_db: Database) -> None:
    assert demo_db.scalar("SELECT COUNT(DISTINCT source) FROM customers") >= 5
    assert 4 <= demo_db.scalar("SELECT COUNT(DISTINCT owner) FROM customers") <= 6
    assert demo_db.scalar("SELECT COUNT(DISTINCT spending_level) FROM customers") >= 3
    assert demo_db.scalar("SELECT COUNT(*) FROM customers WHERE satisfaction IS NULL") > 0
    assert demo_db.scalar("SELECT MIN(satisfaction) FROM customers") >= 1
    assert demo_db.scalar("SELECT MAX(satisfaction) FROM customers") <= 5


def test_birthdays_include_lunar_leap_yearless_and_29_february(demo_db: Database) -> None:
    def count(where: str) -> int:
        return demo_db.scalar(
            f"SELECT COUNT(*) FROM important_dates WHERE kind = 'birthday' AND {where}"
        )

    customers = demo_db.scalar("SELECT COUNT(*) FROM customers")
    assert count("1") > customers * 0.7
    assert count("calendar = 'lunar'") > 0
    assert count("calendar = 'lunar' AND is_leap_month = 1") > 0
    assert count("year IS NULL") > 0
    assert count("month = 2 AND day = 29") > 0
    kinds = {r[0] for r in demo_db.query("SELECT DISTINCT kind FROM important_dates")}
    assert {"birthday", "anniversary", "child_birthday", "housewarming"} <= kinds


def test_every_stored_date_exists_in_its_calendar(demo_db: Database) -> None:
    from lunardate import LunarDate

    rows = demo_db.query("SELECT month, day, year, calendar, is_leap_month FROM important_dates")
    assert {row["calendar"] for row in rows} == {"solar", "lunar"}
    for month, day, year, calendar, leap in rows:
        if calendar == "solar":
            assert date(year or 2000, month, day).month == month  # 2000: 29 February exists
        elif year is not None:
            assert LunarDate(year, month, day, bool(leap)).to_solar_date().year in (year, year + 1)
        else:  # a yearless lunar date: some year in the next decade has it
            assert any(_lunar_exists(y, month, day, bool(leap)) for y in range(2020, 2040))


def _lunar_exists(year: int, month: int, day: int, leap: bool) -> bool:
    from lunardate import LunarDate

    try:
        LunarDate(year, month, day, leap).to_solar_date()
    except ValueError:
        return False
    return True


def test_some_greetings_fall_in_the_next_two_weeks(demo_db: Database) -> None:
    upcoming = {
        ((REFERENCE + timedelta(days=n)).month, (REFERENCE + timedelta(days=n)).day)
        for n in range(14)
    }
    solar = demo_db.query(
        "SELECT month, day FROM important_dates WHERE calendar = 'solar' AND kind = 'birthday'"
    )
    assert sum((m, d) in upcoming for m, d in solar) >= 10


def test_preferences_cover_the_categories(demo_db: Database) -> None:
    categories = {r[0] for r in demo_db.query("SELECT DISTINCT category FROM preferences")}
    assert {"colour", "music", "drink", "food", "gift", "hobby"} <= categories


def test_every_customer_has_one_to_ten_interactions(demo_db: Database) -> None:
    low, high = demo_db.query_one(
        "SELECT MIN(n), MAX(n) FROM (SELECT c.id, COUNT(i.id) AS n FROM customers c "
        "LEFT JOIN interactions i ON i.customer_id = c.id GROUP BY c.id)"
    )
    assert low >= 1 and high <= 10
    outcomes = {r[0] for r in demo_db.query("SELECT DISTINCT outcome FROM interactions")}
    assert {"positive", "neutral", "negative"} <= outcomes


def test_activities_are_overdue_today_at_times_next_week_and_later(demo_db: Database) -> None:
    today = REFERENCE.isoformat()
    week = (REFERENCE + timedelta(days=7)).isoformat()

    def count(where: str) -> int:
        return demo_db.scalar(
            f"SELECT COUNT(*) FROM activities WHERE {where}", {"today": today, "week": week}
        )

    assert count("due_date < :today") > 0
    assert count("due_date = :today AND due_time IS NOT NULL") > 0
    assert count("due_date > :today AND due_date <= :week") > count("due_date = :today") > 0
    assert count("due_date > :week") > 0
    assert count("remind_min_before IS NOT NULL AND due_time IS NOT NULL") > 0
    assert demo_db.scalar("SELECT COUNT(*) FROM activities WHERE done_at IS NOT NULL") == 0
    assert demo_db.scalar("SELECT COUNT(*) FROM interactions WHERE next_follow_up IS NOT NULL") == 0
    assert (
        demo_db.scalar(
            "SELECT COUNT(*) FROM activities a JOIN interactions i ON i.customer_id = a.customer_id"
            " WHERE a.due_date <= substr(i.occurred_at, 1, 10)"
        )
        == 0
    )


def test_deals_per_customer_and_spread_over_two_years(demo_db: Database) -> None:
    customers = demo_db.scalar("SELECT COUNT(*) FROM customers")
    deals = demo_db.scalar("SELECT COUNT(*) FROM deals")
    assert 0.5 * customers <= deals <= 1.0 * customers
    first, last = demo_db.query_one("SELECT MIN(created_at), MAX(created_at) FROM deals")
    assert first[:10] < (REFERENCE - timedelta(days=600)).isoformat()
    assert last[:10] <= REFERENCE.isoformat()
    assert demo_db.scalar("SELECT COUNT(DISTINCT currency) FROM deals") >= 2
    assert demo_db.scalar("SELECT COUNT(*) FROM deals WHERE owner IS NULL") == 0


def test_every_stage_has_losses_and_several_stages_have_wins(demo_db: Database) -> None:
    rows = demo_db.query(
        "SELECT s.id, SUM(d.status = 'lost'), SUM(d.status = 'won'), SUM(d.status = 'open') "
        "FROM stages s LEFT JOIN deals d ON d.stage_id = s.id GROUP BY s.id"
    )
    assert all(lost > 0 for _id, lost, _won, _open in rows)
    assert sum(won > 0 for _id, _lost, won, _open in rows) >= 3
    assert sum(open_ > 0 for *_rest, open_ in rows) >= 3
    assert (
        demo_db.scalar(
            "SELECT COUNT(*) FROM deals WHERE status = 'lost' AND lost_reason IS NOT NULL"
        )
        > 0
    )


def test_stage_history_is_consistent_with_each_deal(demo_db: Database) -> None:
    history: dict[int, list] = {}
    for row in demo_db.query(
        "SELECT deal_id, from_stage_id, to_stage_id, changed_at FROM stage_changes ORDER BY deal_id, id"
    ):
        history.setdefault(row[0], []).append(tuple(row[1:]))
    deals = demo_db.query("SELECT id, stage_id, status, created_at, closed_at FROM deals")
    assert set(history) == {d[0] for d in deals}
    for deal_id, stage_id, status, created_at, closed_at in deals:
        rows = history[deal_id]
        assert rows[0][0] is None and rows[0][2] == created_at
        for before, after in zip(rows, rows[1:], strict=False):
            assert after[0] == before[1]  # each move starts where the last one ended
            assert after[2] >= before[2]
        assert rows[-1][1] == stage_id
        assert (closed_at is None) == (status == "open")
        if closed_at is not None:
            assert closed_at > rows[-1][2]


def test_histories_show_skips_moves_back_and_later_starts(demo_db: Database) -> None:
    positions = {r[0]: r[1] for r in demo_db.query("SELECT id, position FROM stages")}
    moves = demo_db.query("SELECT from_stage_id, to_stage_id FROM stage_changes")
    steps = [positions[b] - positions[a] for a, b in moves if a is not None]
    assert any(step >= 2 for step in steps)
    assert any(step < 0 for step in steps)
    starts = [positions[b] for a, b in moves if a is None]
    assert any(p > 1 for p in starts)


def test_some_open_deals_are_idle(demo_db: Database) -> None:
    idle = idle_deal_ids(demo_db, REFERENCE)
    open_deals = demo_db.scalar("SELECT COUNT(*) FROM deals WHERE status = 'open'")
    assert 0 < len(idle) < open_deals


def test_source_costs_for_every_source_and_month(demo_db: Database) -> None:
    sources = {r[0] for r in demo_db.query("SELECT DISTINCT source FROM customers")}
    months = {r[0] for r in demo_db.query("SELECT DISTINCT month FROM source_costs")}
    assert len(months) >= 24
    assert demo_db.scalar("SELECT COUNT(*) FROM source_costs") == len(months) * len(
        {r[0] for r in demo_db.query("SELECT DISTINCT source FROM source_costs")}
    )
    assert sources <= {r[0] for r in demo_db.query("SELECT DISTINCT source FROM source_costs")}
    assert demo_db.scalar("SELECT MIN(cost) FROM source_costs") > 0


def test_cancel_leaves_the_database_as_it_was(db: Database) -> None:
    calls = []

    def cancelled() -> bool:
        return len(calls) >= 1

    with pytest.raises(Cancelled):
        generate_demo(
            db,
            customers=3000,
            seed=1,
            reference=REFERENCE,
            progress=lambda done, total: calls.append((done, total)),
            cancelled=cancelled,
        )
    assert calls == [(1000, 6000)]
    assert db.scalar("SELECT COUNT(*) FROM customers") == 0
    assert db.scalar("SELECT COUNT(*) FROM source_costs") == 0
    indexes = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "idx_customers_name" in indexes


def test_progress_reaches_the_total_and_indexes_are_rebuilt(db: Database) -> None:
    seen: list[tuple[int, int]] = []
    generate_demo(
        db, customers=2100, seed=5, reference=REFERENCE, progress=lambda *a: seen.append(a)
    )
    assert seen[:3] == [(1000, 4200), (2000, 4200), (2100, 4200)]
    assert seen[-1] == (4200, 4200)
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)
    plan = " ".join(
        str(tuple(r))
        for r in db.query("EXPLAIN QUERY PLAN SELECT * FROM deals WHERE customer_id = 5")
    )
    assert "idx_deals_customer" in plan


def test_demo_customers_are_searchable_at_once(demo_db: Database) -> None:
    from funneldesk.core.search import pending_count, search_customers

    assert pending_count(demo_db) == 0
    name = demo_db.scalar("SELECT name FROM customers WHERE name LIKE '张%' ORDER BY id LIMIT 1")
    assert name in [hit["name"] for hit in search_customers(demo_db, name)]


def test_a_used_database_keeps_its_rows_and_gets_new_ones(db: Database) -> None:
    from funneldesk.core.customers import create_customer

    create_customer(db, {"name": "Existing Person"})
    generate_demo(db, customers=20, seed=1, reference=REFERENCE)
    assert db.scalar("SELECT COUNT(*) FROM customers") == 21
    assert db.scalar("SELECT name FROM customers WHERE id = 1") == "Existing Person"


def _cli(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    """Run ``funneldesk demo ARGS`` in this process: (exit status, stdout, stderr)."""
    status = cli_main(["demo", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cli_refuses_to_overwrite_data_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "demo.sqlite"
    status, out, err = _cli(capsys, "--db", str(path), "--customers", "30", "--today", "2026-11-25")
    assert status == 0, err
    assert "30 customers" in out
    before = path.read_bytes()
    status, out, err = _cli(capsys, "--db", str(path), "--customers", "40")
    assert status == 2
    assert "--force" in err and len(err.strip().splitlines()) == 1
    assert path.read_bytes() == before
    status, out, err = _cli(capsys, "--db", str(path), "--customers", "40", "--force")
    assert status == 0, err
    with open_database(path) as database:
        assert database.scalar("SELECT COUNT(*) FROM customers") == 40


def test_cli_never_replaces_a_file_that_is_not_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my notes")
    status, _out, _err = _cli(capsys, "--db", str(path), "--force")
    assert status == 2
    assert path.read_text() == "my notes"


def test_cli_chinese_database_has_chinese_stages(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "zh.sqlite"
    status, _out, err = _cli(capsys, "--db", str(path), "--customers", "20", "--lang", "zh_CN")
    assert status == 0, err
    before_command = tmp_path / "zh2.sqlite"
    assert (
        cli_main(["--lang", "zh_CN", "demo", "--db", str(before_command), "--customers", "5"]) == 0
    )
    with open_database(before_command) as database:
        assert database.setting("currency") == "CNY"
    with open_database(path) as database:
        assert database.scalar("SELECT name FROM stages ORDER BY position LIMIT 1") == "潜在客户"
        assert database.setting("currency") == "CNY"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LANGUAGE": "zh_CN:en", "LANG": "de_DE.UTF-8"}, "zh_CN"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANGUAGE": "zh_CN"}, "en"),
        ({}, "en"),
    ],
)
def test_system_language_follows_the_locale_variables(
    environ: dict[str, str], expected: str
) -> None:
    assert cli_support.system_language(environ) == expected


def test_cli_demo_on_a_chinese_system_is_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``make demo`` passes no --lang: a Chinese desktop still gets Chinese stages and CNY."""
    for name in (*cli_support.LOCALE_VARIABLES, "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    path = tmp_path / "zh.sqlite"
    status, _out, err = _cli(capsys, "--db", str(path), "--customers", "20")
    assert status == 0, err
    english = tmp_path / "en.sqlite"
    status, _out, err = _cli(capsys, "--db", str(english), "--customers", "5", "--lang", "en")
    assert status == 0, err
    with open_database(path) as database:
        assert database.scalar("SELECT name FROM stages ORDER BY position LIMIT 1") == "潜在客户"
        assert database.setting("currency") == "CNY"
        names = [r[0] for r in database.query("SELECT name FROM customers")]
        assert sum(bool(HAN_RE.search(n)) for n in names) > len(names) / 2
    with open_database(english) as database:
        assert database.setting("currency") == "USD"


@pytest.mark.slow
def test_hundred_thousand_customers_in_well_under_a_minute(tmp_path: Path) -> None:
    """CPU time, so that other work on a shared machine does not decide the result."""
    with open_database(tmp_path / "big.sqlite") as database:
        started = time.process_time()
        summary = generate_demo(database, customers=100_000, seed=7, reference=REFERENCE)
        elapsed = time.process_time() - started
    assert summary.customers == 100_000
    assert summary.deals > 50_000
    assert elapsed < 50, f"took {elapsed:.1f} s of CPU"
