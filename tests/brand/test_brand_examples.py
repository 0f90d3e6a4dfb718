"""docs/brand-examples.md is the real output of `python -m layers_server.brand.examples`."""

from pathlib import Path

from layers_server.brand.examples import EXAMPLES, render

DOC = Path(__file__).resolve().parents[2] / "docs" / "brand-examples.md"


def test_examples_doc_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == render(), (
        "regenerate with: .venv/bin/python -m layers_server.brand.examples > docs/brand-examples.md"
    )


def test_examples_cover_three_apps_in_different_languages_and_voices():
    assert len(EXAMPLES) == 3
    assert len({e.language for e in EXAMPLES}) == 3
    assert len({e.brand_voice for e in EXAMPLES}) == 3
