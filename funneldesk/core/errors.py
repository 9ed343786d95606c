"""Exceptions the core raises for conditions a user can act on.

Every one carries a message written for the person at the keyboard; the CLI prints it as one
line and exits 2, the UI shows it in a dialog or next to the field.
"""

from __future__ import annotations


class FunnelDeskError(Exception):
    """Base of all expected, user-facing failures."""


class ValidationError(FunnelDeskError):
    """A value was rejected; ``field`` names the form field when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(FunnelDeskError):
    """A row the caller referred to does not exist (any more)."""


class DatabaseOpenError(FunnelDeskError):
    """The file cannot be used as a FunnelDesk database; it was left untouched."""


class NewerSchemaError(DatabaseOpenError):
    """The file was written by a newer FunnelDesk; opening it could damage it."""


class NotFunnelDeskError(DatabaseOpenError):
    """The file is SQLite (or not even that) but not a FunnelDesk database."""


class DamagedDatabaseError(DatabaseOpenError):
    """SQLite reports the file as corrupt."""


class DatabaseBusyError(FunnelDeskError):
    """Another program holds the write lock longer than the busy timeout."""


class StaleDataError(FunnelDeskError):
    """Derived data (funnel facts) is known to be out of date: figures from it would be wrong."""


class Cancelled(FunnelDeskError):
    """A long job stopped because the user pressed Cancel."""


class ReadOnlyDatabaseError(FunnelDeskError):
    """The file (or its folder) cannot be written: it can be read, but nothing can be saved."""


class EnvironmentFailure(FunnelDeskError):
    """The machine refused what the program asked of it: a full disk, a read-only folder,
    a missing permission, a number or date beyond what the system can hold."""


class RestoreFailed(FunnelDeskError):
    """A restore stopped after the current data was kept; ``safety_copy`` is where."""

    def __init__(self, message: str, safety_copy: object) -> None:
        super().__init__(message)
        self.safety_copy = safety_copy
