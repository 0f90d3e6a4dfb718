"""Influencer personas (docs/api/influencers.md): a name fit for language and gender, a portrait.

Both are pure functions of their inputs. The seed string (typically the influencer id) is
hashed with SHA-256 to seed a fresh ``Faker`` instance (``seed_instance``, never the shared
class-level seed, so concurrent requests cannot disturb each other) and a ``random.Random`` for
the portrait; the same seed therefore always gives the same persona and a byte-identical SVG.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from xml.sax.saxutils import escape

from faker import Faker
from faker.config import AVAILABLE_LOCALES
from faker.providers.person import Provider as BasePersonProvider

from layers_server.brand.text import canonical_language_tag, parse_language_tag

GENDERS = ("female", "male", "non_binary")
AGE_RANGES = ("teen", "young_adult", "adult", "mid_adult", "mature", "senior")


@dataclass(frozen=True)
class Persona:
    name: str
    gender: str
    age_range: str
    language: str


def _check(gender: str, age_range: str) -> None:
    if gender not in GENDERS:
        raise ValueError(f"gender must be one of {', '.join(GENDERS)}")
    if age_range not in AGE_RANGES:
        raise ValueError(f"age_range must be one of {', '.join(AGE_RANGES)}")


def _seed_int(*parts: str) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


# The usual country for a bare language; Faker needs a full locale.
_DEFAULT_REGION = {
    "en": "US",
    "es": "ES",
    "pt": "BR",
    "fr": "FR",
    "de": "DE",
    "it": "IT",
    "ja": "JP",
    "nl": "NL",
    "pl": "PL",
    "ru": "RU",
    "sv": "SE",
    "da": "DK",
    "fi": "FI",
    "no": "NO",
    "nb": "NO",
    "cs": "CZ",
    "el": "GR",
    "tr": "TR",
    "ko": "KR",
    "zh": "CN",
    "hi": "IN",
    "id": "ID",
    "th": "TH",
    "vi": "VN",
    "uk": "UA",
    "ro": "RO",
    "hu": "HU",
    "he": "IL",
    "ar": "SA",
    "fa": "IR",
    "bg": "BG",
    "hr": "HR",
    "sk": "SK",
    "sl": "SI",
    "lt": "LT",
    "lv": "LV",
    "et": "EE",
    "ka": "GE",
    "hy": "AM",
    "az": "AZ",
    "bn": "BD",
    "ga": "IE",
}
# Languages whose names are written family name first.
_FAMILY_NAME_FIRST = frozenset({"ja", "zh", "ko", "hu", "vi"})


def faker_locale(language: str) -> str:
    """``pt-BR`` → ``pt_BR``, ``de`` → ``de_DE``, ``es-MX`` → ``es_MX``; unknown → ``en_US``."""
    lang, region = parse_language_tag(language)
    lang = "nb" if lang == "no" else lang
    for candidate in (
        f"{lang}_{region}" if region else None,
        f"{lang}_{_DEFAULT_REGION.get(lang, '')}",
    ):
        if candidate in AVAILABLE_LOCALES:
            return candidate
    regional = sorted(loc for loc in AVAILABLE_LOCALES if loc.startswith(f"{lang}_"))
    return regional[0] if regional else "en_US"


def _has_own_nonbinary_names(fake: Faker) -> bool:
    """Whether the locale lists non-binary first names itself.

    Faker's base provider answers ``first_name_nonbinary`` for every locale by drawing from all
    first names, i.e. a random gendered name; only some locales define a real list.
    """
    provider = fake.provider("faker.providers.person")
    return any(
        "first_names_nonbinary" in vars(cls)
        for cls in type(provider).__mro__
        if cls is not BasePersonProvider
    )


def make_persona(*, seed: str, gender: str, age_range: str, language: str) -> Persona:
    """A deterministic persona whose name fits its language and gender."""
    _check(gender, age_range)
    fake = Faker(faker_locale(language))
    fake.seed_instance(_seed_int("persona", seed))
    if gender == "female":
        first = fake.first_name_female()
    elif gender == "male":
        first = fake.first_name_male()
    elif _has_own_nonbinary_names(fake):
        first = fake.first_name_nonbinary()
    else:
        # No neutral list for this locale: alternate between the two lists, by seed.
        use_female = _seed_int("nonbinary", seed) % 2 == 0
        first = fake.first_name_female() if use_female else fake.first_name_male()
    last = fake.last_name()
    lang, _ = parse_language_tag(language)
    name = f"{last} {first}" if lang in _FAMILY_NAME_FIRST else f"{first} {last}"
    return Persona(
        name=name, gender=gender, age_range=age_range, language=canonical_language_tag(language)
    )


# ---------------------------------------------------------------------------------------------
# Portrait
# ---------------------------------------------------------------------------------------------

_BACKGROUNDS = (
    "#FDE2E4",
    "#E2ECE9",
    "#DFE7FD",
    "#FFF1E6",
    "#E8E8F8",
    "#D8F3DC",
    "#FCEFB4",
    "#F1E3F3",
    "#CDEAC0",
    "#BEE1E6",
    "#FAD2E1",
    "#E9EDC9",
)
_SKIN_TONES = ("#FFDFC4", "#F0C8A0", "#E0AC69", "#C68642", "#8D5524", "#5C3A1E")
_EYE_COLOURS = ("#3B2F2F", "#5B3A29", "#2E5E4E", "#3A5F8A", "#6B7B3A", "#1F1F1F")
_SHIRT_COLOURS = (
    "#2A9D8F",
    "#E76F51",
    "#264653",
    "#F4A261",
    "#6D597A",
    "#457B9D",
    "#E63946",
    "#588157",
)
_YOUNG_HAIR = ("#1C1C1C", "#3B2314", "#5A3825", "#8B5A2B", "#D9B16A", "#A0522D", "#B5651D")
_DYED_HAIR = ("#C86FC9", "#4A90D9", "#E85D75")
_SALT_PEPPER = ("#6E6E6E", "#8A8580", "#4B4B4B")
_GREY_HAIR = ("#B8B8B8", "#D6D6D6", "#EDEDED", "#A9A9A9")

_FEMALE_STYLES = ("long", "wavy", "bob", "bun", "ponytail", "curly", "pixie")
_MALE_STYLES = ("crop", "side_part", "buzz", "curly_top", "quiff")
_NONBINARY_STYLES = ("pixie", "bob", "curly", "crop", "undercut", "quiff", "long")


def _hair_colour(rng: random.Random, age_range: str) -> str:
    if age_range in ("teen", "young_adult") and rng.random() < 0.12:
        return rng.choice(_DYED_HAIR)
    if age_range == "senior":
        return rng.choice(_GREY_HAIR)
    if age_range == "mature":
        return rng.choice(_GREY_HAIR + _SALT_PEPPER)
    if age_range == "mid_adult" and rng.random() < 0.35:
        return rng.choice(_SALT_PEPPER)
    return rng.choice(_YOUNG_HAIR)


def _hair_style(rng: random.Random, gender: str, age_range: str) -> str:
    styles = {"female": _FEMALE_STYLES, "male": _MALE_STYLES}.get(gender, _NONBINARY_STYLES)
    if gender == "male" and age_range in ("mid_adult", "mature", "senior"):
        styles = styles + ("receding", "bald")
    return rng.choice(styles)


def _hair_shapes(style: str, colour: str, cx: float, top: float, rx: float) -> tuple[str, str]:
    """SVG for hair drawn behind the face and in front of it, for one style."""
    left, right = cx - rx, cx + rx
    fill = f'fill="{colour}"'
    back = front = ""
    if style in ("long", "wavy"):
        back = (
            f'<path {fill} d="M{left - 14:.1f} {top + 40:.1f} Q{cx:.1f} {top - 40:.1f} '
            f'{right + 14:.1f} {top + 40:.1f} L{right + 18:.1f} 214 L{left - 18:.1f} 214 Z"/>'
        )
        if style == "wavy":
            back += (
                f'<path {fill} d="M{left - 18:.1f} 214 q10 12 22 0 q10 12 22 0 L{left:.1f} 200 Z"/>'
                f'<path {fill} d="M{right + 18:.1f} 214 q-10 12 -22 0 q-10 12 -22 0 '
                f'L{right:.1f} 200 Z"/>'
            )
        front = (
            f'<path {fill} d="M{left - 4:.1f} {top + 58:.1f} Q{left:.1f} {top - 6:.1f} '
            f"{cx:.1f} {top - 4:.1f} Q{right:.1f} {top - 6:.1f} {right + 4:.1f} {top + 58:.1f} "
            f"Q{cx + 10:.1f} {top + 14:.1f} {cx - 20:.1f} {top + 22:.1f} "
            f'Q{left + 10:.1f} {top + 30:.1f} {left - 4:.1f} {top + 58:.1f} Z"/>'
        )
    elif style == "bob":
        back = (
            f'<path {fill} d="M{left - 12:.1f} {top + 40:.1f} Q{cx:.1f} {top - 36:.1f} '
            f"{right + 12:.1f} {top + 40:.1f} L{right + 10:.1f} {top + 104:.1f} "
            f'L{left - 10:.1f} {top + 104:.1f} Z"/>'
        )
        front = (
            f'<path {fill} d="M{left - 6:.1f} {top + 50:.1f} Q{cx:.1f} {top - 30:.1f} '
            f"{right + 6:.1f} {top + 50:.1f} L{right - 6:.1f} {top + 30:.1f} "
            f'L{left + 6:.1f} {top + 30:.1f} Z"/>'
        )
    elif style in ("bun", "ponytail"):
        if style == "bun":
            back = f'<circle {fill} cx="{cx:.1f}" cy="{top - 14:.1f}" r="22"/>'
        else:
            back = (
                f'<path {fill} d="M{right - 6:.1f} {top + 20:.1f} Q{right + 40:.1f} '
                f"{top + 40:.1f} {right + 16:.1f} {top + 120:.1f} Q{right + 6:.1f} {top + 70:.1f} "
                f'{right - 16:.1f} {top + 36:.1f} Z"/>'
            )
        front = (
            f'<path {fill} d="M{left - 2:.1f} {top + 44:.1f} Q{cx:.1f} {top - 26:.1f} '
            f"{right + 2:.1f} {top + 44:.1f} Q{cx:.1f} {top + 10:.1f} {left - 2:.1f} "
            f'{top + 44:.1f} Z"/>'
        )
    elif style in ("curly", "curly_top"):
        count = 9 if style == "curly" else 7
        radius = 17 if style == "curly" else 13
        circles = []
        for i in range(count):
            x = left - 6 + (2 * rx + 12) * i / (count - 1)
            y = top + 8 - 14 * (1 - abs(i - (count - 1) / 2) / ((count - 1) / 2))
            circles.append(f'<circle {fill} cx="{x:.1f}" cy="{y:.1f}" r="{radius}"/>')
        if style == "curly":
            circles.append(f'<circle {fill} cx="{left - 8:.1f}" cy="{top + 50:.1f}" r="18"/>')
            circles.append(f'<circle {fill} cx="{right + 8:.1f}" cy="{top + 50:.1f}" r="18"/>')
        front = "".join(circles)
    elif style in ("pixie", "crop", "undercut", "buzz", "side_part", "quiff"):
        height = {"buzz": 6, "crop": 14, "pixie": 20, "undercut": 22, "side_part": 16, "quiff": 18}[
            style
        ]
        front = (
            f'<path {fill} d="M{left - 2:.1f} {top + 40:.1f} Q{left - 4:.1f} {top - height:.1f} '
            f"{cx:.1f} {top - height:.1f} Q{right + 4:.1f} {top - height:.1f} {right + 2:.1f} "
            f'{top + 40:.1f} Q{cx:.1f} {top + 12:.1f} {left - 2:.1f} {top + 40:.1f} Z"/>'
        )
        if style == "quiff":
            front += (
                f'<path {fill} d="M{cx - 24:.1f} {top - 10:.1f} Q{cx + 6:.1f} {top - 40:.1f} '
                f'{cx + 34:.1f} {top - 8:.1f} Z"/>'
            )
        if style == "side_part":
            front += (
                f'<path stroke="#00000033" stroke-width="2" fill="none" '
                f'd="M{cx - 14:.1f} {top - height + 4:.1f} L{cx - 20:.1f} {top + 12:.1f}"/>'
            )
    elif style == "receding":
        front = (
            f'<path {fill} d="M{left - 2:.1f} {top + 50:.1f} Q{left:.1f} {top + 6:.1f} '
            f'{left + 22:.1f} {top + 4:.1f} L{left + 16:.1f} {top + 30:.1f} Z"/>'
            f'<path {fill} d="M{right + 2:.1f} {top + 50:.1f} Q{right:.1f} {top + 6:.1f} '
            f'{right - 22:.1f} {top + 4:.1f} L{right - 16:.1f} {top + 30:.1f} Z"/>'
        )
    elif style == "bald":
        front = (
            f'<path {fill} d="M{left - 2:.1f} {top + 56:.1f} L{left + 4:.1f} {top + 70:.1f} '
            f'L{left + 2:.1f} {top + 44:.1f} Z"/>'
            f'<path {fill} d="M{right + 2:.1f} {top + 56:.1f} L{right - 4:.1f} {top + 70:.1f} '
            f'L{right - 2:.1f} {top + 44:.1f} Z"/>'
        )
    return back, front


def portrait_svg(*, seed: str, gender: str, age_range: str) -> str:
    """A deterministic illustrated portrait as a complete SVG document (256×256)."""
    _check(gender, age_range)
    rng = random.Random(_seed_int("portrait", seed, gender, age_range))
    background = rng.choice(_BACKGROUNDS)
    skin = rng.choice(_SKIN_TONES)
    eyes = rng.choice(_EYE_COLOURS)
    shirt = rng.choice(_SHIRT_COLOURS)
    hair = _hair_colour(rng, age_range)
    style = _hair_style(rng, gender, age_range)
    face_shape = rng.choice(("oval", "round", "square", "heart"))

    cx, cy = 128.0, 116.0
    rx = {"oval": 46, "round": 52, "square": 50, "heart": 49}[face_shape] + rng.uniform(-2, 2)
    ry = {"oval": 60, "round": 54, "square": 56, "heart": 58}[face_shape] + rng.uniform(-2, 2)
    if age_range == "teen":
        ry -= 3
    top = cy - ry
    back_hair, front_hair = _hair_shapes(style, hair, cx, top, rx)

    parts: list[str] = [
        f'<rect width="256" height="256" fill="{background}"/>',
        f'<circle cx="{rng.uniform(30, 226):.1f}" cy="{rng.uniform(20, 90):.1f}" '
        f'r="{rng.uniform(18, 40):.1f}" fill="#FFFFFF" fill-opacity="0.35"/>',
        back_hair,
        # Shoulders and neck.
        f'<path fill="{shirt}" d="M40 256 Q44 196 128 190 Q212 196 216 256 Z"/>',
        f'<rect x="{cx - 16:.1f}" y="{cy + ry - 14:.1f}" width="32" height="30" rx="8" '
        f'fill="{skin}"/>',
        f'<path fill="{skin}" fill-opacity="0.6" d="M{cx - 18:.1f} 196 Q{cx:.1f} 212 '
        f'{cx + 18:.1f} 196 Z"/>',
        # Ears.
        f'<ellipse cx="{cx - rx:.1f}" cy="{cy + 4:.1f}" rx="8" ry="12" fill="{skin}"/>',
        f'<ellipse cx="{cx + rx:.1f}" cy="{cy + 4:.1f}" rx="8" ry="12" fill="{skin}"/>',
    ]
    if face_shape == "square":
        parts.append(
            f'<rect x="{cx - rx:.1f}" y="{top:.1f}" width="{2 * rx:.1f}" height="{2 * ry:.1f}" '
            f'rx="{rx * 0.55:.1f}" fill="{skin}"/>'
        )
    elif face_shape == "heart":
        parts.append(
            f'<path fill="{skin}" d="M{cx - rx:.1f} {cy - 10:.1f} Q{cx - rx:.1f} {top:.1f} '
            f"{cx:.1f} {top:.1f} Q{cx + rx:.1f} {top:.1f} {cx + rx:.1f} {cy - 10:.1f} "
            f"Q{cx + rx - 4:.1f} {cy + ry * 0.7:.1f} {cx:.1f} {cy + ry:.1f} "
            f'Q{cx - rx + 4:.1f} {cy + ry * 0.7:.1f} {cx - rx:.1f} {cy - 10:.1f} Z"/>'
        )
    else:
        parts.append(
            f'<ellipse cx="{cx:.1f}" cy="{cy:.1f}" rx="{rx:.1f}" ry="{ry:.1f}" fill="{skin}"/>'
        )

    # Eyes, brows, nose, mouth.
    eye_y = cy - 4 + rng.uniform(-3, 3)
    eye_dx = 18 + rng.uniform(-2, 3)
    brow_colour = "#9E9E9E" if age_range in ("mature", "senior") else hair
    brow_tilt = rng.uniform(-3, 3)
    for side in (-1, 1):
        ex = cx + side * eye_dx
        parts.append(f'<ellipse cx="{ex:.1f}" cy="{eye_y:.1f}" rx="7" ry="5.5" fill="#FFFFFF"/>')
        parts.append(f'<circle cx="{ex:.1f}" cy="{eye_y + 0.5:.1f}" r="3.6" fill="{eyes}"/>')
        parts.append(f'<circle cx="{ex + 1:.1f}" cy="{eye_y - 0.8:.1f}" r="1" fill="#FFFFFF"/>')
        parts.append(
            f'<path stroke="{brow_colour}" stroke-width="3.5" stroke-linecap="round" fill="none" '
            f'd="M{ex - 8:.1f} {eye_y - 12 + side * brow_tilt * 0.3:.1f} '
            f'Q{ex:.1f} {eye_y - 16:.1f} {ex + 8:.1f} {eye_y - 12 - side * brow_tilt * 0.3:.1f}"/>'
        )
        if age_range in ("mature", "senior"):
            parts.append(
                f'<path stroke="#00000026" stroke-width="1.5" fill="none" '
                f'd="M{ex + side * 10:.1f} {eye_y - 2:.1f} l{side * 5:.1f} -2 '
                f'M{ex + side * 10:.1f} {eye_y + 2:.1f} l{side * 5:.1f} 2"/>'
            )
    parts.append(
        f'<path stroke="#00000030" stroke-width="2.5" stroke-linecap="round" fill="none" '
        f'd="M{cx:.1f} {eye_y + 6:.1f} Q{cx - 6:.1f} {eye_y + 20:.1f} {cx + 1:.1f} '
        f'{eye_y + 22:.1f}"/>'
    )
    # The beard goes under the mouth so the smile stays visible.
    if gender == "male" and age_range != "teen" and rng.random() < 0.4:
        beard = hair if hair not in _DYED_HAIR else "#3B2314"
        parts.append(
            f'<path fill="{beard}" fill-opacity="0.85" d="M{cx - rx + 6:.1f} {cy + 6:.1f} '
            f"Q{cx - rx + 10:.1f} {cy + ry + 8:.1f} {cx:.1f} {cy + ry + 6:.1f} "
            f"Q{cx + rx - 10:.1f} {cy + ry + 8:.1f} {cx + rx - 6:.1f} {cy + 6:.1f} "
            f'Q{cx:.1f} {cy + ry * 0.5 + 16:.1f} {cx - rx + 6:.1f} {cy + 6:.1f} Z"/>'
        )
    mouth_y = cy + ry * 0.5
    mouth = rng.choice(("smile", "grin", "soft"))
    if mouth == "grin":
        parts.append(
            f'<path fill="#8B2E3A" d="M{cx - 14:.1f} {mouth_y:.1f} Q{cx:.1f} {mouth_y + 16:.1f} '
            f'{cx + 14:.1f} {mouth_y:.1f} Z"/>'
            f'<path fill="#FFFFFF" d="M{cx - 11:.1f} {mouth_y + 1:.1f} L{cx + 11:.1f} '
            f"{mouth_y + 1:.1f} L{cx + 8:.1f} {mouth_y + 5:.1f} L{cx - 8:.1f} "
            f'{mouth_y + 5:.1f} Z"/>'
        )
    else:
        depth = 9 if mouth == "smile" else 4
        parts.append(
            f'<path stroke="#8B2E3A" stroke-width="3" stroke-linecap="round" fill="none" '
            f'd="M{cx - 12:.1f} {mouth_y:.1f} Q{cx:.1f} {mouth_y + depth:.1f} {cx + 12:.1f} '
            f'{mouth_y:.1f}"/>'
        )
    if rng.random() < 0.5:
        for side in (-1, 1):
            parts.append(
                f'<circle cx="{cx + side * 28:.1f}" cy="{mouth_y - 8:.1f}" r="7" '
                f'fill="#FF7A7A" fill-opacity="0.25"/>'
            )
    if age_range in ("mature", "senior"):
        parts.append(
            f'<path stroke="#00000020" stroke-width="1.5" fill="none" '
            f'd="M{cx - 16:.1f} {top + 24:.1f} Q{cx:.1f} {top + 20:.1f} {cx + 16:.1f} '
            f'{top + 24:.1f}"/>'
        )
    parts.append(front_hair)
    glasses_odds = {
        "teen": 0.15,
        "young_adult": 0.2,
        "adult": 0.25,
        "mid_adult": 0.35,
        "mature": 0.5,
        "senior": 0.6,
    }[age_range]
    if rng.random() < glasses_odds:
        frame = rng.choice(("#222222", "#7A4E2D", "#B03A48"))
        for side in (-1, 1):
            parts.append(
                f'<circle cx="{cx + side * eye_dx:.1f}" cy="{eye_y:.1f}" r="11" fill="none" '
                f'stroke="{frame}" stroke-width="2.5"/>'
            )
        parts.append(
            f'<path stroke="{frame}" stroke-width="2.5" fill="none" '
            f'd="M{cx - eye_dx + 11:.1f} {eye_y:.1f} L{cx + eye_dx - 11:.1f} {eye_y:.1f}"/>'
        )
    if gender == "female" and rng.random() < 0.5:
        for side in (-1, 1):
            parts.append(
                f'<circle cx="{cx + side * rx:.1f}" cy="{cy + 18:.1f}" r="3" fill="#F2C14E"/>'
            )

    title = escape(f"Portrait ({gender.replace('_', '-')}, {age_range.replace('_', ' ')})")
    body = "".join(p for p in parts if p)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" '
        'viewBox="0 0 256 256" role="img">'
        f"<title>{title}</title>{body}</svg>\n"
    )
