"""The GitHub App the operator configured: its identity, its private key and its JWT.

GitHub authenticates an App by a short JSON Web Token signed with the App's private key
(RS256). GitHub refuses a token whose ``exp`` is more than ten minutes ahead and tolerates
little clock drift, so ours is dated 60 seconds in the past (a server whose clock runs a little
fast is still believed) and lives nine minutes from that ``iat``: under every limit GitHub
states, with a minute to spare.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import jwt

from ..kit.errors import conflict
from ..settings import Settings

JWT_BACKDATE_SECONDS = 60
JWT_LIFETIME_SECONDS = 9 * 60


@dataclass(frozen=True)
class GitHubApp:
    app_id: int
    slug: str
    api_url: str
    web_url: str
    timeout: float
    # Never printed: not in the repr, not in an error message, not in a log line.
    private_key: str = field(repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> GitHubApp | None:
        """The configured App, or None when the operator has not configured one."""
        if settings.github_app_id is None or not settings.github_app_slug:
            return None
        if settings.github_private_key is not None:
            key = settings.github_private_key.get_secret_value()
        elif settings.github_private_key_file:
            key = Path(settings.github_private_key_file).read_text(encoding="utf-8")
        else:
            return None
        return cls(
            app_id=settings.github_app_id,
            slug=settings.github_app_slug,
            api_url=settings.github_api_url.rstrip("/"),
            web_url=settings.github_web_url.rstrip("/"),
            timeout=settings.github_timeout_seconds,
            private_key=key,
        )

    def app_jwt(self, now: float | None = None) -> str:
        issued = int(time.time() if now is None else now) - JWT_BACKDATE_SECONDS
        claims = {"iat": issued, "exp": issued + JWT_LIFETIME_SECONDS, "iss": str(self.app_id)}
        return jwt.encode(claims, self.private_key, algorithm="RS256")

    def install_url(self, state: str) -> str:
        return f"{self.web_url}/apps/{quote(self.slug)}/installations/new?state={quote(state)}"

    @property
    def web_origin(self) -> tuple[str, str]:
        """(scheme, host:port) of the web URL: the only place a token is ever sent for git."""
        parts = urlsplit(self.web_url)
        return parts.scheme, parts.netloc.lower()


def require_app(settings: Settings) -> GitHubApp:
    """The configured App, or ``409 CONFLICT GITHUB_APP_NOT_CONFIGURED`` for every GitHub route."""
    app = GitHubApp.from_settings(settings)
    if app is None:
        raise conflict(
            "This server has no GitHub App configured; its operator sets LAYERS_GITHUB_APP_ID, "
            "LAYERS_GITHUB_APP_SLUG and LAYERS_GITHUB_PRIVATE_KEY (see docs/deployment.md).",
            subcode="GITHUB_APP_NOT_CONFIGURED",
        )
    return app
