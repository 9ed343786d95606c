"""Test set-up shared by every test.

Qt runs on the offscreen platform (set before anything imports Qt), settings and user data
go to a throw-away folder, and two markers gate the expensive tests:
``slow`` (run with FUNNELDESK_SLOW=1) and ``xvfb`` (needs a real X server, e.g. under xvfb-run).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ["FUNNELDESK_REAL_DISPLAY"] = os.environ.get("DISPLAY", "")
os.environ["QT_QPA_PLATFORM"] = "offscreen"
_sandbox = Path(tempfile.mkdtemp(prefix="funneldesk-tests-"))
os.environ["XDG_CONFIG_HOME"] = str(_sandbox / "config")
os.environ["XDG_DATA_HOME"] = str(_sandbox / "data")
os.environ["XDG_CACHE_HOME"] = str(_sandbox / "cache")

import pytest  # noqa: E402

from funneldesk.core.db import Database, open_database  # noqa: E402


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    run_slow = os.environ.get("FUNNELDESK_SLOW") == "1"
    has_x = bool(os.environ["FUNNELDESK_REAL_DISPLAY"])
    for item in items:
        if "slow" in item.keywords and not run_slow:
            item.add_marker(pytest.mark.skip(reason="slow test: set FUNNELDESK_SLOW=1"))
        if "xvfb" in item.keywords and not has_x:
            item.add_marker(pytest.mark.skip(reason="needs an X server: run under xvfb-run"))


@pytest.fixture(autouse=True)
def english_as_the_app_shows_it(request: pytest.FixtureRequest) -> None:
    """Widget tests read English as the app shows it: with the plural forms of
    resources/i18n/funneldesk_en.qm ("1 conflict", not the source's "1 conflicts")."""
    if "qapp" in request.fixturenames:
        from funneldesk.ui import i18n

        i18n.install_translators(request.getfixturevalue("qapp"), "en")


@pytest.fixture
def db(tmp_path: Path) -> Database:
    """A new, empty FunnelDesk database (default pipeline and stages, English)."""
    database = open_database(tmp_path / "test.sqlite")
    yield database
    if "funneldesk.ui.jobs" in sys.modules:  # a window of the test may still be reading it
        from funneldesk.ui.jobs import wait_for_all_jobs

        wait_for_all_jobs()
    database.close()


@pytest.fixture
def context(qapp, db: Database):  # noqa: ANN001, ANN201
    """An AppContext (database + undo stack) for widget tests."""
    from funneldesk.ui.context import AppContext

    ctx = AppContext(db)
    yield ctx
    from funneldesk.ui.jobs import wait_for_all_jobs

    wait_for_all_jobs()  # the db fixture closes the file next; no worker may still read it
    ctx.undo_stack.clear()
