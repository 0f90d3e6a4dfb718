"""A partner's first script, written against a client generated from /openapi.json.

Run by tests/api/test_generated_client.py with the generated package importable as
``layers_client``, ``LAYERS_BASE_URL`` and ``LAYERS_API_KEY`` set. It creates a project with an
idempotency key, sends the same request again (a retry), reuses the key with another body, and
reads the project back; it prints what it saw as one JSON object.
"""

from __future__ import annotations

import json
import os
import uuid

from layers_client import AuthenticatedClient
from layers_client.api.projects import create_project, get_project
from layers_client.models import ErrorEnvelope, Project, ProjectCreate, ProjectDetail
from layers_client.models.project_create_brandvoice import ProjectCreateBrandvoice


def main() -> None:
    client = AuthenticatedClient(
        base_url=os.environ["LAYERS_BASE_URL"], token=os.environ["LAYERS_API_KEY"]
    )
    body = ProjectCreate(
        name="Acme Coffee",
        timezone="America/Los_Angeles",
        customer_external_id="acme-coffee",
        app_name="Acme Coffee",
        tagline="Coffee that shows up before you run out.",
        brand_voice=ProjectCreateBrandvoice.WARM,
    )
    key = str(uuid.uuid4())
    with client:
        first = create_project.sync_detailed(client=client, body=body, idempotency_key=key)
        retry = create_project.sync_detailed(client=client, body=body, idempotency_key=key)
        other = ProjectCreate(name="Someone else", timezone="UTC")
        reused = create_project.sync_detailed(client=client, body=other, idempotency_key=key)
        assert isinstance(first.parsed, Project), first.content
        read = get_project.sync_detailed(client=client, project_id=first.parsed.id)
    assert isinstance(retry.parsed, Project), retry.content
    assert isinstance(reused.parsed, ErrorEnvelope), reused.content
    assert isinstance(read.parsed, ProjectDetail), read.content
    print(
        json.dumps(
            {
                "created": {"status": first.status_code, "id": first.parsed.id},
                "retried": {
                    "status": retry.status_code,
                    "id": retry.parsed.id,
                    "replayed": retry.headers.get("Idempotent-Replayed"),
                },
                "reused": {"status": reused.status_code, "code": reused.parsed.error.code},
                "read": {
                    "status": read.status_code,
                    "id": read.parsed.id,
                    "name": read.parsed.name,
                    "customerExternalId": read.parsed.customer_external_id,
                    "brandVoice": read.parsed.brand_voice,
                    "requestId": read.headers.get("X-Request-Id"),
                },
            }
        )
    )


if __name__ == "__main__":
    main()
