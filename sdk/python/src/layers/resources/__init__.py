"""The API's resources; reach them through a client (``layers.projects``), not directly."""

from .api_keys import ApiKeys
from .github import GitHub
from .hooks import Hooks
from .influencers import Influencers
from .ingest import Ingest
from .jobs import Jobs
from .keywords import Keywords
from .projects import Projects
from .webhooks import Webhooks

__all__ = [
    "ApiKeys",
    "GitHub",
    "Hooks",
    "Influencers",
    "Ingest",
    "Jobs",
    "Keywords",
    "Projects",
    "Webhooks",
]
