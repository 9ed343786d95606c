"""Building a demo database as a job for the app's runner, with progress and Cancel.

The generator (:func:`funneldesk.core.demo.generate_demo`) writes into a new file in the
user data folder; a cancelled or failed run removes that file so nothing half-made is left.
"""

from __future__ import annotations

from pathlib import Path

from funneldesk.core.clock import now_timestamp
from funneldesk.core.db import open_database
from funneldesk.core.jobs import CancelCheck, Progress
from funneldesk.core.safe_replace import remove_with_companions, unused_path
from funneldesk.paths import user_data_dir
from funneldesk.ui.jobs import Job

DEMO_CUSTOMERS = 2000


def new_demo_path(folder: Path | None = None) -> Path:
    """A file name that does not exist yet, e.g. ``funneldesk-demo-20261125T100000Z.sqlite``."""
    folder = folder or user_data_dir()
    stamp = now_timestamp().replace("-", "").replace(":", "")
    return unused_path(folder, f"funneldesk-demo-{stamp}")


def demo_job(path: Path, language: str, customers: int = DEMO_CUSTOMERS) -> Job:
    """Generate demo data into the new file ``path``; a cancelled or failed run removes it, so
    nothing half-made is left."""

    def generate(progress: Progress, cancelled: CancelCheck) -> Path:
        from funneldesk.core.demo import generate_demo

        try:
            db = open_database(path, language=language)
            try:
                generate_demo(db, customers=customers, progress=progress, cancelled=cancelled)
            finally:
                db.close()
        except BaseException:
            remove_with_companions(path)
            raise
        return path

    return generate
