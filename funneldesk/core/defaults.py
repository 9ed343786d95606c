"""What a brand-new database starts with: one pipeline, its stages, and file-level settings.

Stage names are data, not UI text, so they are chosen once in the user's language when the
file is created and can be renamed later like any other stage.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

SUPPORTED_LANGUAGES = ("en", "zh_CN")


@dataclass(frozen=True)
class StageDefault:
    name_en: str
    name_zh: str
    probability: float
    rot_days: int | None


DEFAULT_STAGES: tuple[StageDefault, ...] = (
    StageDefault("Lead", "潜在客户", 10, 14),
    StageDefault("Contacted", "初步接触", 20, 14),
    StageDefault("Needs analysis", "需求分析", 40, 21),
    StageDefault("Proposal", "提供方案", 60, 21),
    StageDefault("Negotiation", "商务谈判", 80, 14),
)

DEFAULT_PIPELINE_NAME = {"en": "Sales", "zh_CN": "销售管道"}

DEFAULT_SETTINGS = {
    "currency": {"en": "USD", "zh_CN": "CNY"},
    "language": {"en": "en", "zh_CN": "zh_CN"},
    "feb29_in_common_years": {"en": "02-28", "zh_CN": "02-28"},
    "remind_days_before": {"en": "7", "zh_CN": "7"},
}

TEAM_SETTINGS = {
    "currency": 1,
    "feb29_in_common_years": 2,
    "default_pipeline_id": 3,
    "greeting_templates": 4,
}
"""File settings a team shares, with the row id each one has in every file (numbers are
never reused): the reporting currency, the 29 February rule, the pipeline new deals go to
and the greeting texts. The others (the file's language, how many days ahead reminders
start, the festival greetings chosen, the lost reasons typed lately, the pairs dismissed as
not duplicates) are each salesperson's own."""


def normalise_language(language: str | None) -> str:
    """Map ``zh``, ``zh_CN``, ``zh-Hans`` ... to ``zh_CN``; anything else to ``en``."""
    if language and language.replace("-", "_").lower().startswith("zh"):
        return "zh_CN"
    return "en"


def stage_name(stage: StageDefault, language: str) -> str:
    return stage.name_zh if normalise_language(language) == "zh_CN" else stage.name_en


def seed_new_database(conn: sqlite3.Connection, language: str) -> None:
    """Insert the default pipeline, its five stages and the file settings (inside a transaction)."""
    language = normalise_language(language)
    cursor = conn.execute(
        "INSERT INTO pipelines (name, position) VALUES (?, 1)", (DEFAULT_PIPELINE_NAME[language],)
    )
    pipeline_id = cursor.lastrowid
    conn.executemany(
        "INSERT INTO stages (pipeline_id, name, position, probability, rot_days) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (pipeline_id, stage_name(stage, language), position, stage.probability, stage.rot_days)
            for position, stage in enumerate(DEFAULT_STAGES, start=1)
        ],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO settings (key, value, id) VALUES (?, ?, ?)",
        [
            (key, values[language], TEAM_SETTINGS.get(key))
            for key, values in DEFAULT_SETTINGS.items()
        ],
    )
