"""Desktop start-up: QApplication, language, theme, database location, main window.

``funneldesk [--db PATH] [--lang en|zh_CN] [--view NAME] [--size WxH] [--screenshot FILE.png]``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from funneldesk import APP_NAME, ORG_NAME, __version__

SCREENSHOT_SIZE = (1280, 800)  # the same frame on every machine unless --size says otherwise


def _prepare_platform(screenshot: str | None) -> None:
    """A screenshot needs no screen: fall back to the offscreen platform where there is none."""
    headless = not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ) and sys.platform.startswith("linux")
    if screenshot and headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def create_application(language: str | None = None, theme: str | None = None):  # noqa: ANN201
    """The QApplication with identity, translators and palette set (re-used if it exists)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from funneldesk.paths import resources_dir
    from funneldesk.ui import i18n, preferences
    from funneldesk.ui import theme as themes

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("funneldesk")  # ties windows to funneldesk.desktop
    app = QApplication.instance() or QApplication(sys.argv[:1])
    language = preferences.effective_language(language)
    i18n.install_translators(app, language)
    themes.apply_theme(app, theme or preferences.theme())
    icon_path = resources_dir() / "icons" / "funneldesk.svg"
    if icon_path.exists():
        app.setWindowIcon(QIcon(str(icon_path)))
    app.setProperty("funneldesk_language", language)
    return app


def save_screenshot(window, path: str) -> bool:  # noqa: ANN001
    """Grab the painted window to ``path`` (PNG), once the background reads its views asked
    for (Today's lists, the funnel's figures) have landed: the picture shows what a user
    sees a moment later, not a half-loaded view."""
    from PySide6.QtWidgets import QApplication

    from funneldesk.ui.jobs import wait_for_all_jobs

    for _ in range(5):
        QApplication.processEvents()
        wait_for_all_jobs()  # a finished read may ask for the next (figures, then accuracy)
    QApplication.processEvents()
    target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    return window.grab().save(str(target), "PNG")


def skip_feature_scan() -> None:
    """Stop PySide6 reading the source of every module imported after it.

    PySide6's import hook looks for ``from __feature__ import …`` (snake_case names, true
    properties) by reading each newly imported module's whole source file
    (``inspect.getsource``): some 120 modules at start-up, 7 % of the CPU time before the
    window paints. FunnelDesk uses no such feature, so every module is marked as not
    using one — what the hook itself concludes for a module without them. A PySide6
    without this hook is left alone.
    """
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda _module: False


def run_app(args: argparse.Namespace) -> int:
    _prepare_platform(args.screenshot)
    from PySide6.QtCore import QTimer

    skip_feature_scan()

    from funneldesk.ui import preferences

    app = create_application(args.lang)
    view = args.view or (None if args.screenshot else preferences.last_view())
    if not args.screenshot:
        from funneldesk.paths import default_database_path
        from funneldesk.ui.single_instance import hand_over

        message = hand_over(Path(args.db).expanduser() if args.db else default_database_path())
        if message:
            sys.stdout.write(message + "\n")
            return 0
    from funneldesk.ui.windows import open_window

    unattended = bool(args.screenshot)
    window = open_window(args.db, view=view, exclusive=not unattended, unattended=unattended)
    if window is None:
        return 2
    if args.screenshot:
        window.remember_state = False  # a screenshot must not change the user's window
        window.resize(*(args.size or SCREENSHOT_SIZE))
        result = {"ok": False}

        def grab() -> None:
            result["ok"] = save_screenshot(window, args.screenshot)
            window.close()
            app.quit()

        QTimer.singleShot(400, grab)
        app.exec()
        if not result["ok"]:
            sys.stderr.write(f"funneldesk: could not write {args.screenshot}\n")
            return 2
        return 0
    if args.size:
        window.resize(*args.size)
    return app.exec()


def main() -> int:
    """Entry point of the ``funneldesk-gui`` launcher (no console on Windows)."""
    from funneldesk.cli import main as cli_main

    return cli_main(sys.argv[1:])
