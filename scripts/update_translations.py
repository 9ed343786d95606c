"""Refresh the translation files: lupdate (source → .ts) then lrelease (.ts → .qm).

    .venv/bin/python scripts/update_translations.py                # both steps
    .venv/bin/python scripts/update_translations.py --release-only # only compile the .qm

One ``.ts`` per language: Simplified Chinese holds every message; English, the language of
the source, only the messages with a count, for their singular and plural forms.
The ``.ts`` is what a translator edits (Qt Linguist or any XML editor); the compiled
``.qm`` is committed beside it so a checkout runs in Chinese without a build step, and
``tests/ui/test_translations.py`` fails when either is behind the source code.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN", "en")
SOURCE_LANGUAGE = "en"
"""The source strings are English: its file holds only the messages with a count, whose
singular and plural forms ("1 row", "2 rows") the one source text cannot spell."""


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


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _parse(path: Path) -> ast.Module | None:
    """The file's syntax tree; a file being edited may not parse yet (lupdate reports it)."""
    try:
        return ast.parse(path.read_text(encoding="utf-8"), str(path))
    except SyntaxError as exc:
        sys.stderr.write(
            f"update_translations: skipping {path.name}: {exc.msg} (line {exc.lineno})\n"
        )
        return None


def defined_helpers(tree: ast.Module) -> dict[str, str]:
    """Module-level ``def _tr(text): return QCoreApplication.translate("Context", text)``.

    Such helpers are a common way to translate outside a QObject, but lupdate only knows
    ``tr``/``translate``/``QT_TRANSLATE_NOOP`` calls; maps helper name → its context.
    """
    helpers = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or not node.args.args:
            continue
        parameter = node.args.args[0].arg
        for statement in node.body:
            call = statement.value if isinstance(statement, ast.Return) else None
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "translate"
                and len(call.args) >= 2
                and isinstance(call.args[0], ast.Constant)
                and isinstance(call.args[0].value, str)
                and isinstance(call.args[1], ast.Name)
                and call.args[1].id == parameter
            ):
                helpers[node.name] = call.args[0].value
    return helpers


def helper_contexts() -> dict[str, dict[str, str]]:
    """For every source file, the translation helpers it can call (defined or imported)."""
    trees = {path: tree for path in source_files() if (tree := _parse(path)) is not None}
    by_module = {_module_name(path): defined_helpers(tree) for path, tree in trees.items()}
    visible = {}
    for path, tree in trees.items():
        names = dict(by_module[_module_name(path)])
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in by_module:
                for alias in node.names:
                    if alias.name in by_module[node.module]:
                        names[alias.asname or alias.name] = by_module[node.module][alias.name]
        visible[str(path)] = names
    return visible


def helper_messages() -> list[tuple[str, str]]:
    """``(context, text)`` of every helper call with a literal text, in source order."""
    found = []
    for path_name, helpers in helper_contexts().items():
        if not helpers:
            continue
        tree = _parse(Path(path_name))
        for node in ast.walk(tree) if tree is not None else ():
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in helpers
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append((helpers[node.func.id], node.args[0].value))
    return found


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def lupdate(ts_file: Path, *, silent: bool = True, plural_only: bool = False) -> None:
    """Merge the current source strings into ``ts_file``; vanished strings are dropped.

    ``plural_only`` keeps only the messages with a count (the source language's file).

    Strings passed to translation helpers are handed to lupdate as ``QT_TRANSLATE_NOOP``
    lines in a generated file, under the helper's context.
    """
    files = [str(path.relative_to(ROOT)) for path in source_files()]
    with tempfile.TemporaryDirectory() as folder:
        extracted = Path(folder) / "helper_strings.py"
        extracted.write_text(
            "".join(
                f"QT_TRANSLATE_NOOP({_literal(context)}, {_literal(text)})\n"
                for context, text in helper_messages()
            ),
            encoding="utf-8",
        )
        command = [tool("lupdate"), *files, str(extracted)]
        command += ["-locations", "none", "-no-obsolete", "-ts", str(ts_file)]
        if plural_only:
            command.insert(1, "-pluralonly")
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
            lupdate(ts_path(language), silent=False, plural_only=language == SOURCE_LANGUAGE)
        lrelease(ts_path(language), qm_path(language))
    return 0


if __name__ == "__main__":
    sys.exit(main())
