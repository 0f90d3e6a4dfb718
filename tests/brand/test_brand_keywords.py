"""Keyword research over the corpus (docs/api/keywords.md)."""

from __future__ import annotations

import re

import pytest

from layers_server.brand.keywords import (
    MAX_KEYWORDS,
    MIN_KEYWORDS,
    category_phrases,
    detect_categories,
    hashtag_from_phrase,
    research_keywords,
    resolve_category,
)
from layers_server.brand.text import detect_language, extract_keyphrases, stopwords

from .corpus import CORPUS


def _sources(app, language, category=None) -> set[str]:
    """Every phrase a hashtag of this app may legitimately come from."""
    text_language = detect_language(app.description, language)
    phrases = {kp.text for kp in extract_keyphrases(app.description, text_language, top=60)}
    categories = ["general", *detect_categories(app.description)]
    if resolve_category(category):
        categories.append(resolve_category(category))
    for cat in categories:
        phrases |= set(category_phrases(cat, language))
    if category:
        phrases.add(category.lower())
    return phrases


@pytest.mark.parametrize("app", CORPUS, ids=lambda a: a.app_name)
def test_hashtag_bank_rules(app):
    keywords = research_keywords(
        app_name=app.app_name, app_description=app.description, language=app.language
    )
    assert MIN_KEYWORDS <= len(keywords) <= MAX_KEYWORDS
    tags = [k.hashtag for k in keywords]
    assert len(set(tags)) == len(tags)
    stop = stopwords(app.language) | stopwords(detect_language(app.description, app.language))
    sources = _sources(app, app.language)
    for k in keywords:
        assert re.fullmatch(r"\w+", k.hashtag), k
        assert k.hashtag == k.hashtag.lower() and "#" not in k.hashtag and " " not in k.hashtag
        assert "_" not in k.hashtag
        assert not all(w.lower() in stop for w in k.phrase.split()), k
        assert k.hashtag not in stop
        assert isinstance(k.score, int) and 0 <= k.score <= 100
        assert k.hashtag == hashtag_from_phrase(k.phrase), k
        assert k.phrase in sources, k  # from a yake keyphrase or the category map
    scores = [k.score for k in keywords]
    assert scores == sorted(scores, reverse=True)


def test_hashtags_keep_accents_and_drop_punctuation():
    assert hashtag_from_phrase("Night-shift workers") == "nightshiftworkers"
    assert hashtag_from_phrase("#Vida Sana!") == "vidasana"
    assert hashtag_from_phrase("planos de exercícios") == "planosdeexercícios"
    assert hashtag_from_phrase("to_do list") == "todolist"


def test_best_tags_come_from_the_description():
    fitcasa = next(a for a in CORPUS if a.app_name == "FitCasa")
    keywords = research_keywords(
        app_name=fitcasa.app_name, app_description=fitcasa.description, language="pt-BR"
    )
    assert keywords[0].hashtag == "treinoemcasa"
    tags = {k.hashtag for k in keywords}
    assert {"vídeoscurtos", "lembretesdiários", "fitness"} <= tags
    # Fragments, verbs and adverbs of the description never become tags.
    assert not tags & {"semana", "ganhaforça", "progressosemana", "finalmente", "cabe"}


def test_category_detection_on_the_corpus():
    hits = sum(detect_categories(a.description)[:1] == [a.category] for a in CORPUS)
    assert hits >= len(CORPUS) - 2


@pytest.mark.parametrize(
    ("given", "resolved"),
    [
        ("Health & Fitness", "fitness"),
        ("Food & Drink", "food"),
        ("Developer Tools", "devtools"),
        ("business", "b2b_saas"),
        ("b2b_saas", "b2b_saas"),
        ("Lifestyle", None),
        (None, None),
    ],
)
def test_category_names_are_understood(given, resolved):
    assert resolve_category(given) == resolved


def test_given_category_adds_its_tags_in_the_project_language():
    app = next(a for a in CORPUS if a.app_name == "Tiny Tales")
    tags = {
        k.hashtag
        for k in research_keywords(
            app_name=app.app_name,
            app_description=app.description,
            language="es",
            category="Education",
        )
    }
    assert {"técnicasdeestudio", "educación"} <= tags  # Spanish category tags
    unknown = research_keywords(
        app_name=app.app_name, app_description=app.description, category="Lifestyle"
    )
    assert any(k.hashtag == "lifestyle" and k.phrase == "lifestyle" for k in unknown)


def test_short_descriptions_are_topped_up_to_the_minimum():
    keywords = research_keywords(
        app_name="Noto",
        app_description="Noto keeps your notes tidy. " * 4,
        language="fr",
    )
    assert MIN_KEYWORDS <= len(keywords) <= MAX_KEYWORDS
    assert any(k.hashtag == "notes" for k in keywords)
    assert any(k.phrase in category_phrases("general", "fr") for k in keywords)


def test_same_input_same_bank():
    app = CORPUS[5]
    args = dict(app_name=app.app_name, app_description=app.description, language=app.language)
    assert research_keywords(**args) == research_keywords(**args)
