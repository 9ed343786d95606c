"""Chinese (or any language's) wording for the English messages the core raises.

The core knows no language, so its errors are English sentences (``core/errors.py``). The UI
shows them through :func:`translated_error`: a fixed message is looked up as it is; a
message built from values ("Title is required.", "“abc” is not an e-mail address.") is
matched against the patterns below and re-worded with the values, field names translated.
A message that matches nothing is shown in English rather than not at all.
``tests/ui/test_translations.py`` fails when a fixed core message is missing here.
"""

from __future__ import annotations

import functools
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

FIXED_MESSAGES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Errors", "This conflict no longer exists."),
    QT_TRANSLATE_NOOP("Errors", "The row was deleted since; its value cannot be put back."),
    QT_TRANSLATE_NOOP("Errors", "The member name must not be empty."),
    QT_TRANSLATE_NOOP(
        "Errors", "There is no FunnelDesk team at this hub yet: create the team first."
    ),
    QT_TRANSLATE_NOOP("Errors", "A backup cannot be written over the database itself."),
    QT_TRANSLATE_NOOP("Errors", "A card cannot be merged with itself."),
    QT_TRANSLATE_NOOP("Errors", "A date needs a month and a day."),
    QT_TRANSLATE_NOOP("Errors", "A pipeline needs at least one stage."),
    QT_TRANSLATE_NOOP(
        "Errors", "Choose another stage of this pipeline for the deals in this stage."
    ),
    QT_TRANSLATE_NOOP("Errors", "Choose the lead source whose customers to greet."),
    QT_TRANSLATE_NOOP("Errors", "Demo data generation was cancelled; nothing was added."),
    QT_TRANSLATE_NOOP("Errors", "Name is required."),
    QT_TRANSLATE_NOOP("Errors", "Reminder days is required."),
    QT_TRANSLATE_NOOP("Errors", "One of the two cards no longer exists."),
    QT_TRANSLATE_NOOP("Errors", "Search indexing was cancelled."),
    QT_TRANSLATE_NOOP("Errors", "That backup is the database itself."),
    QT_TRANSLATE_NOOP("Errors", "That stage was deleted."),
    QT_TRANSLATE_NOOP("Errors", "The backup was cancelled."),
    QT_TRANSLATE_NOOP("Errors", "The page check was stopped."),
    QT_TRANSLATE_NOOP("Errors", "The database has no pipeline for the demo deals."),
    QT_TRANSLATE_NOOP("Errors", "The database has no pipeline."),
    QT_TRANSLATE_NOOP("Errors", "The database is busy in another program; try again in a moment."),
    QT_TRANSLATE_NOOP("Errors", "The disk is full: nothing was changed."),
    QT_TRANSLATE_NOOP("Errors", "Not enough memory to finish; nothing was changed."),
    QT_TRANSLATE_NOOP("Errors", "The export was cancelled."),
    QT_TRANSLATE_NOOP("Errors", "The first pipeline has no stages for the demo deals."),
    QT_TRANSLATE_NOOP("Errors", "The last pipeline cannot be deleted."),
    QT_TRANSLATE_NOOP("Errors", "The new order must list every stage of the pipeline once."),
    QT_TRANSLATE_NOOP("Errors", "The number of customers cannot be negative."),
    QT_TRANSLATE_NOOP("Errors", "The rate must be a number above 0."),
    QT_TRANSLATE_NOOP("Errors", "The rate must be a number."),
    QT_TRANSLATE_NOOP("Errors", "The report was cancelled."),
    QT_TRANSLATE_NOOP("Errors", "The repair was cancelled; the file was not changed."),
    QT_TRANSLATE_NOOP("Errors", "The start of the period is after its end."),
    QT_TRANSLATE_NOOP(
        "Errors",
        "The funnel data FunnelDesk derives from your deals is out of date (the file was "
        "changed by another program), so the figures would be wrong. Repair it in the app or "
        "with “funneldesk check --repair”.",
    ),
    QT_TRANSLATE_NOOP("Errors", "The workbook's first sheet is empty."),
    QT_TRANSLATE_NOOP("Errors", "There is no pipeline; create one first."),
    QT_TRANSLATE_NOOP("Errors", "This pipeline has no stages; add a stage first."),
    QT_TRANSLATE_NOOP("Errors", "This pipeline still has deals; move or delete them first."),
    QT_TRANSLATE_NOOP("Errors", "Title is required."),
    QT_TRANSLATE_NOOP("Errors", "Too many customers chosen by hand."),
    QT_TRANSLATE_NOOP("Errors", "Choose the customer this activity is for."),
    QT_TRANSLATE_NOOP("Errors", "Date is required."),
    QT_TRANSLATE_NOOP("Errors", "Plan the follow-up as an activity."),
    QT_TRANSLATE_NOOP("Errors", "The deal belongs to another customer."),
    QT_TRANSLATE_NOOP("Errors", "This activity is already done."),
)

