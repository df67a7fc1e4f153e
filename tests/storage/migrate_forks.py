"""A fork server for the migration kill test: `coachbot migrate` in real child processes, fast.

Run as `python -m tests.storage.migrate_forks`. It imports coachbot, SQLAlchemy, Alembic and
the database drivers once, then reads commands on stdin, one per line:

- `migrate <url>`: fork a child that runs `coachbot migrate` (bot.main.main) against <url>;
  answers the child's pid. The child is a real process: the test SIGKILLs it.
- `wait <pid>`: reap the child; answers its exit code, or -N when signal N ended it.
- `ping`: answers 0 (once the imports are done).

Forking after the imports makes a child's start cost milliseconds instead of a second, so
the test can kill dozens of migrations in a few seconds, each at a random moment of the work
that matters (Alembic and the DDL) rather than of Python's start-up.
"""

import os
import sys
import traceback

import aiosqlite  # noqa: F401 - imported before forking, as the child needs it
import alembic.command  # noqa: F401
import asyncpg  # noqa: F401
import sqlalchemy.ext.asyncio  # noqa: F401

import bot.main
import storage.migrate  # noqa: F401


def child(url: str) -> None:
    """Runs in the forked child: `coachbot migrate`, then exit without any cleanup of ours."""
    code = 1
    try:
        os.environ["DATABASE_URL"] = url
        code = bot.main.main(["migrate"])
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stderr.flush()
        os._exit(code)


def serve() -> None:
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "migrate":
            pid = os.fork()
            if pid == 0:
                child(argument)
            answer = str(pid)
        elif command == "ping":
            answer = "0"
        elif command == "wait":
            _, status = os.waitpid(int(argument), 0)
            answer = str(os.waitstatus_to_exitcode(status))
        else:
            answer = f"error unknown command {command!r}"
        sys.stdout.write(answer + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
