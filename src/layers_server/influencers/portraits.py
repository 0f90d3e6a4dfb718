"""An influencer's portrait and its thumbnail, drawn once when training finishes and stored.

The portrait is the persona's SVG illustration; the thumbnail is a real raster rendition of
it (a 96×96 PNG, drawn by resvg), the size a list of personas shows. Both are stored, not
redrawn on each request, so later edits to the persona's labels (a PATCH of ``ageRange``,
even to ``null``) never change the face a partner has already shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import resvg_py

from ..brand.personas import portrait_svg

THUMBNAIL_SIZE = 96
# The age a portrait is drawn at when the persona has none (a PATCH cleared it before
# training finished): the create default.
DEFAULT_AGE_RANGE = "young_adult"


@dataclass(frozen=True, slots=True)
class Portrait:
    svg: str
    thumbnail_png: bytes


def draw_portrait(*, seed: str, gender: str, age_range: str | None) -> Portrait:
    svg = portrait_svg(seed=seed, gender=gender, age_range=age_range or DEFAULT_AGE_RANGE)
    return Portrait(svg=svg, thumbnail_png=thumbnail_png(svg))


def thumbnail_png(svg: str, size: int = THUMBNAIL_SIZE) -> bytes:
    # The portraits carry no text, so no system fonts need loading.
    return bytes(
        resvg_py.svg_to_bytes(svg_string=svg, width=size, height=size, skip_system_fonts=True)
    )
