"""The brand engine's data files load and are well formed (templates, word lists, hashtags)."""

from __future__ import annotations

import tomllib

import pytest

from layers_server.brand.grammar import (
    contract,
    elide,
    formal_imperative,
    join_list,
    with_article,
)
from layers_server.brand.hooks import pack
from layers_server.brand.resources import DATA_DIR, PACK_LANGUAGES
from layers_server.brand.validation import validate_all


def test_every_data_file_is_valid():
    assert validate_all() == []


def test_every_toml_file_parses():
    files = sorted(DATA_DIR.rglob("*.toml"))
    assert len(files) >= 18
    for path in files:
        tomllib.loads(path.read_text(encoding="utf-8"))


def test_every_pack_has_a_wide_choice_of_frames():
    for name in PACK_LANGUAGES:
        p = pack(name)
        assert len([t for t in p.hooks if not t.fallback]) >= 40, name
        assert len({t.meme for t in p.hooks if t.meme}) >= 3, name


def test_the_validator_catches_a_broken_template(monkeypatch):
    from layers_server.brand import hooks

    assert hooks._template_errors("{app} and {nope} | x | y") == [
        "more than one setup/payoff break",
        "unknown slot {nope}",
    ]
    assert hooks._template_errors("{benefit:loud}") == ["unknown modifier loud in {benefit:loud}"]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("la lista de el mes", "es", "la lista del mes"),
        ("vamos a el parque", "es", "vamos al parque"),
        ("o app de o FitCasa em a semana", "pt", "o app do FitCasa na semana"),
        ("le détail de le jour à les enfants", "fr", "le détail du jour aux enfants"),
        ("envie de exporter que il", "fr", "envie d'exporter qu'il"),
        ("Weg zu dem Ziel, zu der Hütte, in dem Tal", "de", "Weg zum Ziel, zur Hütte, im Tal"),
    ],
)
def test_contractions(text, language, expected):
    assert contract(text, language) == expected


@pytest.mark.parametrize(
    ("phrase", "language", "expected"),
    [
        ("alertas", "es", "las alertas"),
        ("presupuesto mensual", "es", "el presupuesto mensual"),
        ("planos de exercícios", "pt", "os planos de exercícios"),
        ("répétition espacée", "fr", "la répétition espacée"),
        ("application", "fr", "l'application"),
        ("quiz personnalisés", "fr", "les quiz personnalisés"),
        ("Haushaltsbuch", "de", "das Haushaltsbuch"),
        ("breathing exercises", "en", "the breathing exercises"),
    ],
)
def test_articles_follow_gender_and_number(phrase, language, expected):
    assert with_article(phrase, language) == expected


@pytest.mark.parametrize(
    ("imperative", "expected"),
    [
        ("crée des devis en deux minutes", "créez des devis en deux minutes"),
        # Verbs outside -er, which a formal voice once left out of every hook.
        ("suis les paiements en retard", "suivez les paiements en retard"),
        ("fais tes courses", "faites vos courses"),
        ("mets ton réveil", "mettez votre réveil"),
        ("choisis ta cesta", "choisissez votre cesta"),
        ("transforme-les en factures conformes", "transformez-les en factures conformes"),
    ],
)
def test_the_french_formal_imperative(imperative, expected):
    assert formal_imperative(imperative, "fr") == expected


def test_lists_use_the_languages_and():
    assert join_list(["a", "b", "c"], "de") == "a, b und c"
    assert join_list(["padres", "hijos"], "es") == "padres e hijos"
    assert (
        elide("de habitudes", "fr") == "d'habitudes" and elide("de haricots", "fr") == "de haricots"
    )
