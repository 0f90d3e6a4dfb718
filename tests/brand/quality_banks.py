"""Print the banks of the blind read in docs/brand-quality.md (seed 7, so they regenerate):

    .venv/bin/python -m tests.brand.quality_banks

The verdicts in the doc (POST / FIX / BIN, KEEP / DROP) are the reader's, not the code's.
"""

from __future__ import annotations

from layers_server.brand.hooks import generate_hooks
from layers_server.brand.keywords import research_keywords

from .corpus import CORPUS

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


def render() -> str:
    out: list[str] = []
    for name, voice in READ:
        app = next(a for a in CORPUS if a.app_name == name)
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
        out.append(f"### {name} — `{app.language}`, {voice} voice\n")
        out += [f"- `{hook}`" for hook in hooks]
        out.append("\n**Hashtags:** " + " ".join(f"#{k.hashtag}" for k in tags) + "\n")
    return "\n".join(out)


if __name__ == "__main__":
    print(render())
