"""``/v1/api-keys/{keyId}``: kill, rotate and retire your organization's keys."""

from __future__ import annotations

from .._operation import Operation
from .._resource import ClientT, Resource, endpoint, segment
from ..models import ApiKeyDeleted, ApiKeyKilled, ApiKeyRotated


class ApiKeys(Resource[ClientT]):
    """Operate on API keys of your organization (any key of the org may act on any other).

    ``key_id`` is the public 16-character id inside ``lp_<env>_<keyId>_<secret>``.
    """

    @endpoint
    def kill(self, key_id: str, *, idempotency_key: str | None = None) -> Operation[ApiKeyKilled]:
        """Engage the key's kill switch (``POST /v1/api-keys/{keyId}/kill``).

        From the next request on, the key gets :class:`~layers.KillSwitchError`; the answer's
        ``api_key`` shows it inactive. Killing a killed key is a no-op.
        """
        path = f"/v1/api-keys/{segment(key_id, 'key_id')}/kill"
        return self._client._request(
            ApiKeyKilled, "POST", path, json={}, idempotency_key=idempotency_key
        )

    @endpoint
    def rotate(
        self, key_id: str, *, idempotency_key: str | None = None
    ) -> Operation[ApiKeyRotated]:
        """Give the key a new secret (``POST /v1/api-keys/{keyId}/rotate``).

        The old secret stops working at once; a killed key is re-activated. The new full key
        is in ``secret`` (the record in ``api_key``) and is shown only this once: store it
        before anything else. (A retry with the same idempotency key replays the same secret.)
        """
        path = f"/v1/api-keys/{segment(key_id, 'key_id')}/rotate"
        return self._client._request(
            ApiKeyRotated, "POST", path, json={}, idempotency_key=idempotency_key
        )

    @endpoint
    def delete(
        self, key_id: str, *, idempotency_key: str | None = None
    ) -> Operation[ApiKeyDeleted]:
        """Retire the key for good (``DELETE /v1/api-keys/{keyId}``); it cannot be rotated back."""
        path = f"/v1/api-keys/{segment(key_id, 'key_id')}"
        return self._client._request(ApiKeyDeleted, "DELETE", path, idempotency_key=idempotency_key)
