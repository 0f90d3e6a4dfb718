"""Response bodies as the contract shows them, for scripted servers to send."""

from __future__ import annotations

from typing import Any

SEED_DESCRIPTION = (
    "Daily ritual coffee subscriptions for runners and night-shift workers. "
    "Single-origin beans from named farms, roasted weekly, and shipped on a "
    "cadence that matches how you actually drink coffee — so the bag never "
    "goes stale and you never run out before a hard workout."
)

# The seed's create request body, byte for byte what its curl example sends.
SEED_BODY: dict[str, Any] = {
    "name": "Acme Coffee",
    "customerExternalId": "acme-coffee",
    "timezone": "America/Los_Angeles",
    "primaryLanguage": "en",
    "ownerEmail": "growth@gicgrowth.com",
    "appName": "Acme Coffee",
    "appDescription": SEED_DESCRIPTION,
    "tagline": "Coffee that shows up before you run out.",
    "brandVoice": "warm",
    "targetGender": "all",
}

# The seed's 201 response.
PROJECT: dict[str, Any] = {
    "id": "prj_9cb958b5-11b5-4e30-8675-5d075d52da7c",
    "organizationId": "org_2481fa5c-a404-44ed-a561-565392499abc",
    "name": "Acme Coffee iOS",
    "status": "active",
    "customerExternalId": "acme-coffee",
    "timezone": "America/Los_Angeles",
    "primaryLanguage": "en",
    "ownerEmail": "growth@gicgrowth.com",
    "appName": "Acme Coffee",
    "appDescription": SEED_DESCRIPTION,
    "tagline": "Coffee that shows up before you run out.",
    "brandVoice": "warm",
    "targetGender": "all",
    "platformIosBundleId": None,
    "platformAndroidBundleId": None,
    "platformWebDomain": None,
    "ingestState": {"github": None, "website": None, "appstore": None},
    "metadata": None,
    "createdAt": "2026-04-18T19:02:11.959888+00:00",
    "updatedAt": "2026-04-18T19:02:11.959888+00:00",
}

ARCHIVED = {
    "id": PROJECT["id"],
    "status": "archived",
    "archivedAt": "2026-04-19T08:00:00.000000+00:00",
    "canceledScheduledPosts": 0,
}

JOB = {
    "jobId": "job_01JS0000000000000000000000",
    "kind": "project_ingest_website",
    "status": "running",
    "stage": "fetching",
    "projectId": PROJECT["id"],
    "locationUrl": "/v1/jobs/job_01JS0000000000000000000000",
    "startedAt": "2026-04-18T19:02:12.000000+00:00",
}

JOB_CANCEL = {"jobId": JOB["jobId"], "accepted": True}

KEYWORDS = {
    "projectId": PROJECT["id"],
    "hashtags": [
        {
            "hashtag": "coffeesubscription",
            "phrase": "coffee subscription",
            "score": 91.5,
            "viewCount": None,
            "useCount": None,
        },
    ],
    "refreshedAt": "2026-04-18T19:05:00.000000+00:00",
}

INFLUENCER = {
    "influencerId": "inf_5f0c1a52-8a40-4c55-9b1f-0d6a4a3e1b11",
    "projectId": PROJECT["id"],
    "name": "Maya Chen",
    "imageUrl": None,
    "gender": "female",
    "ageRange": "young_adult",
    "brandVoice": "warm",
    "language": "en",
    "status": "pending",
    "errorMessage": None,
    "createdAt": "2026-04-18T19:02:11.959888+00:00",
    "updatedAt": "2026-04-18T19:02:11.959888+00:00",
}

INFLUENCER_DELETED = {
    "influencerId": INFLUENCER["influencerId"],
    "status": "deleted",
    "deletedAt": "2026-04-19T08:00:00.000000+00:00",
}

HOOKS = {
    "projectId": PROJECT["id"],
    "appName": "Acme Coffee",
    "brandVoice": "warm",
    "language": "en",
    "generatedAt": "2026-04-18T19:06:00.000000+00:00",
    "hooks": ["Your bag never goes stale.\\nHere's how.", "Coffee before you run out"],
}

API_KEY_RECORD = {
    "id": "key_7d4bd1f4-54a3-4c0f-8a4a-2c2b1d8e9f00",
    "organizationId": PROJECT["organizationId"],
    "name": "ci",
    "prefix": "lp_test_0123456789ABCDEF",
    "env": "test",
    "scopes": ["*"],
    "rateLimitTier": "standard",
    "killSwitch": False,
    "isActive": True,
    "createdAt": "2026-04-01T00:00:00.000000+00:00",
    "lastUsedAt": None,
    "rotatedAt": None,
    "revokedAt": None,
}

