"""An explainable lead score (0-100) for open deals (docs/analytics.md).

A logistic model over six features a salesperson understands: the customer's source and
spending level, contacts in the last 30 days, days since the last contact, the deal's stage
and its value. It is fitted with numpy on the pipeline's closed deals (won = 1, lost = 0,
features taken as they were on the day each deal closed); below
:data:`MIN_TRAINING_DEALS` closed deals fixed default weights are used instead.

The score is ``100 × σ(base + Σ cᵢ)``: ``base`` is the logit of a typical deal and ``cᵢ``
what feature ``i`` adds or removes for this deal. Each feature's *points* share out the
distance between the deal's score and the typical deal's in proportion to ``cᵢ``, so the
points of a card's tooltip add up exactly to the score shown.

Values are compared in the reporting currency, converted as every total is
(``core/money.py``): open deals at the latest rate, closed deals at the rate of their close
day. A deal whose currency has no rate has no comparable value: a closed one is left out
of the training, an open one is scored with the typical deal's value (its value feature adds
no points and shows as not set), and both are counted (:attr:`LeadScore.unconverted`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from funneldesk.core import money
from funneldesk.core.clock import now_timestamp
from funneldesk.core.db import Database

if TYPE_CHECKING:
    import numpy as np

MIN_TRAINING_DEALS = 30
MAX_TRAINING_DEALS = 5000
RIDGE = 1.0
FEATURES = (
    "source",
    "spending_level",
    "interactions_30d",
    "days_since_contact",
    "stage",
    "value",
)
STRONG_SOURCES = {"referral": 0.6, "转介绍": 0.6, "exhibition": 0.2, "walk-in": 0.2}
SPENDING_LEVELS = {
    "high": 1.0,
    "高": 1.0,
    "vip": 1.0,
    "medium": 0.5,
    "mid": 0.5,
    "中": 0.5,
    "low": 0.0,
    "低": 0.0,
}
DEFAULT_WEIGHTS = {
    "spending_level": 0.8,
    "interactions_30d": 0.5,
    "days_since_contact": -0.35,
    "stage": 2.0,
    "value": -0.15,
}
DEFAULT_INTERCEPT = -0.4


@dataclass(frozen=True)
class LeadScore:
    """A deal's score with the points each feature contributed (they sum to ``score - base``)."""

    deal_id: int
    score: int
    base: float
    contributions: list[tuple[str, float]]
    values: dict[str, Any]
    fitted: bool  # learned from closed deals (True) or default weights (False)
    unconverted: int = 0  # the pipeline's closed deals left out of the fit: no exchange rate


@dataclass(frozen=True)
class _Features:
    deal_ids: list[int]
    sources: list[str | None]
    matrix: np.ndarray  # spending, interactions, days, stage, value (NaN: no rate)
    won: np.ndarray  # 1.0 won, 0.0 lost (training only)
    raw: list[dict[str, Any]]


@dataclass(frozen=True)
class _Model:
    sources: tuple[str, ...]  # one-hot columns, in this order
    weights: np.ndarray  # numeric weights then source weights
    intercept: float
    centre: np.ndarray  # feature values of the typical deal
    fitted: bool
    unconverted: int = 0


_MODELS: dict[tuple[Any, ...], _Model] = {}
_MEDIANS: dict[tuple[Any, ...], float] = {}


def _value_sql(reporting: str) -> str:
    """A deal's value (``deals d``) in the reporting currency; NULL when it has no rate."""
    day = "CASE WHEN d.status = 'open' THEN NULL ELSE date(d.closed_at) END"
    currency = "NULLIF(upper(trim(d.currency)), '')"
    return f"d.value * {money.rate_sql(currency, day, reporting)}"


_FEATURE_SQL = """
SELECT d.id, c.source, c.spending_level, {value}, d.stage_id, d.status = 'won',
  (SELECT COUNT(*) FROM interactions i WHERE i.customer_id = d.customer_id
     AND i.occurred_at <= r.ref
     AND i.occurred_at > strftime('%Y-%m-%dT%H:%M:%SZ', r.ref, '-30 days')),
  (julianday(r.ref) - julianday(COALESCE(
     (SELECT MAX(i.occurred_at) FROM interactions i WHERE i.customer_id = d.customer_id
        AND i.occurred_at <= r.ref), d.created_at)))
FROM deals d
JOIN (SELECT id, COALESCE(closed_at, ?) AS ref FROM deals) r ON r.id = d.id
LEFT JOIN customers c ON c.id = d.customer_id
WHERE {where}
"""


def score_deals(db: Database, deal_ids: Sequence[int]) -> dict[int, LeadScore]:
    """Scores of the given open deals (closed or unknown ids are left out)."""
    if not deal_ids:
        return {}
    placeholders = ",".join("?" for _ in deal_ids)
    rows = db.query(
        f"SELECT id, pipeline_id FROM deals WHERE status = 'open' AND id IN ({placeholders})",
        list(deal_ids),
    )
    by_pipeline: dict[int, list[int]] = {}
    for deal_id, pipeline_id in rows:
        by_pipeline.setdefault(pipeline_id, []).append(deal_id)
    result: dict[int, LeadScore] = {}
    reporting = money.reporting_currency(db)
    for pipeline_id, ids in by_pipeline.items():
        inputs = _inputs(db, pipeline_id)
        median = _median_value(db, pipeline_id, reporting, inputs)
        model = _model(db, pipeline_id, reporting, inputs, median)
        features = _features(db, pipeline_id, ids, reporting, median, closed=False)
        result.update(_score(model, features))
    return result


