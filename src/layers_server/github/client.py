"""The GitHub REST calls the server makes, through githubkit, as the App or as an installation.

githubkit supplies the typed endpoints, the base URL (so GitHub Enterprise works) and the error
types; we read the handful of fields we use from the JSON rather than validating GitHub's whole
schema, so a field GitHub adds or nulls one day cannot break an ingestion.

Every call is made once: retrying is the job engine's business (its backoff is durable and
visible), so githubkit's own retries and HTTP cache are off. Failures become `GitHubError`,
whose message is safe to show a partner: it names the call and GitHub's status, never a token.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from githubkit import GitHub
from githubkit.auth.base import BaseAuthStrategy
from githubkit.exception import RequestError, RequestFailed, RequestTimeout

from .app import GitHubApp

# The REST version every GitHub serves, github.com and Enterprise Server alike; the endpoints
# used here are the same in it as in githubkit's newer default.
API_VERSION_HEADER = {"X-GitHub-Api-Version": "2022-11-28"}
USER_AGENT = "Layers-GitHub-App/1"


class GitHubError(Exception):
    """A GitHub call that did not succeed. ``status`` is GitHub's answer (None: no answer)."""

    def __init__(self, message: str, *, status: int | None, transient: bool) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.transient = transient


@dataclass(frozen=True)
class InstallationToken:
    token: str = field(repr=False)
    expires_at: datetime | None


class _Bearer(httpx.Auth):
    def __init__(self, credential: str) -> None:
        self._header = f"Bearer {credential}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request


@dataclass(frozen=True)
class _BearerStrategy(BaseAuthStrategy):
    """GitHub takes both the App JWT and installation tokens as ``Bearer``."""

    credential: str = field(repr=False)

    def get_auth_flow(self, github: Any) -> httpx.Auth:
        return _Bearer(self.credential)


class GitHubClient:
    """One App's view of GitHub."""

    def __init__(self, app: GitHubApp) -> None:
        self.app = app

    def _github(self, credential: str) -> GitHub:
        return GitHub(
            _BearerStrategy(credential),
            base_url=self.app.api_url,
            user_agent=USER_AGENT,
            timeout=self.app.timeout,
            http_cache=False,
            auto_retry=False,
        )

    async def _call(self, what: str, credential: str, call) -> Any:
        try:
            async with self._github(credential) as github:
                response = await call(github)
                return response.json()
        except RequestFailed as error:
            raise _failure(what, error.response.raw_response) from None
        except RequestTimeout:
            raise GitHubError(
                f"GitHub did not answer {what} in time.", status=None, transient=True
            ) from None
        except RequestError as error:
            raise GitHubError(
                f"GitHub could not be reached for {what} ({type(error.exc).__name__}).",
                status=None,
                transient=True,
            ) from None

    # --- as the App -----------------------------------------------------------------------------

    async def get_installation(self, installation_id: int) -> dict[str, Any]:
        return await self._call(
            "the installation lookup",
            self.app.app_jwt(),
            lambda gh: gh.rest.apps.async_get_installation(
                installation_id, headers=API_VERSION_HEADER
            ),
        )

    async def installation_token(
        self, installation_id: int, repository: str | None = None
    ) -> InstallationToken:
        """A token of the installation, narrowed to ``repository`` (a name of the installation's
        account) when given: a token that leaks can then touch one repository only."""
        narrowed = {"repositories": [repository]} if repository else {}
        data = await self._call(
            "the installation token",
            self.app.app_jwt(),
            lambda gh: gh.rest.apps.async_create_installation_access_token(
                installation_id, headers=API_VERSION_HEADER, **narrowed
            ),
        )
        expires = data.get("expires_at")
        return InstallationToken(
            token=data["token"],
            expires_at=datetime.fromisoformat(expires.replace("Z", "+00:00")) if expires else None,
        )

    # --- as an installation -------------------------------------------------------------------

    async def get_repository(self, token: str, owner: str, repo: str) -> dict[str, Any]:
        return await self._call(
            "the repository",
            token,
            lambda gh: gh.rest.repos.async_get(owner, repo, headers=API_VERSION_HEADER),
        )

    async def open_pull_requests(
        self, token: str, owner: str, repo: str, *, head: str
    ) -> list[dict[str, Any]]:
        return await self._call(
            "the pull request lookup",
            token,
            lambda gh: gh.rest.pulls.async_list(
                owner, repo, head=head, state="open", headers=API_VERSION_HEADER
            ),
        )

    async def create_pull_request(
        self, token: str, owner: str, repo: str, *, title: str, body: str, head: str, base: str
    ) -> dict[str, Any]:
        return await self._call(
            "the pull request",
            token,
            lambda gh: gh.rest.pulls.async_create(
                owner,
                repo,
                headers=API_VERSION_HEADER,
                data={"title": title, "body": body, "head": head, "base": base},
            ),
        )


def _failure(what: str, response: httpx.Response) -> GitHubError:
    status = response.status_code
    try:
        said = response.json().get("message")
    except ValueError:
        said = None
    detail = f": {str(said)[:200]}" if said else ""
    # 403 with an exhausted budget and 429 are GitHub's rate limits: wait and retry.
    rate_limited = status == 429 or (
        status == 403 and response.headers.get("x-ratelimit-remaining") == "0"
    )
    return GitHubError(
        f"GitHub answered {status} to {what}{detail}.",
        status=status,
        transient=status >= 500 or rate_limited,
    )
