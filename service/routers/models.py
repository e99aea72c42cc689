"""GET /v1/model: the model card, read from the artifact's metadata, without file-system paths."""

from dataclasses import asdict
from pathlib import PurePath

from fastapi import APIRouter

from service.dependencies import ScorerDep, WorkerDep
from service.schemas import UNAUTHORIZED, ModelCard

router = APIRouter(prefix="/v1", tags=["model"])

ENVIRONMENT_KEYS = ("python", "scikit_learn", "numpy", "joblib")


def is_path(text: str) -> bool:
    return text.startswith(("/", "~", "./", "../")) or "\\" in text


def without_paths(value):
    """`value` with every string that names a file-system location left out."""
    if isinstance(value, dict):
        return {
            str(key): without_paths(item)
            for key, item in value.items()
            if not (isinstance(item, str) and is_path(item)) and not is_path(str(key))
        }
    if isinstance(value, list):
        return [
            without_paths(item) for item in value if not (isinstance(item, str) and is_path(item))
        ]
    return value


def data_sources(data_files) -> list[dict]:
    """Each data file as its corpus (the folder it sits in) and name, with its sha256.

    Accepts the shapes a training record can reasonably take: {path: sha256},
    {path: {"sha256": ...}} or [{"path": ..., "sha256": ...}].
    """
    if isinstance(data_files, dict):
        entries = list(data_files.items())
    elif isinstance(data_files, list):
        entries = [
            (e.get("path") or e.get("file") or "", e) for e in data_files if isinstance(e, dict)
        ]
    else:
        entries = []
    sources = []
    for path, record in entries:
        sha256 = record.get("sha256") if isinstance(record, dict) else record
        location = PurePath(str(path))
        sources.append(
            {
                "name": location.parent.name or location.stem,
                "file": location.name,
                "sha256": sha256 if isinstance(sha256, str) else None,
            }
        )
    return sources


def model_card(metadata: dict) -> dict:
    return {
        "model_version": metadata["model_version"],
        "trained_at": metadata.get("created_at"),
        "git_commit": metadata.get("git_commit"),
        "model_sha256": metadata.get("model_sha256"),
        "data_sources": data_sources(metadata.get("data_files")),
        "data_rows": without_paths(metadata.get("data_rows") or {}),
        "metrics": without_paths(metadata.get("metrics") or {}),
        "training_cost": without_paths(metadata.get("training_cost") or {}),
        "thresholds": metadata["thresholds"],
        "environment": {k: str(metadata[k]) for k in ENVIRONMENT_KEYS if k in metadata},
    }


@router.get("/model", response_model=ModelCard, summary="The model card", responses=UNAUTHORIZED)
def get_model(scorer: ScorerDep, worker: WorkerDep) -> dict:
    """Version, training time and cost, data sources, held-out metrics, level thresholds, and
    what each worker serves (the card is the answering worker's model)."""
    workers = [asdict(state) for state in worker.fleet.workers()]
    return model_card(scorer.scorer.metadata) | {"workers": workers}
