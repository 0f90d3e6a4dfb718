"""The influencer training job kind."""

from ..jobs.registry import JobKind
from .service import KIND, mark_failed, train_influencer

KINDS = (
    JobKind(
        KIND, train_influencer, cancellable_stages={"queued", "training"}, on_failure=mark_failed
    ),
)
