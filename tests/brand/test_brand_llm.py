"""The LLM path against a fake OpenAI-compatible server (httpx.MockTransport)."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest

from layers_server.brand.brief import build_brief
from layers_server.brand.hooks import MAX_HOOKS, MIN_HOOKS, generate_hooks, hook_facts
from layers_server.brand.keywords import SCORE_FLOOR, research_keywords
from layers_server.brand.llm import (
    LLMClient,
    LLMError,
    generate_hooks_with_fallback,
    hooks_prompt,
    keywords_prompt,
    parse_json_content,
    research_keywords_with_fallback,
)
from layers_server.brand.text import near_duplicate

from .corpus import CORPUS
from .fake_llm import FakeLLMServer

APP = CORPUS[0]  # Acme Coffee
API_KEY = "sk-test-DO-NOT-LOG-123"
BRIEF = build_brief(
    app_name=APP.app_name, description=APP.description, language="en", tagline=APP.tagline
)

# What a model following the brief writes: each hook states a fact of it.
GOOD_HOOKS = [
    "Runners and night-shift workers: your coffee shows up before you run out.",
    "Single-origin beans from named farms.\\nRoasted weekly, never stale.",
    "The bag never goes stale.\\nThat's the whole Acme Coffee deal.",
    "Night shift tonight? Your beans were roasted weekly.",
    "You never run out before a hard workout.\\nAcme Coffee ships on your cadence.",
    "Coffee that shows up before you run out.\\nFrom named farms, to your door.",
    "POV: you never run out before a hard workout again",
    "Daily ritual coffee subscriptions, built for runners and night-shift workers.",
    "Shipped on a cadence that matches how you actually drink coffee.",
    "Single-origin beans, roasted weekly.\\nThis is Acme Coffee.",
    "Meet the farms behind your single-origin beans.",
    "Pre-run ritual: single-origin beans from named farms.",
]
# What it must never ship: no brief fact, a disclosure, we/I mixing, app framing for a
# subscription, too long.
BAD_HOOKS = [
    "Acme Coffee is amazing\\nTry it today",
    "Not sponsored: single-origin beans from named farms",
    "I love it and we roast it: single-origin beans from named farms",
    "Download Acme Coffee from the App Store for single-origin beans from named farms",
    "x" * 140 + " single-origin beans",
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


# --- hooks ---------------------------------------------------------------------------------


def answer_hooks(hooks):
    return lambda request: chat_response(json.dumps({"hooks": hooks}))


async def test_model_hooks_that_pass_the_filter_are_used_and_the_rest_come_from_offline():
    hooks = await hooks_via(client_for(answer_hooks(GOOD_HOOKS + BAD_HOOKS)))
    assert MIN_HOOKS <= len(hooks) <= MAX_HOOKS
    from_model = [h for h in hooks if h in GOOD_HOOKS]
    assert from_model == GOOD_HOOKS  # every good one kept, in the model's order
    assert not any(bad.split("\\n")[0] in h for bad in BAD_HOOKS for h in hooks)
    # The rest is the offline engine's, held to the same filter.
    rest = hooks[len(from_model) :]
    assert rest and all(h in offline_hooks() for h in rest)
    assert all(hook_facts(h, BRIEF, fuzzy=True) for h in rest)
    for i, h in enumerate(hooks):
        assert not any(near_duplicate(h, o) for o in hooks[:i])


async def test_a_real_line_break_from_the_model_becomes_the_marker():
    hooks = await hooks_via(
        client_for(answer_hooks(["The bag never goes stale.\nRoasted weekly."]))
    )
    assert "The bag never goes stale.\\nRoasted weekly." in hooks
    assert all("\n" not in h for h in hooks)


@pytest.mark.parametrize(
    "handler",
    [
        pytest.param(lambda request: httpx.Response(500), id="http-500"),
        pytest.param(lambda request: httpx.Response(429), id="http-429"),
        pytest.param(lambda request: chat_response("{not json"), id="malformed-json"),
        pytest.param(lambda request: chat_response('{"hooks": "nope"}'), id="wrong-shape"),
    ],
)
async def test_a_model_that_cannot_answer_means_the_offline_bank(handler, caplog):
    with caplog.at_level(logging.WARNING, logger="layers_server.brand.llm"):
        hooks = await hooks_via(client_for(handler))
    assert hooks == offline_hooks()
    assert "offline engine" in caplog.text
    assert API_KEY not in caplog.text


async def test_a_model_whose_hooks_all_fail_the_filter_gives_the_offline_bank():
    hooks = await hooks_via(client_for(answer_hooks(BAD_HOOKS * 5)))
    assert hooks == offline_hooks()


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


def test_the_prompt_carries_the_brief_the_voice_rules_and_examples():
    prompt = json.loads(hooks_prompt(BRIEF, brand_voice="warm", language="es"))
    assert prompt["brief"]["app_name"] == "Acme Coffee"
    assert "runners and night-shift workers" in prompt["brief"]["audiences"]
    assert "single-origin beans from named farms" in prompt["brief"]["features"]
    assert prompt["brief"]["product_kind"] == "subscription"
    assert list(prompt["brand_voice"]) == ["warm"] and "therapy" in prompt["brand_voice"]["warm"]
    assert any("sponsorship" in rule for rule in prompt["rules"])
    assert prompt["language"] == "es" and "tuteo" in prompt["dialect"]
    assert any("Ahorrín" in e or "nevera" in e for e in prompt["examples_of_the_standard"])
    keywords = json.loads(keywords_prompt(BRIEF, language="en"))
    assert keywords["brief"]["category"] == "coffee"


async def test_against_a_local_openai_compatible_server():
    """A real HTTP server on loopback speaking the chat-completions wire format."""
    with FakeLLMServer(hooks=GOOD_HOOKS) as server:
        llm = LLMClient(base_url=server.base_url, api_key=API_KEY, model="local-model", timeout=5)
        hooks = await hooks_via(llm)
        assert server.requests, "the server was not called"
        request = server.requests[0]
        assert request["path"] == "/v1/chat/completions"
        assert request["authorization"] == f"Bearer {API_KEY}"
        assert request["body"]["model"] == "local-model"
        user = json.loads(request["body"]["messages"][1]["content"])
        assert user["brief"]["app_name"] == "Acme Coffee"
    assert sum(1 for h in hooks if h in GOOD_HOOKS) == len(GOOD_HOOKS)
    assert MIN_HOOKS <= len(hooks) <= MAX_HOOKS


# --- keywords --------------------------------------------------------------------------------

MODEL_TAGS = [
    ("#CoffeeSubscription", "coffee subscription"),
    ("specialtycoffee", "specialty coffee"),
    ("singleorigin", "single origin"),
    ("nightshift", "night shift"),
    ("people", "people"),  # generic: dropped
    ("love", "love"),  # generic: dropped
    ("cryptotips", "crypto tips"),  # not about the app: dropped
    ("coffeelover", "coffee lovers"),  # its tag is not its phrase: dropped
]


def tags_payload(items) -> str:
    return json.dumps({"hashtags": [{"hashtag": t, "phrase": p} for t, p in items]})


async def keywords_via(llm: LLMClient | None):
    return await research_keywords_with_fallback(
        llm=llm, app_name=APP.app_name, app_description=APP.description, language="en"
    )


async def test_model_hashtags_are_curated_then_topped_up_from_offline():
    keywords = await keywords_via(client_for(lambda r: chat_response(tags_payload(MODEL_TAGS))))
    tags = [k.hashtag for k in keywords]
    assert tags[0] == "acmecoffee"
    assert {"coffeesubscription", "specialtycoffee", "singleorigin", "nightshift"} <= set(tags)
    assert not {"people", "love", "cryptotips"} & set(tags)
    assert len(tags) == len(set(tags)) and 15 <= len(tags) <= 40
    assert all(k.score >= SCORE_FLOOR for k in keywords)
    assert [k.score for k in keywords] == sorted((k.score for k in keywords), reverse=True)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("{}", id="no-list"),
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
