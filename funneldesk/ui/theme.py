"""Colours and fonts shared by every screen (STYLE: neutral surfaces from the palette, one
accent, semantic colours with meaning, a sequential ramp for stages).

Surfaces come from the active ``QPalette`` so dark mode works by itself; only semantic
colours are fixed, in a light and a dark variant chosen by the palette's window lightness.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontInfo, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from funneldesk.ui import icons

ACCENT = QColor("#2f6fde")
# Simplified Chinese UI fonts in order of preference: Windows 8+ and 7, macOS 10.11+ and
# older, then the common Linux packages (fonts-noto-cjk, Google Fonts, Adobe, fonts-wqy-*).
CJK_FALLBACKS = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
)
# Latin UI fonts for English where the desktop's own is a CJK one: Windows, macOS, Linux.
LATIN_FALLBACKS = ("Segoe UI", "Helvetica Neue", "Noto Sans", "DejaVu Sans", "Liberation Sans")


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def semantic(name: str) -> QColor:
    """``won``, ``lost``, ``overdue``, ``idle``, ``muted`` in the variant for the current palette."""
    light = {
        "won": "#1e8e4f",
        "lost": "#c93c37",
        "overdue": "#c93c37",
        "idle": "#c98a06",
        "muted": "#6b7280",
    }
    dark = {
        "won": "#4cc27e",
        "lost": "#ef6b66",
        "overdue": "#ef6b66",
        "idle": "#f0b429",
        "muted": "#9ca3af",
    }
    return QColor((dark if is_dark() else light)[name])


def stage_colour(index: int, count: int) -> QColor:
    """Sequential ramp from the first to the last open stage (used by board and funnel alike)."""
    t = 0.0 if count <= 1 else index / (count - 1)
    start, end = (
        (QColor("#7fb3ff"), QColor("#1f4fb8"))
        if not is_dark()
        else (QColor("#9cc3ff"), QColor("#3d7bf0"))
    )
    return QColor(
        round(start.red() + (end.red() - start.red()) * t),
        round(start.green() + (end.green() - start.green()) * t),
        round(start.blue() + (end.blue() - start.blue()) * t),
    )


def dark_palette() -> QPalette:
    palette = QPalette()
    base, window, text = QColor("#1e1f22"), QColor("#26282c"), QColor("#e6e6e6")
    for role, colour in {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor("#2b2d31"),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor("#303237"),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.ToolTipBase: QColor("#303237"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor("#8b8f97"),
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: QColor("#7fb0ff"),
        QPalette.ColorRole.Mid: QColor("#3a3d42"),
        QPalette.ColorRole.Midlight: QColor("#34373c"),
        QPalette.ColorRole.Dark: QColor("#151618"),
    }.items():
        palette.setColor(role, colour)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f737a"))
    return palette


def light_palette() -> QPalette:
    palette = QStyleFactory.create("Fusion").standardPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f5f6f8"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f8fa"))
    palette.setColor(QPalette.ColorRole.Highlight, ACCENT)
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    return palette


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, theme: str = "system") -> None:
    """``system`` follows the desktop's colour scheme (also when it changes while running);
    ``light``/``dark`` force one."""
    app.setStyle("Fusion")
    app.setProperty("funneldesk_theme", theme)
    dark = system_prefers_dark() if theme == "system" else theme == "dark"
    app.setPalette(dark_palette() if dark else light_palette())
    app.setFont(ui_font())
    app.setStyleSheet(app_stylesheet(dark))
    icons.clear_cache()
    if not app.property("funneldesk_follows_system"):
        app.setProperty("funneldesk_follows_system", True)
        QGuiApplication.styleHints().colorSchemeChanged.connect(
            lambda _scheme: _system_scheme_changed(app)
        )


def _system_scheme_changed(app: QApplication) -> None:
    if app.property("funneldesk_theme") == "system":
        apply_theme(app, "system")


def hairline(dark: bool | None = None) -> QColor:
    """The thin separator between surfaces (rail, toolbar, status bar, cards)."""
    return QColor("#3a3d42" if (is_dark() if dark is None else dark) else "#e1e4e8")


def app_stylesheet(dark: bool) -> str:
    """The few rules the palette cannot express: window chrome separators, navigation rail
    hover, the accent fill of primary buttons (``objectName`` ``primaryButton``), and
    dialog buttons without the desktop's stock icons (GNOME and KDE put a green tick and a
    red cross on OK and Cancel, beside the app's own icon set; Windows and macOS show none).
    """
    line = hairline(dark).name()
    hover = "#2f3237" if dark else "#eef1f5"
    accent, accent_hover, accent_down = ACCENT.name(), "#4a82ea", "#2459c2"
    return f"""
