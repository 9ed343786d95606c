"""Start-up does not pay PySide6 for reading the source of every module it imports."""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path

import pytest

from funneldesk.app import skip_feature_scan


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
