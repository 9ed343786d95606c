"""Where things live on disk: bundled resources and the user's data folder."""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_data_path

from funneldesk import APP_NAME, ORG_NAME


def resources_dir() -> Path:
    """``resources/`` beside the package in a checkout, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def user_data_dir() -> Path:
    return user_data_path(APP_NAME, ORG_NAME, ensure_exists=True)


def default_database_path() -> Path:
    """The app's own file; not created here (read-only commands must not create anything)."""
    return user_data_path(APP_NAME, ORG_NAME) / "funneldesk.sqlite"
