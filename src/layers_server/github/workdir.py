"""Working copies: one private directory per running job, gone when the job ends.

A job removes its copy itself however it ends (success, failure, cancel, lost lease). A process
killed outright (SIGKILL, power loss) cannot, so every copy is owned through a lock: beside the
directory ``<name>`` sits ``<name>.lock``, which the owning process holds with ``flock`` for the
copy's whole life. The kernel releases that lock when the owner dies, whichever way it dies, so
`sweep` can tell a leftover (lock free) from a copy in use by another worker on this machine
(lock held) and removes only leftovers, with any process still working in them. Workers
sweep when they start and before every clone.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import secrets
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..settings import Settings

log = logging.getLogger("layers.github")

_LOCK_SUFFIX = ".lock"


def work_root(settings: Settings) -> Path:
    if settings.github_work_dir:
        return Path(settings.github_work_dir)
    return Path(tempfile.gettempdir()) / "layers-github"


@contextlib.contextmanager
def working_copy(root: Path, label: str) -> Iterator[Path]:
    """A fresh, empty directory that only this process can use; removed on exit."""
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    while True:
        name = f"{label}-{secrets.token_hex(4)}"
        lock_path = root / f"{name}{_LOCK_SUFFIX}"
        try:
            fd = os.open(lock_path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
        except FileExistsError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)  # a sweep took it in the instant between create and lock
            continue
        break
    path = root / name
    try:
        path.mkdir(mode=0o700)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            lock_path.unlink()
        os.close(fd)


def sweep(root: Path) -> int:
    """Remove the copies whose owner is gone; returns how many. Safe while others run."""
    if not root.is_dir():
        return 0
    removed = 0
    for entry in sorted(root.iterdir()):
        if entry.name.endswith(_LOCK_SUFFIX):
            directory, lock_path = root / entry.name[: -len(_LOCK_SUFFIX)], entry
        else:
            directory, lock_path = entry, root / f"{entry.name}{_LOCK_SUFFIX}"
            if lock_path.exists():
                continue  # handled from its lock file
        if _owner_alive(lock_path):
            continue
        if directory.exists():
            _kill_processes_inside(directory)
            shutil.rmtree(directory, ignore_errors=True)
            removed += 1
        with contextlib.suppress(FileNotFoundError):
            lock_path.unlink()
    if removed:
        log.info("removed leftover working copies", extra={"count": removed})
    return removed


def _kill_processes_inside(directory: Path) -> None:
    """git's helpers outlive a killed worker (the kernel's parent-death signal reaches only the
    git it started, not git's own children); they still run in the copy, so they are found by
    their working directory and stopped before it is removed."""
    proc = Path("/proc")
    if not proc.is_dir():
        return
    inside = str(directory)
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue  # gone, or not ours
        if cwd == inside or cwd.startswith(inside + "/"):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(int(entry.name), signal.SIGKILL)


def _owner_alive(lock_path: Path) -> bool:
    try:
        fd = os.open(lock_path, os.O_RDWR)
    except FileNotFoundError:
        return False  # a directory without its lock: its owner died while cleaning up
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops the lock we may have taken
    return False
