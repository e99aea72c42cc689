"""The FastAPI app: a thin factory that wires settings, the model, errors, routers, middleware."""

import asyncio
import logging
import os
import signal
import tempfile
import threading
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import anyio
from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from feedback.store import VerdictStore
from model.artifact import ArtifactError
from service import errors
from service.access import AccessControl
from service.budget import CpuBudget
from service.dependencies import bearer
from service.fleet import POLL_SECONDS, WORKERS_DIR_VARIABLE, Fleet, Worker
from service.observability import Metrics, ObservedRequests, RequestSizeLimit
from service.routers import admin, feedback, health, metrics, models, pages, scoring
from service.schemas import feedback_request, request_models
from service.serving import ModelHolder, collect_garbage_less_often, limit_malloc_arenas
from service.settings import Settings

logger = logging.getLogger("hypegap.model")

DESCRIPTION = """\
Scores, from 0 to 1, how far a news headline overstates what its article body supports, with
its level (faithful, stretched, overstated) and the reasons why.

Errors always have the shape `{"error": {"code", "message", "field"?}}`. When the service has
API keys, every `/v1` request needs `Authorization: Bearer <key>`.
"""


@asynccontextmanager
async def lifespan(app: FastAPI):
    """Load the model the service serves and ready the verdicts' database once, before the
    first request; follow and run reloads."""
    worker: Worker = app.state.worker
    try:
        await anyio.to_thread.run_sync(worker.start)
        await anyio.to_thread.run_sync(feedback.prepare, app.state.verdicts)
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(follow_reloads, worker)
            with reload_on_sighup(worker):
                yield
            tasks.cancel_scope.cancel()
    finally:
        worker.fleet.leave()


async def follow_reloads(worker: Worker) -> None:
    """Load what the service serves whenever another worker's reload has made it newer; give
    back the memory of the model a reload replaced once its last request is done."""
    while True:
        await anyio.sleep(POLL_SECONDS)
        try:
            await anyio.to_thread.run_sync(worker.follow)
        except Exception:
            logger.exception("could not follow the served model")
        await anyio.to_thread.run_sync(worker.holder.release_retired)


@contextmanager
def reload_on_sighup(worker: Worker):
    """SIGHUP reloads the model, off the event loop, as the endpoint does.

    With several workers, `python -m service` passes a SIGHUP it receives to one worker, whose
    reload reaches the others. Signal handlers can only be set from the main thread; a test
    client runs the app in another thread, where there is no SIGHUP handling.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    loop = asyncio.get_running_loop()
    reloads: set[asyncio.Task] = set()

    async def reload_off_loop() -> None:
        try:
            outcome = await anyio.to_thread.run_sync(worker.reload)
        except ArtifactError:
            return  # the worker logged it; the old model keeps serving
        logger.info(
            "reloaded on SIGHUP: %s (%s)",
            outcome.model_version,
            "every worker serves it" if outcome.converged else "not every worker serves it",
        )

    def start_reload() -> None:
        task = loop.create_task(reload_off_loop())
        reloads.add(task)  # the loop keeps only a weak reference to its tasks
        task.add_done_callback(reloads.discard)

    loop.add_signal_handler(signal.SIGHUP, start_reload)
    try:
        yield
    finally:
        loop.remove_signal_handler(signal.SIGHUP)


def create_app(settings: Settings | None = None) -> FastAPI:
    limit_malloc_arenas()  # before the app's threads allocate
    collect_garbage_less_often()
    settings = settings or Settings()
    app = FastAPI(
        title="hypegap",
        version="1",
        summary="How far does a headline overstate its article?",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served by the pages router from local files
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.holder = ModelHolder(settings.model_dir, settings.combine_requests)
    app.state.metrics = Metrics()
    shared_dir = os.environ.get(WORKERS_DIR_VARIABLE)
    # An app on its own (one test client, one worker without `python -m service`) has its own,
    # removed with the app.
    app.state.own_workers_dir = (
        None if shared_dir else tempfile.TemporaryDirectory(prefix="hypegap-workers-")
    )
    fleet = Fleet(Path(shared_dir or app.state.own_workers_dir.name))
    app.state.worker = Worker(
        fleet, app.state.holder, app.state.metrics, settings.reload_timeout_seconds
    )
    app.state.verdicts = VerdictStore(settings.database_url)
    app.state.budget = CpuBudget(settings.request_cpu_seconds)
    errors.install(app)

    # Routers carry their full prefix, so each route knows its whole path (the metrics label).
    # Keys are checked by AccessControl, before the body is read; the dependency only declares
    # them in the schema. Without keys, the schema declares no security.
    needs_key = [Depends(bearer)] if settings.api_keys else []
    app.include_router(scoring.build_router(request_models(settings)), dependencies=needs_key)
    app.include_router(feedback.build_router(feedback_request(settings)), dependencies=needs_key)
    app.include_router(models.router, dependencies=needs_key)
    app.include_router(admin.router, dependencies=needs_key)
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR, check_dir=False), name="static")
    app.mount("/docs-assets", StaticFiles(directory=pages.DOCS_ASSETS_DIR), name="docs-assets")

    # The last added runs first: count and log every request, including refused ones; check
    # who calls from the headers; only then read the body.
    app.add_middleware(
        RequestSizeLimit,
        max_bytes=settings.max_request_bytes,
        body_seconds=settings.body_timeout_seconds,
    )
    app.add_middleware(
        AccessControl,
        api_keys=[key.get_secret_value() for key in settings.api_keys],
        rate_limit=settings.rate_limit,
        rate_burst=settings.rate_burst,
        metrics=app.state.metrics,
    )
    app.add_middleware(
        ObservedRequests,
        metrics=app.state.metrics,
        holder=app.state.holder,
        access_log=settings.access_log,
    )
    return app
