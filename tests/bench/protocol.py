"""The one line a child process prints for the parent (kept tiny: the start-up probes import
it, and whatever it imported would count in both start-up figures)."""

from __future__ import annotations

import json
import sys
from typing import Any

RESULT_PREFIX = "BENCH-RESULT "


def emit(data: dict[str, Any]) -> None:
    sys.stdout.write(RESULT_PREFIX + json.dumps(data) + "\n")
    sys.stdout.flush()
