"""Request bodies and response shapes of the GitHub routes."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, Field, StringConstraints

from ..kit.body import StrictBody
from ..kit.fields import text
from ..kit.openapi import ResponseModel

Platform = Literal["ios", "android", "web", "react-native", "flutter", "expo"]
# The order platforms are listed in, everywhere.
PLATFORMS: tuple[str, ...] = ("ios", "android", "web", "react-native", "flutter", "expo")

DEFAULT_PR_TITLE = "chore: instrument with Layers SDK"


def _repo_full_name(value: str) -> str:
    # GitHub's own rules: an owner of letters, digits and single inner hyphens; a repository
    # name of letters, digits, `.`, `_`, `-`, but not `.` or `..`.
    owner, name = value.split("/")
    if owner.startswith("-") or owner.endswith("-") or "--" in owner or name in (".", ".."):
        raise ValueError("must be owner/name, as GitHub spells a repository")
    return value


RepoFullName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$"),
    AfterValidator(_repo_full_name),
]


def _branch_name(value: str) -> str:
    # git check-ref-format's rules, the ones a request could break.
    bad = (
        value.startswith(("-", "/", "."))
        or value.endswith(("/", ".", ".lock"))
        or any(part in value for part in ("..", "//", "@{", "/."))
        or value == "@"
    )
    if bad:
        raise ValueError("is not a valid git branch name")
    return value


Branch = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9._/-]{1,200}$"),
    AfterValidator(_branch_name),
]


def _unique(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError("must not repeat a platform")
    return values


Platforms = Annotated[list[Platform], Field(min_length=1), AfterValidator(_unique)]
EventName = Annotated[str, text(1, 100)]


class SdkConfig(StrictBody):
    appName: Annotated[str, text(3, 30)] | None = None
    includePlatforms: Platforms | None = None
    eventAllowlist: Annotated[list[EventName], Field(max_length=200)] | None = None


class GitHubIngest(StrictBody):
    example: ClassVar[dict[str, Any]] = {"repoFullName": "acme/stride", "openPR": True}

    repoFullName: RepoFullName
    branch: Branch | None = None
    openPR: bool = True
    platforms: Platforms | None = None
    sdkConfig: SdkConfig | None = None
    prTitle: Annotated[str, text(1, 256)] = DEFAULT_PR_TITLE
    prBody: Annotated[str, text(0, 20_000)] | None = None


class InstallationRegister(StrictBody):
    example: ClassVar[dict[str, Any]] = {
        "installationId": 4242,
        "state": "3vQhT0b9Xz2aLwE8pR5mKc1nYd7uFg4s",
    }

    installationId: Annotated[int, Field(ge=1, le=2**53)]
    state: Annotated[str, text(1, 128)]


# --- responses (OpenAPI) -------------------------------------------------------------------------


_URL = "https://github.com/apps/layers/installations/new?state=3vQhT0b9Xz2aLwE8pR5mKc1nYd7uFg4s"
_INSTALLATION = {
    "installationId": 4242,
    "githubAccount": {"login": "acme", "type": "Organization"},
    "orgLogin": "acme",
    "status": "active",
    "registeredAt": "2026-04-18T19:02:11.959888+00:00",
    "lastVerifiedAt": "2026-04-18T19:02:11.959888+00:00",
}


class InstallUrl(ResponseModel):
    """Where to send the user to install the GitHub App, and the state that comes back."""

    example: ClassVar[dict[str, Any]] = {
        "authUrl": _URL,
        "installUrl": _URL,
        "state": "3vQhT0b9Xz2aLwE8pR5mKc1nYd7uFg4s",
        "expiresAt": "2026-04-18T19:17:11.959888+00:00",
    }
    authUrl: str
    installUrl: str
    state: str
    expiresAt: str


class GitHubAccount(ResponseModel):
    login: str
    type: Literal["Organization", "User"]


class Installation(ResponseModel):
    """The organization's GitHub App installation, as GitHub last confirmed it."""

    example: ClassVar[dict[str, Any]] = _INSTALLATION
    installationId: int
    githubAccount: GitHubAccount
    orgLogin: str
    status: Literal["active", "uninstalled"]
    registeredAt: str
    lastVerifiedAt: str
    sandbox: bool | None = None


def platform_order(platforms: Any) -> list[str]:
    return [p for p in PLATFORMS if p in set(platforms)]
