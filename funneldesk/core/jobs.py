"""The contract every long core job follows, so one runner in the app and one progress line
on the command line can drive all of them.

A job is a plain function that takes ``progress(done, total)`` and ``cancelled()``: it calls
``progress`` now and then, asks ``cancelled()`` between steps and raises :class:`Cancelled`
when told to stop. It never touches a widget or prints, and it leaves the file as it was
before when it stops early (its writes are one transaction, or it removes what it made).
"""

from __future__ import annotations

from collections.abc import Callable

from funneldesk.core.errors import Cancelled

Progress = Callable[[int, int], None]
"""``progress(done, total)``: how far a job is, in units it chooses (rows, pages, steps)."""

CancelCheck = Callable[[], bool]
"""``cancelled()``: True once the user asked the job to stop."""


__all__ = ["CancelCheck", "Cancelled", "Progress"]
