"""Reading one pipeline's funnel facts (``core/funnel_facts.py``) for the statistics.

Two kinds of read. :func:`deal_columns` fetches the pipeline's deals once per request as
numpy columns, which ``core/funnel_statistics.py`` cuts by period and counts in numpy. The rest are
totals SQLite computes per period over covering indexes (won value converted into the
reporting currency, medians of stage visits, contacts per owner), so no per-visit or per-contact
row ever reaches Python.

Columns cross as JSON arrays of integers that SQLite builds and numpy parses in C: several
times cheaper than row tuples (and than JSON floats, which is why times are whole seconds
and money is summed in SQL). numpy is imported inside the functions, so importing this
module costs nothing at start-up.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

MISSING = -(1 << 62)  # stands for NULL in integer columns
UNBOUNDED = (MISSING, 1 << 62)  # epoch bounds of "all time"


@dataclass
class DealColumns:
    """The deals of one pipeline in ``deal_facts`` order, one entry per deal."""

    status: np.ndarray  # 0 open, 1 lost, 2 won
    path: np.ndarray  # stage_paths.id: the stages its history visited
    stage_id: np.ndarray  # current (or last open) stage
    created: np.ndarray  # Unix seconds as floats, NaN when unreadable
    closed: np.ndarray  # Unix seconds as floats, NaN while open or when unreadable
    deal_id: np.ndarray | None  # only when asked for (segments)
    customer_id: np.ndarray | None  # -1 for none; only when asked for (segments)
    money: DealMoney | None = None  # only when asked for (the forecast backtest)


@dataclass
class DealMoney:
    """What the forecast backtest adds for the deals open at some moment of a window,
    one entry per such deal, in the order of the deal columns."""

    deal_id: np.ndarray
    value: np.ndarray  # in the deal's own currency
    probability: np.ndarray  # the deal's own probability (percent), NaN when it has none
    currency: np.ndarray  # index into ``currencies``
    currencies: list[str | None]  # normalised; ``None``: the reporting currency


def numbers(json_array: str, dtype: Any) -> np.ndarray:
    """A JSON array of numbers without nulls, parsed by numpy's text reader.

    Floats written as whole numbers (see :func:`real_sql`) are read as integers and
    converted: numpy parses integer text several times faster than float text, and an
    integer's text converts to the very same double (both round to nearest)."""
    import numpy as np

    text = json_array[1:-1]
    if np.dtype(dtype).kind == "f" and "." not in text and "e" not in text and "E" not in text:
        return np.fromstring(text, dtype=np.int64, sep=",").astype(dtype)
    return np.fromstring(text, dtype=dtype, sep=",")


def real_sql(expression: str) -> str:
    """A REAL column for :func:`numbers` with a float dtype: whole values cross as integer
    text, which SQLite writes several times faster than a double's, and which parses back
    to the very same double (non-whole ones cross unchanged)."""
    return (
        f"json_group_array(IIF({expression} = CAST({expression} AS INTEGER), "
        f"CAST({expression} AS INTEGER), {expression}))"
    )


def seconds(values: np.ndarray) -> np.ndarray:
    """Integer epoch seconds as floats, NaN where the sentinel stands for NULL."""
    import numpy as np

    result = values.astype(float)
    result[values == MISSING] = np.nan
    return result


# Deals open at some moment of ``[low, high)``: created before its end, not closed before
# its start (an unreadable time, NULL, is in no window).
OPEN_IN_WINDOW = "created < :high AND (status = 0 OR closed >= :low)"


def _deal_sql(extra: bool, currency_code: str | None) -> str:
    columns = [
        "status + 4 * path_id",
        "stage_id",
        f"IFNULL(created, {MISSING})",
        f"IFNULL(closed, {MISSING})",
    ]
    if extra:
        columns += ["deal_id", "IFNULL(customer_id, -1)"]
    arrays = [f"json_group_array({c})" for c in columns]
    if currency_code is not None:
        window = f" FILTER (WHERE {OPEN_IN_WINDOW})"
        if not extra:  # with ``extra`` they are cut from every deal's id
            arrays.append(f"json_group_array(deal_id){window}")
        # Few deals have a probability of their own: those cross with their ids, not a
        # placeholder for every other deal (the NULL test first spares the window's).
        own = f" FILTER (WHERE probability IS NOT NULL AND {OPEN_IN_WINDOW})"
        arrays += [
            real_sql("value") + window,
            f"json_group_array(deal_id){own}",
            real_sql("probability") + own,
            f"json_group_array({currency_code}){window}",
        ]
    # ``+pipeline_id``: a scan in rowid order reads the table once, where the index would
    # visit the rows at random.
    return f"SELECT {', '.join(arrays)} FROM deal_facts WHERE +pipeline_id = :pipeline"


