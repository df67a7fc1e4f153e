"""`python -m bot.main` and the `coachbot` script: the command line is bot/cli.py, the
subcommands are the composition root's (bot/app.py SUBCOMMANDS)."""

import sys

from bot.app import run
from bot.cli import main

__all__ = ["main", "run"]

if __name__ == "__main__":
    sys.exit(main())
