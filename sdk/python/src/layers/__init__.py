"""Python SDK for the Layers Partner API.

>>> from layers import Layers
>>> layers = Layers()  # api_key from LAYERS_API_KEY
>>> for project in layers.projects.list():
...     print(project.id, project.name)
"""

from ._base_client import DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._client import AsyncLayers, Layers
from ._errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    APIValidationError,
    AuthenticationError,
    ConflictError,
    IdempotencyConflictError,
    IdempotencyInProgressError,
    InternalServerError,
    JobWaitTimeoutError,
    KillSwitchError,
    LayersError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    ServiceUnavailableError,
    ValidationError,
)
from ._pagination import AsyncPaginator, SyncPaginator
from ._types import NOT_GIVEN, NotGiven, Timeout
from ._version import __version__
from .models import (
    ApiKey,
    ApiKeyDeleted,
    ApiKeyKilled,
    ApiKeyRotated,
    BrandContext,
    Hashtag,
    HooksBank,
    Influencer,
    InfluencerDeleted,
    Job,
    JobCancelResult,
    JobError,
    KeywordBank,
    Page,
    Project,
    ProjectArchived,
    Whoami,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "APIValidationError",
    "ApiKey",
    "ApiKeyDeleted",
    "ApiKeyKilled",
    "ApiKeyRotated",
    "AsyncLayers",
    "AsyncPaginator",
    "AuthenticationError",
    "BrandContext",
    "ConflictError",
    "Hashtag",
    "HooksBank",
    "IdempotencyConflictError",
    "IdempotencyInProgressError",
    "Influencer",
    "InfluencerDeleted",
    "InternalServerError",
    "Job",
    "JobCancelResult",
    "JobError",
    "JobWaitTimeoutError",
    "KeywordBank",
    "KillSwitchError",
    "Layers",
    "LayersError",
    "NotFoundError",
    "NotGiven",
    "Page",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "Project",
    "ProjectArchived",
    "RateLimitError",
    "ServiceUnavailableError",
    "SyncPaginator",
    "Timeout",
    "ValidationError",
    "Whoami",
    "__version__",
]
