"""One FunnelDesk window per database file, across processes.

The window that has a database open holds a lock file and a local server, both named after
the file's full path. A second ``funneldesk`` started on the same file finds the lock, asks
the running window over the local socket to come to the front, and exits with a message —
it never opens the file a second time, so nobody ever sees "database is locked". The lock is
a :class:`QLockFile`: a process killed with the lock held leaves a stale lock that the next
start recognises (its process is gone) and takes over.

Start-up touches the lock file once in the usual case: writing a lock file waits for the
disk (``fdatasync``), so the checks before the window opens look for the file first. The
local server (and Qt's network module) starts once the window has painted; a second start
in that moment retries its connection for two seconds.
"""

from __future__ import annotations

import getpass
import hashlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QDir, QEvent, QLockFile, QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from funneldesk.ui.first_paint import after_first_paint

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE_REQUEST = b"raise\n"
RAISED_REPLY = b"raised\n"

_CLAIMS: dict[str, DatabaseClaim] = {}


def instance_key(path: Path | str) -> str:
    """A short name for the local server and lock file of one user's one database file."""
    resolved = str(Path(path).expanduser().resolve())
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    digest = hashlib.sha256(f"{user}\0{resolved}".encode()).hexdigest()[:24]
    return f"funneldesk-{digest}"


def _lock_path(key: str) -> str:
    return str(Path(QDir.tempPath()) / f"{key}.lock")


class DatabaseClaim(QObject):
    """This process's hold on one database: answers "raise" requests for ``window``.

    Released when the window closes or is destroyed, so another window (or process) can open
    the file afterwards. Not a child of the window: it must outlive the window's children to
    release the lock when the window is deleted.
    """

    def __init__(self, path: Path, window: QWidget) -> None:
        super().__init__()
        self.key = instance_key(path)
        self.window = window
        self._released = False
        self._lock = QLockFile(_lock_path(self.key))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone
        self._server: QLocalServer | None = None  # listens once the window has painted
        window.installEventFilter(self)

    def acquire(self) -> bool:
        if not self._lock.tryLock(100):
            return False
        _CLAIMS[self.key] = self
        after_first_paint(self.window, self._listen)
        return True

    def _listen(self) -> None:
        """Answer "raise" requests from now on (not before the window is on screen)."""
        from PySide6.QtNetwork import QLocalServer

        if self._released:
            return
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._answer)
        QLocalServer.removeServer(self.key)  # a socket left by a killed process
        self._server.listen(self.key)

    def release(self) -> None:
        """Give the file up (once; later calls do nothing)."""
        if self._released:
            return
        self._released = True
        if _CLAIMS.get(self.key) is self:
            del _CLAIMS[self.key]
        if self._server is not None:
            self._server.close()
        self._lock.unlock()
        if shiboken6.isValid(self.window):
            self.window.removeEventFilter(self)
        self.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if watched is self.window and event.type() == QEvent.Type.Close:
            QTimer.singleShot(0, self, self._release_if_closed)
        return False

    def _release_if_closed(self) -> None:
        """A close can be refused by the window; release only when it really went away."""
        if not shiboken6.isValid(self.window) or not self.window.isVisible():
            self.release()

    def _answer(self) -> None:
        assert self._server is not None  # connected to the server's own signal
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._reply(s))
            socket.disconnected.connect(socket.deleteLater)

    def _reply(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE_REQUEST.strip()):
            bring_to_front(self.window)
            socket.write(RAISED_REPLY)
            socket.flush()
        socket.disconnectFromServer()


def bring_to_front(window: QWidget) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def claim_for_window(window: QWidget, path: Path) -> DatabaseClaim | None:
    """Make ``window`` the one that holds ``path``; ``None`` if another process holds it."""
    claim = DatabaseClaim(path, window)
    if claim.acquire():
        window.destroyed.connect(lambda *_: claim.release())
        return claim
    claim.release()
    return None


def release_window(window: QWidget) -> None:
    """Let go of the database ``window`` holds (before reopening the same file elsewhere)."""
    for claim in list(_CLAIMS.values()):
        if claim.window is window:
            claim.release()


def window_holding(path: Path | str) -> QWidget | None:
    """The window of this process that has ``path`` open, if any."""
    claim = _CLAIMS.get(instance_key(path))
    return claim.window if claim is not None else None


def held_elsewhere(path: Path | str) -> bool:
    """Whether another live process holds the database (a stale lock does not count)."""
    key = instance_key(path)
    if key in _CLAIMS or not Path(_lock_path(key)).exists():
        return False  # no lock file: nobody holds it (and no file written to find that out)
    probe = QLockFile(_lock_path(key))
    probe.setStaleLockTime(0)
    if probe.tryLock(0):
        probe.unlock()
        return False
    return True


def ask_to_raise(path: Path | str, timeout_ms: int = 2000) -> bool:
    """Ask the process holding ``path`` to bring its window to the front; ``True`` if it did.

    Retries the connection for a moment: the other process may have taken the lock but not
    yet opened its server.
    """
    from PySide6.QtNetwork import QLocalSocket  # only when another process holds the file

    key = instance_key(path)
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        socket = QLocalSocket()
        socket.connectToServer(key)
        if socket.waitForConnected(200):
            socket.write(RAISE_REQUEST)
            socket.flush()
            answered = socket.waitForReadyRead(timeout_ms)
            reply = bytes(socket.readAll().data()) if answered else b""
            socket.disconnectFromServer()
            return reply.startswith(RAISED_REPLY.strip())
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)


def hand_over(path: Path | str) -> str | None:
    """When another process has ``path`` open: bring it forward and say so (else ``None``)."""
    if not held_elsewhere(path):
        return None
    if ask_to_raise(path):
        text = QCoreApplication.translate(
            "SingleInstance", "FunnelDesk already has %1 open; switched to that window."
        )
    else:
        text = QCoreApplication.translate(
            "SingleInstance", "FunnelDesk already has %1 open in another window."
        )
    return text.replace("%1", str(Path(path).expanduser()))


def defer_to_existing(path: Path | str, parent: QWidget | None = None) -> bool:
    """Show the window that already has ``path`` open (here or in another process), if any."""
    window = window_holding(path)
    if window is not None:
        bring_to_front(window)
        return True
    message = hand_over(path)
    if message is None:
        return False
    QMessageBox.information(
        parent, QCoreApplication.translate("SingleInstance", "Already open"), message
    )
    return True