def _stage_progress(db: Database, pipeline_id: int) -> dict[int, float]:
    """Live stages mapped to 0 (first) … 1 (last); archived stages count as the first."""
    ids = [
        r[0]
        for r in db.query(
            "SELECT id FROM stages WHERE pipeline_id = ? AND archived = 0 ORDER BY position, id",
            (pipeline_id,),
        )
    ]
    span = max(len(ids) - 1, 1)
    return {stage_id: index / span for index, stage_id in enumerate(ids)}


def _features(
    db: Database,
    pipeline_id: int,
    deal_ids: Sequence[int] | None,
    reporting: str,
    median_value: float,
    *,
    closed: bool,
) -> _Features:
    """Feature rows of some open deals (``deal_ids``) or of the latest closed deals; values
    are compared with the pipeline's median (:func:`_median_value`)."""
    import numpy as np

    if closed:
        where = (
            "d.pipeline_id = ? AND d.status IN ('won', 'lost') ORDER BY d.closed_at DESC LIMIT ?"
        )
        params: list[Any] = [now_timestamp(), pipeline_id, MAX_TRAINING_DEALS]
    else:
        ids = list(deal_ids or [])
        where = f"d.id IN ({','.join('?' for _ in ids)})"
        params = [now_timestamp(), *ids]
    rows = db.query(_FEATURE_SQL.format(value=_value_sql(reporting), where=where), params)
    progress = _stage_progress(db, pipeline_id)
    raw, numeric = [], []
    for _, source, level, value, stage_id, _won, recent, days in rows:
        days = max(float(days or 0.0), 0.0)
        spending = SPENDING_LEVELS.get(str(level or "").strip().lower(), 0.5)
        stage = progress.get(stage_id, 0.0)
        raw.append(
            {
                "source": source,
                "spending_level": level,
                "interactions_30d": int(recent),
                "days_since_contact": round(days, 1),
                "stage": stage,
                "value": None if value is None else float(value),
            }
        )
        numeric.append(
            [
                spending,
                math.log1p(recent),
                math.log1p(days),
                stage,
                math.nan if value is None else _log_value(value) - _log_value(median_value),
            ]
        )
    return _Features(
        deal_ids=[r[0] for r in rows],
        sources=[_source_key(r[1]) for r in rows],
        matrix=np.array(numeric, dtype=float).reshape(len(rows), 5),
        won=np.array([float(r[5]) for r in rows]),
        raw=raw,
    )


def _log_value(value: float | None) -> float:
    return math.log1p(float(value or 0.0))


def _source_key(source: str | None) -> str | None:
    return source.strip().lower() if source and source.strip() else None