# Each step seeks the next greater value in the ``(pipeline_id, column)`` index: a few
# seeks, where DISTINCT would read every deal's entry.
_DISTINCT = """
WITH RECURSIVE seen(value) AS (
    SELECT MIN({column}) FROM deal_facts WHERE pipeline_id = :pipeline
    UNION ALL
    SELECT (SELECT MIN({column}) FROM deal_facts
            WHERE pipeline_id = :pipeline AND {column} > seen.value)
    FROM seen WHERE seen.value IS NOT NULL
    LIMIT :limit)
SELECT NULL WHERE EXISTS (
    SELECT 1 FROM deal_facts WHERE pipeline_id = :pipeline AND {column} IS NULL)
UNION ALL
SELECT value FROM seen WHERE value IS NOT NULL
"""


def _distinct(
    conn: sqlite3.Connection, pipeline_id: int, column: str, limit: int = -1
) -> list[Any]:
    """The values of an indexed ``deal_facts`` column in the pipeline (``None`` first when
    some deal has none, then in the index's order); only the first ``limit`` besides
    ``None`` when a limit is given."""
    sql = _DISTINCT.format(column=column)
    return [row[0] for row in conn.execute(sql, {"pipeline": pipeline_id, "limit": limit})]


def pipeline_currencies(conn: sqlite3.Connection, pipeline_id: int) -> list[str | None]:
    """The pipeline's currencies (``None`` first when some deal has none, then by code):
    the backtest codes its deals' currencies with them, and they tell whether any deal
    is left unconverted."""
    return _distinct(conn, pipeline_id, "currency")


def _currency_codes(
    currencies: list[str | None], likely: str | None = None
) -> tuple[str, list[str | None]]:
    """SQL giving each deal a small integer for its currency (a CASE over the pipeline's
    few ``currencies``), and the currencies in code order: one number per deal crosses
    instead of one string. The ``likely`` currency (the reporting one: most deals that
    name a currency name it) is tested first, so they take one comparison, not several."""
    order = sorted(range(len(currencies)), key=lambda i: currencies[i] != likely)
    coded = " ".join(
        f"WHEN '{code.replace(chr(39), chr(39) * 2)}' THEN {i}"
        for i, code in ((i, currencies[i]) for i in order)
        if code is not None
    )
    unknown = currencies.index(None) if None in currencies else 0
    code_sql = f"CASE currency {coded} ELSE {unknown} END" if coded else str(unknown)
    return code_sql, currencies or [None]


def deal_columns(
    conn: sqlite3.Connection,
    pipeline_id: int,
    *,
    extra: bool,
    window: tuple[int, int] | None = None,
    currencies: Sequence[str | None] | None = None,
    likely_currency: str | None = None,
) -> DealColumns:
    """Every deal of the pipeline, in one scan; ``extra`` adds deal and customer ids, and a
    ``window`` (``low``, ``high`` in Unix seconds) the money of the deals open in it
    (:class:`DealMoney`, for the forecast backtest: from the same scan, not a second one),
    whose ``currencies`` (the pipeline's, as :func:`pipeline_currencies` lists them; read when not
    given; the ``likely_currency`` first) become small codes."""
    import numpy as np

    if window and currencies is None:
        currencies = pipeline_currencies(conn, pipeline_id)
    code_sql, codes = (
        _currency_codes(list(currencies or ()), likely_currency) if window else (None, [])
    )
    low, high = window or (0, 0)
    row = conn.execute(
        _deal_sql(extra, code_sql), {"pipeline": pipeline_id, "low": low, "high": high}
    ).fetchone()
    ints = 6 if extra else 4
    cols = [numbers(c, np.int64) for c in row[:ints]]
    packed, stage_id, created, closed = cols[:4]
    money = None
    if window:
        *ids, value, own_ids, own, currency = row[ints:]
        deal_ids = numbers(ids[0], np.int64) if ids else cols[4][_open_in(window, cols)]
        money = DealMoney(
            deal_ids,
            numbers(value, float),
            _own_probabilities(deal_ids, numbers(own_ids, np.int64), numbers(own, float)),
            numbers(currency, np.int64),
            codes,
        )
    return DealColumns(
        status=(packed & 3).astype(np.int8),
        path=packed >> 2,
        stage_id=stage_id,
        created=seconds(created),
        closed=seconds(closed),
        deal_id=cols[4] if extra else None,
        customer_id=cols[5] if extra else None,
        money=money,
    )


