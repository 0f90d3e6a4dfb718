"""Per-language cue words the brand brief reads (``data/lexicon/<language>.toml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from layers_server.brand.resources import DATA_DIR, load, split_words
from layers_server.brand.text import fold, parse_language_tag

LANGUAGES = ("en", "es", "pt", "fr", "de")
_OR_WORDS = frozenset("or o u ou oder".split())


@dataclass(frozen=True)
class Lexicon:
    language: str
    articles_definite: frozenset[str]
    articles_indefinite: frozenset[str]
    possessives_second: frozenset[str]
    possessives_to_second: dict[str, str]
    conjunction: str
    list_words: frozenset[str]
    copulas: frozenset[str]
    audience_preps: frozenset[str]
    with_words: frozenset[str]
    without_words: frozenset[str]
    tired_cues: tuple[str, ...]
    negations: frozenset[str]
    never_words: tuple[str, ...]
    relatives: frozenset[str]
    help_patterns: tuple[re.Pattern[str], ...]
    result_patterns: tuple[re.Pattern[str], ...]  # "turns X into (?P<result>…)"
    feature_verbs: frozenset[str]
    imperatives: frozenset[str]
    number_words: frozenset[str]
    prepositions: frozenset[str]
    object_pronouns: frozenset[str]
    subject_verbs: frozenset[str]
    purpose_preps: frozenset[str]
    subject_pronouns: frozenset[str]
    self_names: tuple[str, ...]  # "the app", « l'application »: the product as a subject
    you_get: tuple[str, ...]
    proof_cues: tuple[str, ...]
    dealing_cues: tuple[str, ...]
    generic_audiences: frozenset[str]
    reader_pronouns: frozenset[str]
    reader_subjects: frozenset[str]
    gain_verbs: frozenset[str]  # "você ganha …": what the reader gets, after their subject
    have_cues: tuple[str, ...]  # "con lo que ya tienes": what it works with, the reader's own
    based_cues: tuple[str, ...]  # "based on", « basé sur »: what a thing is based on

    @property
    def articles(self) -> frozenset[str]:
        return self.articles_definite | self.articles_indefinite

    @property
    def and_words(self) -> frozenset[str]:
        """The list words that add ("and", "y", "und"), not those that choose ("or")."""
        return self.list_words - _OR_WORDS

    @property
    def dangling(self) -> frozenset[str]:
        """Words a whole phrase never ends on: articles, prepositions, joiners, relatives."""
        return (
            self.articles
            | self.prepositions
            | self.list_words
            | self.relatives
            | self.possessives_second
            | self.with_words
            | self.without_words
            | self.audience_preps
        )

    def is_imperative(self, word: str) -> bool:
        return fold(word) in self.imperatives


def _folded(value: str | list[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in split_words(value))


@cache
def lexicon(language: str) -> Lexicon | None:
    """The cues for a language tag (``pt-BR`` → Portuguese), or None without a lexicon."""
    code, _ = parse_language_tag(language)
    if code not in LANGUAGES:
        return None
    raw = load(f"lexicon/{code}.toml")
    imperatives = _folded(raw["imperatives"])
    alternation = "|".join(sorted((re.escape(w) for w in imperatives), key=len, reverse=True))
    patterns = tuple(
        re.compile(p.replace("%IMPERATIVE%", alternation), re.IGNORECASE)
        for p in raw["help_patterns"]
    )
    return Lexicon(
        language=code,
        articles_definite=_folded(raw["articles_definite"]),
        articles_indefinite=_folded(raw["articles_indefinite"]),
        possessives_second=_folded(raw["possessives_second"]),
        possessives_to_second=dict(raw["possessives_to_second"]),
        conjunction=raw["conjunction"],
        list_words=_folded(raw["list_words"]),
        copulas=_folded(raw["copulas"]),
        audience_preps=_folded(raw["audience_preps"]),
        with_words=_folded(raw["with_words"]),
        without_words=_folded(raw["without_words"]),
        tired_cues=tuple(fold(c) for c in raw["tired_cues"]),
        negations=_folded(raw["negations"]),
        never_words=tuple(fold(c) for c in raw["never_words"]),
        relatives=_folded(raw["relatives"]),
        help_patterns=patterns,
        result_patterns=tuple(re.compile(p, re.IGNORECASE) for p in raw["result_patterns"]),
        feature_verbs=_folded(raw["feature_verbs"]),
        imperatives=imperatives,
        number_words=_folded(raw["number_words"]),
        prepositions=_folded(raw["prepositions"]),
        object_pronouns=_folded(raw["object_pronouns"]),
        subject_verbs=_folded(raw["subject_verbs"]),
        purpose_preps=_folded(raw["purpose_preps"]),
        subject_pronouns=_folded(raw["subject_pronouns"]),
        self_names=tuple(fold(c) for c in raw["self_names"]),
        you_get=tuple(fold(c) for c in raw["you_get"]),
        proof_cues=tuple(fold(c) for c in raw["proof_cues"]),
        dealing_cues=tuple(fold(c) for c in raw["dealing_cues"]),
        generic_audiences=_folded(raw["generic_audiences"]),
        reader_pronouns=_folded(raw["reader_pronouns"]),
        reader_subjects=_folded(raw["reader_subjects"]),
        gain_verbs=_folded(raw["gain_verbs"]),
        have_cues=tuple(fold(c) for c in raw["have_cues"]),
        based_cues=tuple(fold(c) for c in raw["based_cues"]),
    )


def validate() -> list[str]:
    """Problems in the lexicon files: missing keys, bad patterns, empty lists."""
    problems: list[str] = []
    for code in LANGUAGES:
        if not (DATA_DIR / f"lexicon/{code}.toml").is_file():
            problems.append(f"lexicon/{code}.toml is missing")
            continue
        try:
            lex = lexicon(code)
        except (KeyError, re.error, TypeError) as exc:
            problems.append(f"lexicon/{code}.toml: {type(exc).__name__}: {exc}")
            continue
        assert lex is not None
        for name in ("imperatives", "copulas", "audience_preps", "with_words", "without_words"):
            if not getattr(lex, name):
                problems.append(f"lexicon/{code}.toml: {name} is empty")
        if not all("result" in p.groupindex for p in lex.result_patterns):
            problems.append(f"lexicon/{code}.toml: every result pattern needs a result group")
        if not all("benefit" in p.groupindex for p in lex.help_patterns):
            problems.append(f"lexicon/{code}.toml: a help pattern has no 'benefit' group")
    return problems