QToolBar#mainToolbar {{ background: palette(base); border: none;
    border-bottom: 1px solid {line}; padding: 4px 12px; spacing: 2px; }}
QToolBar#mainToolbar QToolButton {{ padding: 4px 8px; border-radius: 6px; border: none; }}
QToolBar#mainToolbar QToolButton:hover {{ background: {hover}; }}
QToolBar#mainToolbar QToolButton:disabled {{ color: palette(placeholder-text); }}
QMenuBar {{ background: palette(base); }}
QStatusBar {{ background: palette(base); border-top: 1px solid {line}; }}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QStatusBar::item {{ border: none; }}
QStatusBar QLabel {{ padding: 2px 8px; }}
QWidget#navRail {{ background: palette(base); border-right: 1px solid {line}; }}
QListWidget#navList {{ background: transparent; border: none; outline: none; }}
QListWidget#navList::item {{ padding: 8px 10px; border-radius: 6px; }}
QListWidget#navList::item:hover:!selected {{ background: {hover}; }}
QListWidget#navList::item:selected {{ background: {accent}; color: #ffffff; }}
QPushButton#primaryButton, QToolButton#primaryButton {{ background: {accent}; color: #ffffff;
    border: none; border-radius: 6px; padding: 6px 14px; font-weight: 600; }}
QPushButton#primaryButton:hover, QToolButton#primaryButton:hover {{ background: {accent_hover}; }}
QPushButton#primaryButton:pressed, QToolButton#primaryButton:pressed {{ background: {accent_down}; }}
QPushButton#primaryButton:disabled, QToolButton#primaryButton:disabled {{
    background: {line}; color: palette(placeholder-text); }}
""" + (_DARK_FIELDS if dark else "")


_DARK_FIELDS = f"""
QLineEdit, QPlainTextEdit {{ border: 1px solid #4a4e55; border-radius: 4px;
    background: palette(base); }}
QLineEdit {{ padding: 2px 4px; }}
QLineEdit:focus, QPlainTextEdit:focus {{ border-color: {ACCENT.name()}; }}
QLineEdit:disabled, QPlainTextEdit:disabled {{ border-color: #34373c; }}
QComboBox QLineEdit, QAbstractSpinBox QLineEdit {{ border: none; padding: 0;
    background: transparent; }}
"""
"""Text fields in the dark theme: Fusion draws their frame a shade darker than the window,
which on a dark window leaves a filter's "Min value" as floating grey text with no box."""


def ui_font(language: str | None = None) -> QFont:
    """The UI font for ``language`` (default: the language shown).

    English takes the platform's Latin UI font at its own size (9 pt or more), with a CJK
    font only as the fallback for Chinese names: a CJK font draws “…” as a centred “⋯” and
    sets quotes full-width, with wide gaps. Chinese takes a CJK font first, at 10 pt or
    more for legible strokes; its Latin letters suit its Chinese.
    """
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    installed = set(QFontDatabase.families())  # once: a few hundred names, built per call
    cjk = [family for family in CJK_FALLBACKS if family in installed]
    chinese = (language or QLocale().name()).startswith("zh")
    families = [*cjk, latin_family(font)] if chinese else [latin_family(font), *cjk]
    font.setFamilies(list(dict.fromkeys(families)))
    smallest = 10 if chinese else 9
    if font.pointSizeF() < smallest:
        font.setPointSizeF(smallest)
    return font


def latin_family(font: QFont) -> str:
    """The family the platform font really is: "Sans Serif" is only an alias, and listed
    before a CJK family it loses to it. A desktop whose UI font is a CJK one (a Chinese
    Linux) gets a Latin font of the system instead, when there is one."""
    family = QFontInfo(font).family()
    if not is_cjk_family(family):
        return family
    available = set(QFontDatabase.families())
    return next((f for f in LATIN_FALLBACKS if f in available), family)


def is_cjk_family(family: str) -> bool:
    return QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)


def heading_font(base: QFont | None = None, *, scale: float = 1.25) -> QFont:
    """One weight heavier and a little larger than body text."""
    font = QFont(base or QGuiApplication.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setWeight(QFont.Weight.DemiBold)
    return font


def tabular(font: QFont | None = None) -> QFont:
    """Tabular figures so numbers line up in columns."""
    font = QFont(font or QGuiApplication.font())
    font.setFeature(QFont.Tag("tnum"), 1)
    return font
