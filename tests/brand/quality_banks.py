"""Print the banks of the blind read in docs/brand-quality.md (seed 7, so they regenerate):

    .venv/bin/python -m tests.brand.quality_banks            # the banks, in the engine's order
    .venv/bin/python -m tests.brand.quality_banks --packet   # what the reader gets (below)
    .venv/bin/python -m tests.brand.quality_banks --tags     # the hashtags alone, all 17 apps
    .venv/bin/python -m tests.brand.quality_banks --packet --fresh   # corpus.FRESH (tenth pass)
    .venv/bin/python -m tests.brand.quality_banks --packet --fresh2  # corpus.FRESH2 (twelfth)
    .venv/bin/python -m tests.brand.quality_banks --packet --fresh3  # corpus.FRESH3 (thirteenth)
    .venv/bin/python -m tests.brand.quality_banks --packet --fresh1-2  # the first ten again

The verdicts in the doc (POST / FIX / BIN, KEEP / DROP) are the reader's, not the code's. The
reader's packet gives each app's description, language and voice, and its hooks numbered in a
shuffled order (``random.Random(21)``), so the ranking cannot lead the read. The held-out apps
(``--held-out``) were never in an earlier read: no frame or ranking rule was tuned on their
verdicts, so their read shows whether what was tuned on the read apps carries over.
"""

from __future__ import annotations

import random
import sys

from layers_server.brand.hooks import generate_hooks
from layers_server.brand.keywords import research_keywords

from .corpus import CORPUS, FRESH, FRESH2, FRESH3

SEED = 7
# The 12 apps of the first pass's read (five languages, six voices), in its order.
READ = (
    ("Acme Coffee", "warm"),
    ("Ledgerly", "professional"),
    ("Kindred", "witty"),
    ("Calmly", "authentic"),
    ("Ahorrín", "casual"),
    ("Receta Rápida", "warm"),
    ("FitCasa", "casual"),
    ("Estuda Já", "educational"),
    ("Révise", "educational"),
    ("Petits Chefs", "warm"),
    ("Kassenbuch", "professional"),
    ("Gipfelglück", "authentic"),
)


# Apps of the corpus outside the read, one per language, whose categories have situations.
HELD_OUT = (
    ("StrideUp", "casual"),
    ("Café Altura", "authentic"),
    ("Horta em Casa", "warm"),
    ("Factura Facile", "professional"),
    ("Lernfuchs", "warm"),
)


# Apps written for the tenth pass by someone who had seen none of the engine, its data or the
# reads (corpus.FRESH), with the voice their writer gave them.
FRESH_READ = (
    ("Pingwell", "professional"),
    ("Michi en Casa", "warm"),
    ("Cofrinho Esperto", "educational"),
    ("Le Dé Qui Roule", "witty"),
    ("Topfglück", "casual"),
)

# Five more, written the same way for the twelfth pass (corpus.FRESH2).
FRESH2_READ = (
    ("Flagpole", "witty"),
    ("Bloque Norte", "casual"),
    ("Fermento da Vila", "warm"),
    ("Parlotte", "educational"),
    ("Leinenlos", "authentic"),
)

# Five more for the thirteenth pass (corpus.FRESH3).
FRESH3_READ = (
    ("Castwell", "professional"),
    ("Club Picante", "witty"),
    ("Farejo", "warm"),
    ("L'Atelier Partagé", "authentic"),
    ("Kolonne", "casual"),
)


def banks(apps=READ):
    for name, voice in apps:
        app = next(a for a in CORPUS + FRESH + FRESH2 + FRESH3 if a.app_name == name)
        hooks = generate_hooks(
            app_name=app.app_name,
            app_description=app.description,
            brand_voice=voice,
            language=app.language,
            tagline=app.tagline,
            seed=SEED,
        )
        tags = research_keywords(
            app_name=app.app_name, app_description=app.description, language=app.language
        )
        yield app, voice, hooks, [k.hashtag for k in tags]


def packet(apps=READ) -> str:
    out: list[str] = []
    for app, voice, hooks, tags in banks(apps):
        order = list(range(len(hooks)))
        random.Random(21).shuffle(order)
        out.append(f"## {app.app_name} — language `{app.language}`, voice {voice}\n")
        out.append(f"Description: {app.description}")
        out.append(f"Tagline: {app.tagline or '(none)'}\n")
        out += [f"H{n + 1}. `{hooks[i]}`" for n, i in enumerate(order)]
        out.append("")
        out += [f"T{n + 1}. #{tag}" for n, tag in enumerate(tags)]
        out.append("")
    return "\n".join(out)


def tag_packet(apps=READ + HELD_OUT) -> str:
    """The hashtag read alone (``--tags``): each app's description and its tags."""
    out: list[str] = []
    for app, _voice, _hooks, tags in banks(apps):
        out.append(f"## {app.app_name} — language `{app.language}`\n")
        out.append(f"Description: {app.description}\n")
        out += [f"T{n + 1}. #{tag}" for n, tag in enumerate(tags)]
        out.append("")
    return "\n".join(out)


def render() -> str:
    out: list[str] = []
    for app, voice, hooks, tags in banks():
        out.append(f"### {app.app_name} — `{app.language}`, {voice} voice\n")
        out += [f"- `{hook}`" for hook in hooks]
        out.append("\n**Hashtags:** " + " ".join(f"#{tag}" for tag in tags) + "\n")
    return "\n".join(out)


if __name__ == "__main__":
    chosen = {
        "--held-out": HELD_OUT,
        "--fresh": FRESH_READ,
        "--fresh2": FRESH2_READ,
        "--fresh3": FRESH3_READ,
        "--fresh1-2": FRESH_READ + FRESH2_READ,
    }
    apps = next((chosen[a] for a in sys.argv if a in chosen), None)
    if "--tags" in sys.argv:
        print(tag_packet(apps or READ + HELD_OUT))
    elif "--packet" in sys.argv:
        print(packet(apps or READ))
    else:
        print(render())
