"""POST /v1/admin/reload: serve the artifact now at the model folder in every worker, if sound."""

from dataclasses import asdict
from pathlib import Path

from fastapi import APIRouter, Request

from model.artifact import ArtifactError
from service.dependencies import MODEL_VERSION_STATE, WorkerDep
from service.errors import ArtifactRefused, ReloadIncomplete
from service.fleet import ReloadOutcome
from service.schemas import UNAUTHORIZED, Reloaded, error_example

router = APIRouter(prefix="/v1/admin", tags=["admin"])


def without_server_paths(message: str, model_dir: Path) -> str:
    """`message` with the server's folders cut down to the names under the artifacts folder."""
    for folder in {model_dir.resolve().parent, model_dir.absolute().parent}:
        message = message.replace(f"{folder}/", "")
    return message


def workers_summary(outcome: ReloadOutcome) -> str:
    return ", ".join(
        f"worker {w.pid} {w.state} {w.model_version or 'no model'}" for w in outcome.workers
    )


@router.post(
    "/reload",
    response_model=Reloaded,
    summary="Load the newest artifact and serve it in every worker",
    responses={
        **UNAUTHORIZED,
        409: error_example(
            "The artifact is missing, corrupted or incompatible; the old model keeps serving",
            "artifact_refused",
            "model was built with scikit-learn 1.8.0, this environment runs 1.9.1: retrain it",
        ),
        503: error_example(
            "The artifact is sound, but not every worker serves it within the reload timeout",
            "reload_incomplete",
            "the reload to 20250301T120000Z-1a2b3c4d did not reach every worker within 60 s: "
            "worker 4711 serving 20250214T090000Z-9e8d7c6b, worker 4712 serving "
            "20250301T120000Z-1a2b3c4d; GET /v1/model lists what each worker serves",
        ),
    },
)
def reload(request: Request, worker: WorkerDep) -> dict:
    """After `make train`: loads the artifact `model_dir` points at, checks its hashes and
    scores a probe with it, swaps it in atomically, then waits until every worker serves it.
    Requests in flight finish on the old model. A bad artifact is refused (409) and the old
    model keeps serving everywhere; concurrent reloads run one at a time, and one that finds
    the artifact already served has nothing to do."""
    model_dir = worker.holder.model_dir
    try:
        outcome = worker.reload()
    except ArtifactError as error:
        current = worker.holder.current
        serving = current.model_version if current else "no model"
        message = without_server_paths(str(error), model_dir)
        raise ArtifactRefused(f"{message}; still serving {serving}") from error
    setattr(request.state, MODEL_VERSION_STATE, outcome.model_version)
    if not outcome.converged:
        raise ReloadIncomplete(
            f"the reload to {outcome.model_version} did not reach every worker within "
            f"{worker.reload_seconds:g} s: {workers_summary(outcome)}; "
            "GET /v1/model lists what each worker serves"
        )
    return asdict(outcome)
