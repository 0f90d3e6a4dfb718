"""Optional LLM path for hooks and hashtags, held to the offline engine's standard.

When an operator configures an OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp's
server, …), the model gets the same brand brief the offline engine builds, the voice rules
(``data/voices.toml``) and a few hooks per language a copywriter would post
(``data/llm_examples.toml``). Its answer is never trusted as it is: every hook goes through the
same ship filter as the offline engine's (a fact of the brief, the length, no disclosure, no
"we"/"I" mixing, no app framing for non-apps, no near-duplicates), every hashtag through the
same curation (no generic word, relevant, one per lemma, score floor 70). What fails is
replaced from the offline engine, so a bank is always full; a model that cannot answer at all
(timeout, HTTP error, malformed JSON) means the offline bank. A request never fails because the
model did.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
from collections.abc import Sequence
from typing import Any

import httpx

from layers_server.brand.brief import BrandBrief, build_brief
from layers_server.brand.hooks import (
    MAX_HOOK_CHARS,
    MAX_HOOKS,
    MIN_HOOKS,
    build_bank,
    draw_size,
    hook_facts,
    normalise_hook,
    pack,
    resolve_voice,
    ship_problem,
)
from layers_server.brand.keywords import (
    MAX_KEYWORDS,
    MIN_KEYWORDS,
    Keyword,
    curate,
    hashtag_from_phrase,
    research_keywords,
    scored,
)
from layers_server.brand.resources import load
from layers_server.brand.text import canonical_language_tag, clean_inline, near_duplicate

logger = logging.getLogger(__name__)


class LLMError(Exception):
    """The model could not give a usable answer. Messages never contain credentials."""


class LLMClient:
    """Minimal async client for ``POST {base_url}/chat/completions`` returning JSON content."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        model: str,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout = timeout
        self._api_key = api_key
        self._transport = transport

    def __repr__(self) -> str:  # the key must not leak through logs or tracebacks
        return f"LLMClient(base_url={self.base_url!r}, model={self.model!r})"

    async def complete_json(self, system: str, user: str) -> Any:
        """Ask the model and parse its message content as JSON; raise LLMError otherwise."""
        headers = {"Content-Type": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        payload = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user},
            ],
            "temperature": 0.9,
            "response_format": {"type": "json_object"},
        }
        try:
            # httpx timeouts are per phase (connect, each read…); the outer deadline bounds
            # the whole exchange, so a server dripping bytes cannot hold a request hostage.
            async with asyncio.timeout(self.timeout):
                async with httpx.AsyncClient(
                    transport=self._transport, timeout=self.timeout
                ) as client:
                    response = await client.post(
                        f"{self.base_url}/chat/completions", json=payload, headers=headers
                    )
        except (TimeoutError, httpx.TimeoutException):
            raise LLMError(f"timed out after {self.timeout:g}s") from None
        except httpx.HTTPError as exc:
            raise LLMError(f"transport error ({type(exc).__name__})") from None
        if response.status_code >= 400:
            raise LLMError(f"HTTP {response.status_code}")
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise LLMError("response is not a chat completion") from None
        if not isinstance(content, str):
            raise LLMError("message content is not text")
        return parse_json_content(content)


_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.IGNORECASE)


def parse_json_content(content: str) -> Any:
    """JSON from a model's message, tolerating a Markdown code fence around it."""
    text = _FENCE.sub("", content.strip())
    try:
        return json.loads(text)
    except ValueError:
        pass
    # Some models wrap the object in prose; take the outermost {...} if there is one.
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        try:
            return json.loads(text[start : end + 1])
        except ValueError:
            pass
    raise LLMError("message content is not JSON")


# ---------------------------------------------------------------------------------------------
# The brief, as the model sees it
# ---------------------------------------------------------------------------------------------


def brief_for_prompt(brief: BrandBrief) -> dict[str, Any]:
    """The brief's facts, named for a reader; empty fields left out."""
    data = {
        "app_name": brief.app_name,
        "product_kind": brief.product_kind,
        "category": brief.category,
        "tagline": brief.tagline,
        "what_it_is": brief.identity,
        "audiences": list(brief.audiences),
        "what_it_spares_people": list(brief.pains),
        "what_it_does_not_have": list(brief.negatives),
        "benefits": [b.imperative for b in brief.benefits],
        "features": list(dict.fromkeys((*brief.features, *brief.with_features))),
        "proof_points": list(brief.proofs),
        "outcomes": list(brief.outcomes),
        "what_it_does": list(brief.does),
        "search_phrases": list(brief.search_phrases),
    }
    return {k: v for k, v in data.items() if v}


def _examples(language: str) -> list[str]:
    code = language.split("-")[0].lower()
    examples = load("llm_examples.toml")
    return list((examples.get(code) or examples["en"])["examples"])


# ---------------------------------------------------------------------------------------------
# Hooks
# ---------------------------------------------------------------------------------------------

_HOOKS_SYSTEM = (
    "You are a senior social-media copywriter. You write the first line of TikTok, Reels and "
    "Shorts captions for one product at a time, natively in the market's language. You answer "
    "with a JSON object only."
)


def hooks_prompt(brief: BrandBrief, *, brand_voice: str, language: str) -> str:
    voices = load("voices.toml")
    voice = resolve_voice(brand_voice)
    dialect = pack(language).dialect
    return json.dumps(
        {
            "task": f"Write {MIN_HOOKS + 6} distinct hooks for this product.",
            "brief": brief_for_prompt(brief),
            "language": canonical_language_tag(language),
            "dialect": dialect,
            "brand_voice": {voice: voices["voices"][voice]},
            "rules": [
                *voices["rules"]["common"],
                f"Each hook is at most {MAX_HOOK_CHARS} characters.",
                "A setup/payoff break inside a hook is written as the two characters "
                "backslash and n, never as a real line break.",
                "No hashtags, no emoji-only hooks, no placeholders.",
            ],
            "examples_of_the_standard": _examples(language),
            "answer_format": {"hooks": ["hook 1", "hook 2"]},
        },
        ensure_ascii=False,
    )


