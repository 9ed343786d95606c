"""Refresh the translation files: lupdate (source → .ts) then lrelease (.ts → .qm).

    .venv/bin/python scripts/update_translations.py                # both steps
    .venv/bin/python scripts/update_translations.py --release-only # only compile the .qm

The ``.ts`` is what a translator edits (Qt Linguist or any XML editor); the compiled
``.qm`` is committed beside it so a checkout runs in Chinese without a build step, and
``tests/ui/test_translations.py`` fails when either is behind the source code.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """A Qt Linguist tool shipped with PySide6, preferring the one beside this Python."""
    found = shutil.which(f"pyside6-{name}", path=str(Path(sys.executable).parent)) or shutil.which(
        f"pyside6-{name}"
    )
    if not found:
        raise SystemExit(f"update_translations: pyside6-{name} not found (pip install PySide6)")
    return found


def source_files() -> list[Path]:
    """Every Python file of the package (only ``tr``/``translate`` calls are picked up)."""
    return sorted(
        path for path in (ROOT / "funneldesk").rglob("*.py") if "__pycache__" not in path.parts
    )


def ts_path(language: str) -> Path:
    return I18N / f"funneldesk_{language}.ts"


def qm_path(language: str) -> Path:
    return I18N / f"funneldesk_{language}.qm"


def lupdate(ts_file: Path, *, silent: bool = True) -> None:
    """Merge the current source strings into ``ts_file``; vanished strings are dropped."""
    files = [str(path.relative_to(ROOT)) for path in source_files()]
    command = [tool("lupdate"), *files, "-locations", "none", "-no-obsolete", "-ts", str(ts_file)]
    if silent:
        command.insert(1, "-silent")
    subprocess.run(command, cwd=ROOT, check=True)


def lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run(
        [tool("lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)], cwd=ROOT, check=True
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release-only", action="store_true", help="only compile .ts to .qm")
    args = parser.parse_args(argv)
    I18N.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        if not args.release_only:
            lupdate(ts_path(language), silent=False)
        lrelease(ts_path(language), qm_path(language))
    return 0


if __name__ == "__main__":
    sys.exit(main())
