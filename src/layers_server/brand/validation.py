"""Load and check every data file of the brand engine (run by the test suite)."""

from __future__ import annotations

from layers_server.brand import categories, hooks, keywords, lexicon


def validate_all() -> list[str]:
    """Every problem found in the template packs, word lists and hashtag banks."""
    return [
        *lexicon.validate(),
        *categories.validate(),
        *hooks.validate_packs(),
        *keywords.validate_banks(),
    ]
