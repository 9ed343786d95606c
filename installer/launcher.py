"""Entry point frozen by PyInstaller: the same ``funneldesk`` command as the installed package."""

import sys

from funneldesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
