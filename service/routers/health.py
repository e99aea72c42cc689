"""Liveness (the process answers) and readiness (a model scores a probe; the database answers)."""

from fastapi import APIRouter

from feedback.database import DatabaseUnavailable
from service.dependencies import HolderDep
from service.errors import NotReady
from service.routers.feedback import StoreDep
from service.schemas import Live, Ready, error_example

router = APIRouter(prefix="/health", tags=["health"])


@router.get("/live", response_model=Live, summary="The process is up")
async def live() -> dict:
    return {"status": "live"}


@router.get(
    "/ready",
    response_model=Ready,
    summary="A model is loaded and scores a probe article, and the feedback database answers",
    responses={
        503: error_example(
            "No model is loaded, it failed to score the probe, or the feedback database "
            "is unavailable",
            "not_ready",
            "no model is loaded",
        )
    },
)
def ready(holder: HolderDep, store: StoreDep) -> dict:
    shared = holder.current
    if shared is None:
        raise NotReady("no model is loaded")
    try:
        shared.scorer.probe()
    except Exception as error:
        raise NotReady(f"the model failed to score a probe article: {error}") from error
    try:
        store.check()
    except DatabaseUnavailable as error:
        raise NotReady(f"the feedback database is unavailable: {error}") from error
    return {"status": "ready", "model_version": shared.model_version}
