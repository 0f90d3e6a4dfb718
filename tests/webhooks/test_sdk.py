"""The Python SDK drives webhooks end to end against the real server and delivery worker: an
endpoint is created, sent a test.ping and a project's event, which a loopback receiver verifies
with ``layers.webhooks.verify``; deliveries are listed and replayed, the secret rotated, the
endpoint disabled (its events held) and resumed, then deleted."""

from __future__ import annotations

import pytest

import layers as layers_sdk
from layers import AsyncLayers
from tests.webhooks.delivery_support import *  # noqa: F403 - the fixtures
from tests.webhooks.delivery_support import wait_for


async def _arrival(receiver, path: str, count: int):
    """The ``count``-th request to reach ``path``, once it has."""

    async def check():
        arrived = receiver.at(path)
        return arrived[count - 1] if len(arrived) >= count else None

    return await wait_for(check, f"request {count} at {path}")


async def _settled(layers: AsyncLayers, delivery_id: str, status: str = "succeeded"):
    async def check():
        delivery = await layers.webhooks.retrieve_delivery(delivery_id)
        return delivery if delivery.status == status else None

    return await wait_for(check, f"delivery {delivery_id} to be {status}")


@pytest.fixture
async def layers(api, client):
    async with AsyncLayers(
        api_key=api.key, base_url="http://testserver", http_client=client
    ) as sdk:
        yield sdk


async def test_create_ping_verify_list_replay_through_the_sdk(layers, receiver, start_worker):
    created = await layers.webhooks.create(
        url=receiver.url("/layers"), events=["project.created"], description="sdk end to end"
    )
    endpoint = created.endpoint
    assert endpoint.endpoint_id.startswith("whe_") and endpoint.status == "active"
    assert created.signing_secret.startswith("whsec_")
    assert created.signing_secret not in repr(created)
    start_worker()

    sent = await layers.webhooks.test(endpoint.endpoint_id)
    ping = await _arrival(receiver, "/layers", 1)
    event = layers_sdk.webhooks.verify(ping.body, ping.headers, created.signing_secret)
    assert (event.id, event.type, event.data, event.replay_of) == (
        sent.event_id,
        "test.ping",
        {},
        None,
    )
    assert ping.headers["x-layers-delivery-id"] == sent.delivery_id
    # A body changed on the way is refused.
    with pytest.raises(layers_sdk.WebhookVerificationError) as forged:
        layers.webhooks.verify(
            ping.body.replace(b"test.ping", b"test.pong"), ping.headers, created.signing_secret
        )
    assert forged.value.reason == "bad_signature"

    project = await layers.projects.create(name="Hooked", timezone="UTC")
    second = await _arrival(receiver, "/layers", 2)
    created_event = layers.webhooks.verify(second.body, second.headers, created.signing_secret)
    assert created_event.type == "project.created"
    assert created_event.project_id == project.id and created_event.data["id"] == project.id

    delivered = await _settled(layers, sent.delivery_id)
    assert delivered.attempt_count == 1 and delivered.last_response_status == 200
    [attempt] = delivered.attempts
    assert attempt.response_status == 200 and attempt.error is None

    listed = [d async for d in layers.webhooks.list_deliveries(endpoint.endpoint_id, limit=1)]
    assert [d.event_type for d in listed] == ["project.created", "test.ping"]
    assert [d.delivery_id for d in listed][1] == sent.delivery_id
    for delivery in listed:
        await _settled(layers, delivery.delivery_id)
    succeeded = layers.webhooks.list_deliveries(endpoint.endpoint_id, status="succeeded")
    assert len([d async for d in succeeded]) == 2
    assert [
        d async for d in layers.webhooks.list_deliveries(endpoint.endpoint_id, status="held")
    ] == []

    replay = await layers.webhooks.replay(sent.delivery_id)
    assert replay.original_delivery_id == sent.delivery_id
    assert replay.replay_delivery_id != sent.delivery_id
    again = await _arrival(receiver, "/layers", 3)
    replayed = layers.webhooks.verify(again.body, again.headers, created.signing_secret)
    assert replayed.type == "test.ping" and replayed.id != sent.event_id
    assert replayed.replay_of == sent.event_id
    assert again.headers["x-layers-delivery-id"] == replay.replay_delivery_id

    assert [e.endpoint_id async for e in layers.webhooks.list()] == [endpoint.endpoint_id]


async def test_rotation_disable_resume_and_delete_through_the_sdk(layers, receiver, start_worker):
    created = await layers.webhooks.create(
        url=receiver.url("/rotating"), events=["project.created"]
    )
    endpoint_id = created.endpoint.endpoint_id
    start_worker()

    rotated = await layers.webhooks.rotate_secret(endpoint_id)
    assert rotated.signing_secret != created.signing_secret
    assert rotated.signing_secret not in repr(rotated)
    await layers.webhooks.test(endpoint_id)
    during = await _arrival(receiver, "/rotating", 1)
    standard_only = {k: v for k, v in during.headers.items() if k != "x-layers-signature"}
    for secret in (rotated.signing_secret, created.signing_secret):
        for headers in (during.headers, standard_only):
            assert layers.webhooks.verify(during.body, headers, secret).type == "test.ping"

    disabled = await layers.webhooks.update(endpoint_id, status="disabled", description=None)
    assert (disabled.status, disabled.description) == ("disabled", None)
    await layers.projects.create(name="Held back", timezone="UTC")

    async def held():
        page = await layers.webhooks.list_deliveries(endpoint_id, status="held").first_page()
        return page.items or None

    [waiting] = await wait_for(held, "the held delivery")
    assert len(receiver.at("/rotating")) == 1

    resumed = await layers.webhooks.update(endpoint_id, status="active")
    assert resumed.status == "active" and resumed.consecutive_failure_count == 0
    sent = await _arrival(receiver, "/rotating", 2)
    event = layers.webhooks.verify(sent.body, sent.headers, rotated.signing_secret)
    assert event.type == "project.created" and event.id == waiting.event_id
    await _settled(layers, waiting.delivery_id)

    deleted = await layers.webhooks.delete(endpoint_id)
    assert (deleted.endpoint_id, deleted.deleted) == (endpoint_id, True)
    with pytest.raises(layers_sdk.NotFoundError):
        await layers.webhooks.retrieve(endpoint_id)
    with pytest.raises(layers_sdk.NotFoundError):
        await layers.webhooks.retrieve_delivery(waiting.delivery_id)


async def test_bad_input_is_a_typed_validation_error(layers):
    with pytest.raises(layers_sdk.ValidationError) as refused:
        await layers.webhooks.create(url="https://hooks.example/x", events=["job.exploded"])
    assert refused.value.status == 422
    assert any(issue["path"].startswith("events") for issue in refused.value.details["issues"])
    assert [e async for e in layers.webhooks.list()] == []