def _hook_candidates(data: Any) -> Sequence[object]:
    if isinstance(data, dict):
        data = data.get("hooks")
    if not isinstance(data, list):
        raise LLMError("no 'hooks' list in the answer")
    return data


def validate_hooks(candidates: Sequence[object], brief: BrandBrief, language: str) -> list[str]:
    """The model's hooks that pass the offline ship filter, near-duplicates dropped."""
    pack_ = pack(language)
    kept: list[str] = []
    for candidate in candidates:
        if not isinstance(candidate, str):
            continue
        hook = normalise_hook(candidate)
        facts = hook_facts(hook, brief, fuzzy=True)
        if ship_problem(hook, brief, facts=facts, pack_=pack_):
            continue
        if not any(near_duplicate(hook, k) for k in kept):
            kept.append(hook)
    return kept[:MAX_HOOKS]


async def generate_hooks_with_fallback(
    *,
    llm: LLMClient | None,
    app_name: str,
    app_description: str,
    brand_voice: str,
    language: str,
    tagline: str | None = None,
    category: str | None = None,
    audience: str | None = None,
    seed: int | None = None,
) -> list[str]:
    """The model's hooks that pass the filter, topped up from the offline engine."""
    brief = build_brief(
        app_name=app_name,
        description=app_description,
        language=language,
        tagline=tagline,
        category=category,
        audience=audience,
    )
    rng = random.Random(seed)
    size = draw_size(rng)

    def offline() -> list[str]:
        return build_bank(brief, voice=brand_voice, language=language, rng=rng, size=size)

    if llm is None:
        return offline()
    try:
        data = await llm.complete_json(
            _HOOKS_SYSTEM, hooks_prompt(brief, brand_voice=brand_voice, language=language)
        )
        hooks = validate_hooks(_hook_candidates(data), brief, language)[:size]
    except Exception as exc:  # noqa: BLE001 - any failure of the optional path means fallback
        logger.warning("LLM hooks unavailable (%s); using the offline engine", _reason(exc))
        return offline()
    if len(hooks) < size:
        logger.info("LLM gave %d usable hooks; %d from the offline engine", len(hooks), size)
        for hook in offline():
            if len(hooks) >= size:
                break
            if not any(near_duplicate(hook, h) for h in hooks):
                hooks.append(hook)
    return hooks


# ---------------------------------------------------------------------------------------------
# Keywords
# ---------------------------------------------------------------------------------------------

_KEYWORDS_SYSTEM = (
    "You are a social-media strategist who picks niche hashtags for one product at a time. "
    "You answer with a JSON object only."
)


def keywords_prompt(brief: BrandBrief, *, language: str) -> str:
    return json.dumps(
        {
            "task": f"Suggest {MIN_KEYWORDS + 10} hashtags for this product, best first.",
            "brief": brief_for_prompt(brief),
            "language": canonical_language_tag(language),
            "rules": [
                "Each hashtag is specific to this product's niche: prefer two- or three-word "
                "phrases people in the niche really use.",
                "Never a generic word on its own (people, life, tips, app, new, best …).",
                "Never the name of something the product does not have.",
                "hashtag: lower-case letters and digits only, no '#', no spaces.",
                "phrase: the human phrase the hashtag was made from.",
            ],
            "answer_format": {"hashtags": [{"hashtag": "hometraining", "phrase": "home training"}]},
        },
        ensure_ascii=False,
    )


def validate_keywords(data: Any, *, brief: BrandBrief, language: str) -> list[str]:
    """The model's phrases that pass the offline curation, in its order."""
    items = data.get("hashtags") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise LLMError("no 'hashtags' list in the answer")
    phrases: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        raw_tag, phrase = item.get("hashtag"), item.get("phrase")
        if not isinstance(raw_tag, str) or not isinstance(phrase, str) or not phrase.strip():
            continue
        if hashtag_from_phrase(raw_tag) != hashtag_from_phrase(phrase):
            continue  # a tag that is not its phrase cannot be checked
        phrases.append(clean_inline(phrase))
    return curate(phrases, brief, language)


async def research_keywords_with_fallback(
    *,
    llm: LLMClient | None,
    app_name: str,
    app_description: str,
    language: str,
    category: str | None = None,
) -> list[Keyword]:
    """The model's hashtags that pass curation, topped up from the offline bank."""

    def offline() -> list[Keyword]:
        return research_keywords(
            app_name=app_name,
            app_description=app_description,
            language=language,
            category=category,
        )

    if llm is None:
        return offline()
    brief = build_brief(
        app_name=app_name, description=app_description, language=language, category=category
    )
    try:
        data = await llm.complete_json(_KEYWORDS_SYSTEM, keywords_prompt(brief, language=language))
        phrases = validate_keywords(data, brief=brief, language=language)
    except Exception as exc:  # noqa: BLE001 - any failure of the optional path means fallback
        logger.warning("LLM keywords unavailable (%s); using the offline engine", _reason(exc))
        return offline()
    # The app's own tag leads, then the model's, then the offline bank fills what is missing.
    merged = [app_name, *phrases, *(k.phrase for k in offline())]
    return scored(curate(merged, brief, language, limit=MAX_KEYWORDS))


def _reason(exc: Exception) -> str:
    # LLMError messages are ours; anything else is summarised by type, because its message
    # could echo request details.
    return str(exc) if isinstance(exc, LLMError) else type(exc).__name__
