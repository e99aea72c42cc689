"""POST /v1/admin/reload: serve the artifact now at the model folder, if it proves sound."""

import multiprocessing
import os
import signal

from fastapi import APIRouter, Request

from model.artifact import ArtifactError
from service.dependencies import MODEL_VERSION_STATE, HolderDep
from service.errors import ArtifactRefused
from service.schemas import UNAUTHORIZED, Reloaded, error_example
from service.serving import reload_model

router = APIRouter(prefix="/v1/admin", tags=["admin"])


def replace_sibling_workers() -> bool:
    """Under uvicorn's supervisor (several workers), ask it to replace every worker.

    The supervisor answers SIGHUP by starting a fresh worker, which loads the artifact in its
    lifespan, and retiring an old one only once the new one is ready, one at a time: the other
    workers reach the new model without a moment of downtime.
    """
    supervisor = multiprocessing.parent_process()
    if supervisor is None or supervisor.pid is None:
        return False
    os.kill(supervisor.pid, signal.SIGHUP)
    return True


@router.post(
    "/reload",
    response_model=Reloaded,
    summary="Load the newest artifact and swap it in",
    responses={
        **UNAUTHORIZED,
        409: error_example(
            "The artifact is missing, corrupted or incompatible; the old model keeps serving",
            "artifact_refused",
            "model was built with scikit-learn 1.8.0, this environment runs 1.9.1: retrain it",
        ),
    },
)
def reload(request: Request, holder: HolderDep) -> dict:
    """After `make train`: loads the artifact `model_dir` points at, checks its hashes and
    scores a probe with it, then swaps it in atomically. Requests in flight finish on the old
    model. A bad artifact is refused (409) and the old model keeps serving."""
    try:
        previous, version = reload_model(holder, request.app.state.metrics)
    except ArtifactError as error:
        serving = holder.current.model_version if holder.current else "no model"
        raise ArtifactRefused(f"{error}; still serving {serving}") from error
    setattr(request.state, MODEL_VERSION_STATE, version)
    if replace_sibling_workers():
        workers = "this worker serves the new model; the others are being replaced one at a time"
    else:
        workers = "the only worker serves the new model"
    return {"model_version": version, "previous_version": previous, "workers": workers}