# Field names the core puts into its messages (``label=`` or the capitalised column name).
FIELD_NAMES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Fields", "Currency"),
    QT_TRANSLATE_NOOP("Fields", "Date"),
    QT_TRANSLATE_NOOP("Fields", "Day"),
    QT_TRANSLATE_NOOP("Fields", "Default pipeline"),
    QT_TRANSLATE_NOOP("Fields", "Duration"),
    QT_TRANSLATE_NOOP("Fields", "Expected close"),
    QT_TRANSLATE_NOOP("Fields", "Idle days"),
    QT_TRANSLATE_NOOP("Fields", "Keep in touch every"),
    QT_TRANSLATE_NOOP("Fields", "Lost reason"),
    QT_TRANSLATE_NOOP("Fields", "Month"),
    QT_TRANSLATE_NOOP("Fields", "Name"),
    QT_TRANSLATE_NOOP("Fields", "Next follow-up"),
    QT_TRANSLATE_NOOP("Fields", "Pipeline name"),
    QT_TRANSLATE_NOOP("Fields", "Preference"),
    QT_TRANSLATE_NOOP("Fields", "Probability"),
    QT_TRANSLATE_NOOP("Fields", "Reminder"),
    QT_TRANSLATE_NOOP("Fields", "Reminder days"),
    QT_TRANSLATE_NOOP("Fields", "Satisfaction"),
    QT_TRANSLATE_NOOP("Fields", "Stage name"),
    QT_TRANSLATE_NOOP("Fields", "Template"),
    QT_TRANSLATE_NOOP("Fields", "Title"),
    QT_TRANSLATE_NOOP("Fields", "Value"),
    QT_TRANSLATE_NOOP("Fields", "Year"),
    QT_TRANSLATE_NOOP("Fields", "Company"),
    QT_TRANSLATE_NOOP("Fields", "Phone"),
    QT_TRANSLATE_NOOP("Fields", "Email"),
    QT_TRANSLATE_NOOP("Fields", "Address"),
    QT_TRANSLATE_NOOP("Fields", "City"),
    QT_TRANSLATE_NOOP("Fields", "Notes"),
    QT_TRANSLATE_NOOP("Fields", "Owner"),
    QT_TRANSLATE_NOOP("Fields", "Summary"),
    QT_TRANSLATE_NOOP("Fields", "Label"),
    QT_TRANSLATE_NOOP("Fields", "Source"),
)

# The messages the core builds from values, each as its English wording with %1, %2 … for the
# values; what each value may be is named after the wording. A ``FIELD`` value is a field
# name and is translated too; other values stay as they are.
FIELD = r"(?P<field>[A-Z][A-Za-z ()-]*)"
ANY = r"(.*)"
SOME = r"(.+)"
WORD = r"(\S+)"
CODE = r"([A-Z]{3})"
NUMBER = r"(\d+)"


def _message(wording: str, *values: str) -> tuple[str, tuple[str, ...]]:
    """The English message ``wording`` and what each of its %N values may be (compiled into
    one pattern by :func:`_patterns`)."""
    return wording, values


