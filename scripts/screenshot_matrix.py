"""Save every view at 1024×768 and 1440×900, in English light and Chinese dark.

    .venv/bin/python scripts/screenshot_matrix.py OUT_DIR [--db-en FILE] [--db-zh FILE]

Writes ``OUT_DIR/{en-light,zh-dark}-VIEW-WxH.png`` (20 files) to look at before saying a
screen is finished. Without ``--db-en``/``--db-zh`` it builds the two demo files first
(``funneldesk demo --lang en|zh_CN``, seed 7, in OUT_DIR). Each run of the app gets its own
throw-away settings folder holding only the theme, so the user's own settings (window size,
last view, theme) are neither used nor changed. Runs under ``xvfb-run`` when it is installed,
so the pictures are drawn by a real X server; otherwise the app falls back to offscreen.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

VIEWS = ("today", "customers", "pipeline", "agenda", "funnel")
SIZES = ("1024x768", "1440x900")
LOOKS = (("en", "light"), ("zh_CN", "dark"))


def _app(*args: str, env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "funneldesk", *args]
    if shutil.which("xvfb-run"):
        command = ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", *command]
    subprocess.run(command, env=env, check=True)


def _settings_home(theme: str, root: Path) -> dict[str, str]:
    """Environment for one run: a settings folder whose only setting is the theme."""
    home = root / theme
    config = home / ".config" / "FunnelDesk"
    config.mkdir(parents=True, exist_ok=True)
    (config / "FunnelDesk.conf").write_text(f"[General]\ntheme={theme}\n", encoding="utf-8")
    return {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--db-en", type=Path)
    parser.add_argument("--db-zh", type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    files = {"en": args.db_en, "zh_CN": args.db_zh}
    for language, given in files.items():
        if given is None:
            files[language] = args.out / f"demo-{language}.sqlite"
            _app(
                "demo",
                "--db",
                str(files[language]),
                "--lang",
                language,
                "--force",
                env=dict(os.environ),
            )
    with tempfile.TemporaryDirectory(prefix="funneldesk-shots-") as root:
        for language, theme in LOOKS:
            env = _settings_home(theme, Path(root))
            prefix = f"{language.split('_')[0]}-{theme}"
            for view in VIEWS:
                for size in SIZES:
                    target = args.out / f"{prefix}-{view}-{size}.png"
                    _app(
                        *("--db", str(files[language]), "--lang", language, "--view", view),
                        *("--size", size, "--screenshot", str(target)),
                        env=env,
                    )
                    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
