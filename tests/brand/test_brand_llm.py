"""The LLM path against a fake OpenAI-compatible server (httpx.MockTransport)."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest

from layers_server.brand.hooks import generate_hooks
from layers_server.brand.keywords import research_keywords
from layers_server.brand.llm import (
    LLMClient,
    LLMError,
    generate_hooks_with_fallback,
    parse_json_content,
    research_keywords_with_fallback,
    validate_keywords,
)
from layers_server.brand.text import near_duplicate

from .corpus import CORPUS

APP = CORPUS[0]  # Acme Coffee
API_KEY = "sk-test-DO-NOT-LOG-123"

GOOD_HOOKS = [
    f"{opening} Acme Coffee {closing}"
    for opening, closing in [
        ("Why I switched to", "for my morning runs"),
        ("Night shift survival kit:", "and a playlist"),
        ("Three reasons runners love", "before a long run"),
        ("POV: your beans arrive from", "right on time\nAnd they're still fresh"),
        ("Fresh bag, every week, thanks to", "and its roasters"),
        ("If your coffee keeps going stale, try", "this month"),
        ("The subscription that fits your training:", "explained"),
        ("What single-origin actually means, with", "as the example"),
        ("Meet the farms behind", "one cup at a time"),
        ("My pre-workout ritual starts with", "every single day"),
        ("Stop running out of coffee:", "has your back"),
        ("How night-shift nurses stay sharp with", "on the counter"),
        ("Unboxing my first", "delivery today"),
        ("Roasted this week, in your cup by Friday:", "for real"),
        ("A love letter to", "from a tired marathoner"),
        ("Rate my coffee corner, sponsored by", "obviously"),
        ("Is", "worth it? Honest review after two months"),
        ("Five a.m. alarm, one bag of", "and zero regrets"),
        ("Things nobody tells you about", "until you try it"),
        ("Coffee snobs, assemble: it's", "time"),
        ("Long run Sunday fuelled by", "and a banana"),
        ("The bag that never goes stale comes from", "apparently"),
    ]
]


def chat_response(content) -> httpx.Response:
    body = {"choices": [{"message": {"role": "assistant", "content": content}}]}
    return httpx.Response(200, json=body)


def client_for(handler, *, timeout: float = 2.0, api_key: str | None = API_KEY) -> LLMClient:
    return LLMClient(
        base_url="http://llm.test/v1",
        api_key=api_key,
        model="fake-model",
        timeout=timeout,
        transport=httpx.MockTransport(handler),
    )


def offline_hooks(seed: int = 11) -> list[str]:
    return generate_hooks(
        app_name=APP.app_name,
        app_description=APP.description,
        brand_voice="warm",
        language="en",
        tagline=APP.tagline,
        seed=seed,
    )


async def hooks_via(llm: LLMClient | None, seed: int = 11) -> list[str]:
    return await generate_hooks_with_fallback(
        llm=llm,
        app_name=APP.app_name,
        app_description=APP.description,
        brand_voice="warm",
        language="en",
        tagline=APP.tagline,
        seed=seed,
    )


# --- the client ------------------------------------------------------------------------------


async def test_client_posts_an_openai_chat_completion():
    seen: dict = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["url"] = str(request.url)
        seen["auth"] = request.headers.get("authorization")
        seen["body"] = json.loads(request.content)
        return chat_response('{"ok": true}')

    assert await client_for(handler).complete_json("sys", "usr") == {"ok": True}
    assert seen["url"] == "http://llm.test/v1/chat/completions"
    assert seen["auth"] == f"Bearer {API_KEY}"
    assert seen["body"]["model"] == "fake-model"
    assert [m["role"] for m in seen["body"]["messages"]] == ["system", "user"]


async def test_client_without_key_sends_no_authorization():
    def handler(request: httpx.Request) -> httpx.Response:
        assert "authorization" not in request.headers
        return chat_response("[1, 2]")

    assert await client_for(handler, api_key=None).complete_json("s", "u") == [1, 2]


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (httpx.Response(500, text="boom"), "HTTP 500"),
        (httpx.Response(200, text="not json"), "not a chat completion"),
        (httpx.Response(200, json={"choices": []}), "not a chat completion"),
        (chat_response("Sure! Here are your hooks:"), "not JSON"),
        (chat_response(None), "not text"),
    ],
)
async def test_client_errors_are_llm_errors(response, message):
    with pytest.raises(LLMError, match=message):
        await client_for(lambda request: response).complete_json("s", "u")


async def test_client_timeout_is_an_llm_error():
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return chat_response("{}")

    with pytest.raises(LLMError, match="timed out"):
        await client_for(slow, timeout=0.05).complete_json("s", "u")


async def test_connection_errors_are_llm_errors():
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(LLMError, match="ConnectError"):
        await client_for(refuse).complete_json("s", "u")


def test_json_content_in_fences_or_prose_is_accepted():
    assert parse_json_content('```json\n{"hooks": []}\n```') == {"hooks": []}
    assert parse_json_content('Here you go: {"a": 1} Enjoy!') == {"a": 1}


def test_api_key_is_not_in_repr():
    assert API_KEY not in repr(client_for(lambda r: chat_response("{}")))


# --- hooks -----------------------------------------------------------------------------------


async def test_good_llm_hooks_are_used_and_normalised():
    llm = client_for(lambda request: chat_response(json.dumps({"hooks": GOOD_HOOKS})))
    hooks = await hooks_via(llm)
    assert hooks != offline_hooks()
    assert len(hooks) == len(GOOD_HOOKS)
    # The real newline the model wrote became the two-character break marker.
    assert (
        "POV: your beans arrive from Acme Coffee right on time\\nAnd they're still fresh" in hooks
    )
    assert all("\n" not in h for h in hooks)


async def test_llm_hooks_are_filtered_before_counting(caplog):
    bad = [
        "x" * 151 + " Acme Coffee",  # too long
        "A hook about nothing in particular",  # not anchored
        "Meet {app_name}, Acme Coffee",  # template residue
        GOOD_HOOKS[0].replace("morning", "evening"),  # near-duplicate
    ]
    llm = client_for(lambda request: chat_response(json.dumps({"hooks": GOOD_HOOKS + bad})))
    hooks = await hooks_via(llm)
    assert hooks == [h.replace("\n", "\\n") for h in GOOD_HOOKS]
    for i, h in enumerate(hooks):
        assert not any(near_duplicate(h, o) for o in hooks[:i])


@pytest.mark.parametrize(
    "handler",
    [
        pytest.param(lambda request: httpx.Response(500), id="http-500"),
        pytest.param(lambda request: httpx.Response(429), id="http-429"),
        pytest.param(lambda request: chat_response("{not json"), id="malformed-json"),
        pytest.param(lambda request: chat_response('{"hooks": "nope"}'), id="wrong-shape"),
        pytest.param(
            lambda request: chat_response(json.dumps({"hooks": GOOD_HOOKS[:12]})), id="too-few"
        ),
        pytest.param(
            lambda request: chat_response(
                json.dumps({"hooks": [f"Acme Coffee is great, part {i}" for i in range(25)]})
            ),
            id="near-duplicates",
        ),
        pytest.param(
            lambda request: chat_response(json.dumps({"hooks": ["Buy now"] * 25})),
            id="unanchored",
        ),
    ],
)
async def test_bad_llm_output_falls_back_to_offline_hooks(handler, caplog):
    with caplog.at_level(logging.WARNING, logger="layers_server.brand.llm"):
        hooks = await hooks_via(client_for(handler))
    assert hooks == offline_hooks()
    assert "offline engine" in caplog.text
    assert API_KEY not in caplog.text


async def test_timeout_falls_back_to_offline_hooks(caplog):
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return chat_response(json.dumps({"hooks": GOOD_HOOKS}))

    with caplog.at_level(logging.WARNING):
        hooks = await hooks_via(client_for(slow, timeout=0.05))
    assert hooks == offline_hooks()
    assert "timed out" in caplog.text and API_KEY not in caplog.text


async def test_no_llm_means_offline_hooks():
    assert await hooks_via(None) == offline_hooks()


# --- keywords --------------------------------------------------------------------------------

GOOD_TAGS = [
    ("#CoffeeSubscription", "coffee subscription", 95),
    ("singleorigin", "single origin", 90),
    ("specialtycoffee", "specialty coffee", 88),
    ("coffeelover", "coffee lover", 85),
    ("runnersofinstagram", "runners of instagram", 80),
    ("nightshift", "night shift", 78),
    ("freshroasted", "fresh roasted", 75),
    ("coffeebeans", "coffee beans", 74),
    ("morningritual", "morning ritual", 72),
    ("coffeetime", "coffee time", 70),
    ("runningfuel", "running fuel", 66),
    ("workoutfuel", "workout fuel", 64),
    ("directtrade", "direct trade", 60),
    ("coffeeaddict", "coffee addict", 58),
    ("homebarista", "home barista", 55),
    ("butfirstcoffee", "but first coffee", 50),
    ("roastedweekly", "roasted weekly", 45),
]


def tags_payload(items) -> str:
    return json.dumps({"hashtags": [{"hashtag": t, "phrase": p, "score": s} for t, p, s in items]})


async def keywords_via(llm: LLMClient | None):
    return await research_keywords_with_fallback(
        llm=llm, app_name=APP.app_name, app_description=APP.description, language="en"
    )


async def test_good_llm_hashtags_are_used_and_normalised():
    keywords = await keywords_via(client_for(lambda r: chat_response(tags_payload(GOOD_TAGS))))
    assert keywords[0].hashtag == "coffeesubscription"  # '#' and case removed
    assert len(keywords) == len(GOOD_TAGS)
    assert [k.score for k in keywords] == sorted((k.score for k in keywords), reverse=True)


def test_llm_hashtag_items_are_validated_one_by_one():
    items = GOOD_TAGS + [
        ("coffee lover", "coffee lover", 40),  # duplicate once spaces are removed
        ("the", "the", 99),  # stop word only
        ("ok", "ok", 30),  # too short
        ("beans", "", 30),  # no phrase
        ("grinder", "grinder", "high"),  # score not a number
        ("burrgrinder", "burr grinder", True),  # bool is not a score
        ("espresso", "espresso", 250),  # clamped
    ]
    kept = validate_keywords(
        json.loads(tags_payload(items)),
        app_name=APP.app_name,
        app_description=APP.description,
        language="en",
    )
    tags = [k.hashtag for k in kept]
    assert len(tags) == len(set(tags)) == len(GOOD_TAGS) + 1
    assert kept[0].hashtag == "espresso" and kept[0].score == 100


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("{}", id="no-list"),
        pytest.param(tags_payload(GOOD_TAGS[:8]), id="too-few"),
        pytest.param(
            tags_payload([(f"crypto{i}", f"crypto tip {i}", 90) for i in range(20)]),
            id="off-topic",
        ),
        pytest.param("hashtags: #coffee #beans", id="malformed"),
    ],
)
async def test_bad_llm_hashtags_fall_back_to_offline(content, caplog):
    with caplog.at_level(logging.WARNING):
        keywords = await keywords_via(client_for(lambda r: chat_response(content)))
    offline = research_keywords(
        app_name=APP.app_name, app_description=APP.description, language="en"
    )
    assert keywords == offline
    assert API_KEY not in caplog.text


async def test_keywords_http_error_and_no_llm_fall_back():
    offline = research_keywords(
        app_name=APP.app_name, app_description=APP.description, language="en"
    )
    assert await keywords_via(client_for(lambda r: httpx.Response(503))) == offline
    assert await keywords_via(None) == offline
