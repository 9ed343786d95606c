"""Start-up imports only what the first screen needs, and does not pay PySide6 for reading
the source of every module it imports."""

from __future__ import annotations

import importlib
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

from funneldesk.app import skip_feature_scan
from funneldesk.core import customers
from funneldesk.core.db import open_database

REPO = Path(__file__).resolve().parents[2]


def test_modules_imported_after_start_are_not_read_as_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import PySide6.QtCore  # noqa: F401  (installs PySide6's import hook)

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None:
        pytest.skip("this PySide6 has no feature import hook")
    monkeypatch.setattr(feature, "_mod_uses_pyside", feature._mod_uses_pyside)
    read: list[object] = []
    monkeypatch.setattr(inspect, "getsource", lambda obj: read.append(obj) or "")
    (tmp_path / "freshly_imported_module.py").write_text("from PySide6.QtCore import QObject\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    skip_feature_scan()
    module = importlib.import_module("freshly_imported_module")

    assert module.QObject is not None and read == []
    monkeypatch.delitem(sys.modules, "freshly_imported_module")


FIRST_PAINT_MODULES = """
import sys
from tests.bench import ui_child
ui_child.emit = lambda _data: print(" ".join(sorted(sys.modules)), flush=True)
sys.argv[1:] = ["app", "--db", sys.argv[1]]
ui_child.main()
"""
"""The modules imported when the window has painted, as the start-up benchmark starts it."""

NOT_ON_THE_FIRST_SCREEN = (
    "funneldesk.ui.activities.dialog",  # the Today view's buttons open it
    "funneldesk.core.board",  # the pipeline's queries
    "funneldesk.core.today",  # Today's lists are read after the first paint
    "funneldesk.ui.today.rows",
    "funneldesk.ui.today.welcome",  # only for a file without data
    "PySide6.QtNetwork",  # the single-instance server listens once the window has painted
)


def test_the_first_screen_imports_only_what_it_shows(tmp_path: Path) -> None:
    db_path = tmp_path / "crm.sqlite"
    db = open_database(db_path)
    customers.create_customer(db, {"name": "张三"})
    db.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT_MODULES, str(db_path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    imported = set(result.stdout.split())
    assert "funneldesk.ui.today.view" in imported  # the Today view painted
    assert sorted(imported.intersection(NOT_ON_THE_FIRST_SCREEN)) == []
