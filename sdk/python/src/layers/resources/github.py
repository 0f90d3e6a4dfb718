"""``/v1/github/installation``: connect the organization's GitHub App installation.

These calls need a key with the ``github:admin`` scope (``*`` does not grant it).
"""

from __future__ import annotations

from .._operation import Operation
from .._resource import ClientT, Resource, body, endpoint, query
from ..models import GitHubInstallation, GitHubInstallUrl


class GitHub(Resource[ClientT]):
    """Install the Layers GitHub App and register the installation, once per organization."""

    @endpoint
    def install_url(
        self, *, return_url: str, state: str | None = None
    ) -> Operation[GitHubInstallUrl]:
        """Where to send the user to install the App
        (``GET /v1/github/installation/install-url``).

        ``return_url`` (https, on a host your key's operator allowed) is where the browser
        comes back to, with ``installationId`` and ``state`` in its query. ``state`` may be a
        value of your own (16–128 URL-safe characters); one is minted otherwise. It lives 15
        minutes.
        """
        params = query(return_url=return_url, state=state)
        return self._client._request(
            GitHubInstallUrl, "GET", "/v1/github/installation/install-url", params=params
        )

    @endpoint
    def register_installation(
        self, *, installation_id: int, state: str, idempotency_key: str | None = None
    ) -> Operation[GitHubInstallation]:
        """Register the installation the browser came back with (``POST /v1/github/installation``).

        The server checks the ``state`` and asks GitHub about the installation before it
        records it; registering the same installation again answers the same record.
        """
        fields = body(installation_id=installation_id, state=state)
        return self._client._request(
            GitHubInstallation,
            "POST",
            "/v1/github/installation",
            json=fields,
            idempotency_key=idempotency_key,
        )

    @endpoint
    def installation(self) -> Operation[GitHubInstallation]:
        """The organization's installation (``GET /v1/github/installation``); ``NotFoundError``
        if none is registered."""
        return self._client._request(GitHubInstallation, "GET", "/v1/github/installation")
