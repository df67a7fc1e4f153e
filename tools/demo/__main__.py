"""`python -m tools.demo [--port N] [--db FILE]`: what `make demo` runs."""

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

DEFAULT_PORT = 8765


def main(argv: list[str] | None = None) -> int:
    """Parse the options and serve the demo until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m tools.demo", description=__doc__)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"local port of the chat page (default {DEFAULT_PORT}; 0: any)")
    parser.add_argument("--db", type=Path, default=None,
                        help="SQLite file to keep (default: a fresh temporary one)")
    args = parser.parse_args(argv)
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # opt in to PTB's timedelta durations
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from tools.demo.run import serve

    asyncio.run(serve(args.port, args.db))
    return 0


if __name__ == "__main__":
    sys.exit(main())
