"""Influencer personas: names that fit language and gender, deterministic SVG portraits."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from faker import Faker

from layers_server.brand.personas import (
    AGE_RANGES,
    GENDERS,
    Persona,
    faker_locale,
    make_persona,
    portrait_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


def _names(locale: str, attribute: str) -> set[str]:
    names = getattr(Faker(locale).provider("faker.providers.person"), attribute)
    return set(names)


@pytest.mark.parametrize(
    ("language", "locale"),
    [
        ("en", "en_US"),
        ("en-GB", "en_GB"),
        ("es", "es_ES"),
        ("es-MX", "es_MX"),
        ("pt-BR", "pt_BR"),
        ("pt", "pt_BR"),
        ("pt-PT", "pt_PT"),
        ("fr", "fr_FR"),
        ("fr-CA", "fr_CA"),
        ("de", "de_DE"),
        ("de-AT", "de_AT"),
        ("it", "it_IT"),
        ("ja", "ja_JP"),
        ("xx-YY", "en_US"),
        ("", "en_US"),
    ],
)
def test_locale_from_language(language, locale):
    assert faker_locale(language) == locale


@pytest.mark.parametrize("language", ["en", "es", "pt-BR", "fr", "de", "it", "ja"])
@pytest.mark.parametrize("gender", ["female", "male"])
def test_first_name_fits_language_and_gender(language, gender):
    allowed = _names(faker_locale(language), f"first_names_{gender}")
    for i in range(15):
        persona = make_persona(seed=f"inf_{i}", gender=gender, age_range="adult", language=language)
        given = persona.name.split(" ", 1)[1] if language == "ja" else persona.name
        assert any(given.startswith(first) for first in allowed), persona


def test_non_binary_uses_neutral_names_when_the_locale_has_them():
    allowed = _names("en_US", "first_names_nonbinary")
    for i in range(10):
        persona = make_persona(seed=f"nb{i}", gender="non_binary", age_range="teen", language="en")
        assert persona.name.split()[0] in allowed


def test_non_binary_alternates_between_lists_otherwise():
    female = _names("de_DE", "first_names_female")
    male = _names("de_DE", "first_names_male")
    seen = set()
    for i in range(30):
        first = make_persona(
            seed=f"nb{i}", gender="non_binary", age_range="adult", language="de"
        ).name.split()[0]
        assert first in female or first in male
        seen.add("female" if first in female else "male")
    assert seen == {"female", "male"}


def test_same_seed_same_persona_and_different_seeds_differ():
    a = make_persona(seed="inf_abc", gender="female", age_range="senior", language="fr")
    b = make_persona(seed="inf_abc", gender="female", age_range="senior", language="fr")
    assert a == b == Persona(name=a.name, gender="female", age_range="senior", language="fr")
    names = {
        make_persona(seed=f"inf_{i}", gender="male", age_range="adult", language="es").name
        for i in range(20)
    }
    assert len(names) >= 18


def test_persona_language_is_canonical_and_family_name_first_in_japanese():
    assert make_persona(seed="x", gender="male", age_range="adult", language="pt_br").language == (
        "pt-BR"
    )
    ja = make_persona(seed="x", gender="female", age_range="adult", language="ja")
    family, given = ja.name.split(" ")
    assert family in _names("ja_JP", "last_names") and given in _names(
        "ja_JP", "first_names_female"
    )


@pytest.mark.parametrize(
    ("gender", "age_range"), [("robot", "adult"), ("female", "ancient"), ("", "")]
)
def test_unknown_gender_or_age_is_rejected(gender, age_range):
    with pytest.raises(ValueError):
        make_persona(seed="s", gender=gender, age_range=age_range, language="en")
    with pytest.raises(ValueError):
        portrait_svg(seed="s", gender=gender, age_range=age_range)


@pytest.mark.parametrize("gender", GENDERS)
@pytest.mark.parametrize("age_range", AGE_RANGES)
def test_portrait_is_a_valid_svg_document(gender, age_range):
    svg = portrait_svg(seed="inf_42", gender=gender, age_range=age_range)
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 256 256"
    assert root.find(f"{SVG}title") is not None
    shapes = [
        el
        for el in root.iter()
        if el.tag in {f"{SVG}{t}" for t in ("rect", "circle", "ellipse", "path")}
    ]
    assert len(shapes) >= 15  # background, face, eyes, mouth, hair…


def test_portrait_is_deterministic_and_varied():
    one = portrait_svg(seed="inf_1", gender="female", age_range="young_adult")
    assert one == portrait_svg(seed="inf_1", gender="female", age_range="young_adult")
    many = {portrait_svg(seed=f"inf_{i}", gender="male", age_range="adult") for i in range(40)}
    assert len(many) == 40
    # Beyond byte differences, the look itself varies: backgrounds, skin tones.
    backgrounds = {ET.fromstring(s).find(f"{SVG}rect").get("fill") for s in many}
    assert len(backgrounds) >= 6


def test_seniors_have_grey_hair():
    from layers_server.brand.personas import _GREY_HAIR

    for i in range(10):
        svg = portrait_svg(seed=f"s{i}", gender="female", age_range="senior")
        assert any(colour in svg for colour in _GREY_HAIR)
