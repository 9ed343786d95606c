"""The funnel figures agree with a literal reading of docs/analytics.md on histories nobody chose.

``Oracle`` below recomputes every figure from the raw rows (``deals``, ``stage_changes``,
``interactions``, ``customers``, ``source_costs``) one deal at a time, in plain Python, the
way the design words them — no derived tables, no numpy. Hypothesis writes random
customers, deals with random stage paths (skips, back moves, late entries, wins and losses
anywhere), contacts and marketing costs, then some of them are changed again through the
operations the app uses (moves, wins, reopenings, owner and source edits, deletions and
their undo), and every figure of :func:`compute_funnel` must match the oracle's.

Deals come in several currencies: one with two rates (closed deals convert at the rate of
their close day), one whose only rate starts after most deals closed (they use it), one
without any rate (left out of money and counted), and the reporting currency.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funneldesk.core import customers, deals, funnel_facts
from funneldesk.core.db import Database
from funneldesk.core.funnel_statistics import compute_funnel
from funneldesk.core.recorder import revert

START = datetime(2026, 1, 1, 9, 0, 0, tzinfo=UTC)
SOURCES = ["referral", "Referral", "website", "微信", None]
OWNERS = ["Kim", "Lee", None]
OUTCOMES = ["positive", "neutral", "negative", None]
CURRENCIES = [None, "USD", "eur", "CNY", "GBP"]
RATES = [("EUR", 1.1, "2026-01-01"), ("EUR", 1.25, "2026-01-05"), ("CNY", 0.14, "2026-03-01")]


def stamp(hours: int) -> str:
    return (START + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def seconds_of(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


# -- the oracle -----------------------------------------------------------------------------


@dataclass
class Expected:
    reached: list[int]
    current: list[int]
    conversion: list[float | None]
    p_win: list[float | None]
    samples: list[int]
    median_days: list[float | None]
    weighted_per_stage: list[float]
    weighted: float
    open_value: list[float]
    unconverted: int
    bottleneck: tuple[str | None, str | None, float | None]
    open_deals: int
    won: int
    lost: int
    win_rate: float | None
    cycle_median: float | None
    velocity: float | None
    forecast: dict[str | None, float]
    segments: dict[str, dict[object, tuple[int, ...]]]
    activity: dict[str | None, tuple[int, int, float, int]]
    cac: dict[tuple[str, str], int]


def ratio(a: float, b: float) -> float | None:
    return None if not b else a / b


def oracle(db: Database, since: date | None, until: date | None) -> Expected:  # noqa: C901, PLR0912, PLR0915
    """Every figure of the first pipeline, from the raw rows, exactly as §3 words it."""
    rows = lambda sql: [dict(r) for r in db.query(sql)]  # noqa: E731
    pipeline = rows("SELECT id FROM pipelines ORDER BY position, id")[0]["id"]
    stages = [
        s
        for s in rows("SELECT * FROM stages WHERE archived = 0 ORDER BY position, id")
        if s["pipeline_id"] == pipeline
    ]
    ordinal = {s["id"]: i + 1 for i, s in enumerate(stages)}
    k = len(stages)
    low = datetime.combine(since, datetime.min.time(), UTC).timestamp() if since else -1e18
    high = (
        datetime.combine(until + timedelta(days=1), datetime.min.time(), UTC).timestamp()
        if until
        else 1e18
    )
    within = lambda t: t is not None and low <= t < high  # noqa: E731
    all_deals = rows("SELECT * FROM deals ORDER BY id")
    history = rows("SELECT * FROM stage_changes ORDER BY deal_id, changed_at, id")
    people = {c["id"]: c for c in rows("SELECT * FROM customers")}
    reporting = (db.setting("currency") or "USD").upper()
    rate_rows = rows("SELECT * FROM exchange_rates ORDER BY valid_from")

    def rate(deal: dict) -> float | None:
        """The design's money rule, literally: a closed deal at the rate valid on its close
        day (the first rate before any), an open one at the latest rate."""
        code = (deal["currency"] or "").strip().upper() or reporting
        if code == reporting:
            return 1.0
        steps = [(r["valid_from"], r["rate"]) for r in rate_rows if r["currency"] == code]
        if not steps:
            return None
        if deal["status"] == "open":
            return steps[-1][1]
        valid = [r for day, r in steps if day <= deal["closed_at"][:10]]
        return valid[-1] if valid else steps[0][1]

    def converted(deal: dict) -> float:
        found = rate(deal)
        return 0.0 if found is None else deal["value"] * found

    the_deals = [d for d in all_deals if d["pipeline_id"] == pipeline]
    cohort = [d for d in the_deals if within(seconds_of(d["created_at"]))]

    def reached(deal: dict) -> int:
        if deal["status"] == "won":
            return k
        visited = [ordinal.get(h["to_stage_id"], 0) for h in history if h["deal_id"] == deal["id"]]
        return max([*visited, ordinal.get(deal["stage_id"], 0)])

    def funnel(group: list[dict]) -> tuple[int, ...]:
        return tuple(sum(1 for d in group if reached(d) >= s) for s in range(1, k + 1))

    n = funnel(cohort)
    won_r = funnel([d for d in cohort if d["status"] == "won"])
    lost_r = funnel([d for d in cohort if d["status"] == "lost"])
    p_win = [ratio(w, w + lo) for w, lo in zip(won_r, lost_r, strict=True)]
    samples = [w + lo for w, lo in zip(won_r, lost_r, strict=True)]
    cohort_won = sum(1 for d in cohort if d["status"] == "won")
    conversion = [ratio(n[i + 1] if i + 1 < k else cohort_won, n[i]) for i in range(k)]

    # The forecast probability learns from every closed deal of the pipeline, not the cohort.
    won_all = funnel([d for d in the_deals if d["status"] == "won"])
    lost_all = funnel([d for d in the_deals if d["status"] == "lost"])

    def probability(deal: dict) -> float:
        if deal["probability"] is not None:
            return deal["probability"]
        s = ordinal.get(deal["stage_id"], 0)
        if not s:
            return 0.0
        w, lo = won_all[s - 1], lost_all[s - 1]
        if w + lo >= 20:
            return 100 * w / (w + lo)
        return stages[s - 1]["probability"]

    open_now = [d for d in the_deals if d["status"] == "open"]  # whatever the period
    weight = {d["id"]: converted(d) * probability(d) / 100 for d in open_now}
    forecast: dict[str | None, float] = {}
    for d in open_now:
        month = d["expected_close"][:7] if d["expected_close"] else None
        forecast[month] = forecast.get(month, 0.0) + weight[d["id"]]

    visits: dict[int, list[float]] = {s: [] for s in range(1, k + 1)}
    for d in cohort:
        rows_of = [h for h in history if h["deal_id"] == d["id"]]
        for i, h in enumerate(rows_of):
            start = seconds_of(h["changed_at"])
            if i + 1 < len(rows_of):
                end = seconds_of(rows_of[i + 1]["changed_at"])
            else:
                end = seconds_of(d["closed_at"]) if d["status"] != "open" else None
            s = ordinal.get(h["to_stage_id"], 0)
            if s and start is not None and end is not None:
                visits[s].append((end - start) / 86400)

    closed = [d for d in the_deals if d["status"] != "open" and within(seconds_of(d["closed_at"]))]
    won = [d for d in closed if d["status"] == "won"]
    cycles = [
        (seconds_of(d["closed_at"]) - seconds_of(d["created_at"])) / 86400
        for d in won
        if seconds_of(d["created_at"]) is not None
    ]
    win_rate = ratio(len(won), len(closed))
    velocity = None
    if win_rate is not None and cycles and statistics.mean(cycles):
        convertible = [d for d in won if rate(d) is not None]
        if convertible:
            average = sum(converted(d) for d in convertible) / len(convertible)
            velocity = len(open_now) * win_rate * average / statistics.mean(cycles)

    first_win: dict[int, float] = {}
    for d in all_deals:
        t = seconds_of(d["closed_at"])
        if d["status"] == "won" and d["customer_id"] is not None and t is not None:
            first_win[d["customer_id"]] = min(first_win.get(d["customer_id"], t), t)
    keys = {
        "source": lambda d: people[d["customer_id"]]["source"] if d["customer_id"] else None,
        "owner": lambda d: d["owner"],
        "customer_type": lambda d: (
            "returning"
            if d["customer_id"] in first_win
            and first_win[d["customer_id"]] < seconds_of(d["created_at"])
            else "new"
        ),
    }
    segments = {
        name: {
            key: funnel([d for d in cohort if key_of(d) == key])
            for key in {key_of(d) for d in cohort}
        }
        for name, key_of in keys.items()
    }

    low_day = since.isoformat() if since else ""
    high_day = (until + timedelta(days=1)).isoformat() if until else "9999-12-31"
    deal_by_id = {d["id"]: d for d in all_deals}
    activity: dict[str | None, list] = {}
    for i in rows("SELECT * FROM interactions"):
        if not low_day <= i["occurred_at"] < high_day:
            continue
        deal = deal_by_id.get(i["deal_id"])
        owner = (deal and deal["owner"]) or people[i["customer_id"]]["owner"]
        entry = activity.setdefault(owner, [0, 0, 0.0, 0])
        entry[0] += 1
        entry[1] += i["outcome"] == "positive"
        entry[2] += round((i["duration_min"] or 0) * 60) / 3600
    for d in won:
        activity.setdefault(d["owner"], [0, 0, 0.0, 0])[3] += 1

    months = (since.isoformat()[:7] if since else "", until.isoformat()[:7] if until else "9999")
    cac: dict[tuple[str, str], int] = {}
    for cost in rows("SELECT * FROM source_costs"):
        if not months[0] <= cost["month"] <= months[1]:
            continue
        cac[(cost["source"], cost["month"])] = sum(
            1
            for cid, t in first_win.items()
            if (people[cid]["source"] or "").lower() == cost["source"].lower()
            and people[cid]["source"] is not None
            and datetime.fromtimestamp(t, UTC).strftime("%Y-%m") == cost["month"]
        )

    steps = [
        (conversion[i], i)
        for i in range(k)
        if n[i] >= 10 and conversion[i] is not None  # the last step is the one into Won
    ]
    bottleneck: tuple[str | None, str | None, float | None] = (None, None, None)
    if steps:
        rate_of_step, i = min(steps)
        target = stages[i + 1]["name"] if i + 1 < k else "Won"
        bottleneck = (stages[i]["name"], target, rate_of_step)

    return Expected(
        reached=list(n),
        current=[sum(1 for d in open_now if d["stage_id"] == s["id"]) for s in stages],
        conversion=conversion,
        p_win=p_win,
        samples=samples,
        median_days=[statistics.median(v) if v else None for v in visits.values()],
        weighted_per_stage=[
            sum(weight[d["id"]] for d in open_now if d["stage_id"] == s["id"]) for s in stages
        ],
        weighted=sum(weight.values()),
        open_value=[
            sum(converted(d) for d in open_now if d["stage_id"] == s["id"]) for s in stages
        ],
        unconverted=sum(1 for d in the_deals if rate(d) is None),
        bottleneck=bottleneck,
        open_deals=len(open_now),
        won=len(won),
        lost=len(closed) - len(won),
        win_rate=win_rate,
        cycle_median=statistics.median(cycles) if cycles else None,
        velocity=velocity,
        forecast=forecast,
        segments=segments,
        activity={o: tuple(v) for o, v in activity.items()},
        cac=cac,
    )


# -- random books ---------------------------------------------------------------------------

deal_specs = st.lists(
    st.fixed_dictionaries(
        {
            "path": st.lists(
                st.tuples(st.integers(0, 4), st.integers(0, 200)), min_size=1, max_size=5
            ),
            "status": st.sampled_from(["open", "open", "won", "lost"]),
            "stay": st.integers(0, 300),
            "value": st.sampled_from([0.0, 100.0, 250.5, 1234.56]),
            "probability": st.sampled_from([None, None, 0.0, 35.0, 100.0]),
            "expected": st.sampled_from([None, "2026-02-14", "2026-03-01", "2026-03-31"]),
            "customer": st.integers(-1, 5),
            "currency": st.sampled_from(CURRENCIES),
            "owner": st.sampled_from(OWNERS),
        }
    ),
    max_size=30,
)
contact_specs = st.lists(
    st.tuples(
        st.integers(0, 5),  # customer
        st.integers(-1, 29),  # deal index (-1: none)
        st.integers(0, 2000),  # hours after START
        st.sampled_from([None, 0.0, 5.0, 30.0, 12.5]),
        st.sampled_from(OUTCOMES),
    ),
    max_size=25,
)
edits = st.lists(
    st.tuples(
        st.sampled_from(
            ["move", "win", "lose", "reopen", "deal_owner", "customer_owner", "source",
             "delete_deal", "delete_customer", "delete_contact", "undo"]
        ),
        st.integers(0, 40),
        st.integers(0, 4),
    ),
    max_size=12,
)  # fmt: skip
periods = st.sampled_from(
    [
        (None, None),
        (date(2026, 1, 3), None),
        (None, date(2026, 1, 5)),
        (date(2026, 1, 2), date(2026, 1, 6)),
        (date(2026, 2, 1), date(2026, 3, 31)),
    ]
)


def write_book(db: Database, specs: list[dict], contacts: list[tuple]) -> list[int]:
    """Customers, deals with their histories and contacts, as an import would write them."""
    stage_ids = [r[0] for r in db.query("SELECT id FROM stages ORDER BY position")]
    deal_ids = []
    with db.bulk() as conn:
        for c in range(6):
            conn.execute(
                "INSERT INTO customers (id, name, source, owner, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (c + 1, f"C{c}", SOURCES[c % len(SOURCES)], OWNERS[c % 3], stamp(0), stamp(0)),
            )
        for spec in specs:
            hours, path = 0, []
            for stage, step in spec["path"]:
                hours += step
                path.append((stage_ids[stage], stamp(hours)))
            closed = stamp(hours + spec["stay"]) if spec["status"] != "open" else None
            cursor = conn.execute(
                "INSERT INTO deals (customer_id, pipeline_id, stage_id, title, value, probability,"
                " status, expected_close, created_at, closed_at, owner, updated_at, currency) "
                "VALUES (?, 1, ?, 'Deal', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    spec["customer"] + 1 if spec["customer"] >= 0 else None,
                    path[-1][0],
                    spec["value"],
                    spec["probability"],
                    spec["status"],
                    spec["expected"],
                    path[0][1],
                    closed,
                    spec["owner"],
                    path[-1][1],
                    spec["currency"],
                ),
            )
            deal_ids.append(cursor.lastrowid)
            previous = None
            for stage_id, when in path:
                conn.execute(
                    "INSERT INTO stage_changes (deal_id, from_stage_id, to_stage_id, changed_at) "
                    "VALUES (?, ?, ?, ?)",
                    (cursor.lastrowid, previous, stage_id, when),
                )
                previous = stage_id
        for customer, deal, hours, minutes, outcome in contacts:
            conn.execute(
                "INSERT INTO interactions (customer_id, deal_id, kind, occurred_at, duration_min,"
                " outcome) VALUES (?, ?, 'call', ?, ?, ?)",
                (
                    customer + 1,
                    deal_ids[deal] if 0 <= deal < len(deal_ids) else None,
                    stamp(hours),
                    minutes,
                    outcome,
                ),
            )
        conn.executemany(
            "INSERT INTO exchange_rates (currency, rate, valid_from) VALUES (?, ?, ?)", RATES
        )
        for source, month, cost in (("referral", "2026-01", 300.0), ("WEBSITE", "2026-02", 80.0)):
            conn.execute(
                "INSERT INTO source_costs (source, month, cost) VALUES (?, ?, ?)",
                (source, month, cost),
            )
    return deal_ids


def apply_edits(db: Database, edits: list[tuple[str, int, int]]) -> None:
    """Change the book through the app's own operations; ``undo`` reverts the last one."""
    stage_ids = [r[0] for r in db.query("SELECT id FROM stages ORDER BY position")]
    done = []
    for kind, pick, extra in edits:
        deal_ids = [r[0] for r in db.query("SELECT id FROM deals ORDER BY id")]
        customer_ids = [r[0] for r in db.query("SELECT id FROM customers ORDER BY id")]
        contact_ids = [r[0] for r in db.query("SELECT id FROM interactions ORDER BY id")]
        deal = deal_ids[pick % len(deal_ids)] if deal_ids else None
        customer = customer_ids[pick % len(customer_ids)] if customer_ids else None
        status = db.scalar("SELECT status FROM deals WHERE id = ?", (deal,))
        change = None
        if kind == "undo":
            if done:
                revert(db, done.pop())
            continue
        if kind == "move" and status == "open":
            change = deals.move_deals(db, [deal], stage_ids[extra])
        elif kind == "win" and status == "open":
            change = deals.win_deals(db, [deal])
        elif kind == "lose" and status == "open":
            change = deals.lose_deals(db, [deal], "price")
        elif kind == "reopen" and status in ("won", "lost"):
            change = deals.reopen_deals(db, [deal])
        elif kind == "deal_owner" and deal:
            change = deals.update_deal(db, deal, {"owner": OWNERS[extra % 3]})
        elif kind == "customer_owner" and customer:
            change = customers.update_customer(db, customer, {"owner": OWNERS[extra % 3]})
        elif kind == "source" and customer:
            change = customers.update_customer(db, customer, {"source": SOURCES[extra]})
        elif kind == "delete_deal" and deal:
            change = deals.delete_deals(db, [deal])
        elif kind == "delete_customer" and customer:
            change = customers.delete_customer(db, customer, keep_deals=bool(extra % 2))
        elif kind == "delete_contact" and contact_ids:
            change = customers.delete_interaction(db, contact_ids[pick % len(contact_ids)])
        if change:
            done.append(change)