def _median_value(db: Database, pipeline_id: int, reporting: str, inputs: _Inputs) -> float:
    """The median converted value of the pipeline's deals (those with a rate), kept per
    fingerprint of its inputs: converting every deal costs ~0.25 s of CPU at 100k, and a
    card moved on the board changes none of them."""
    key = (str(db.path), pipeline_id, reporting, inputs)
    median = _MEDIANS.get(key)
    if median is None:
        converted = f"SELECT {_value_sql(reporting)} AS v FROM deals d WHERE d.pipeline_id = ?"
        values = db.query(
            f"SELECT v FROM ({converted}) WHERE v IS NOT NULL ORDER BY v", (pipeline_id,)
        )
        median = float(values[len(values) // 2][0] or 0.0) if values else 0.0
        _keep(_MEDIANS, key, median)
    return median


def _keep(cache: dict[tuple[Any, ...], Any], key: tuple[Any, ...], value: Any) -> None:
    """Store ``value`` as the one entry of its file, pipeline and reporting currency (the
    first three parts of ``key``): an outdated fingerprint is not looked up again. Safe
    while the board and a card score on two workers: it iterates over a copy of the keys."""
    for stale in [k for k in list(cache) if k[:3] == key[:3]]:
        cache.pop(stale, None)
    cache[key] = value


@dataclass(frozen=True)
class _Inputs:
    """A fingerprint of what a pipeline's converted deal values depend on, read in ~20 ms at
    100k (two covering-index scans of ``deal_facts``, which triggers keep equal to ``deals``
    in the same transaction): per status and currency the deals' count and their plain and
    id-weighted sums of value; the closed deals' plain and id-weighted sums of close time;
    every exchange rate. A change of any one deal's value, currency, status, close time or
    pipeline changes it."""

    groups: tuple[tuple[Any, ...], ...]  # (status 0/1/2, currency, count, Σ value, Σ id·value)
    closed_times: tuple[Any, ...]
    rates: str | None

    def closed(self) -> tuple[Any, ...]:
        """The part the closed deals (the model's training) depend on."""
        return (tuple(g for g in self.groups if g[0] != 0), self.closed_times, self.rates)

    def closed_count(self) -> int:
        return sum(g[2] for g in self.groups if g[0] != 0)


def _inputs(db: Database, pipeline_id: int) -> _Inputs:
    groups = db.query(
        "SELECT status, currency, COUNT(*), total(value), total(deal_id * value) "
        "FROM deal_facts WHERE pipeline_id = ? GROUP BY status, currency",
        (pipeline_id,),
    )
    closed_times = db.query_one(
        "SELECT total(closed), total(deal_id * closed) FROM deal_facts "
        "WHERE pipeline_id = ? AND status IN (1, 2)",
        (pipeline_id,),
    )
    rates = db.scalar("SELECT group_concat(currency || valid_from || rate) FROM exchange_rates")
    return _Inputs(tuple(tuple(g) for g in groups), tuple(closed_times), rates)


def _model(
    db: Database, pipeline_id: int, reporting: str, inputs: _Inputs, median: float
) -> _Model:
    """The fitted model of a pipeline, re-fitted only when its closed deals, the exchange
    rates or the ``median`` value its features are taken against (:func:`_median_value`,
    which the caller has already read for the open deals' features) change."""
    key = (str(db.path), pipeline_id, reporting, inputs.closed(), median)
    model = _MODELS.get(key)
    if model is None:
        model = _build_model(db, pipeline_id, reporting, inputs.closed_count(), median)
        _keep(_MODELS, key, model)
    return model


def _build_model(
    db: Database, pipeline_id: int, reporting: str, closed_count: int, median: float
) -> _Model:
    """Fit on the latest closed deals; those without a rate are left out and counted."""
    import dataclasses

    import numpy as np

    if closed_count < MIN_TRAINING_DEALS:
        return _default_model()
    training = _features(db, pipeline_id, None, reporting, median, closed=True)
    convertible = ~np.isnan(training.matrix[:, -1])
    unconverted = int((~convertible).sum())
    won = training.won[convertible]
    if convertible.sum() < MIN_TRAINING_DEALS or np.unique(won).size < 2:
        return dataclasses.replace(_default_model(), unconverted=unconverted)
    kept = [s for s, keep in zip(training.sources, convertible.tolist(), strict=True) if keep]
    sources = tuple(sorted({s for s in kept if s is not None}))[:12]
    x = np.hstack([training.matrix[convertible], _one_hot(kept, sources)])
    centre = x.mean(axis=0)
    weights, intercept = _fit_logistic(x - centre, won)
    return _Model(sources, weights, intercept, centre, fitted=True, unconverted=unconverted)


def _default_model() -> _Model:
    import numpy as np

    sources = tuple(STRONG_SOURCES)
    numeric = [DEFAULT_WEIGHTS[f] for f in FEATURES[1:]]
    weights = np.array(numeric + [STRONG_SOURCES[s] for s in sources])
    centre = np.array([0.5, 0.0, math.log1p(14), 0.0, 0.0] + [0.0] * len(sources))
    return _Model(sources, weights, DEFAULT_INTERCEPT, centre, fitted=False)


def _one_hot(values: Sequence[str | None], sources: Sequence[str]) -> np.ndarray:
    import numpy as np

    column = {s: i for i, s in enumerate(sources)}
    result = np.zeros((len(values), len(sources)))
    for row, value in enumerate(values):
        if value in column:
            result[row, column[value]] = 1.0
    return result


def _fit_logistic(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Ridge-penalised logistic regression by Newton's method (a handful of iterations)."""
    import numpy as np

    design = np.hstack([np.ones((x.shape[0], 1)), x])
    beta = np.zeros(design.shape[1])
    penalty = np.eye(design.shape[1]) * RIDGE
    penalty[0, 0] = 0.0
    for _ in range(25):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ beta, -30, 30)))
        gradient = design.T @ (y - p) - penalty @ beta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.abs(step).max() < 1e-6:
            break
    return beta[1:], float(beta[0])


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def _score(model: _Model, features: _Features) -> dict[int, LeadScore]:
    import numpy as np

    x = np.hstack([features.matrix, _one_hot(features.sources, model.sources)])
    x = np.where(np.isnan(x), model.centre, x)  # no rate: the typical deal's value
    logits = (x - model.centre) * model.weights
    base = 100.0 * _sigmoid(model.intercept)
    result = {}
    for row, deal_id in enumerate(features.deal_ids):
        parts = [float(v) for v in logits[row, : len(FEATURES) - 1]]
        parts.insert(0, float(logits[row, len(FEATURES) - 1 :].sum()))  # all source columns
        exact = 100.0 * _sigmoid(model.intercept + sum(parts))
        score = round(exact)
        total = sum(parts)
        share = (score - base) / total if abs(total) > 1e-12 else 0.0
        result[deal_id] = LeadScore(
            deal_id=deal_id,
            score=score,
            base=base,
            contributions=[
                (name, part * share) for name, part in zip(FEATURES, parts, strict=True)
            ],
            values=features.raw[row],
            fitted=model.fitted,
            unconverted=model.unconverted,
        )
    return result
