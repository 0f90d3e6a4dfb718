"""Which category an app belongs to, and what kind of product it is (``data/categories.toml``)."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from layers_server.brand.resources import load, split_words
from layers_server.brand.text import compare_tokens, fold

_FILE = "categories.toml"
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
PRODUCT_KINDS = ("app", "game", "subscription", "product", "service", "saas")


@cache
def _stems() -> dict[str, tuple[str, ...]]:
    return {name: split_words(value) for name, value in load(_FILE)["stems"].items()}


def categories() -> tuple[str, ...]:
    return tuple(_stems())


def _normalise_name(category: str) -> str:
    return " ".join(_NON_WORD.sub(" ", fold(category)).replace("_", " ").split())


def resolve_category(category: str | None) -> str | None:
    """A given category name (ours, or a store's: "Health & Fitness") → ours, or None."""
    if not category:
        return None
    name = _normalise_name(category)
    if name.replace(" ", "_") in _stems():
        return name.replace(" ", "_")
    return load(_FILE)["aliases"].get(name)


def detect_categories(description: str, limit: int = 2) -> list[str]:
    """Categories whose stems occur in the description, most hits first (ties: file order)."""
    tokens = [_unelided(t) for t in compare_tokens(description)]
    hits: Counter[str] = Counter()
    for category, stems in _stems().items():
        for token in tokens:
            if any(token.startswith(stem) for stem in stems):
                hits[category] += 1
    order = list(_stems())
    # One stray stem ("révision" of a bike) is not a category.
    ranked = [c for c in sorted(hits, key=lambda c: (-hits[c], order.index(c))) if hits[c] >= 2]
    # A second category must be a real signal, not a couple of stray words.
    return [
        c
        for i, c in enumerate(ranked[:limit])
        if i == 0 or (hits[c] >= 3 and 2 * hits[c] >= hits[ranked[0]])
    ]


def _unelided(token: str) -> str:
    """An elided word counts as the word (« d'entraînement » is "entrainement"); a possessive
    as its noun ("dog's" is "dog")."""
    head, _, tail = token.replace("’", "'").partition("'")
    return tail if tail and len(head) <= 2 else head


def category_stems(category: str) -> tuple[str, ...]:
    return _stems().get(category, ())


def _stem_hit(token: str, stem: str) -> bool:
    # Short stems ("app", "bag", "abo") match whole words only: "apple" is not an app.
    return token == stem if len(stem) < 5 else token.startswith(stem)


def product_kind(text: str, category: str | None, identity: str | None = None) -> str:
    """``app`` unless the text names another kind (a subscription, a game, a dashboard…), or
    names none and says the product is a place people go to (``identity`` "a bakery", « une
    boulangerie », "uma academia de musculação": a service)."""
    kinds = load(_FILE)["kinds"]
    tokens = compare_tokens(text)
    found = {
        kind
        for kind in kinds["order"]
        if any(_stem_hit(t, s) for t in tokens for s in split_words(kinds[kind]))
    }
    implied = kinds["category_kinds"].get(category or "")
    for kind in kinds["order"]:
        if kind == "app":
            break
        if kind in found:
            return kind
    if "app" in found:
        return "app"
    # Many apps never say "app" ("Ledgerly turns your bank transactions…"), so an unnamed
    # kind stays an app; but what calls itself a bakery, a gym or a dental practice is
    # somewhere people go, and no download frame may sell it. Only what the product is
    # counts: "tracks your gym workouts" and "book your dentist" are apps.
    venue = split_words(kinds["venue"])
    words = [w for t in compare_tokens(identity or "") for w in t.split("-")]  # Bio-Bäckerei
    if any(_stem_hit(w, s) for w in words for s in venue):
        return "service"
    return implied or "app"


def validate() -> list[str]:
    problems: list[str] = []
    raw = load(_FILE)
    for alias, target in raw["aliases"].items():
        if target not in raw["stems"]:
            problems.append(f"categories.toml: alias {alias!r} points at unknown {target!r}")
    kinds = raw["kinds"]
    if set(kinds["order"]) != set(PRODUCT_KINDS):
        problems.append("categories.toml: kinds.order must list every product kind once")
    for kind in kinds["order"]:
        if not split_words(kinds.get(kind, "")):
            problems.append(f"categories.toml: kind {kind!r} has no stems")
    if not split_words(kinds.get("venue", "")):
        problems.append("categories.toml: kinds.venue has no stems")
    for category, kind in kinds["category_kinds"].items():
        if category not in raw["stems"] or kind not in PRODUCT_KINDS:
            problems.append(f"categories.toml: category_kinds {category!r} → {kind!r}")
    return problems
