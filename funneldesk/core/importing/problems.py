"""The list of rows to fix after an import, saved as a CSV file the user can work through."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from funneldesk.core.exporting import atomic_output
from funneldesk.core.importing.writer import RowProblem
from funneldesk.core.safe_text import csv_text


def save_problems_csv(problems: Sequence[RowProblem], path: Path | str) -> int:
    """Write ``Row,Problem`` lines (UTF-8 with BOM, formula-safe); returns the count."""
    with atomic_output(Path(path), encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Row", "Problem"])
        for problem in problems:
            writer.writerow([problem.row, csv_text(problem.message)])
    return len(problems)