def close(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is b
    return a == pytest.approx(b, rel=1e-9, abs=1e-9)


def assert_matches(db: Database, since: date | None, until: date | None) -> None:
    expected = oracle(db, since, until)
    report = compute_funnel(db, since=since, until=until)
    stages = report.stages
    assert [s.reached for s in stages] == expected.reached
    assert [s.current for s in stages] == expected.current
    assert [s.p_win_sample for s in stages] == expected.samples
    for name, got in (
        ("conversion", [s.conversion_to_next for s in stages]),
        ("p_win", [s.p_win for s in stages]),
        ("median_days", [s.median_days_in_stage for s in stages]),
        ("weighted_per_stage", [s.weighted_value for s in stages]),
        ("open_value", [s.open_value for s in stages]),
    ):
        want = getattr(expected, name)
        assert all(close(g, w) for g, w in zip(got, want, strict=True)), (name, got, want)
    kpis = report.kpis
    assert (kpis.open_deals, kpis.won, kpis.lost) == (
        expected.open_deals,
        expected.won,
        expected.lost,
    )
    for got, want in (
        (kpis.weighted_pipeline, expected.weighted),
        (kpis.win_rate, expected.win_rate),
        (kpis.cycle_days_median, expected.cycle_median),
        (kpis.velocity_per_day, expected.velocity),
    ):
        assert close(got, want), (got, want)
    assert {f.month: f.weighted_value for f in report.forecast} == pytest.approx(expected.forecast)
    assert report.unconverted.deals == expected.unconverted
    b = report.bottleneck
    assert (b.from_stage, b.to_stage) == expected.bottleneck[:2]
    assert close(b.conversion, expected.bottleneck[2])
    for dimension, funnels in report.segments.items():
        assert {f.key: f.reached for f in funnels} == expected.segments[dimension], dimension
    got_activity = {
        a.owner: (a.interactions, a.positive, a.contact_hours, a.won) for a in report.activity
    }
    assert got_activity.keys() == expected.activity.keys()
    for owner, row in expected.activity.items():
        assert got_activity[owner][:2] == row[:2] and got_activity[owner][3] == row[3]
        assert close(got_activity[owner][2], row[2])
    assert {(c.source, c.month): c.customers for c in report.cac} == expected.cac


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=deal_specs, contacts=contact_specs, changes=edits, period=periods)
def test_every_figure_matches_a_literal_reading_of_the_design(
    db: Database,
    specs,
    contacts,
    changes,
    period,  # noqa: ANN001
) -> None:
    with db.bulk() as conn:
        for table in (
            "interactions",
            "stage_changes",
            "deals",
            "customers",
            "source_costs",
            "exchange_rates",
        ):
            conn.execute(f"DELETE FROM {table}")
    write_book(db, specs, contacts)
    apply_edits(db, changes)
    assert funnel_facts.differences(db.conn) == {}
    assert_matches(db, *period)
