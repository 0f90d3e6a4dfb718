"""The application factory: routers, middleware, error handlers — nothing else."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from .content.routes import router as content_router
from .github.routes import ingest_router as github_ingest_router
from .github.routes import router as github_router
from .influencers.routes import router as influencers_router
from .ingest.routes import router as ingest_router
from .jobs.routes import router as jobs_router
from .keys.routes import router as keys_router
from .keywords.routes import router as keywords_router
from .kit.handlers import install_error_handlers
from .kit.jsonresp import OrjsonResponse
from .kit.middleware import RequestContextMiddleware
from .kit.openapi import API_DESCRIPTION, TAGS, install_openapi, operation_id
from .ops.metrics import observe_request
from .ops.routes import router as ops_router
from .projects.routes import router as projects_router
from .services import Services
from .settings import Settings, get_settings
from .webhooks.routes import router as webhooks_router


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.services = services or Services.build(settings)
        await app.state.services.start()
        try:
            yield
        finally:
            await app.state.services.close()

    # /docs (Swagger UI) and /redoc load every script, stylesheet and image from this server
    # (the package bundles them), so they work offline; no online validator badge either.
    app = FastAPIOffline(
        title="Layers Partner API",
        version="1.0.0",
        description=API_DESCRIPTION,
        openapi_tags=TAGS,
        static_url="/docs/assets",
        swagger_ui_parameters={"validatorUrl": None},
        default_response_class=OrjsonResponse,
        generate_unique_id_function=operation_id,
        lifespan=lifespan,
    )
    app.add_middleware(RequestContextMiddleware, on_request=observe_request)
    install_error_handlers(app)
    install_openapi(app)
    app.include_router(ops_router)
    app.include_router(projects_router)
    app.include_router(keys_router)
    app.include_router(jobs_router)
    app.include_router(ingest_router)
    app.include_router(keywords_router)
    app.include_router(influencers_router)
    app.include_router(content_router)
    app.include_router(github_router)
    app.include_router(github_ingest_router)
    app.include_router(webhooks_router)
    return app
