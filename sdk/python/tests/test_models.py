"""Response models: snake_case over camelCase, datetimes parsed, unknown fields tolerated."""

from __future__ import annotations

from datetime import UTC, datetime

import samples
from layers import (
    ApiKeyDeleted,
    ApiKeyKilled,
    ApiKeyRotated,
    Influencer,
    Job,
    KeywordBank,
    Project,
    WebhookDeliveryDetail,
    WebhookEndpointCreated,
    WebhookSecretRotated,
)


def test_project_parses_the_seed_response() -> None:
    project = Project.model_validate(samples.PROJECT)

    assert project.organization_id == samples.PROJECT["organizationId"]
    assert project.created_at == datetime(2026, 4, 18, 19, 2, 11, 959888, tzinfo=UTC)
    assert project.ingest_state is not None and project.ingest_state.github is None
    assert project.brand_context is None
    assert project.model_dump(mode="json", by_alias=True, exclude={"brand_context"}) == {
        **samples.PROJECT,
        "createdAt": "2026-04-18T19:02:11.959888Z",
        "updatedAt": "2026-04-18T19:02:11.959888Z",
    }


def test_unknown_fields_from_a_newer_server_are_kept_not_rejected() -> None:
    project = Project.model_validate(
        {**samples.PROJECT, "socialAccounts": [], "ingestState": {"github": None, "tiktok": {}}}
    )

    assert project.model_extra == {"socialAccounts": []}
    assert project.ingest_state is not None
    assert project.ingest_state.model_extra == {"tiktok": {}}


def test_new_enum_values_do_not_break_parsing() -> None:
    job = Job.model_validate({**samples.JOB, "status": "paused", "kind": "slideshow_generate"})
    assert job.status == "paused" and not job.is_terminal


def test_models_accept_snake_case_names_too() -> None:
    bank = KeywordBank(project_id="prj_1", refreshed_at=None)
    assert bank.hashtags == []
    assert bank.model_dump(by_alias=True) == {
        "projectId": "prj_1",
        "hashtags": [],
        "refreshedAt": None,
    }


def test_nullable_trend_counts() -> None:
    bank = KeywordBank.model_validate(samples.KEYWORDS)
    assert bank.hashtags[0].view_count is None
    assert bank.hashtags[0].score == 91.5


def test_key_answers_nest_the_record_under_api_key() -> None:
    killed = ApiKeyKilled.model_validate(samples.API_KEY_KILLED)
    assert killed.killed is True
    assert (killed.api_key.kill_switch, killed.api_key.is_active) == (True, False)
    assert killed.api_key.revoked_at == datetime(2026, 4, 2, tzinfo=UTC)

    rotated = ApiKeyRotated.model_validate(samples.API_KEY_ROTATED)
    assert rotated.secret.startswith(rotated.api_key.prefix or "?")
    assert rotated.warning is not None and "cannot be retrieved again" in rotated.warning
    assert (
        rotated.model_dump(mode="json", by_alias=True)["apiKey"]["id"]
        == (samples.API_KEY_RECORD["id"])
    )

    deleted = ApiKeyDeleted.model_validate(samples.API_KEY_DELETED)
    assert deleted.deleted is True and deleted.api_key.is_active is False


def test_brand_context_is_typed_with_the_docs_names() -> None:
    context = {
        "appName": "Stride",
        "appDescription": "Adaptive running plans.",
        "tagline": None,
        "audience": "busy runners",
        "icp": None,
        "brandVoice": "warm",
        "keywords": ["running plans"],
        "primaryLanguage": "en-US",
        "logoUrl": None,
        "sources": {"website": {"jobId": "job_1", "url": "https://stride.test/"}},
        "updatedAt": "2026-04-18T19:02:11.959888+00:00",
    }
    project = Project.model_validate({**samples.PROJECT, "brandContext": context})
    brand = project.brand_context
    assert brand is not None
    assert (brand.app_description, brand.brand_voice) == ("Adaptive running plans.", "warm")
    assert brand.primary_language == "en-US" and brand.keywords == ["running plans"]
    assert brand.sources["website"]["jobId"] == "job_1"
    assert brand.model_dump(mode="json", by_alias=True)["appName"] == "Stride"


def test_influencer_list_items_carry_the_thumbnail() -> None:
    item = Influencer.model_validate({**samples.INFLUENCER, "thumbnailUrl": "/t.png"})
    assert item.thumbnail_url == "/t.png"
    assert Influencer.model_validate(samples.INFLUENCER).thumbnail_url is None


def test_webhook_answers_parse_and_keep_the_signing_secret_out_of_repr() -> None:
    created = WebhookEndpointCreated.model_validate(samples.WEBHOOK_ENDPOINT_CREATED)
    assert created.endpoint.endpoint_id.startswith("whe_")
    assert created.endpoint.events == ["job.completed", "project.created"]
    assert created.endpoint.metadata == {"team": "growth"}
    assert created.signing_secret == samples.WEBHOOK_ENDPOINT_CREATED["signingSecret"]
    assert created.signing_secret not in repr(created)
    assert created.model_dump(mode="json", by_alias=True)["signingSecret"] == (
        created.signing_secret
    )

    rotated = WebhookSecretRotated.model_validate(samples.WEBHOOK_SECRET_ROTATED)
    assert rotated.signing_secret not in repr(rotated) and rotated.signing_secret not in str(
        rotated
    )
    assert rotated.previous_secret_expires_at == datetime(
        2026, 4, 19, 19, 2, 11, 959888, tzinfo=UTC
    )


def test_a_delivery_carries_its_attempts() -> None:
    delivery = WebhookDeliveryDetail.model_validate(samples.WEBHOOK_DELIVERY_DETAIL)
    assert (delivery.status, delivery.attempt_count, delivery.last_response_status) == (
        "failed",
        1,
        404,
    )
    [attempt] = delivery.attempts
    assert (attempt.response_status, attempt.duration_ms, attempt.error) == (404, 100, None)
    assert attempt.attempted_at == datetime(2026, 4, 18, 19, 2, 12, tzinfo=UTC)
