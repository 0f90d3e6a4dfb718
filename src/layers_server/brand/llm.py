"""Optional LLM path for hooks and keywords, with the offline engine as the safety net.

When an operator configures an OpenAI-compatible endpoint (OpenAI, Azure's compatible route,
vLLM, Ollama, llama.cpp server, …), hooks and hashtags are first asked of the model. Its output
is never trusted as-is: it goes through the same rules as the offline engine (count, length,
near-duplicates, anchoring, hashtag format), and anything short of a full, valid bank (timeout,
HTTP error, malformed JSON, too few usable items) falls back to the offline engine. A request
never fails because the model did.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Sequence
from typing import Any

import httpx

from layers_server.brand.hooks import (
    MAX_HOOK_CHARS,
    MAX_HOOKS,
    MIN_HOOKS,
    generate_hooks,
    resolve_voice,
    validate_hooks,
)
from layers_server.brand.keywords import (
    MAX_KEYWORDS,
    MIN_KEYWORDS,
    Keyword,
    category_phrases,
    detect_categories,
    hashtag_from_phrase,
    is_valid_hashtag,
    research_keywords,
    resolve_category,
)
from layers_server.brand.text import (
    canonical_language_tag,
    clean_inline,
    compare_tokens,
    detect_language,
    fold,
    stopwords,
)

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
# Hooks
# ---------------------------------------------------------------------------------------------

_HOOKS_SYSTEM = (
    "You write short social-media hooks (the first line of a TikTok, Reels or Shorts caption) "
    "for mobile apps. You answer with a JSON object only."
)


def _hooks_prompt(
    *, app_name: str, app_description: str, brand_voice: str, language: str, tagline: str | None
) -> str:
    return json.dumps(
        {
            "task": f"Write {MIN_HOOKS + 5} distinct hooks for this app.",
            "app_name": app_name,
            "app_description": app_description,
            "tagline": tagline,
            "brand_voice": brand_voice,
            "language": language,
            "rules": [
                f"Write every hook in the language with BCP-47 tag {language!r}.",
                f"Use a {brand_voice} tone of voice.",
                f"Each hook is at most {MAX_HOOK_CHARS} characters.",
                "Each hook names the app or a key phrase of its description.",
                "No two hooks differ by only one word.",
                "A setup/payoff break inside a hook is written as the two characters "
                "backslash and n, never as a real line break.",
                "No hashtags, no emoji-only hooks, no placeholders.",
            ],
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


async def generate_hooks_with_fallback(
    *,
    llm: LLMClient | None,
    app_name: str,
    app_description: str,
    brand_voice: str,
    language: str,
    tagline: str | None = None,
    seed: int | None = None,
) -> list[str]:
    """Hooks from the LLM when configured and good enough, else from the offline engine."""

    def offline() -> list[str]:
        return generate_hooks(
            app_name=app_name,
            app_description=app_description,
            brand_voice=brand_voice,
            language=language,
            tagline=tagline,
            seed=seed,
        )

    if llm is None:
        return offline()
    try:
        data = await llm.complete_json(
            _HOOKS_SYSTEM,
            _hooks_prompt(
                app_name=clean_inline(app_name),
                app_description=clean_inline(app_description),
                brand_voice=resolve_voice(brand_voice),
                language=canonical_language_tag(language),
                tagline=clean_inline(tagline) or None,
            ),
        )
        hooks = validate_hooks(
            _hook_candidates(data),
            app_name=app_name,
            app_description=app_description,
            language=language,
        )
        if len(hooks) < MIN_HOOKS:
            raise LLMError(f"only {len(hooks)} usable hooks, need {MIN_HOOKS}")
        return hooks[:MAX_HOOKS]
    except Exception as exc:  # noqa: BLE001 - any failure of the optional path means fallback
        logger.warning("LLM hooks unavailable (%s); using the offline engine", _reason(exc))
        return offline()


# ---------------------------------------------------------------------------------------------
# Keywords
# ---------------------------------------------------------------------------------------------

_KEYWORDS_SYSTEM = (
    "You are a social-media strategist who picks hashtags for mobile apps. "
    "You answer with a JSON object only."
)


def _keywords_prompt(
    *, app_name: str, app_description: str, language: str, category: str | None
) -> str:
    return json.dumps(
        {
            "task": f"Suggest {MIN_KEYWORDS + 10} hashtags for this app, best first.",
            "app_name": app_name,
            "app_description": app_description,
            "category": category,
            "language": language,
            "rules": [
                "Each hashtag comes from a key phrase of the description or the app's category.",
                "hashtag: lower-case letters and digits only, no '#', no spaces.",
                "phrase: the human phrase the hashtag was made from.",
                "score: an integer from 0 to 100, how relevant the hashtag is.",
                f"Prefer hashtags people use in the language {language!r}.",
            ],
            "answer_format": {
                "hashtags": [{"hashtag": "hometraining", "phrase": "home training", "score": 90}]
            },
        },
        ensure_ascii=False,
    )


def _relevance_tokens(app_name: str, app_description: str, language: str, category: str | None):
    """Folded words a relevant hashtag is expected to share with the app."""
    tokens = set(compare_tokens(app_description)) | set(compare_tokens(app_name))
    categories = [c for c in (resolve_category(category),) if c]
    categories += detect_categories(app_description)
    for cat in categories:
        for phrase in category_phrases(cat, language) + category_phrases(cat, "en"):
            tokens |= set(compare_tokens(phrase))
    return {t for t in tokens if len(t) >= 4}


def validate_keywords(
    data: Any,
    *,
    app_name: str,
    app_description: str,
    language: str,
    category: str | None = None,
) -> list[Keyword]:
    """Keep the model's hashtags that pass the offline rules; raise LLMError if too few survive.

    Trivial formatting is normalised ("#HomeTraining" → "hometraining"); anything else wrong
    with an item (no phrase, no integer score, stop word only) drops that item. The bank as a
    whole must also be about the app: at least half of the tags must share a word with the
    description, the app name or its category tags.
    """
    items = data.get("hashtags") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise LLMError("no 'hashtags' list in the answer")
    description = clean_inline(app_description)
    stop = stopwords(detect_language(description, language)) | stopwords(language)
    relevant = _relevance_tokens(app_name, description, language, category)
    kept: list[Keyword] = []
    anchored = 0
    for item in items:
        if not isinstance(item, dict):
            continue
        raw_tag, phrase, score = item.get("hashtag"), item.get("phrase"), item.get("score")
        if not isinstance(raw_tag, str) or not isinstance(phrase, str) or not phrase.strip():
            continue
        if isinstance(score, bool) or not isinstance(score, int | float):
            continue
        tag = hashtag_from_phrase(raw_tag)
        if not is_valid_hashtag(tag, stop) or any(k.hashtag == tag for k in kept):
            continue
        if all(w.lower() in stop for w in phrase.split()):
            continue
        kept.append(Keyword(hashtag=tag, phrase=clean_inline(phrase), score=round(score)))
        words = set(compare_tokens(phrase))
        if words & relevant or any(t in fold(tag) for t in relevant):
            anchored += 1
    if len(kept) < MIN_KEYWORDS:
        raise LLMError(f"only {len(kept)} usable hashtags, need {MIN_KEYWORDS}")
    if 2 * anchored < len(kept):
        raise LLMError("hashtags are not about the app")
    kept = [Keyword(k.hashtag, k.phrase, max(0, min(100, k.score))) for k in kept]
    kept.sort(key=lambda k: -k.score)
    return kept[:MAX_KEYWORDS]


async def research_keywords_with_fallback(
    *,
    llm: LLMClient | None,
    app_name: str,
    app_description: str,
    language: str,
    category: str | None = None,
) -> list[Keyword]:
    """Hashtags from the LLM when configured and good enough, else from the offline engine."""

    def offline() -> list[Keyword]:
        return research_keywords(
            app_name=app_name,
            app_description=app_description,
            language=language,
            category=category,
        )

    if llm is None:
        return offline()
    try:
        data = await llm.complete_json(
            _KEYWORDS_SYSTEM,
            _keywords_prompt(
                app_name=clean_inline(app_name),
                app_description=clean_inline(app_description),
                language=canonical_language_tag(language),
                category=category,
            ),
        )
        return validate_keywords(
            data,
            app_name=app_name,
            app_description=app_description,
            language=language,
            category=category,
        )
    except Exception as exc:  # noqa: BLE001 - any failure of the optional path means fallback
        logger.warning("LLM keywords unavailable (%s); using the offline engine", _reason(exc))
        return offline()


def _reason(exc: Exception) -> str:
    # LLMError messages are ours; anything else is summarised by type, because its message
    # could echo request details.
    return str(exc) if isinstance(exc, LLMError) else type(exc).__name__
