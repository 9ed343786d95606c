"""The hub connection a sync leaves for the next one.

The app syncs after changes and every minute while online, each time to the same hub. A
new PostgreSQL connection costs more than its connecting (4 ms on a local hub; a remote
one adds its TLS handshake's round trips): the server starts a process for it whose
catalog caches are empty, so each table a sync touches is looked up afresh and each
statement planned from scratch — 5-10 ms more per sync at a load of 4. So a connection
that ended its work in good order is kept for the next one, one at a time, for
:data:`KEEP_FOR_S` at most (a wall-clock limit: a laptop that slept does not reuse it).

Before a kept connection is used again it must answer an empty query within
:data:`ANSWER_WITHIN_S`. A connection the server closed (restarted, or an administrator
ended it) fails at once; one whose network vanished meanwhile (another Wi-Fi) would make
the first statement wait as long as TCP retries — a quarter of an hour — so it is asked
through libpq directly, with a deadline psycopg has no way to give. Either way the sync
connects anew, and nothing of the sync was sent on the old one.

A command-line sync gains nothing: the process ends with it, and the kept connection is
closed on exit.
"""

from __future__ import annotations

import atexit
import select
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
from psycopg import pq

KEEP_FOR_S = 120
ANSWER_WITHIN_S = 2.0

_lock = threading.Lock()
_kept: tuple[str, psycopg.Connection, float] | None = None  # (hub, connection, since)


@contextmanager
def connection(hub: str, connect: Callable[[], psycopg.Connection]) -> Iterator[psycopg.Connection]:
    """The connection kept for ``hub`` (an address without its password) if it still
    answers, else a new one from ``connect``; kept afterwards unless the work failed or
    left it inside a transaction (closed then, as a connection of its own would be)."""
    conn = _take(hub) or connect()
    try:
        yield conn
    except BaseException:
        conn.close()
        raise
    _keep(hub, conn)


def forget(hub: str | None = None) -> None:
    """Close the kept connection (only if it is ``hub``'s, when given): the member left
    the team, or the program ends."""
    global _kept
    with _lock:
        found = _kept
        if found is None or (hub is not None and found[0] != hub):
            return
        _kept = None
    found[1].close()


def _take(hub: str) -> psycopg.Connection | None:
    global _kept
    with _lock:
        found, _kept = _kept, None
    if found is None:
        return None
    kept_for, conn, since = found
    if kept_for == hub and time.time() - since <= KEEP_FOR_S and _answers(conn):
        return conn
    conn.close()
    return None


def _keep(hub: str, conn: psycopg.Connection) -> None:
    global _kept
    if not _idle(conn):
        conn.close()
        return
    with _lock:
        previous, _kept = _kept, (hub, conn, time.time())
    if previous is not None:
        previous[1].close()


def _idle(conn: psycopg.Connection) -> bool:
    """Open and outside a transaction: fit to be kept, or asked again."""
    return not conn.closed and conn.info.transaction_status == pq.TransactionStatus.IDLE


def _answers(conn: psycopg.Connection) -> bool:
    """Whether ``conn`` answers an empty query within :data:`ANSWER_WITHIN_S`, sent and
    read through libpq (``conn.pgconn``) with that deadline."""
    if not _idle(conn):
        return False
    pgconn = conn.pgconn
    deadline = time.monotonic() + ANSWER_WITHIN_S
    try:
        pgconn.send_query(b"")
        while pgconn.flush():
            if not _ready(pgconn.socket, deadline, writing=True):
                return False
        pgconn.consume_input()
        while pgconn.is_busy():
            if not _ready(pgconn.socket, deadline):
                return False
            pgconn.consume_input()
        answered = False
        while (result := pgconn.get_result()) is not None:
            answered = result.status == pq.ExecStatus.EMPTY_QUERY
        return answered and pgconn.transaction_status == pq.TransactionStatus.IDLE
    except (psycopg.Error, OSError):
        return False


def _ready(socket: int, deadline: float, *, writing: bool = False) -> bool:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return False
    watched = [socket]
    found = (
        select.select([], watched, [], remaining)
        if writing
        else select.select(watched, [], [], remaining)
    )
    return any(found)


atexit.register(forget)
