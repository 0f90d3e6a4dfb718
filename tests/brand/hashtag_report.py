"""Print the hashtag banks of the corpus apps of one language, each tag with where it came from,
for the curator of ``data/hashtags/<language>.toml``:

    .venv/bin/python -m tests.brand.hashtag_report fr
    .venv/bin/python -m tests.brand.hashtag_report fr --skip-held-out
    .venv/bin/python -m tests.brand.hashtag_report fr "Nom de l'app" "Sa description…"

``niche <stems>``: a niche the description names; ``category``: the category's own tags;
``english``: an English tag that travelled; ``brief``: a phrase of the description.
"""

from __future__ import annotations

import sys

from layers_server.brand.brief import BrandBrief, build_brief
from layers_server.brand.keywords import _curated, hashtag_from_phrase, research_keywords
from layers_server.brand.text import word_starts

from .corpus import CORPUS
from .quality_banks import HELD_OUT


def sources(brief: BrandBrief, language: str) -> dict[str, str]:
    found: dict[str, str] = {}
    text = word_starts(" ".join(brief.sentences))
    for code, label in ((language, ""), ("en", "english ")):
        entry = _curated(code).get(brief.category or "")
        if entry is None:
            continue
        for niche in entry.niches:
            named = niche.names(brief, text)
            for index, tag in enumerate(niche.tags, start=1):
                stems = "/".join(s.strip() for s in niche.stems[:3])
                where = f"{label}niche tag {index} ({stems})"
                found.setdefault(hashtag_from_phrase(tag), where + ("" if named else " (unnamed!)"))
        for tag in entry.tags:
            found.setdefault(hashtag_from_phrase(tag), f"{label}category")
    return found


def report(name: str, description: str, language: str, category: str | None = None) -> str:
    brief = build_brief(app_name=name, description=description, language=language)
    bank = research_keywords(
        app_name=name, app_description=description, language=language, category=category
    )
    origin = sources(brief, language)
    lines = [f"## {name} ({language}, category {brief.category}, {brief.product_kind})"]
    lines += [f"   {description}"]
    lines += [f"   #{k.hashtag:<28} {origin.get(k.hashtag, 'brief')}" for k in bank]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    skip = {n for n, _ in HELD_OUT} if "--skip-held-out" in argv else set()
    argv = [a for a in argv if not a.startswith("--")]
    language = argv[0]
    if len(argv) >= 3:
        print(report(argv[1], argv[2], language))
        return
    for app in CORPUS:
        if app.language.split("-")[0] == language and app.app_name not in skip:
            print(report(app.app_name, app.description, app.language, app.category), end="\n\n")


if __name__ == "__main__":
    main(sys.argv[1:])
