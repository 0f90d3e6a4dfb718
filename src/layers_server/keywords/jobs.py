"""Registers the keyword research job kind."""

from ..jobs import registry
from .service import KIND, run_keyword_research

registry.register(KIND, run_keyword_research, cancellable_stages={"queued", "researching"})
