"""Who holds inbox rows: an owner id names its host and process.

A lease normally runs out before another instance takes a row over. A restarted bot need
not wait for that when the holder was a process of its own host that is gone (a crash, a
SIGKILL, a container restarted with the same host name): those rows are taken at once.
Rows of other hosts, and of live processes here, wait for their lease.
"""

import os
import socket
import uuid
from collections.abc import Iterable

HOST_CHARS = 20  # the owner column holds 40 characters


def new_owner() -> str:
    """host/pid/random: unique per process start, and readable by `gone`."""
    return f"{socket.gethostname()[:HOST_CHARS]}/{os.getpid()}/{uuid.uuid4().hex[:8]}"


def gone(owners: Iterable[str], me: str) -> list[str]:
    """The owners among these that were processes of this host and are no more."""
    host = me.split("/", 1)[0]
    dead = []
    for owner in owners:
        parts = owner.split("/")
        if owner == me or len(parts) != 3 or parts[0] != host or not parts[1].isdigit():
            continue
        pid = int(parts[1])
        if pid == os.getpid() or not _alive(pid):  # our pid with another token: an earlier us
            dead.append(owner)
    return dead


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
