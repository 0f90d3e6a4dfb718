"""Offline brand intelligence: hook banks, hashtag research and influencer personas.

Pure Python with no database, network or server: the API layer calls these functions (or the
``*_with_fallback`` variants in :mod:`layers_server.brand.llm` when an LLM is configured).
"""

from layers_server.brand.hooks import generate_hooks
from layers_server.brand.keywords import Keyword, research_keywords
from layers_server.brand.llm import (
    LLMClient,
    LLMError,
    generate_hooks_with_fallback,
    research_keywords_with_fallback,
)
from layers_server.brand.personas import Persona, make_persona, portrait_svg

__all__ = [
    "Keyword",
    "LLMClient",
    "LLMError",
    "Persona",
    "generate_hooks",
    "generate_hooks_with_fallback",
    "make_persona",
    "portrait_svg",
    "research_keywords",
    "research_keywords_with_fallback",
]