def _pattern(wording: str, values: tuple[str, ...]) -> re.Pattern[str]:
    """The pattern that matches the English message ``wording`` describes.

    The pattern is the wording itself with %N standing for the N-th of ``values``, so the two
    can never say different things.
    """
    parts = re.split(r"%(\d)", wording)  # text at even places, value numbers at odd ones
    body = "".join(
        values[int(part) - 1] if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(f"^{body}$", re.S)


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Compiled when an error is first shown: some thirty patterns cost a few milliseconds
    that start-up does not need to spend."""
    return tuple((_pattern(wording, values), wording) for wording, values in MESSAGES)


MESSAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    _message(QT_TRANSLATE_NOOP("Errors", "%1 is required."), FIELD),
    _message(
        QT_TRANSLATE_NOOP("Errors", "%1 is too long (%2 characters; at most %3)."),
        FIELD,
        SOME,
        SOME,
    ),
    _message(QT_TRANSLATE_NOOP("Errors", "%1 must be a whole number."), FIELD),
    _message(QT_TRANSLATE_NOOP("Errors", "%1 must be a number."), FIELD),
    _message(QT_TRANSLATE_NOOP("Errors", "%1 must be between %2 and %3."), FIELD, WORD, WORD),
    _message(QT_TRANSLATE_NOOP("Errors", "%1 cannot be below %2."), FIELD, WORD),
    _message(QT_TRANSLATE_NOOP("Errors", "%1 cannot be above %2."), FIELD, WORD),
    _message(QT_TRANSLATE_NOOP("Errors", "%1: “%2” is not a valid date (YYYY-MM-DD)."), FIELD, ANY),
    _message(QT_TRANSLATE_NOOP("Errors", "“%1” is not an e-mail address."), ANY),
    _message(QT_TRANSLATE_NOOP("Errors", "“%1” is not a phone number."), ANY),
    _message(
        QT_TRANSLATE_NOOP("Errors", "“%1” is not a possible number for its country code."), ANY
    ),
    _message(QT_TRANSLATE_NOOP("Errors", "Time: “%1” is not a time of day (HH:MM)."), ANY),
    _message(QT_TRANSLATE_NOOP("Errors", "Month %1 does not exist."), WORD),
    _message(QT_TRANSLATE_NOOP("Errors", "A lunar month has no day %1."), WORD),
    _message(QT_TRANSLATE_NOOP("Errors", "“%1” is closed; reopen it before moving it."), ANY),
    _message(QT_TRANSLATE_NOOP("Errors", "“%1” belongs to another pipeline."), ANY),
    _message(
        QT_TRANSLATE_NOOP(
            "Errors", "“%1” is not a currency code (three letters such as CNY, USD or EUR)."
        ),
        ANY,
    ),
    _message(
        QT_TRANSLATE_NOOP("Errors", "%1 is the reporting currency: its deals need no rate."), CODE
    ),
    _message(QT_TRANSLATE_NOOP("Errors", "%1 already has a rate from %2."), CODE, WORD),
    _message(
        QT_TRANSLATE_NOOP("Errors", "%1 is not a FunnelDesk database (not an SQLite file)."), SOME
    ),
    _message(
        QT_TRANSLATE_NOOP("Errors", "%1 is an SQLite file but not a FunnelDesk database."), SOME
    ),
    _message(QT_TRANSLATE_NOOP("Errors", "%1 is damaged (%2)."), SOME, ANY),
    _message(QT_TRANSLATE_NOOP("Errors", "%1 is damaged (%2); it was not copied."), SOME, ANY),
    _message(QT_TRANSLATE_NOOP("Errors", "%1 is a folder, not a database file."), SOME),
    _message(
        QT_TRANSLATE_NOOP(
            "Errors",
            "%1 was written by a newer FunnelDesk (schema %2; this program knows up to "
            "%3). Please update FunnelDesk; the file was not changed.",
        ),
        SOME,
        NUMBER,
        NUMBER,
    ),
    _message(QT_TRANSLATE_NOOP("Errors", "%1 is empty."), SOME),
    _message(QT_TRANSLATE_NOOP("Errors", "%1 is read-only: changes cannot be saved."), SOME),
    _message(QT_TRANSLATE_NOOP("Errors", "%1 is empty: it holds no FunnelDesk database."), SOME),
    _message(QT_TRANSLATE_NOOP("Errors", "%1: no such database file."), SOME),
    _message(
        QT_TRANSLATE_NOOP(
            "Errors", "The disk is full: %1 could not be written; nothing was changed."
        ),
        SOME,
    ),
    _message(QT_TRANSLATE_NOOP("Errors", "Permission denied: %1."), SOME),
    _message(
        QT_TRANSLATE_NOOP(
            "Errors",
            "%1 is from an older FunnelDesk (schema %2) and must be upgraded before it can "
            "be read: give it write permission and open it again.",
        ),
        SOME,
        NUMBER,
    ),
    _message(QT_TRANSLATE_NOOP("Errors", "%1: no such file."), SOME),
    _message(QT_TRANSLATE_NOOP("Errors", "not a PostgreSQL connection string: %1"), ANY),
)


def _fill(template: str, values: list[str]) -> str:
    """Put ``values`` in for %1, %2 … in one pass (a value may itself contain "%1")."""
    return re.sub(r"%(\d)", lambda found: values[int(found.group(1)) - 1], template)


def translated_error(message: str) -> str:
    """``message`` in the UI language when it is known, otherwise unchanged."""
    exact = QCoreApplication.translate("Errors", message)
    if exact != message:
        return exact
    for pattern, template in _patterns():
        match = pattern.match(message)
        if match is None:
            continue
        field = match.groupdict().get("field")
        values = [
            QCoreApplication.translate("Fields", value) if value == field else value
            for value in match.groups()
        ]
        return _fill(QCoreApplication.translate("Errors", template), values)
    return message
