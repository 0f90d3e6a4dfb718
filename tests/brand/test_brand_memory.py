"""The brand engine's word lists fit a server process (bench/README.md: < 200 MB per process).

simplemma's default backend unpickles each language's whole dictionary into a Python dict: the
five template languages took ~360 MB between them. Its memory-frugal backend (``low_memory``)
reads the compressed stream on demand (~50 MB for the five). Measured in a fresh interpreter,
after writing a hooks bank and hashtags in every language, so the figure is what a server
that has served all five holds.
"""

from __future__ import annotations

import ast
import json
import pathlib
import subprocess
import sys

import layers_server

_MEASURE = r"""
import json, os


def rss():
    with open("/proc/self/statm") as statm:  # pages now resident (Linux)
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


from layers_server.brand.hooks import generate_hooks
from layers_server.brand.keywords import research_keywords
before = rss()
for language, description in [
    ("en", "Budget tracking for couples: shared goals, weekly check-ins, receipts in one place."),
    ("es", "Recetas rápidas para familias ocupadas: menús semanales y listas de la compra."),
    ("pt-BR", "Treinos em casa de 20 minutos, sem equipamento, com planos para iniciantes."),
    ("fr", "Des fiches de révision et des quiz pour réussir le bac, matière par matière."),
    ("de", "Kassenbuch und Belege für kleine Läden: Umsätze erfassen, Steuerberater informieren."),
]:
    generate_hooks(app_name="Probe", app_description=description, language=language, seed=1)
    research_keywords(app_name="Probe", app_description=description, language=language)
after = rss()
print(json.dumps({"grown_mb": (after - before) / 2**20}))
"""


def test_five_languages_of_word_lists_stay_small():
    answer = subprocess.run(
        [sys.executable, "-c", _MEASURE], capture_output=True, text=True, check=True, timeout=300
    )
    grown = json.loads(answer.stdout.strip().splitlines()[-1])["grown_mb"]
    assert grown < 120, f"the brand engine grew the process by {grown:.0f} MB"


def test_every_simplemma_lookup_uses_the_frugal_backend():
    source = pathlib.Path(layers_server.__file__).parent
    plain = []
    for path in sorted(source.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "simplemma"
                and not any(k.arg == "low_memory" for k in node.keywords)
            ):
                plain.append(f"{path.relative_to(source)}:{node.lineno}")
    assert plain == [], "simplemma calls without low_memory=True: " + ", ".join(plain)
