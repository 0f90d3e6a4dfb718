"""Which category situations each corpus brief of a language can answer, and with what:

    .venv/bin/python -m tests.brand.situation_report de

For the writers of ``data/situations/<language>.toml``: a situation that no brief of its
category answers is still fine (it waits for an app that has the fact), but a category whose
briefs answer only one or two setups gives their banks only one or two of their best hooks.
"""

from __future__ import annotations

import sys

from layers_server.brand.brief import build_brief
from layers_server.brand.hooks import situation_answers, situations
from layers_server.brand.text import parse_language_tag

from .corpus import CORPUS


def report(code: str) -> str:
    out: list[str] = []
    for app in CORPUS:
        if parse_language_tag(app.language)[0] != code:
            continue
        brief = build_brief(
            app_name=app.app_name,
            description=app.description,
            language=app.language,
            tagline=app.tagline,
        )
        out.append(f"## {app.app_name} ({app.language}) category={brief.category}")
        out.append("   answers: " + " | ".join(text for text, _, _ in situation_answers(brief)))
        for situation in situations(brief, code):
            out.append(f"   {situation.setup}  ->  {situation.answer_text}")
    return "\n".join(out)


if __name__ == "__main__":
    print(report(sys.argv[1] if len(sys.argv) > 1 else "en"))
