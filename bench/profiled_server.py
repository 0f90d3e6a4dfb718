"""``layers-server serve`` with a pyinstrument profiler switched by signals.

SIGUSR1 starts sampling, SIGUSR2 stops it and saves the session to ``BENCH_PROFILE_SESSION``, so
the profile covers exactly the measured load, not start-up or warm-up. Everything else is the
real ``serve`` command, one process.

    python -m bench.profiled_server --host 127.0.0.1 --port 8000
"""

from __future__ import annotations

import os
import signal
import sys
import time

from pyinstrument import Profiler
from pyinstrument.stack_sampler import get_stack_sampler

from layers_server.cli import main as layers_server_main


def main() -> int:
    session_path = os.environ["BENCH_PROFILE_SESSION"]
    # Sample on this thread's CPU clock: time the event loop sits in epoll waiting for the
    # database is not work, and on a wall clock it would be charged to whichever coroutine
    # resumes next (asyncpg's execute), hiding the real hot spots.
    get_stack_sampler().timer_func = time.thread_time
    profiler = Profiler(interval=0.0005, async_mode="disabled")

    def start(_signum, _frame) -> None:
        if not profiler.is_running:
            profiler.start()

    def stop(_signum, _frame) -> None:
        if profiler.is_running:
            profiler.stop().save(session_path)

    signal.signal(signal.SIGUSR1, start)
    signal.signal(signal.SIGUSR2, stop)
    return layers_server_main(["serve", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
