"""Every operation label of ``funneldesk/core``, marked for translation.

The core names its operations in English (``db.operation("Move deal")``) because it knows no
language; Edit ▸ Undo shows the label through ``QCoreApplication.translate("Operations",
label)`` (``ui/context.py``). Listing the labels here is how lupdate sees them;
``tests/ui/test_translations.py`` fails when a core operation's label is missing.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

OPERATION_LABELS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Operations", "Complete activity"),
    QT_TRANSLATE_NOOP("Operations", "Delete activity"),
    QT_TRANSLATE_NOOP("Operations", "Reschedule activity"),
    QT_TRANSLATE_NOOP("Operations", "Edit activity"),
    QT_TRANSLATE_NOOP("Operations", "Plan activity"),
    QT_TRANSLATE_NOOP("Operations", "Add date"),
    QT_TRANSLATE_NOOP("Operations", "Add exchange rate"),
    QT_TRANSLATE_NOOP("Operations", "Add preference"),
    QT_TRANSLATE_NOOP("Operations", "Add stage"),
    QT_TRANSLATE_NOOP("Operations", "Change settings"),
    QT_TRANSLATE_NOOP("Operations", "Choose festival greetings"),
    QT_TRANSLATE_NOOP("Operations", "Delete contact"),
    QT_TRANSLATE_NOOP("Operations", "Delete customer"),
    QT_TRANSLATE_NOOP("Operations", "Delete date"),
    QT_TRANSLATE_NOOP("Operations", "Delete deal"),
    QT_TRANSLATE_NOOP("Operations", "Delete deals"),
    QT_TRANSLATE_NOOP("Operations", "Delete exchange rate"),
    QT_TRANSLATE_NOOP("Operations", "Delete pipeline"),
    QT_TRANSLATE_NOOP("Operations", "Delete preference"),
    QT_TRANSLATE_NOOP("Operations", "Delete stage"),
    QT_TRANSLATE_NOOP("Operations", "Edit exchange rate"),
    QT_TRANSLATE_NOOP("Operations", "Edit contact"),
    QT_TRANSLATE_NOOP("Operations", "Edit customer"),
    QT_TRANSLATE_NOOP("Operations", "Edit date"),
    QT_TRANSLATE_NOOP("Operations", "Edit deal"),
    QT_TRANSLATE_NOOP("Operations", "Edit greeting templates"),
    QT_TRANSLATE_NOOP("Operations", "Edit preference"),
    QT_TRANSLATE_NOOP("Operations", "Edit stage"),
    QT_TRANSLATE_NOOP("Operations", "Import contacts"),
    QT_TRANSLATE_NOOP("Operations", "Log contact"),
    QT_TRANSLATE_NOOP("Operations", "Log greetings"),
    QT_TRANSLATE_NOOP("Operations", "Mark lost"),
    QT_TRANSLATE_NOOP("Operations", "Mark won"),
    QT_TRANSLATE_NOOP("Operations", "Merge customers"),
    QT_TRANSLATE_NOOP("Operations", "Move deal"),
    QT_TRANSLATE_NOOP("Operations", "Move deals"),
    QT_TRANSLATE_NOOP("Operations", "New customer"),
    QT_TRANSLATE_NOOP("Operations", "New deal"),
    QT_TRANSLATE_NOOP("Operations", "New pipeline"),
    QT_TRANSLATE_NOOP("Operations", "Not duplicates"),
    QT_TRANSLATE_NOOP("Operations", "Rename pipeline"),
    QT_TRANSLATE_NOOP("Operations", "Reopen deal"),
    QT_TRANSLATE_NOOP("Operations", "Restore overwritten value"),
    QT_TRANSLATE_NOOP("Operations", "Reorder stages"),
)
