"""Owner ids name host and process, so the rows of a dead process of this host are known."""

import os
import socket
import subprocess
import sys

from bot.owners import gone, new_owner


def test_an_owner_names_this_host_and_process_and_is_new_each_time() -> None:
    first, second = new_owner(), new_owner()
    host, pid, _token = first.split("/")
    assert socket.gethostname().startswith(host)
    assert int(pid) == os.getpid()
    assert first != second
    assert len(first) <= 40


def test_only_processes_of_this_host_that_are_gone_count_as_gone() -> None:
    me = new_owner()
    host = me.split("/")[0]
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    dead_pid = int(finished.stdout)
    owners = [
        me,
        f"{host}/{os.getpid()}/earlier0",  # this pid, another start: an earlier us
        f"{host}/{dead_pid}/deadbeef",
        f"{host}/{os.getppid()}/parent00",  # alive
        f"other-host/{dead_pid}/deadbeef",  # another host's: its lease decides
        "crashed",  # not an id of this form
    ]
    assert gone(owners, me) == [owners[1], owners[2]]
