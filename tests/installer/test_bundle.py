"""The Linux bundle builds, carries only what the app uses, and opens a demo database.

Slow (a PyInstaller build takes minutes): runs with ``FUNNELDESK_SLOW=1``. Set
``FUNNELDESK_BUNDLE=dist/FunnelDesk`` to check an existing build instead of building.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux bundle"),
]


@pytest.fixture(scope="module")
def bundle() -> Path:
    existing = os.environ.get("FUNNELDESK_BUNDLE")
    if existing:
        return Path(existing).resolve()
    subprocess.run(["bash", "installer/build_linux.sh"], cwd=ROOT, check=True, timeout=1800)
    return ROOT / "dist" / "FunnelDesk"


def headless_env(tmp_path: Path) -> dict[str, str]:
    """No screen, no user settings: what a CI machine (or a first start) looks like."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        PYTHONPATH="",
    )
    return env


def run(bundle: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bundle / "funneldesk"), *args],
        env=headless_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )


@pytest.fixture(scope="module")
def demo_db(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database made by the bundle's own (headless) command line."""
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.sqlite"
    result = run(bundle, folder, "demo", "--db", str(path), "--customers", "300", "--seed", "3")
    assert result.returncode == 0, result.stderr
    return path


@pytest.mark.parametrize(
    ("language", "view"),
    [("en", "pipeline"), ("zh_CN", "today"), ("zh_CN", "funnel"), ("en", "customers")],
)
def test_bundle_opens_the_demo_database_and_paints_a_view(
    bundle: Path, demo_db: Path, tmp_path: Path, language: str, view: str
) -> None:
    from PySide6.QtGui import QImage

    shot = tmp_path / f"{view}-{language}.png"
    started = time.perf_counter()
    result = run(
        bundle,
        tmp_path,
        "--db",
        str(demo_db),
        "--lang",
        language,
        "--view",
        view,
        "--screenshot",
        str(shot),
    )
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    image = QImage(str(shot))
    assert image.width() >= 960 and image.height() >= 600
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20, "the window painted more than a blank surface"
    print(f"\n{language}/{view}: started, painted and saved in {elapsed:.2f} s")


def test_bundle_command_line_works_without_qt_on_the_headless_paths(
    bundle: Path, demo_db: Path, tmp_path: Path
) -> None:
    result = run(bundle, tmp_path, "--version")
    assert result.returncode == 0 and "FunnelDesk" in result.stdout
    bad = run(bundle, tmp_path, "--db", str(tmp_path / "missing" / "x.sqlite"), "nonsense")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_bundle_leaves_out_what_the_app_does_not_use(bundle: Path) -> None:
    files = [
        p.relative_to(bundle).as_posix()
        for p in bundle.rglob("*")
        if p.is_file() and not p.is_symlink()  # PyInstaller links shared libraries
    ]
    for unused in ("QtWebEngine", "Qt6Qml", "Qt6Quick", "Qt6Pdf", "qgtk3", "/tests/", "pytest"):
        assert not [f for f in files if unused in f], f"{unused} should not be bundled"
    qt_translations = sorted(
        f.rsplit("/", 1)[1] for f in files if f.endswith(".qm") and "PySide6" in f
    )
    assert qt_translations == ["qtbase_zh_CN.qm"]
    assert any(f.endswith("resources/i18n/funneldesk_zh_CN.qm") for f in files)
    assert any(f.endswith("share/applications/funneldesk.desktop") for f in files)
    size_mb = sum((bundle / f).stat().st_size for f in files) / 1e6
    print(f"\nbundle: {size_mb:.0f} MB in {len(files)} files")
    assert size_mb < 400
