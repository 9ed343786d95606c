"""Settings of this computer (not of the database file), kept in ``QSettings``.

The one place that knows the ``QSettings`` keys — language, theme, backup folder, the
window's size and last view, the folders last used for import and export, and what views
remember — so start-up, the settings dialog and the views read the same values with the
same defaults. Settings that travel with the data live in the file
(``funneldesk.core.settings_ops``).
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QLocale, QSettings

from funneldesk.core.defaults import SUPPORTED_LANGUAGES, normalise_language

LANGUAGE_CHOICES = ("system", *SUPPORTED_LANGUAGES)
THEME_CHOICES = ("system", "light", "dark")

LANGUAGE_KEY = "language"
THEME_KEY = "theme"
BACKUP_FOLDER_KEY = "backup/folder"
WINDOW_GEOMETRY_KEY = "window/geometry"
WINDOW_STATE_KEY = "window/state"
WINDOW_VIEW_KEY = "window/view"
IMPORT_FOLDER_KEY = "transfer/last_import_folder"
EXPORT_FOLDER_KEY = "transfer/last_export_folder"


def _text(key: str) -> str:
    value = QSettings().value(key)
    return "" if value is None else str(value).strip()


def language() -> str:
    """``system``, ``en`` or ``zh_CN`` as chosen in Settings (``system`` when never chosen)."""
    value = _text(LANGUAGE_KEY)
    if value in ("", "system"):
        return "system"
    return normalise_language(value)


def set_language(value: str) -> None:
    if value not in LANGUAGE_CHOICES:
        raise ValueError(f"unknown language {value!r}")
    QSettings().setValue(LANGUAGE_KEY, value)


def effective_language(override: str | None = None) -> str:
    """The language to start in: ``--lang``, else the chosen one, else the system locale's."""
    if override:
        return normalise_language(override)
    chosen = language()
    return system_language() if chosen == "system" else chosen


def system_language() -> str:
    """The desktop's UI language (its first preferred one: macOS and Windows let users
    order several), not the formats region, which may differ."""
    system = QLocale.system()
    preferred = system.uiLanguages()
    return normalise_language(preferred[0] if preferred else system.name())


def theme() -> str:
    """``system``, ``light`` or ``dark`` (``system`` when unset or unrecognised)."""
    value = _text(THEME_KEY)
    return value if value in THEME_CHOICES else "system"


def set_theme(value: str) -> None:
    if value not in THEME_CHOICES:
        raise ValueError(f"unknown theme {value!r}")
    QSettings().setValue(THEME_KEY, value)


def backup_folder() -> Path | None:
    """The folder chosen for automatic backups, or ``None`` for the built-in default."""
    value = _text(BACKUP_FOLDER_KEY)
    return Path(value).expanduser() if value else None


def set_backup_folder(folder: Path | str | None) -> None:
    """Remember ``folder`` for backups; ``None`` or empty returns to the default."""
    settings = QSettings()
    if folder is None or not str(folder).strip():
        settings.remove(BACKUP_FOLDER_KEY)
    else:
        settings.setValue(BACKUP_FOLDER_KEY, str(Path(folder).expanduser()))


def last_view() -> str:
    """The view the window showed when it was last closed (Today the first time)."""
    return _text(WINDOW_VIEW_KEY) or "today"


def window_layout() -> tuple[QByteArray | None, QByteArray | None]:
    """The main window's saved geometry and toolbar/dock state (``None`` when never saved)."""
    settings = QSettings()
    found = [settings.value(key) for key in (WINDOW_GEOMETRY_KEY, WINDOW_STATE_KEY)]
    geometry, state = (v if isinstance(v, QByteArray) and not v.isEmpty() else None for v in found)
    return geometry, state


def remember_window(geometry: QByteArray, state: QByteArray, view: str) -> None:
    settings = QSettings()
    settings.setValue(WINDOW_GEOMETRY_KEY, geometry)
    settings.setValue(WINDOW_STATE_KEY, state)
    settings.setValue(WINDOW_VIEW_KEY, view)


def last_folder(key: str) -> Path:
    """The folder last used by a file dialog (``IMPORT_FOLDER_KEY``, ``EXPORT_FOLDER_KEY``)."""
    return Path(_text(key) or Path.home())


def remember_folder(key: str, chosen_file: Path | str) -> None:
    QSettings().setValue(key, str(Path(chosen_file).parent))


FUNNEL_PERIOD_KEY = "funnel/period"  # "30", "365", "all", "custom", ...
FUNNEL_RANGE_KEY = "funnel/custom_range"  # "YYYY-MM-DD..YYYY-MM-DD" for the custom period
FUNNEL_COMPARE_KEY = "funnel/compare"  # "1" when comparing with the previous period


def funnel_period() -> tuple[str, date | None, date | None]:
    """The Funnel view's last period ("365", "all", "custom", ...) and its custom range
    (a day ``None`` when never chosen or unreadable): the view restores them, and the
    report's export starts from them."""
    since, _, until = remembered(FUNNEL_RANGE_KEY).partition("..")
    return remembered(FUNNEL_PERIOD_KEY, "365"), _day(since), _day(until)


def remember_funnel_period(period: str, since: date, until: date) -> None:
    remember(FUNNEL_PERIOD_KEY, period)
    remember(FUNNEL_RANGE_KEY, f"{since.isoformat()}..{until.isoformat()}")


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def remembered(key: str, default: str = "") -> str:
    """A view's last choice (period, sort, column widths) kept between sessions."""
    return _text(key) or default


def remember(key: str, value: str) -> None:
    QSettings().setValue(key, value)


TODAY_OWNER_KEY = "today/owner"  # whose plan Today shows; empty for everyone
TODAY_MINE_KEY = "today/mine"  # "1": Today shows the team member's own plan
BOARD_MINE_KEY = "board/mine"  # "1": the board shows the team member's own deals
KEEP_IN_TRAY_KEY = "tray/keep_running"
REMINDERS_SEEN_KEY = "reminders/seen_until"


def keep_in_tray() -> bool:
    """Closing the window keeps FunnelDesk running in the system tray (reminders keep coming)."""
    return _text(KEEP_IN_TRAY_KEY) in ("true", "1")


def set_keep_in_tray(value: bool) -> None:
    QSettings().setValue(KEEP_IN_TRAY_KEY, "true" if value else "false")


def reminders_seen_until(database: Path) -> str:
    """Local ``YYYY-MM-DDTHH:MM`` up to which this file's reminders were shown (empty: never)."""
    return _text(f"{REMINDERS_SEEN_KEY}/{_file_key(database)}")


def set_reminders_seen_until(database: Path, moment: str) -> None:
    QSettings().setValue(f"{REMINDERS_SEEN_KEY}/{_file_key(database)}", moment)


def _file_key(database: Path) -> str:
    """A QSettings-safe key for one database file (slashes would nest groups)."""
    return hashlib.sha1(str(Path(database).resolve()).encode("utf-8")).hexdigest()[:16]
