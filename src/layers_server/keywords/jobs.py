"""The keyword research job kind."""

from ..jobs.registry import JobKind
from .service import KIND, run_keyword_research

KINDS = (JobKind(KIND, run_keyword_research, cancellable_stages={"queued", "researching"}),)
