"""`python -m devstack up|down|status`: the whole platform on one machine, one command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
