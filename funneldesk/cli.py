"""The ``funneldesk`` command (README § Command line).

Without a subcommand it opens the desktop app; subcommands are headless and never import Qt.
Each subcommand lives in ``funneldesk/commands/<name>.py`` with ``register(subparsers)``;
this module finds them, so adding a command never edits this file.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
from collections.abc import Sequence

from funneldesk import __version__, commands
from funneldesk.core.environment import environment_error

VIEWS = ("today", "customers", "pipeline", "agenda", "funnel")


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports bad usage as a single line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        sys.exit(2)


def window_size(text: str) -> tuple[int, int]:
    """``WxH`` (e.g. ``1024x768``) as a pair of pixel counts, for ``--size``."""
    match = re.fullmatch(r"\s*(\d{3,5})\s*[xX×]\s*(\d{3,5})\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size like 1024x768: {text!r}")
    return int(match.group(1)), int(match.group(2))


APP_OPTIONS = ("--db", "--lang", "--view", "--size", "--screenshot")


def _needs_commands(argv: Sequence[str]) -> bool:
    """Whether the command line holds more than the desktop app's own options.

    The desktop app alone starts without importing the command modules and what they
    import (exporting, importing, the funnel statistics): about 0.3 s of every start-up. Anything else
    (a command, ``--help``, a typo) gets the full parser and its messages.
    """
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in APP_OPTIONS and rest:
            rest.pop(0)
        elif arg.split("=", 1)[0] not in (*APP_OPTIONS, "--version"):
            return True
    return False


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="funneldesk",
        description="FunnelDesk — an offline CRM for salespeople. "
        "Without a command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"FunnelDesk {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="database file (default: in your user data folder)"
    )
    parser.add_argument("--lang", choices=("en", "zh_CN"), help="language of the app")
    parser.add_argument("--view", choices=VIEWS, help="view to open first")
    parser.add_argument(
        "--size",
        metavar="WxH",
        type=window_size,
        help="open the window at this size in pixels, e.g. 1024x768 (with --screenshot too)",
    )
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        help="open the view, let it paint, save the window as PNG and exit",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=OneLineParser
    )
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if module_info.name.startswith("_") or not with_commands:
            continue
        module = importlib.import_module(f"{commands.__name__}.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(with_commands=_needs_commands(argv))
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from funneldesk.app import run_app  # Qt is imported only for the desktop app

            return run_app(args)
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        sys.stderr.write("funneldesk: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the one place a failure becomes the user's line (or a bug)
        error = environment_error(exc)
        if error is None:
            raise
        sys.stderr.write(f"funneldesk: {' '.join(str(error).split())}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
