import sys

from funneldesk.cli import main

sys.exit(main())
