"""The `coachbot` command: `coachbot run` (default), `migrate`, `status`, `health`,
`backup [FILE]`, `strava subscribe`, and the developer tools of a checkout
(`simulate (--runner NAME | --spec FILE) [--weeks N] [--json]`).

`run` long-polls Telegram, or serves a webhook when WEBHOOK_URL is set. This module only
reads the command line and the settings, calls the composition root's subcommand
(bot/app.py SUBCOMMANDS) and turns its failures into a short message (bot/failures.py): a
refused token, an unusable database and any unexpected error never print a secret.

A developer tool is found by name in the "coachbot.tools" entry points (pyproject.toml:
`simulate = "tools.simulate.cli:main"`), a callable taking the rest of argv and returning
the exit code; it needs no settings. The product never imports a tool: where the tools are
not installed (the Docker image copies only the product packages), the command says so.
"""

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from pathlib import Path

from pydantic import ValidationError

from bot.app import SUBCOMMANDS, NoToken
from bot.config import Settings
from bot.failures import explain, no_token, quiet_known_failures, settings_trouble
from bot.logsafety import install_logging


def parser() -> argparse.ArgumentParser:
    commands = argparse.ArgumentParser(prog="coachbot", description=__doc__)
    commands.add_argument("command", nargs="?", default=next(iter(SUBCOMMANDS)),
                          choices=(*SUBCOMMANDS, *tool_names()))
    commands.add_argument("path", nargs="?", type=Path,
                          help="backup: the new file to write (default: next to the database)")
    commands.add_argument("--max-age", type=float, metavar="SECONDS",
                          help="health: the oldest scheduler tick that still counts as alive "
                               "(default: 4 scheduler intervals, at least 300)")
    return commands


TOOLS = "coachbot.tools"  # the entry-point group of the developer tools
Tool = Callable[[Sequence[str]], int]


def tool_names() -> tuple[str, ...]:
    return tuple(sorted({point.name for point in entry_points(group=TOOLS)}))


def run_tool(name: str, argv: Sequence[str]) -> int:
    """The developer tool `name` with its own arguments; 2 where it is not installed."""
    (point, *_) = entry_points(group=TOOLS, name=name)
    try:
        tool: Tool = point.load()
    except ImportError:
        print(f"coachbot {name}: a developer tool, run from a checkout of coachbot "
              "(`make .venv/.installed-dev`); it is not installed here.", file=sys.stderr)
        return 2
    return tool(argv)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen subcommand."""
    given = sys.argv[1:] if argv is None else argv
    if given[:1] and given[0] not in SUBCOMMANDS and given[0] in tool_names():
        return run_tool(given[0], given[1:])
    if given[:1] == ["strava"]:  # its own arguments
        args = argparse.Namespace(command=given[0], rest=given[1:])
    else:
        args = parser().parse_args(given)
    try:
        settings = Settings()
    except ValidationError as exc:
        print(settings_trouble(exc), file=sys.stderr)
        return 2
    install_logging(settings)
    quiet_known_failures(settings)
    try:
        return SUBCOMMANDS[args.command](settings, args)
    except NoToken:
        print(no_token(), file=sys.stderr)
        return 2
    except Exception as exc:
        code, message = explain(exc, settings)
        print(message, file=sys.stderr)
        return code


if __name__ == "__main__":
    sys.exit(main())
