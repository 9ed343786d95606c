"""What the app says when the team's hub cannot be used, in the user's language.

The core raises a type per kind of trouble, with an English message for the command line
(``core/sync/hub.py``, ``core/sync/credentials.py``). Here each type gets its own words —
what happened and what to do — and the short label of the status-bar button, and tells
the background sync whether trying again can help. PostgreSQL's own words, when there are
any, follow as details: they are a server's, not ours to translate.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QCoreApplication

from funneldesk.core.errors import FunnelDeskError
from funneldesk.ui.error_messages import translated_error
from funneldesk.ui.jobs import JobOutcome


class Retry(Enum):
    """How the background sync tries again after a problem."""

    BACK_OFF = "back-off"  # soon, then waiting longer each time (offline, refused login)
    RARELY = "rarely"  # every ten minutes: someone else must act (the hub's owner)
    NEVER = "never"  # not until FunnelDesk is updated on this computer


@dataclass(frozen=True)
class SyncProblem:
    label: str  # the status-bar button's words
    message: str  # what happened and what to do: the tooltip and the Team window
    retry: Retry


def _tr(text: str) -> str:
    return QCoreApplication.translate("TeamProblems", text)


def _with_details(text: str, detail: str) -> str:
    return f"{text}\n{_tr('Details: %1').replace('%1', detail)}" if detail else text


def update_needed() -> SyncProblem:
    """The hub was set up by a newer FunnelDesk (raised now, or remembered by the file)."""
    return SyncProblem(
        _tr("Update FunnelDesk"),
        _tr(
            "The team's hub was set up by a newer FunnelDesk. Update FunnelDesk on this "
            "computer to sync again; your changes wait in this file."
        ),
        Retry.NEVER,
    )


def upgrade_message(owner: str) -> str:
    """What to do about a hub an older FunnelDesk set up."""
    return QCoreApplication.translate(
        "BackgroundSync",
        "The team's hub needs an upgrade: ask %1 to update FunnelDesk and sync, or to run "
        "`funneldesk team create` once more. Your changes wait in this file.",
    ).replace("%1", owner)


def failed_job_problem(outcome: JobOutcome) -> SyncProblem:
    """The problem a failed sync, join or connection test stands for; a bug (no core error)
    is shown in the runner's words."""
    if outcome.failure is None:
        return SyncProblem(_tr("Sync failed"), outcome.error, Retry.BACK_OFF)
    return sync_problem(outcome.failure)


def sync_problem(error: FunnelDeskError) -> SyncProblem:
    """The problem ``error`` (raised by a sync, a join or a connection test) stands for."""
    from funneldesk.core.sync import credentials, hub  # loaded already: the error came from there

    if isinstance(error, hub.HubNewerError):
        return update_needed()
    if isinstance(error, hub.HubOutdatedError):
        return SyncProblem(
            _tr("Hub needs an upgrade"),
            upgrade_message(error.owner),
            Retry.RARELY,
        )
    if isinstance(error, hub.HubBehindError):
        return SyncProblem(
            _tr("Hub is behind"),
            _tr(
                "The team's hub holds fewer changes than this computer has already synced: "
                "it was probably restored from an older backup. Ask whoever runs the hub; "
                "your changes wait in this file."
            ),
            Retry.RARELY,
        )
    if isinstance(error, hub.HubUnreachableError):
        text = _tr(
            "Cannot reach the team's hub: check the network and the hub's address. "
            "FunnelDesk tries again by itself; your changes wait in this file."
        )
        return SyncProblem(
            _tr("Offline"),
            _with_details(text, error.detail),
            Retry.BACK_OFF,
        )
    if isinstance(error, hub.HubLoginError):
        text = _tr(
            "The hub refused the login: check the hub's address, your user name and your "
            "password with whoever runs the hub."
        )
        return SyncProblem(_tr("Login refused"), _with_details(text, error.detail), Retry.BACK_OFF)
    if isinstance(error, credentials.InsecureHubError | hub.HubTlsError):
        text = _tr(
            "This hub is on another computer, so the connection must be encrypted and the "
            "hub's certificate verified (sslmode=verify-full). Ask whoever runs the hub for "
            "one, or, for a hub on your own office network, tick “The hub is on our office "
            "network…”."
        )
        detail = getattr(error, "detail", "")  # an address that asked for less has none
        return SyncProblem(_tr("Not secure"), _with_details(text, detail), Retry.BACK_OFF)
    if isinstance(error, hub.HubError) and error.detail:
        text = _with_details(_tr("The team's hub refused the request."), error.detail)
        return SyncProblem(_tr("Sync failed"), text, Retry.BACK_OFF)
    return SyncProblem(_tr("Sync failed"), translated_error(str(error)), Retry.BACK_OFF)
