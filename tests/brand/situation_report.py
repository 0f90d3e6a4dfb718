"""Which category situations each corpus brief of a language can answer, and with what:

    .venv/bin/python -m tests.brand.situation_report de
    .venv/bin/python -m tests.brand.situation_report de --skip-held-out
    .venv/bin/python -m tests.brand.situation_report de "Name" "Eine Beschreibung…"

For the writers of ``data/situations/<language>.toml``: a situation that no brief of its
category answers is still fine (it waits for an app that has the fact), but a category whose
briefs answer only one or two setups gives their banks only one or two of their best hooks.
"""

from __future__ import annotations

import sys

from layers_server.brand.brief import build_brief
from layers_server.brand.hooks import audience_answers, situation_answers, situations
from layers_server.brand.text import parse_language_tag

from .corpus import CORPUS
from .quality_banks import HELD_OUT

# A bank of 20 hooks holds at most this many situations of one fact (hooks.SITUATION_FACT_USES).
WANTED_PER_FACT = 4


def report(code: str, *, skip: frozenset[str] = frozenset()) -> str:
    out: list[str] = []
    for app in CORPUS:
        if parse_language_tag(app.language)[0] != code or app.app_name in skip:
            continue
        out.append(describe(app.app_name, app.description, app.language, app.tagline))
    return "\n".join(out)


def describe(name: str, description: str, language: str, tagline: str | None = None) -> str:
    code = parse_language_tag(language)[0]
    brief = build_brief(app_name=name, description=description, language=language, tagline=tagline)
    found = situations(brief, code)
    out = [f"## {name} ({language}) category={brief.category}: {len(found)} setups"]
    groups = {answer: group for group, answer in audience_answers(brief).items()}
    for text, _, kind in situation_answers(brief):
        setups = [s.setup for s in found if s.answer_text == text]
        short = "" if len(setups) >= WANTED_PER_FACT else f"  (short of {WANTED_PER_FACT})"
        # A moment of an audience is matched by the group alone.
        matched = f" (matched by «{groups[text]}»)" if kind == "audience" else ""
        out.append(f"   {kind} «{text}»{matched}: {len(setups)} setups{short}")
        out += [f"      {setup}" for setup in setups]
    return "\n".join(out)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    skip = frozenset(n for n, _ in HELD_OUT) if "--skip-held-out" in sys.argv else frozenset()
    if len(args) >= 3:
        print(describe(args[1], args[2], args[0]))
    else:
        print(report(args[0] if args else "en", skip=skip))
