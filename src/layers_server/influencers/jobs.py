"""Registers the influencer training job kind."""

from ..jobs import registry
from .service import KIND, mark_failed, train_influencer

registry.register(
    KIND, train_influencer, cancellable_stages={"queued", "training"}, on_failure=mark_failed
)
