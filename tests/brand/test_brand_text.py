"""Shared text helpers: language tags, stop words, near-duplicates, keyphrase quality."""

import pytest

from layers_server.brand.hooks import template_language
from layers_server.brand.text import (
    HOOK_BREAK,
    canonical_language_tag,
    contains_phrase,
    detect_language,
    extract_audiences,
    hook_keyphrases,
    is_hook_keyphrase,
    near_duplicate,
    stopwords,
)

from .corpus import CORPUS


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en", "en"),
        ("EN-gb", "en"),
        ("es", "es"),
        ("es-419", "es"),
        ("es_MX", "es"),
        ("pt", "pt-BR"),
        ("pt-BR", "pt-BR"),
        ("pt_br", "pt-BR"),
        ("pt-PT", "pt-BR"),
        ("fr-CA", "fr"),
        ("de-CH", "de"),
        ("de-AT", "de"),
        ("it", "en"),
        ("ja-JP", "en"),
        ("zh-Hant-TW", "en"),
        ("", "en"),
        ("???", "en"),
    ],
)
def test_template_language_matches_region_then_language(tag, expected):
    assert template_language(tag) == expected


def test_canonical_language_tag():
    assert canonical_language_tag("pt_br") == "pt-BR"
    assert canonical_language_tag("zh-Hant-TW") == "zh-TW"
    assert canonical_language_tag("DE") == "de"


def test_stopwords_are_language_aware():
    assert {"the", "and", "your"} <= stopwords("en")
    assert {"para", "tus", "los"} <= stopwords("es")
    assert {"para", "você", "seu"} <= stopwords("pt-BR")  # region ignored, BOM stripped
    assert {"les", "pour", "ton"} <= stopwords("fr-CA")
    assert {"und", "für", "deinen"} <= stopwords("de")
    assert "the" not in stopwords("de")
    assert stopwords("br") == frozenset()  # a region code never selects Breton


@pytest.mark.parametrize("app", CORPUS, ids=lambda a: a.app_name)
def test_detect_language_of_corpus(app):
    assert detect_language(app.description, "en") == app.language[:2]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("POV: you found Acme\\nAnd it works", "POV: you found Acme\\nAnd it rocks"),  # swap
        ("Meet Acme, finally", "Meet Acme"),  # deletion
        ("Meet Acme", "Meet Acme today"),  # insertion
        ("Ça marche avec Acme !", "ca MARCHE avec acme"),  # case, accents, punctuation
        ("Acme is here for you", "for you Acme is here"),  # same words, new order
    ],
)
def test_near_duplicates_differ_by_at_most_one_word(a, b):
    assert near_duplicate(a, b)
    assert near_duplicate(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("POV: you found Acme\\nAnd it works", "POV: you found Acme\\nAnd it really rocks"),
        ("Meet Acme", "Meet Acme today, friends"),
        ("Day one with Acme\\nNo notes", "Day one with Acme\\nWish I had found it sooner"),
    ],
)
def test_hooks_differing_by_two_words_are_distinct(a, b):
    assert not near_duplicate(a, b)


def test_break_marker_is_not_a_word():
    assert near_duplicate("Setup\\npayoff", "Setup payoff")
    assert HOOK_BREAK == "\\" + "n"


def test_contains_phrase_is_whole_word_and_accent_insensitive():
    assert contains_phrase("Tudo sobre Treino em Casa!", "treino em casa")
    assert contains_phrase("Les étudiants pressés", "etudiants presses")
    assert not contains_phrase("Meet Acmeland", "Acme")


@pytest.mark.parametrize(
    ("phrase", "language", "ok"),
    [
        ("coffee subscriptions", "en", True),
        ("runners and night-shift", "en", False),  # conjunction
        ("roasted weekly", "en", False),  # adverb
        ("subscriptions for runners", "en", False),  # inner stop word
        ("conecta tus cuentas", "es", False),  # imperative + possessive
        ("controlar gastos", "es", False),  # infinitive
        ("metas de ahorro", "es", True),
        ("prépare automatiquement", "fr", False),  # adverb
        ("transforme-les", "fr", False),  # imperative with pronoun
        ("Haushaltsbuch", "de", True),
        ("digitale Haushaltsbuch", "de", False),  # declined adjective
        ("Üben Spaß", "de", False),  # two nouns, two ideas
    ],
)
def test_keyphrase_quality_gate(phrase, language, ok):
    assert is_hook_keyphrase(phrase, language) is ok


def test_keyphrases_are_short_noun_phrases_in_natural_case():
    desc = next(a for a in CORPUS if a.app_name == "Acme Coffee").description
    kps = hook_keyphrases(desc, "en", "Acme Coffee")
    assert "single-origin beans" in kps  # sentence-initial "Single-origin" lower-cased
    assert all(1 <= len(k.split()) <= 3 and len(k) <= 32 for k in kps)
    german = next(a for a in CORPUS if a.app_name == "Kassenbuch")
    de_kps = hook_keyphrases(german.description, "de", german.app_name)
    assert "Haushaltsbuch" in de_kps and "Sekunden" not in de_kps  # "in Sekunden" is adverbial
    assert all(k[0].isupper() for k in de_kps)  # German nouns keep their capital


def test_audiences_name_people():
    assert extract_audiences(CORPUS[0].description, "en") == ("runners and night-shift workers",)
    ahorrin = next(a for a in CORPUS if a.app_name == "Ahorrín")
    # "ahorro para viajes" is a purpose, not an audience.
    assert extract_audiences(ahorrin.description, "es") == ("estudiantes y jóvenes profesionales",)
    revise = next(a for a in CORPUS if a.app_name == "Révise")
    assert extract_audiences(revise.description, "fr") == ("les étudiants pressés",)


@pytest.mark.parametrize(
    ("description", "language", "expected"),
    [
        # An age limit is part of who they are.
        ("Safe dates for singles over thirty.", "en", ("singles over thirty",)),
        (
            "Des balades pour les marcheurs de plus de 60 ans.",
            "fr",
            ("les marcheurs de plus de 60 ans",),
        ),
        ("Yoga para mujeres mayores de 50 años.", "es", ("mujeres mayores de 50 años",)),
        # So is a short clause of what they do, and a second group after "and".
        (
            "Ideal para familias con poco tiempo y personas que cocinan por primera vez.",
            "es",
            ("familias con poco tiempo", "personas que cocinan por primera vez"),
        ),
        (
            "Une appli pour les parents qui travaillent de nuit.",
            "fr",
            ("les parents qui travaillent de nuit",),
        ),
        # A long clause is a sentence, not a group of people: the group stays, alone.
        (
            "A planner for parents who want to get the whole family out of the door on time.",
            "en",
            ("parents",),
        ),
    ],
)
def test_audiences_keep_their_age_and_a_short_clause(description, language, expected):
    assert extract_audiences(description, language) == expected