API_KEY_KILLED = {
    "apiKey": {
        **API_KEY_RECORD,
        "killSwitch": True,
        "isActive": False,
        "revokedAt": "2026-04-02T00:00:00.000000+00:00",
    },
    "killed": True,
}
API_KEY_ROTATED = {
    "apiKey": {**API_KEY_RECORD, "rotatedAt": "2026-04-02T00:00:00.000000+00:00"},
    "secret": "lp_test_0123456789ABCDEF_" + "n" * 43,
    "warning": "Store this secret now. It cannot be retrieved again. Rotate the key if it's lost.",
}
API_KEY_DELETED = {
    "apiKey": {
        **API_KEY_RECORD,
        "isActive": False,
        "revokedAt": "2026-04-02T00:00:00.000000+00:00",
    },
    "deleted": True,
}

WHOAMI = {
    "organizationId": PROJECT["organizationId"],
    "workspaceId": PROJECT["organizationId"],
    "organizationName": "GIC Growth",
    "parentOrganizationId": None,
    "scopes": ["*"],
    "rateLimitTier": "standard",
    "apiKeyId": "0123456789ABCDEF",
    "creditBalance": 0,
}


def page(items: list[dict[str, Any]], next_cursor: str | None = None) -> dict[str, Any]:
    """A list response."""
    return {"items": items, "nextCursor": next_cursor}


def error(code: str, message: str = "Something is wrong.", **details: Any) -> dict[str, Any]:
    """An error envelope."""
    body: dict[str, Any] = {"code": code, "message": message, "requestId": "req_01JSERVER"}
    if details:
        body["details"] = details
    return {"error": body}


GITHUB_INSTALL_URL = {
    "authUrl": "https://github.com/apps/layers/installations/new?state=abc",
    "installUrl": "https://github.com/apps/layers/installations/new?state=abc",
    "state": "abc",
    "expiresAt": "2026-04-18T19:17:11.959888+00:00",
}

GITHUB_INSTALLATION = {
    "installationId": 4242,
    "githubAccount": {"login": "acme", "type": "Organization"},
    "orgLogin": "acme",
    "status": "active",
    "registeredAt": "2026-04-18T19:02:11.959888+00:00",
    "lastVerifiedAt": "2026-04-18T19:02:11.959888+00:00",
}

WEBHOOK_ENDPOINT = {
    "endpointId": "whe_3f2b8c1e-6a4d-4f7b-9e21-8d5c0a7b6e14",
    "url": "https://hooks.acme.test/layers",
    "events": ["job.completed", "project.created"],
    "projectId": None,
    "description": "Acme's receiver",
    "metadata": {"team": "growth"},
    "status": "active",
    "apiVersion": "v1",
    "consecutiveFailureCount": 0,
    "lastSuccessAt": None,
    "lastFailureAt": None,
    "createdAt": "2026-04-18T19:02:11.959888+00:00",
    "updatedAt": "2026-04-18T19:02:11.959888+00:00",
}

WEBHOOK_ENDPOINT_CREATED = {
    "endpoint": WEBHOOK_ENDPOINT,
    "signingSecret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
}

WEBHOOK_ENDPOINT_DELETED = {"endpointId": WEBHOOK_ENDPOINT["endpointId"], "deleted": True}

WEBHOOK_SECRET_ROTATED = {
    "endpointId": WEBHOOK_ENDPOINT["endpointId"],
    "signingSecret": "whsec_" + "A" * 43 + "=",
    "previousSecretExpiresAt": "2026-04-19T19:02:11.959888+00:00",
    "warning": "Store this secret now. It cannot be retrieved again.",
}

WEBHOOK_TEST_SENT = {
    "deliveryId": "whd_7c9e6679-7425-40de-944b-e07fc1f90ae7",
    "eventId": "evt_01JS3K9Q8W5V2X7Y4Z6A1B3C5F",
}

WEBHOOK_DELIVERY = {
    "deliveryId": WEBHOOK_TEST_SENT["deliveryId"],
    "endpointId": WEBHOOK_ENDPOINT["endpointId"],
    "eventId": WEBHOOK_TEST_SENT["eventId"],
    "eventType": "test.ping",
    "status": "failed",
    "attemptCount": 1,
    "nextAttemptAt": None,
    "lastAttemptAt": "2026-04-18T19:02:12.100000+00:00",
    "lastResponseStatus": 404,
    "lastError": None,
    "createdAt": "2026-04-18T19:02:11.959888+00:00",
    "updatedAt": "2026-04-18T19:02:12.100000+00:00",
    "finishedAt": "2026-04-18T19:02:12.100000+00:00",
}

WEBHOOK_DELIVERY_DETAIL = {
    **WEBHOOK_DELIVERY,
    "attempts": [
        {
            "attemptedAt": "2026-04-18T19:02:12.000000+00:00",
            "responseStatus": 404,
            "durationMs": 100,
            "error": None,
        }
    ],
}

WEBHOOK_REPLAY = {
    "originalDeliveryId": WEBHOOK_TEST_SENT["deliveryId"],
    "replayDeliveryId": "whd_1b4e28ba-2fa1-41d2-883f-0016d3cca427",
    "scheduledAt": "2026-04-18T19:05:00.000000+00:00",
}
