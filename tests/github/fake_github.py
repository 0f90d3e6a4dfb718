"""A stand-in for GitHub on 127.0.0.1: its REST API and a real git remote, on one server.

As strict as GitHub where it matters to us:
- ``/api/v3/app/...`` takes only the App's JWT: RS256 signed by the test's key, ``iss`` the
  App id, ``iat`` not in the future, ``exp`` in the future, at most nine minutes after ``iat``
  and at most ten from now.
- installation tokens are minted per installation (optionally narrowed to some repositories),
  expire, and stop working the moment the installation is deleted; repository routes and git
  take nothing else.
- git (``/<owner>/<repo>.git/...``) is the real ``git http-backend`` (CGI), reached only with
  ``Authorization: Basic base64("x-access-token:<token>")`` for a live token that covers the
  repository; anything else is ``401``.
- ``POST /pulls`` refuses a head branch that does not exist and a duplicate open pull request
  (``422``, GitHub's wording).

Tests inject failures (`fail`: a status for the next N matching requests; `delay`: a slow
answer) and read `requests`, the log of everything that reached the server.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import secrets
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import jwt

API_PREFIX = "/api/v3"
GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Fixture",
    "GIT_AUTHOR_EMAIL": "fixture@example.com",
    "GIT_COMMITTER_NAME": "Fixture",
    "GIT_COMMITTER_EMAIL": "fixture@example.com",
    "GIT_AUTHOR_DATE": "2026-01-02T03:04:05+00:00",
    "GIT_COMMITTER_DATE": "2026-01-02T03:04:05+00:00",
}
# Ids are unique across the test session: every test's organizations share one database.
_IDS = itertools.count(1000)
HTTP_BACKEND = str(
    Path(subprocess.run(["git", "--exec-path"], capture_output=True, text=True).stdout.strip())
    / "git-http-backend"
)


def run_git(*args: str, cwd: Path | None = None, input: bytes | None = None) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        env={**os.environ, **GIT_ENV},
        check=True,
    )
    return result.stdout.decode()


@dataclass(frozen=True)
class Symlink:
    """A file of a fixture repository that is a symbolic link to ``target``."""

    target: str


@dataclass
class Installation:
    id: int
    login: str
    type: str = "Organization"
    repositories: set[str] | None = None  # names; None = every repository of the account
    deleted: bool = False

    def covers(self, owner: str, name: str) -> bool:
        if owner.lower() != self.login.lower():
            return False
        return self.repositories is None or name in self.repositories


@dataclass
class Token:
    value: str
    installation: Installation
    expires_at: float
    repositories: set[str] | None

    def covers(self, owner: str, name: str) -> bool:
        if not self.installation.covers(owner, name):
            return False
        return self.repositories is None or name in self.repositories


@dataclass
class Repo:
    id: int
    owner: str
    name: str
    default_branch: str
    description: str | None
    homepage: str | None
    topics: list[str]
    private: bool
    reported_size_kb: int | None = None  # GitHub's `size`; None = measured
    pulls: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Recorded:
    method: str
    path: str
    query: str
    headers: dict[str, str]


@dataclass
class _Fault:
    method: str
    pattern: re.Pattern[str]
    status: int | None
    remaining: int
    delay: float


class FakeGitHub:
    def __init__(self, root: Path, *, app_id: int, public_key: str) -> None:
        self.root = root
        self.git_root = root / "remote"
        self.git_root.mkdir(parents=True, exist_ok=True)
        self.app_id = app_id
        self.public_key = public_key
        self.installations: dict[int, Installation] = {}
        self.tokens: dict[str, Token] = {}
        self.repos: dict[tuple[str, str], Repo] = {}
        self.requests: list[Recorded] = []
        self.token_ttl = 3600.0
        self._faults: list[_Fault] = []
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    # --- lifecycle ------------------------------------------------------------------------------

    def start(self) -> FakeGitHub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.origin + API_PREFIX

    # --- arranging a test -----------------------------------------------------------------------

    def add_installation(
        self, login: str, *, type: str = "Organization", repositories: list[str] | None = None
    ) -> Installation:
        installation = Installation(
            next(_IDS), login, type, set(repositories) if repositories is not None else None
        )
        self.installations[installation.id] = installation
        return installation

    def delete_installation(self, installation: Installation) -> None:
        installation.deleted = True

    def create_repo(
        self,
        full_name: str,
        files: dict[str, str | bytes | Symlink] | Path,
        *,
        default_branch: str = "main",
        description: str | None = None,
        homepage: str | None = None,
        topics: list[str] | None = None,
        private: bool = False,
        reported_size_kb: int | None = None,
    ) -> Repo:
        """A remote repository with one commit holding ``files`` (a mapping or a directory)."""
        owner, name = full_name.split("/")
        work = self.root / "work" / owner / name
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        run_git("init", "-q", "-b", default_branch, cwd=work)
        if isinstance(files, Path):
            shutil.copytree(files, work, dirs_exist_ok=True, symlinks=True)
        else:
            for path, content in files.items():
                target = work / path
                target.parent.mkdir(parents=True, exist_ok=True)
                if isinstance(content, Symlink):
                    target.symlink_to(content.target)
                else:
                    target.write_bytes(content.encode() if isinstance(content, str) else content)
        run_git("add", "-A", cwd=work)
        run_git("commit", "-q", "-m", "Initial commit", cwd=work)
        return self._publish(
            owner,
            name,
            work,
            default_branch,
            description,
            homepage,
            topics,
            private,
            reported_size_kb,
        )

    def create_repo_fast_import(
        self, full_name: str, stream: bytes, *, default_branch: str = "main"
    ) -> Repo:
        """A remote repository built by ``git fast-import`` (for trees too big to write out)."""
        owner, name = full_name.split("/")
        bare = self.bare_path(owner, name)
        shutil.rmtree(bare, ignore_errors=True)
        run_git("init", "-q", "--bare", "-b", default_branch, str(bare))
        run_git("fast-import", "--quiet", cwd=bare, input=stream)
        repo = Repo(next(_IDS), owner, name, default_branch, None, None, [], False)
        self.repos[(owner.lower(), name.lower())] = repo
        return repo

    def _publish(
        self,
        owner,
        name,
        work,
        default_branch,
        description,
        homepage,
        topics,
        private,
        reported_size_kb,
    ) -> Repo:
        bare = self.bare_path(owner, name)
        shutil.rmtree(bare, ignore_errors=True)
        bare.parent.mkdir(parents=True, exist_ok=True)
        run_git("clone", "-q", "--bare", str(work), str(bare))
        run_git("config", "http.receivepack", "true", cwd=bare)
        repo = Repo(
            next(_IDS),
            owner,
            name,
            default_branch,
            description,
            homepage,
            topics or [],
            private,
            reported_size_kb,
        )
        self.repos[(owner.lower(), name.lower())] = repo
        return repo

    def bare_path(self, owner: str, name: str) -> Path:
        return self.git_root / owner / f"{name}.git"

    def branch_sha(self, full_name: str, branch: str) -> str | None:
        owner, name = full_name.split("/")
        try:
            return run_git(
                "rev-parse", "--verify", f"refs/heads/{branch}", cwd=self.bare_path(owner, name)
            ).strip()
        except subprocess.CalledProcessError:
            return None

    def fail(self, method: str, path_regex: str, status: int, *, times: int = 1) -> None:
        """Answer ``status`` to the next ``times`` requests whose path matches."""
        self._faults.append(_Fault(method, re.compile(path_regex), status, times, 0.0))

    def delay(self, method: str, path_regex: str, seconds: float, *, times: int = 1) -> None:
        """Answer the next ``times`` matching requests only after ``seconds``."""
        self._faults.append(_Fault(method, re.compile(path_regex), None, times, seconds))

    # --- what happened --------------------------------------------------------------------------

    @property
    def issued_tokens(self) -> list[str]:
        return list(self.tokens)

    def count(self, method: str | None = None, path_regex: str | None = None) -> int:
        return sum(
            1
            for r in self.requests
            if (method is None or r.method == method)
            and (path_regex is None or re.search(path_regex, r.path))
        )

    # --- the server's side ----------------------------------------------------------------------

    def _fault_for(self, method: str, path: str) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.remaining > 0 and fault.method == method and fault.pattern.search(path):
                    fault.remaining -= 1
                    return fault
        return None

    def verify_app_jwt(self, authorization: str | None) -> str | None:
        """None when the header carries a valid App JWT; else GitHub's complaint."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return "A JSON web token could not be decoded"
        try:
            claims = jwt.decode(
                token,
                self.public_key,
                algorithms=["RS256"],
                options={"require": ["iat", "exp", "iss"], "verify_iat": False},
            )
        except jwt.ExpiredSignatureError:
            return "'Expiration time' claim ('exp') must be a numeric value in the future"
        except jwt.InvalidTokenError:
            return "A JSON web token could not be decoded"
        now = time.time()
        iat, exp = claims["iat"], claims["exp"]
        if not isinstance(iat, int) or not isinstance(exp, int):
            return "'Issued at' and 'Expiration time' claims must be integers"
        if iat > now + 1:
            return "'Issued at' claim ('iat') must be an Integer representing a time in the past"
        if exp - iat > 9 * 60 or exp > now + 10 * 60:
            return "'Expiration time' claim ('exp') is too far in the future"
        if str(claims["iss"]) != str(self.app_id):
            return "Integration not found"
        return None

    def token_for(self, authorization: str | None) -> Token | None:
        scheme, _, value = (authorization or "").partition(" ")
        if scheme.lower() not in ("bearer", "token"):
            return None
        return self._live(value.strip())

    def basic_token(self, authorization: str | None) -> Token | None:
        scheme, _, encoded = (authorization or "").partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        return self._live(password) if user == "x-access-token" else None

    def _live(self, value: str) -> Token | None:
        token = self.tokens.get(value)
        if token is None or token.installation.deleted or token.expires_at <= time.time():
            return None
        return token

    def mint_token(self, installation: Installation, repositories: set[str] | None) -> Token:
        token = Token(
            f"ghs_{secrets.token_urlsafe(27)}",
            installation,
            time.time() + self.token_ttl,
            repositories,
        )
        self.tokens[token.value] = token
        return token

    def repo_json(self, repo: Repo) -> dict[str, Any]:
        size = repo.reported_size_kb
        if size is None:
            size = _disk_usage(self.bare_path(repo.owner, repo.name)) // 1024
        html = f"{self.origin}/{repo.owner}/{repo.name}"
        return {
            "id": repo.id,
            "name": repo.name,
            "full_name": f"{repo.owner}/{repo.name}",
            "owner": {"login": repo.owner, "type": "Organization"},
            "private": repo.private,
            "html_url": html,
            "description": repo.description,
            "homepage": repo.homepage,
            "topics": repo.topics,
            "size": size,
            "default_branch": repo.default_branch,
            "clone_url": f"{html}.git",
            "visibility": "private" if repo.private else "public",
        }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    fake: FakeGitHub

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up on purpose (time limits, size caps)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    # --- plumbing -------------------------------------------------------------------------------

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline().strip():
                        pass
                    return bytes(data)
                data += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str, **extra: Any) -> None:
        self._json(
            status,
            {"message": message, "documentation_url": "https://docs.github.com/rest", **extra},
        )

    def _dispatch(self, method: str) -> None:
        fake = self.server.fake
        parts = urlsplit(self.path)
        fake.requests.append(Recorded(method, parts.path, parts.query, dict(self.headers)))
        fault = fake._fault_for(method, parts.path)
        if fault is not None:
            time.sleep(fault.delay)
            if fault.status is not None:
                self._body()
                self._error(fault.status, "Server Error" if fault.status >= 500 else "Injected")
                return
        try:
            if parts.path.startswith(API_PREFIX + "/"):
                self._api(method, parts.path[len(API_PREFIX) :], parse_qs(parts.query))
            elif ".git/" in parts.path:
                self._git(method, parts.path, parts.query)
            else:
                self._error(404, "Not Found")
        except (BrokenPipeError, ConnectionResetError):
            pass

    # --- REST -----------------------------------------------------------------------------------

    def _api(self, method: str, path: str, query: dict[str, list[str]]) -> None:
        fake = self.server.fake
        authorization = self.headers.get("Authorization")
        if path.startswith("/app/"):
            complaint = fake.verify_app_jwt(authorization)
            if complaint:
                self._error(401, complaint)
                return
            self._app_route(method, path)
            return
        match = re.fullmatch(r"/repos/([^/]+)/([^/]+)(/pulls)?", path)
        if match is None:
            self._error(404, "Not Found")
            return
        token = fake.token_for(authorization)
        if token is None:
            self._error(401, "Bad credentials")
            return
        owner, name = unquote(match.group(1)), unquote(match.group(2))
        repo = fake.repos.get((owner.lower(), name.lower()))
        if repo is None or not token.covers(repo.owner, repo.name):
            self._error(404, "Not Found")
            return
        if match.group(3) is None:
            if method != "GET":
                self._error(404, "Not Found")
                return
            self._json(200, fake.repo_json(repo))
        elif method == "GET":
            self._list_pulls(repo, query)
        else:
            self._create_pull(repo, json.loads(self._body() or b"{}"))

    def _app_route(self, method: str, path: str) -> None:
        fake = self.server.fake
        match = re.fullmatch(r"/app/installations/(\d+)(/access_tokens)?", path)
        installation = fake.installations.get(int(match.group(1))) if match else None
        if match is None or installation is None or installation.deleted:
            self._error(404, "Not Found")
            return
        if match.group(2) is None and method == "GET":
            self._json(
                200,
                {
                    "id": installation.id,
                    "account": {
                        "login": installation.login,
                        "id": installation.id + 1,
                        "type": installation.type,
                    },
                    "app_id": fake.app_id,
                    "target_type": installation.type,
                    "repository_selection": "all"
                    if installation.repositories is None
                    else "selected",
                    "permissions": {
                        "contents": "write",
                        "pull_requests": "write",
                        "metadata": "read",
                    },
                },
            )
            return
        if match.group(2) is None or method != "POST":
            self._error(404, "Not Found")
            return
        body = json.loads(self._body() or b"{}")
        wanted = body.get("repositories")
        if wanted is not None:
            if not all(
                installation.covers(installation.login, n)
                and (installation.login.lower(), n.lower()) in fake.repos
                for n in wanted
            ):
                self._error(
                    422,
                    "There is at least one repository that does not exist or is not accessible "
                    "to the parent installation.",
                )
                return
            wanted = set(wanted)
        token = fake.mint_token(installation, wanted)
        self._json(
            201,
            {
                "token": token.value,
                "expires_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(token.expires_at)),
                "permissions": {"contents": "write", "pull_requests": "write", "metadata": "read"},
                "repository_selection": "selected" if wanted is not None else "all",
            },
        )

    def _list_pulls(self, repo: Repo, query: dict[str, list[str]]) -> None:
        head = query.get("head", [None])[0]
        state = query.get("state", ["open"])[0]
        pulls = [
            p
            for p in repo.pulls
            if (head is None or p["head"]["label"] == head)
            and (state == "all" or p["state"] == state)
        ]
        self._json(200, pulls)

    def _create_pull(self, repo: Repo, body: dict[str, Any]) -> None:
        fake = self.server.fake
        head, base, title = body.get("head"), body.get("base"), body.get("title")
        if not head or not base or not title:
            self._error(
                422,
                "Validation Failed",
                errors=[{"resource": "PullRequest", "code": "missing_field"}],
            )
            return
        branch = head.split(":", 1)[-1]
        label = head if ":" in head else f"{repo.owner}:{head}"
        full = f"{repo.owner}/{repo.name}"
        head_sha = fake.branch_sha(full, branch)
        if head_sha is None or fake.branch_sha(full, base) is None:
            self._error(
                422,
                "Validation Failed",
                errors=[
                    {
                        "resource": "PullRequest",
                        "field": "head" if head_sha is None else "base",
                        "code": "invalid",
                    }
                ],
            )
            return
        if any(p["head"]["label"] == label and p["state"] == "open" for p in repo.pulls):
            self._error(
                422,
                "Validation Failed",
                errors=[
                    {
                        "resource": "PullRequest",
                        "code": "custom",
                        "message": f"A pull request already exists for {label}.",
                    }
                ],
            )
            return
        number = len(repo.pulls) + 1
        pull = {
            "number": number,
            "state": "open",
            "title": title,
            "body": body.get("body"),
            "html_url": f"{fake.origin}/{full}/pull/{number}",
            "head": {"ref": branch, "label": label, "sha": head_sha},
            "base": {"ref": base},
        }
        repo.pulls.append(pull)
        self._json(201, pull)

    # --- git ------------------------------------------------------------------------------------

    def _git(self, method: str, path: str, query: str) -> None:
        fake = self.server.fake
        match = re.fullmatch(r"/([^/]+)/([^/]+)\.git(/.*)", path)
        token = fake.basic_token(self.headers.get("Authorization"))
        repo = fake.repos.get((match.group(1).lower(), match.group(2).lower())) if match else None
        if token is None or repo is None or not token.covers(repo.owner, repo.name):
            body = self._body()
            del body
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="GitHub"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": str(fake.git_root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "PATH_INFO": f"/{repo.owner}/{repo.name}.git{match.group(3)}",
            "QUERY_STRING": query,
            "REQUEST_METHOD": method,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "REMOTE_USER": "x-access-token",
            "REMOTE_ADDR": "127.0.0.1",
            "GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
            "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
        }
        body = self._body() if method == "POST" else b""
        env["CONTENT_LENGTH"] = str(len(body))
        result = subprocess.run([HTTP_BACKEND], input=body, env=env, capture_output=True)
        head, _, payload = result.stdout.partition(b"\r\n\r\n")
        if not _:
            head, _, payload = result.stdout.partition(b"\n\n")
        status, headers = 200, []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def _disk_usage(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