def _own_probabilities(deal_ids: np.ndarray, ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Each of ``deal_ids``' own probability, from the few deals ``ids`` that have one
    (``values``); NaN for the others."""
    import numpy as np

    result = np.full(deal_ids.size, np.nan)
    rows, found = RowLookup(deal_ids).rows(ids)
    result[rows] = values[found]
    return result


def _open_in(window: tuple[int, int], cols: list[np.ndarray]) -> np.ndarray:
    """The deals :data:`OPEN_IN_WINDOW` picks, from the status, created and closed columns
    as read (``MISSING`` for NULL, which no comparison holds for)."""
    low, high = window
    packed, _stage, created, closed = cols[:4]
    known = created != MISSING  # MISSING closed is before every ``low``
    return known & (created < high) & (((packed & 3) == 0) | (closed >= low))


class RowLookup:
    """Where ids sit in a column of unique ids (deal ids, in the order they were read): a
    table indexed by id when the ids are dense enough, as deal ids are (one entry per id
    up to the largest, filled in a fraction of a millisecond), else a binary search."""

    def __init__(self, ids: np.ndarray) -> None:
        import numpy as np

        self._table: np.ndarray | None = None
        if ids.size and int(ids.min()) >= 0 and int(ids.max()) < 4 * ids.size + 65536:
            self._table = np.full(int(ids.max()) + 1, -1, dtype=np.int64)
            self._table[ids] = np.arange(ids.size)
        else:
            self._order = np.argsort(ids, kind="stable")
            self._sorted = ids[self._order]

    def rows(self, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The rows of the ``wanted`` ids that are in the column (in ``wanted`` order),
        and a mask over ``wanted`` of those found."""
        import numpy as np

        if self._table is not None:
            inside = (wanted >= 0) & (wanted < self._table.size)
            at = self._table[np.where(inside, wanted, 0)]
            found = inside & (at >= 0)
            return at[found], found
        if not self._sorted.size:
            return np.zeros(0, dtype=np.int64), np.zeros(wanted.size, dtype=bool)
        at = np.minimum(np.searchsorted(self._sorted, wanted), self._sorted.size - 1)
        found = self._sorted[at] == wanted
        return self._order[at[found]], found


class IdValues:
    """A number per id, for ids of any size: a team file's ids are 63-bit (time and
    device bits), so they cannot index an array the way a single-user file's 1, 2, 3 can."""

    def __init__(self, values: dict[int, float], dtype: Any = float) -> None:
        import numpy as np

        self._lookup = RowLookup(np.fromiter(values, dtype=np.int64, count=len(values)))
        self._values = np.fromiter(values.values(), dtype=dtype, count=len(values))

    def of(self, ids: np.ndarray) -> np.ndarray:
        """The value of each of ``ids``, 0 for ids without one."""
        import numpy as np

        rows, found = self._lookup.rows(ids)
        out = np.zeros(ids.shape, dtype=self._values.dtype)
        out[found] = self._values[rows]
        return out


def stage_paths(conn: sqlite3.Connection) -> dict[int, list[int]]:
    """Every stored path: its id and the stage ids it holds."""
    return {
        row[0]: [int(s) for s in row[1].split(",")] if row[1] else []
        for row in conn.execute("SELECT id, stages FROM stage_paths")
    }


# With more values than this (a free-text source nobody tidied), one GROUP BY pass costs
# less than a statement per value.
RANGES_UP_TO = 64


def ids_by(conn: sqlite3.Connection, pipeline_id: int, column: str) -> list[tuple[Any, np.ndarray]]:
    """The pipeline's deal ids grouped by ``source`` or ``owner``, straight from the index
    on ``(pipeline_id, column)`` (no sort, no table row read): the few values first, then
    one range of the index per value, which SQLite walks faster than a ``GROUP BY``
    building every group's array (the groups come in the same order either way)."""
    import numpy as np

    if column not in ("source", "owner"):
        raise ValueError(column)
    keys = _distinct(conn, pipeline_id, column, limit=RANGES_UP_TO)
    if len(keys) - (None in keys) >= RANGES_UP_TO:
        rows = conn.execute(
            f"SELECT {column}, json_group_array(deal_id) FROM deal_facts "
            f"WHERE pipeline_id = ? GROUP BY {column}",
            (pipeline_id,),
        ).fetchall()
    else:
        sql = (
            "SELECT json_group_array(deal_id) FROM deal_facts "
            f"WHERE pipeline_id = ? AND {column} IS ?"
        )
        rows = [(key, conn.execute(sql, (pipeline_id, key)).fetchone()[0]) for key in keys]
    return [(key, numbers(ids, np.int64)) for key, ids in rows]


_VISITS = (
    "FROM stage_visits WHERE pipeline_id = ? AND stage_id = ? "
    "AND seconds IS NOT NULL AND created >= ? AND created < ?"
)


def visit_median(
    conn: sqlite3.Connection,
    pipeline_id: int,
    stage_id: int,
    low: int,
    high: int,
    *,
    before: int | None = None,
) -> tuple[float | None, int]:
    """Median seconds of the completed visits to a stage by deals created in ``[low, high)``
    (only those completed ``before`` a moment, when given), and how many there were.

    The index keeps each stage's visits in order of length, so the median is read by
    counting, then stepping to the middle — no visit crosses into Python.
    """
    where = _VISITS + ("" if before is None else " AND entered + seconds <= ?")
    params: tuple[int, ...] = (pipeline_id, stage_id, low, high)
    if before is not None:
        params += (before,)
    count = conn.execute(f"SELECT COUNT(*) {where}", params).fetchone()[0]
    if not count:
        return None, 0
    middle = [
        r[0]
        for r in conn.execute(
            f"SELECT seconds {where} ORDER BY seconds LIMIT ? OFFSET ?",
            (*params, 2 - count % 2, (count - 1) // 2),
        )
    ]
    return sum(middle) / len(middle), count


def visits_before(
    conn: sqlite3.Connection, pipeline_id: int, low: int, high: int, moment: int
) -> tuple[np.ndarray, np.ndarray]:
    """Deal and stage of every stage visit that began before ``moment``, of the deals
    created in ``[low, high)`` (a previous period's cohort as it stood then)."""
    import numpy as np

    deal_ids, stage_ids = conn.execute(
        "SELECT json_group_array(deal_id), json_group_array(stage_id) FROM stage_visits "
        "WHERE pipeline_id = ? AND created >= ? AND created < ? AND entered < ?",
        (pipeline_id, low, high, moment),
    ).fetchone()
    return numbers(deal_ids, np.int64), numbers(stage_ids, np.int64)


def contacts_by_owner(
    conn: sqlite3.Connection, low_day: str, high_day: str
) -> dict[str | None, tuple[int, int, int]]:
    """Interactions, positive ones and contact seconds per owner, days in ``[low, high)``."""
    rows = conn.execute(
        "SELECT owner, SUM(interactions), SUM(positive), SUM(seconds) FROM activity_days "
        "WHERE day >= ? AND day < ? GROUP BY owner HAVING SUM(interactions) > 0",
        (low_day, high_day),
    )
    return {(r[0] or None): (int(r[1]), int(r[2]), int(r[3])) for r in rows}


@dataclass
class FirstWins:
    """Each customer's first won deal (any pipeline): sorted customer ids, when, source."""

    customer_id: np.ndarray
    closed: np.ndarray  # Unix seconds (float)
    source: list[str | None]


def first_wins(conn: sqlite3.Connection) -> FirstWins:
    """Each customer's won deals in the order of the covering index (customer, close time,
    source), kept to the first of each customer here: the same row ``MIN(closed)`` with
    ``GROUP BY`` would give, at a third of SQLite's work."""
    import json
    from itertools import compress

    import numpy as np

    customers, closed, sources = conn.execute(
        "SELECT json_group_array(customer_id), json_group_array(closed), "
        "json_group_array(source) FROM (SELECT customer_id, closed, source FROM deal_facts "
        "WHERE status = 2 AND customer_id IS NOT NULL AND closed IS NOT NULL "
        "ORDER BY customer_id, closed, source)"
    ).fetchone()
    ids = numbers(customers, np.int64)
    first = np.ones(ids.size, dtype=bool)
    first[1:] = ids[1:] != ids[:-1]
    return FirstWins(
        ids[first],
        numbers(closed, np.int64)[first].astype(float),
        list(compress(json.loads(sources), first.tolist())),
    )


def source_costs(
    conn: sqlite3.Connection, low_month: str, high_month: str
) -> list[tuple[str, str, float]]:
    """Marketing costs entered for the months ``[low, high]`` (inclusive ``YYYY-MM``)."""
    return [
        (r[0], r[1], float(r[2] or 0.0))
        for r in conn.execute(
            "SELECT source, month, cost FROM source_costs WHERE month >= ? AND month <= ? "
            "ORDER BY month, source",
            (low_month, high_month),
        )
    ]


@dataclass
class OpenDeals:
    """The pipeline's open deals now, one entry per deal, values in their own currency."""

    currency: list[str | None]  # normalised; ``None``: the reporting currency
    stage_id: np.ndarray
    value: np.ndarray
    probability: np.ndarray  # the deal's own probability (percent), NaN when it has none
    month: list[str | None]  # expected-close ``YYYY-MM``


def open_deals(conn: sqlite3.Connection, pipeline_id: int) -> OpenDeals:
    """Every open deal of the pipeline, read from the ``(pipeline_id, status, currency, ...)``
    covering index as one JSON array per column and currency."""
    import json

    import numpy as np

    currency: list[str | None] = []
    stage_ids, values, probabilities, months = [], [], [], []
    for code, stages, value, probability, month in conn.execute(
        f"SELECT currency, json_group_array(stage_id), {real_sql('value')}, "
        f"{real_sql('IFNULL(probability, -1)')}, json_group_array(expected_month) "
        "FROM deal_facts WHERE pipeline_id = ? AND status = 0 GROUP BY currency",
        (pipeline_id,),
    ):
        stage_ids.append(numbers(stages, np.int64))
        values.append(numbers(value, float))
        probabilities.append(numbers(probability, float))
        months += json.loads(month)
        currency += [code] * stage_ids[-1].size
    joined = lambda parts, kind: np.concatenate(parts) if parts else np.zeros(0, kind)  # noqa: E731
    own = joined(probabilities, float)
    own[own < 0] = np.nan
    return OpenDeals(currency, joined(stage_ids, np.int64), joined(values, float), own, months)


def won_value(
    conn: sqlite3.Connection, pipeline_id: int, low: int, high: int, reporting: str
) -> tuple[float, int]:
    """Converted value of the deals won in ``[low, high)`` (each at the rate of its close
    day) and how many of them could be converted."""
    from funneldesk.core.money import rate_sql

    rate = rate_sql("f.currency", "date(f.closed, 'unixepoch')", reporting)
    total, converted = conn.execute(
        f"SELECT TOTAL(value * rate), COUNT(rate) FROM (SELECT f.value, {rate} AS rate "
        "FROM deal_facts f WHERE f.pipeline_id = ? AND f.status = 2 AND f.closed >= ? "
        "AND f.closed < ?)",
        (pipeline_id, low, high),
    ).fetchone()
    return float(total), int(converted)


@dataclass
class PastVisits:
    """Per stage visit that could be a deal's latest one at some moment of ``[low, high)``:
    its deal, stage and start (for replaying the pipeline of past dates)."""

    deal: np.ndarray
    stage: np.ndarray
    entered: np.ndarray


def past_visits(conn: sqlite3.Connection, pipeline_id: int, low: int, high: int) -> PastVisits:
    """The pipeline's visits begun before ``high`` and not over before ``low``: a visit that
    ended earlier was followed by another (or by the close) before any moment asked about.
    One scan in rowid order (``+pipeline_id``): the index would read most rows at random."""
    import numpy as np

    deal, stage, entered = (
        numbers(column, np.int64)
        for column in conn.execute(
            "SELECT json_group_array(deal_id), json_group_array(stage_id), "
            "json_group_array(entered) FROM stage_visits WHERE +pipeline_id = ? AND entered < ? "
            "AND (seconds IS NULL OR entered + seconds >= ?)",
            (pipeline_id, high, low),
        ).fetchone()
    )
    return PastVisits(deal, stage, entered)
