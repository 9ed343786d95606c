"""The one home of the win-probability rule and the weighted value of a deal.

A deal's forecast probability is its own ``probability`` when the user set one; else the
learned ``p_win`` of its current stage — among *closed* deals that reached the stage, the
share that was won — once at least :data:`P_WIN_MIN_SAMPLE` closed deals stand behind it;
else the stage's configured probability. The learned figures come from every closed deal of
the pipeline (not from a chosen period), so the weighted pipeline is one number on the
board, in the funnel panel, in ``stats`` and in the report.

:func:`learned_probabilities` counts them with one grouped read of the funnel facts (a few
milliseconds at 50k deals), so the board paints the learned figures on its first paint.
The funnel statistics count the same things in numpy and call :func:`stage_probabilities`
with their counts; the backtest of the forecast does so with the deals closed before each
month it replays.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

P_WIN_MIN_SAMPLE = 20


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or ``None`` when the denominator is 0 (undefined)."""
    return None if not denominator else numerator / denominator


def deal_probability(
    override: float | None, configured: float, p_win: float | None, sample: int
) -> float:
    """A deal's win probability in percent: its own, else the learned one with a large
    enough sample, else the stage's configured one."""
    if override is not None:
        return float(override)
    if p_win is not None and sample >= P_WIN_MIN_SAMPLE:
        return 100.0 * p_win
    return float(configured)


def weighted(value: float, probability: float) -> float:
    """A deal's weighted value: value × probability (percent) / 100."""
    return value * probability / 100.0


@dataclass(frozen=True)
class StageRule:
    """What the rule needs of one open stage, in pipeline order."""

    stage_id: int
    configured: float  # 0-100


def stage_probabilities(
    stages: Sequence[StageRule], won: int, lost_reached: Sequence[int]
) -> dict[int, float]:
    """The probability (percent) of a deal without its own, per stage id.

    ``won`` closed deals were won (a won deal has reached every stage); ``lost_reached[i]``
    lost deals reached stage ``i`` or a later one.
    """
    result = {}
    for stage, lost in zip(stages, lost_reached, strict=True):
        sample = won + lost
        result[stage.stage_id] = deal_probability(
            None, stage.configured, ratio(won, sample), sample
        )
    return result


def pipeline_stages(conn: sqlite3.Connection, pipeline_id: int) -> list[StageRule]:
    return [
        StageRule(r[0], float(r[1] or 0))
        for r in conn.execute(
            "SELECT id, probability FROM stages WHERE pipeline_id = ? AND archived = 0 "
            "ORDER BY position, id",
            (pipeline_id,),
        )
    ]


def learned_probabilities(conn: sqlite3.Connection, pipeline_id: int) -> dict[int, float]:
    """Per open stage of the pipeline, the probability of a deal without its own override,
    learned from every closed deal of the pipeline (pure Python, no numpy: it runs before
    the board's first paint)."""
    stages = pipeline_stages(conn, pipeline_id)
    if not stages:
        return {}
    ordinal = {stage.stage_id: i for i, stage in enumerate(stages, start=1)}
    paths = {
        row[0]: max((ordinal.get(int(s), 0) for s in row[1].split(",") if s), default=0)
        for row in conn.execute("SELECT id, stages FROM stage_paths")
    }
    won = 0
    lost_at_depth = [0] * (len(stages) + 1)
    for path_id, stage_id, status, count in conn.execute(
        "SELECT path_id, stage_id, status, COUNT(*) FROM deal_facts "
        "WHERE pipeline_id = ? AND status > 0 GROUP BY path_id, stage_id, status",
        (pipeline_id,),
    ):
        if status == 2:
            won += count
        else:
            lost_at_depth[max(paths.get(path_id, 0), ordinal.get(stage_id, 0))] += count
    lost_reached, running = [], 0
    for depth in range(len(stages), 0, -1):
        running += lost_at_depth[depth]
        lost_reached.append(running)
    return stage_probabilities(stages, won, lost_reached[::-1])
