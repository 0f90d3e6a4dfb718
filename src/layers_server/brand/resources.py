"""The brand engine's data files: template packs, word lists and hashtag banks.

Everything the engine says or recognises lives in TOML files under ``brand/data/`` (one file
per language or per concern); the Python modules keep only the logic. Files are parsed once
per process and cached; ``brand.validation`` loads every file and checks its shape, and the
test suite runs it, so a broken file fails CI rather than the first request that needs it.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"

# The languages with native packs, and the file stem each one's data uses.
PACK_LANGUAGES = ("en", "es", "pt-BR", "fr", "de")


@cache
def load(relative: str) -> dict[str, Any]:
    """One TOML file of ``brand/data`` (``"lexicon/en.toml"``), parsed once."""
    with (DATA_DIR / relative).open("rb") as handle:
        return tomllib.load(handle)


@cache
def words(relative: str) -> frozenset[str]:
    """A word list file: whitespace-separated words, ``#`` starts a comment; lower-cased."""
    lines = (DATA_DIR / relative).read_text(encoding="utf-8").splitlines()
    return frozenset(w.lower() for line in lines for w in line.split("#", 1)[0].split())


def split_words(value: str | list[str]) -> tuple[str, ...]:
    """A TOML word list written as one whitespace-separated string, or as an array."""
    if isinstance(value, str):
        return tuple(value.split())
    return tuple(value)


# Word lists the brief and the text toolkit read (``data/cues/<module>.toml``): the modules keep
# the logic, the data files the words.


def cue_list(module: str, name: str) -> tuple[str, ...]:
    return split_words(load(f"cues/{module}.toml")[name])


def cue_set(module: str, name: str) -> frozenset[str]:
    return frozenset(cue_list(module, name))


def cue_lists(module: str, name: str) -> dict[str, tuple[str, ...]]:
    return {k: split_words(v) for k, v in load(f"cues/{module}.toml")[name].items()}


def cue_sets(module: str, name: str) -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in cue_lists(module, name).items()}


def cue_strings(module: str, name: str) -> dict[str, str]:
    return dict(load(f"cues/{module}.toml")[name])
