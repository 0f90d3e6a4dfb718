"""brandContext merging and the rules by which ingestion fills a project's empty fields."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from layers_server.projects.brand_context import (
    BRAND_FIELDS,
    brand_context_json,
    fields_to_fill,
    fit_to_length,
    merged_brand_context,
)


def test_a_source_never_erases_what_another_found():
    website = {"appName": "Stride", "tagline": "Run more", "keywords": ["running"], "pages": [1]}
    first = merged_brand_context(None, "website", website, job_id="job_A", completed_at="t1")
    assert list(first) == [*BRAND_FIELDS, "sources", "updatedAt"]
    store = {"appName": "Stride: Running Coach", "tagline": None, "keywords": []}
    second = merged_brand_context(first, "appstore", store, job_id="job_B", completed_at="t2")
    assert second["appName"] == "Stride: Running Coach"  # the newest source that knows it
    assert (second["tagline"], second["keywords"]) == ("Run more", ["running"])
    assert second["sources"]["website"] == {"jobId": "job_A", "completedAt": "t1", **website}
    assert second["sources"]["appstore"]["jobId"] == "job_B"
    assert second["updatedAt"] == "t2"


def test_the_reader_answers_every_field():
    assert brand_context_json(None) is None
    shown = brand_context_json({"appName": "Old"})
    assert list(shown) == [*BRAND_FIELDS, "sources", "updatedAt"]
    assert shown["keywords"] == [] and shown["icp"] is None and shown["sources"] == {}


@pytest.mark.parametrize(
    ("value", "length", "sentences", "expected"),
    [
        ("  Stride  ", (3, 30), False, "Stride"),
        ("Go", (3, 30), False, None),  # too short for the rule: not written
        ("Stride: Running Coach for Busy People", (3, 30), False, "Stride: Running Coach for Busy"),
        ("Supercalifragilisticexpialidocious!!", (3, 30), False, "Supercalifragilisticexpialidoc"),
        ("Run more, worry less —  every week of the year", (1, 22), False, "Run more, worry less"),
        (None, (3, 30), False, None),
        (42, (3, 30), False, None),
    ],
)  # fmt: skip
def test_fit_to_length(value, length, sentences, expected):
    assert fit_to_length(value, length, prefer_sentences=sentences) == expected


def test_a_long_description_is_cut_at_its_last_whole_sentence():
    sentence = "Stride plans your runs around your week. "
    text = sentence * 30  # 1,230 characters
    fitted = fit_to_length(text, (100, 1000), prefer_sentences=True)
    assert fitted is not None and len(fitted) <= 1000 and fitted.endswith("week.")
    assert (
        fit_to_length("Too short to describe an app.", (100, 1000), prefer_sentences=True) is None
    )


def test_only_empty_fields_are_filled():
    findings = {
        "appName": "Stride",
        "appDescription": "A" * 20 + " " + "b" * 100,
        "tagline": "Run more",
        "audience": "runners",  # not a project field
    }
    empty = SimpleNamespace(app_name=None, app_description=None, tagline=None)
    assert fields_to_fill(empty, findings) == {
        "app_name": "Stride",
        "app_description": findings["appDescription"],
        "tagline": "Run more",
    }
    partner = SimpleNamespace(app_name="Mine", app_description=None, tagline="")
    # An empty string is a value the partner cannot set (it is trimmed and refused), but a
    # stored one is still not null: only null is empty.
    assert fields_to_fill(partner, findings) == {"app_description": findings["appDescription"]}
