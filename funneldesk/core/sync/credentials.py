"""Where a member's hub password lives, and which connections are safe enough to use.

The password goes to the operating system's keyring (the ``keyring`` package: macOS
Keychain, Windows Credential Locker, Secret Service on Linux desktops). A machine without
one (a headless Linux box) gets a file readable by its owner only, with a warning. It is
never stored in the FunnelDesk file, which only keeps the address without the password.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

import platformdirs
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from funneldesk.core.errors import FunnelDeskError

SERVICE = "FunnelDesk team hub"
LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})


class InsecureHubError(FunnelDeskError):
    """A remote hub without verified TLS, and the user did not accept that."""


def split_password(server: str) -> tuple[str, str | None]:
    """The connection string without its password, and the password (None if not given)."""
    try:
        params = conninfo_to_dict(server)
    except Exception as exc:  # psycopg.ProgrammingError: malformed string
        raise FunnelDeskError(f"not a PostgreSQL connection string: {server!r}") from exc
    password = params.pop("password", None) or os.environ.get("PGPASSWORD") or None
    return make_conninfo(**params), password


def is_local(server: str) -> bool:
    host = str(conninfo_to_dict(server).get("host", ""))
    return all(h in LOCAL_HOSTS or h.startswith("/") for h in host.split(","))


def secured(server: str, *, allow_insecure_lan: bool = False) -> str:
    """``server`` with verified TLS required unless the hub is on this computer.

    A remote hub gets ``sslmode=verify-full`` (encrypted, and the server proves its name).
    ``allow_insecure_lan`` keeps the user's own ``sslmode`` for a hub on a trusted office
    network, with a warning.
    """
    params = conninfo_to_dict(server)
    if is_local(server):
        return server
    if allow_insecure_lan:
        sys.stderr.write(
            "funneldesk: warning: the hub connection is not verified with TLS; use this only "
            "on a trusted office network\n"
        )
        return server
    mode = params.get("sslmode")
    if mode not in (None, "verify-full"):
        raise InsecureHubError(
            f"the hub at {params.get('host')} must use sslmode=verify-full "
            "(or pass --allow-insecure-lan for a hub on your office network)"
        )
    return make_conninfo(server, sslmode="verify-full")


def _account(server: str) -> str:
    params = conninfo_to_dict(server)
    return f"{params.get('user', '')}@{params.get('host', '')}:{params.get('port', '')}/{params.get('dbname', '')}"


def _keyring():  # noqa: ANN202 - keyring's backend type is not public
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    return None if isinstance(backend, fail.Keyring) else keyring


def _fallback_file() -> Path:
    return Path(platformdirs.user_config_dir("funneldesk")) / "hub-credentials.json"


def save_password(server: str, password: str | None) -> None:
    if not password:
        return
    ring = _keyring()
    if ring is not None:
        ring.set_password(SERVICE, _account(server), password)
        return
    sys.stderr.write(
        f"funneldesk: warning: no keyring on this computer; the hub password is kept in "
        f"{_fallback_file()} (readable by you only)\n"
    )
    stored = _read_fallback()
    stored[_account(server)] = password
    path = _fallback_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(stored, handle)
    os.replace(partial, path)


def _read_fallback() -> dict[str, str]:
    try:
        return json.loads(_fallback_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def load_password(server: str) -> str | None:
    ring = _keyring()
    if ring is not None:
        return ring.get_password(SERVICE, _account(server))
    return _read_fallback().get(_account(server))


def forget_password(server: str) -> None:
    ring = _keyring()
    if ring is not None:
        import keyring.errors

        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            ring.delete_password(SERVICE, _account(server))
        return
    stored = _read_fallback()
    if stored.pop(_account(server), None) is not None:
        _fallback_file().write_text(json.dumps(stored), encoding="utf-8")


def with_password(server: str) -> str:
    """The stored address with the stored password, ready to connect."""
    password = load_password(server)
    return make_conninfo(server, password=password) if password else server
