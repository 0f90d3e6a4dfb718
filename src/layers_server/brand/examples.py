"""Print docs/brand-examples.md: real banks from the offline engine for three example apps.

    python -m layers_server.brand.examples > docs/brand-examples.md

Seeds are fixed, so the output is reproducible; tests check the committed file matches.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from layers_server.brand.hooks import generate_hooks
from layers_server.brand.keywords import research_keywords


@dataclass(frozen=True)
class Example:
    app_name: str
    language: str
    brand_voice: str
    description: str
    tagline: str | None = None
    seed: int = 7


EXAMPLES = (
    Example(
        app_name="Acme Coffee",
        language="en",
        brand_voice="warm",
        tagline="Coffee that shows up before you run out.",
        description=(
            "Daily ritual coffee subscriptions for runners and night-shift workers. Single-origin "
            "beans from named farms, roasted weekly, and shipped on a cadence that matches how "
            "you actually drink coffee — so the bag never goes stale and you never run out before "
            "a hard workout."
        ),
    ),
    Example(
        app_name="FitCasa",
        language="pt-BR",
        brand_voice="casual",
        tagline="Seu treino cabe na sua rotina.",
        description=(
            "Treino em casa sem equipamentos: planos de exercícios personalizados para "
            "iniciantes, com vídeos curtos, lembretes diários e acompanhamento do seu progresso "
            "semana a semana. Em vinte minutos por dia você ganha força, disposição e uma rotina "
            "que finalmente cabe na sua agenda."
        ),
    ),
    Example(
        app_name="Kassenbuch",
        language="de",
        brand_voice="professional",
        description=(
            "Kassenbuch ist das digitale Haushaltsbuch für Familien und Paare. Erfasse Ausgaben "
            "in Sekunden, teile Budgets mit deinem Partner und behalte Sparziele im Blick. "
            "Automatische Kategorien, Monatsberichte und Erinnerungen helfen dir, dein Geld "
            "entspannt zu planen."
        ),
    ),
)

_HEADER = """\
# Brand engine examples

Real output of the offline brand engine (`layers_server.brand`): a hook bank
(`GET /v1/projects/{id}/content/hooks`) and a hashtag bank (`GET /v1/projects/{id}/keywords`)
for three example apps. Regenerate this file with:

```sh
.venv/bin/python -m layers_server.brand.examples > docs/brand-examples.md
```

Seeds are fixed here so the file is reproducible; the API passes no seed, so every call writes a
fresh bank. A `\\n` inside a hook is two characters, backslash and `n`, shown as-is (see
[api/content.md](api/content.md)).
"""


def render() -> str:
    out = [_HEADER]
    for ex in EXAMPLES:
        hooks = generate_hooks(
            app_name=ex.app_name,
            app_description=ex.description,
            brand_voice=ex.brand_voice,
            language=ex.language,
            tagline=ex.tagline,
            seed=ex.seed,
        )
        keywords = research_keywords(
            app_name=ex.app_name, app_description=ex.description, language=ex.language
        )
        out.append(f"\n## {ex.app_name} — `{ex.language}`, {ex.brand_voice} voice\n")
        out.append(f"> {ex.description}\n")
        if ex.tagline:
            out.append(f"Tagline: *{ex.tagline}*\n")
        out.append(f"\n### Hooks ({len(hooks)}, seed {ex.seed})\n")
        out.extend(f"{i}. `{hook}`" for i, hook in enumerate(hooks, 1))
        out.append(f"\n### Hashtags ({len(keywords)})\n")
        out.append("| hashtag | phrase | score |")
        out.append("| --- | --- | ---: |")
        out.extend(f"| #{k.hashtag} | {k.phrase} | {k.score} |" for k in keywords)
    return "\n".join(out) + "\n"


def main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
