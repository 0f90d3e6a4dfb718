"""The real ``git`` binary, driven so that the installation token cannot leak and the repository
cannot run anything.

The token reaches git only through its environment, as configuration
(``GIT_CONFIG_COUNT``/``GIT_CONFIG_KEY_n``/``GIT_CONFIG_VALUE_n``: ``http.extraHeader`` with
``Authorization: Basic base64("x-access-token:<token>")``, what GitHub takes over HTTPS). So it
is never on a command line (``ps`` shows those to every user), never in a URL, never in
``.git/config``; a process's environment is readable by its own user only. Only the two
commands that talk to GitHub, fetch and push, receive it; the remote is named by its plain URL
on each call and never stored as a remote.

The repository is kept bare: nothing is checked out. Files are read as blobs and the patch is
written with plumbing (``read-tree``/``update-index``/``write-tree``/``commit-tree``), so a
symlink in the repository is just a blob that is never followed, a 50,000-file tree costs a
listing rather than 50,000 writes, and no hook, filter, textconv or LFS smudge of the
repository's can ever run. git itself runs with no system or user configuration, no terminal
prompt, the HTTPS protocol only, and no redirects (which could carry the header elsewhere).

Each network command has a time limit and its bytes on disk a cap, both enforced by us while we
run and backed by the kernel if this process dies: the child gets ``PR_SET_PDEATHSIG`` (via
``setpriv``) and ``RLIMIT_FSIZE`` (via ``prlimit``), where those util-linux tools exist.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import os
import re
import shutil
import signal
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("layers.github")

# Enough for every local command we run; a network command gets the operator's limit.
LOCAL_TIMEOUT_SECONDS = 60.0
_POLL_SECONDS = 0.2
_STDERR_KEPT = 2000

BOT_NAME = "Layers"
BOT_EMAIL = "sdk-setup@layers.invalid"


class GitError(Exception):
    """A git command that failed. ``message`` is safe to show: it never holds the token."""

    def __init__(self, code: str, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.transient = transient


@dataclass(frozen=True)
class Credentials:
    """The installation token, as the one HTTP header git sends with it."""

    token: str = field(repr=False)

    def config_env(self) -> dict[str, str]:
        basic = base64.b64encode(f"x-access-token:{self.token}".encode()).decode()
        return _config_env(
            ("http.extraHeader", f"Authorization: Basic {basic}"),
            ("http.followRedirects", "false"),
            # Keep what is fetched in one pack file, so the kernel's file-size limit caps it.
            ("fetch.unpackLimit", "1"),
        )

    def scrub(self, text: str) -> str:
        """Belt and braces for anything git prints: the token (plain or encoded) never shows."""
        basic = base64.b64encode(f"x-access-token:{self.token}".encode()).decode()
        return text.replace(self.token, "***").replace(basic, "***")


def _config_env(*pairs: tuple[str, str]) -> dict[str, str]:
    env = {"GIT_CONFIG_COUNT": str(len(pairs))}
    for index, (key, value) in enumerate(pairs):
        env[f"GIT_CONFIG_KEY_{index}"] = key
        env[f"GIT_CONFIG_VALUE_{index}"] = value
    return env


@dataclass(frozen=True)
class TreeEntry:
    path: str
    mode: str
    sha: str
    size: int

    @property
    def is_file(self) -> bool:
        # 100644/100755 only: symlinks (120000) and submodules (160000) are never read.
        return self.mode in ("100644", "100755")


@dataclass(frozen=True)
class TreeListing:
    entries: list[TreeEntry]  # the entries the caller asked to keep
    files: int  # regular files in the whole tree (up to `limit`)
    total_bytes: int
    truncated: bool  # the tree had more than `limit` entries; the rest was not listed


class Repository:
    """A bare repository in ``path``; every method runs one or a few git commands."""

    def __init__(
        self, path: Path, *, protocols: str = "https", time_limit: float, max_bytes: int
    ) -> None:
        self.path = path
        self._protocols = protocols
        self.time_limit = time_limit  # of each network command
        self.max_bytes = max_bytes  # on disk, for the fetch
        self._tools = _kernel_guards()

    def _env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            # No user or system configuration: no credential helper to store the token, no
            # alias, hook path or filter an administrator (or anyone) set up on this machine.
            "HOME": str(self.path),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_ASKPASS": "",
            "SSH_ASKPASS": "",
            "GIT_ALLOW_PROTOCOL": self._protocols,
            "GIT_PROTOCOL_FROM_USER": "0",
            "GIT_LFS_SKIP_SMUDGE": "1",
            "GIT_DIR": str(self.path),
            "LC_ALL": "C",
        }
        for proxy in (
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "NO_PROXY",
            "no_proxy",
        ):
            if proxy in os.environ:
                env[proxy] = os.environ[proxy]
        env.update(extra or {})
        return env

    async def _git(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        stdin: bytes | None = None,
        time_limit: float = LOCAL_TIMEOUT_SECONDS,
        max_output: int = 16 * 1024 * 1024,
        credentials: Credentials | None = None,
        disk_cap: int | None = None,
    ) -> bytes:
        prefix: list[str] = []
        if disk_cap is not None and self._tools.prlimit:
            prefix += [self._tools.prlimit, f"--fsize={disk_cap}", "--"]
        if self._tools.setpriv:
            prefix = [self._tools.setpriv, "--pdeathsig", "KILL", "--", *prefix]
        process = await asyncio.create_subprocess_exec(
            *prefix,
            "git",
            *args,
            stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._env({**(credentials.config_env() if credentials else {}), **(env or {})}),
            cwd=self.path,
            start_new_session=True,
        )
        try:
            output, errors = await asyncio.wait_for(
                self._communicate(process, stdin, max_output, disk_cap), time_limit
            )
        except TimeoutError:
            # A clone that outlasts its limit will do so again; a slow push may not.
            cloning = args[0] == "fetch"
            raise GitError(
                "GITHUB_CLONE_TIMEOUT" if cloning else "GITHUB_GIT_FAILED",
                f"git {args[0]} did not finish within {time_limit:g} seconds and was stopped.",
                transient=not cloning,
            ) from None
        finally:
            _kill(process)
            await process.wait()
        if process.returncode != 0:
            said = errors.decode(errors="replace")[-_STDERR_KEPT:]
            # The kernel's file-size limit stopped it: the file it was writing is left at the
            # limit (git reports only that a helper died, in words that vary by version).
            if disk_cap is not None and _disk_usage(self.path) >= disk_cap:
                raise _too_large(disk_cap)
            if credentials is not None:
                said = credentials.scrub(said)
            raise _GitFailed(args[0], process.returncode or 0, said)
        return output

    async def _communicate(
        self,
        process: asyncio.subprocess.Process,
        stdin: bytes | None,
        max_output: int,
        disk_cap: int | None,
    ) -> tuple[bytes, bytes]:
        assert process.stdout is not None and process.stderr is not None
        if stdin is not None:
            assert process.stdin is not None
            process.stdin.write(stdin)
            await process.stdin.drain()
            process.stdin.close()
        stdout = asyncio.ensure_future(_read_capped(process.stdout, max_output))
        stderr = asyncio.ensure_future(_read_capped(process.stderr, 256 * 1024))
        watch = asyncio.ensure_future(self._watch_disk(disk_cap)) if disk_cap else None
        try:
            waiting = {stdout, stderr} | ({watch} if watch else set())
            while not (stdout.done() and stderr.done()):
                done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
                if watch in done:
                    watch.result()  # raises GitError: over the cap
                waiting -= done
            return stdout.result(), stderr.result()
        finally:
            for task in (stdout, stderr, watch):
                if task is not None and not task.done():
                    task.cancel()

    async def _watch_disk(self, cap: int) -> None:
        while True:
            await asyncio.sleep(_POLL_SECONDS)
            if _disk_usage(self.path) > cap:
                raise _too_large(cap)

    # --- network --------------------------------------------------------------------------------

    async def fetch(self, url: str, branch: str, credentials: Credentials) -> str:
        """Shallow-fetch ``branch`` of ``url``; returns its commit sha."""
        await self._git("init", "--quiet", "--bare", str(self.path))
        ref = f"refs/remotes/origin/{branch}"
        try:
            await self._git(
                "fetch",
                "--quiet",
                "--depth=1",
                "--no-tags",
                "--no-write-fetch-head",
                "--",
                url,
                f"+refs/heads/{branch}:{ref}",
                credentials=credentials,
                time_limit=self.time_limit,
                disk_cap=self.max_bytes,
            )
        except _GitFailed as failed:
            if "couldn't find remote ref" in failed.stderr:
                raise GitError(
                    "GITHUB_BRANCH_NOT_FOUND", f"The repository has no branch `{branch}`."
                ) from None
            raise failed.as_transient("fetch") from None
        return (await self._git("rev-parse", "--verify", f"{ref}^{{commit}}")).decode().strip()

    async def remote_branch(self, url: str, branch: str, credentials: Credentials) -> str | None:
        """The commit ``branch`` points at on the remote, or None if it does not exist."""
        try:
            listing = await self._git(
                "ls-remote",
                "--heads",
                "--",
                url,
                f"refs/heads/{branch}",
                credentials=credentials,
                time_limit=self.time_limit,
            )
        except _GitFailed as failed:
            raise failed.as_transient("ls-remote") from None
        for line in listing.decode().splitlines():
            sha, _, name = line.partition("\t")
            if name == f"refs/heads/{branch}":
                return sha
        return None

    async def push(
        self,
        url: str,
        commit: str,
        branch: str,
        credentials: Credentials,
        *,
        expected: str | None,
    ) -> None:
        """Point ``branch`` at ``commit`` on the remote, only if it still is at ``expected``."""
        lease = f"--force-with-lease=refs/heads/{branch}:{expected or ''}"
        try:
            await self._git(
                "push",
                "--quiet",
                "--porcelain",
                lease,
                "--",
                url,
                f"{commit}:refs/heads/{branch}",
                credentials=credentials,
                time_limit=self.time_limit,
            )
        except _GitFailed as failed:
            raise failed.as_transient("push") from None

    # --- reading --------------------------------------------------------------------------------

    async def list_tree(
        self, commit: str, keep: Callable[[str], bool], *, limit: int
    ) -> TreeListing:
        """Every entry of the tree, streamed: only those ``keep`` accepts are held in memory."""
        process = await asyncio.create_subprocess_exec(
            "git",
            "ls-tree",
            "-r",
            "-z",
            "--long",
            "--full-tree",
            commit,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            stdin=asyncio.subprocess.DEVNULL,
            env=self._env(),
            cwd=self.path,
            start_new_session=True,
        )
        assert process.stdout is not None
        kept: list[TreeEntry] = []
        files = total = seen = 0
        truncated = False
        try:
            async with asyncio.timeout(LOCAL_TIMEOUT_SECONDS):
                async for record in _records(process.stdout):
                    meta, _, path = record.partition("\t")
                    mode, _type, sha, size = meta.split(None, 3)
                    seen += 1
                    if seen > limit:
                        truncated = True
                        break
                    entry = TreeEntry(path, mode, sha, int(size) if size.strip().isdigit() else 0)
                    if entry.is_file:
                        files += 1
                        total += entry.size
                    if keep(path):
                        kept.append(entry)
        finally:
            _kill(process)
            await process.wait()
        return TreeListing(kept, files, total, truncated)

    async def read_blob(self, entry: TreeEntry) -> bytes:
        return await self._git("cat-file", "blob", entry.sha, max_output=entry.size + 1)

    async def tree_of(self, commit: str) -> str:
        return (await self._git("rev-parse", f"{commit}^{{tree}}")).decode().strip()

    async def committer_date(self, commit: str) -> str:
        return (await self._git("show", "-s", "--format=%cI", commit)).decode().strip()

    # --- writing --------------------------------------------------------------------------------

    async def commit_files(
        self, base: str, files: dict[str, bytes], *, message: str, date: str
    ) -> str | None:
        """A commit on top of ``base`` that sets ``files`` (path → content); None if that
        changes nothing. Dated like ``base`` so the same patch on the same base is the same
        commit: a job that runs again pushes nothing new."""
        index = {"GIT_INDEX_FILE": str(self.path / "layers-index")}
        await self._git("read-tree", base, env=index)
        for path, content in sorted(files.items()):
            blob = (await self._git("hash-object", "-w", "--stdin", stdin=content)).decode().strip()
            await self._git(
                "update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=index
            )
        tree = (await self._git("write-tree", env=index)).decode().strip()
        if tree == await self.tree_of(base):
            return None
        identity = {
            "GIT_AUTHOR_NAME": BOT_NAME,
            "GIT_AUTHOR_EMAIL": BOT_EMAIL,
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": BOT_NAME,
            "GIT_COMMITTER_EMAIL": BOT_EMAIL,
            "GIT_COMMITTER_DATE": date,
        }
        output = await self._git(
            "commit-tree", tree, "-p", base, env=identity, stdin=message.encode()
        )
        return output.decode().strip()

    async def diff(self, base: str, commit: str) -> str:
        output = await self._git(
            "diff", "--no-color", "--no-ext-diff", "--no-textconv", "--full-index", base, commit
        )
        return output.decode(errors="replace")


class _GitFailed(GitError):
    def __init__(self, command: str, status: int, stderr: str) -> None:
        super().__init__("GITHUB_GIT_FAILED", f"git {command} failed (exit status {status}).")
        self.stderr = stderr

    def as_transient(self, command: str) -> GitError:
        """A network command's failure: GitHub's refusal (a 4xx) is final; anything else (a
        5xx, a reset connection, a refused lease) is worth a retry by the job engine. What git
        said goes to the log, never to the partner."""
        log.warning("git %s failed", command, extra={"git_stderr": self.stderr})
        status = _HTTP_STATUS.search(self.stderr)
        code = int(status.group(1)) if status else None
        if code is not None and 400 <= code < 500 and code not in (408, 429):
            return GitError("GITHUB_GIT_FAILED", f"GitHub refused git {command} (HTTP {code}).")
        return GitError(
            "GITHUB_GIT_FAILED", f"git {command} failed; it will be retried.", transient=True
        )


_HTTP_STATUS = re.compile(r"returned error: (\d{3})")


def _too_large(cap: int | None) -> GitError:
    return GitError(
        "GITHUB_REPO_TOO_LARGE",
        f"The repository is larger than this server clones ({(cap or 0) // (1024 * 1024)} MiB).",
    )


@dataclass(frozen=True)
class _Guards:
    setpriv: str | None
    prlimit: str | None


_guards: _Guards | None = None


def _kernel_guards() -> _Guards:
    global _guards
    if _guards is None:
        _guards = _Guards(shutil.which("setpriv"), shutil.which("prlimit"))
    return _guards


def _kill(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


async def _read_capped(stream: asyncio.StreamReader, limit: int) -> bytes:
    data = bytearray()
    while chunk := await stream.read(64 * 1024):
        data += chunk
        if len(data) > limit:
            raise GitError("GITHUB_GIT_FAILED", "git printed more than expected and was stopped.")
    return bytes(data)


async def _records(stream: asyncio.StreamReader) -> AsyncIterator[str]:
    """NUL-separated records (``-z`` output), decoded as the file system would."""
    pending = b""
    while chunk := await stream.read(256 * 1024):
        *complete, pending = (pending + chunk).split(b"\0")
        for record in complete:
            yield os.fsdecode(record)
    if pending:
        yield os.fsdecode(pending)


def _disk_usage(path: Path) -> int:
    total = 0
    stack = [path]
    while stack:
        with contextlib.suppress(OSError), os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
    return total
