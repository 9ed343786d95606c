"""``funneldesk --db FILE --view NAME --screenshot OUT.png`` works headless (README § Command line)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from funneldesk.core.db import open_database
from funneldesk.core.demo import generate_demo


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("shot") / "demo.sqlite"
    with open_database(path) as database:
        generate_demo(database, customers=60, seed=2, reference=date(2026, 11, 25))
    return path


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "funneldesk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def _distinct_colours(image: QImage, step: int = 7) -> int:
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


@pytest.mark.parametrize(("view", "language"), [("today", "en"), ("pipeline", "zh_CN")])
def test_screenshot_saves_the_painted_window(
    demo_file: Path, tmp_path: Path, view: str, language: str
) -> None:
    out = tmp_path / f"{view}.png"
    result = _run(
        "--db", str(demo_file), "--lang", language, "--view", view, "--screenshot", str(out)
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1280, 800)
    assert _distinct_colours(image) > 20  # text, icons and surfaces, not a blank frame
    left, right = image.copy(0, 0, 180, 800), image.copy(400, 100, 800, 600)
    assert _distinct_colours(left, 3) > 5 and _distinct_colours(right, 3) > 5


def test_a_screenshot_leaves_the_remembered_window_alone(demo_file: Path, tmp_path: Path) -> None:
    config = tmp_path / "config"
    env_config = {"XDG_CONFIG_HOME": str(config)}
    result = _run("--db", str(demo_file), "--screenshot", str(tmp_path / "x.png"), env=env_config)
    assert result.returncode == 0, result.stderr
    saved = list(config.rglob("*.conf"))
    assert all("window/" not in p.read_text() and "geometry" not in p.read_text() for p in saved)


def test_a_file_that_is_not_a_database_is_refused_in_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "notes.sqlite"
    junk.write_text("not a database")
    result = _run("--db", str(junk), "--screenshot", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert junk.read_text() == "not a database"
    assert not (tmp_path / "x.png").exists()


def test_an_unknown_view_is_refused(tmp_path: Path) -> None:
    result = _run("--view", "reports", "--screenshot", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


@pytest.mark.parametrize("size", ["1024x768", "1024x700"])
def test_size_sets_the_frame_of_the_screenshot(demo_file: Path, tmp_path: Path, size: str) -> None:
    out = tmp_path / "small.png"
    result = _run(
        "--db", str(demo_file), "--view", "funnel", "--size", size, "--screenshot", str(out)
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    width, height = (int(n) for n in size.split("x"))
    assert (image.width(), image.height()) == (width, height)


def test_a_malformed_size_is_refused_in_one_line(tmp_path: Path) -> None:
    result = _run("--size", "big", "--screenshot", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "1024x768" in result.stderr
    assert not (tmp_path / "x.png").exists()
