"""A model artifact is a folder: `model.joblib` plus `metadata.json`, written atomically.

Loading unpickles code, so only load artifacts this project wrote (never one from an untrusted
place). Before unpickling, the file's sha256 must match the metadata and the artifact must have
been built with the running scikit-learn version: anything else is refused, not guessed at.
"""

import hashlib
import json
import os
import platform
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import joblib
import numpy as np
import sklearn

from model.pipeline import OverstatementModel

MODEL_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
CURRENT = "current"
KEEP_VERSIONS = 3
STALE_STAGING_SECONDS = 3600


class ArtifactError(Exception):
    """The artifact is missing, corrupted or was built by an incompatible environment."""


def sha256_of(path: Path) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` under a temporary name in the same folder, flushed to disk, then
    renamed over it: a reader (or a crash) sees the old file or the new one, never half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False, encoding="utf-8"
    ) as file:
        try:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        except BaseException:
            file.close()
            os.unlink(file.name)
            raise
    os.replace(file.name, path)


def save_artifact(pipeline: OverstatementModel, metadata: dict, artifacts_dir: Path) -> Path:
    """Write a new version folder under `artifacts_dir` and point `current` at it.

    The folder is built under a temporary name and renamed into place, and `current` is a
    symlink replaced in one rename, so a reader sees the old model or the new one, never half.
    """
    artifacts_dir = Path(artifacts_dir)
    artifacts_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=artifacts_dir))
    try:
        joblib.dump(pipeline, staging / MODEL_FILE)
        model_sha256 = sha256_of(staging / MODEL_FILE)
        created = datetime.now(UTC)
        version = f"{created:%Y%m%dT%H%M%SZ}-{model_sha256[:8]}"
        full_metadata = {
            "model_version": version,
            "created_at": created.isoformat(timespec="seconds"),
            "model_sha256": model_sha256,
            "python": platform.python_version(),
            "scikit_learn": sklearn.__version__,
            "numpy": np.__version__,
            "joblib": joblib.__version__,
            **metadata,
        }
        _write_json(staging / METADATA_FILE, full_metadata)
        final = artifacts_dir / version
        if final.exists():  # the same model saved again within a second: keep the one on disk
            shutil.rmtree(staging)
        else:
            os.rename(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _point_current_at(artifacts_dir, final)
    _prune_old_versions(artifacts_dir, keep=final)
    return final


def load_artifact(directory: Path) -> tuple[OverstatementModel, dict]:
    """The verified pipeline and metadata, or ArtifactError saying what is wrong."""
    directory = Path(directory)
    model_path, metadata_path = directory / MODEL_FILE, directory / METADATA_FILE
    for path in (model_path, metadata_path):
        if not path.is_file():
            raise ArtifactError(
                f"no model artifact: {path.absolute()} is missing (run `make train`)"
            )
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ArtifactError(f"{metadata_path} is not valid JSON: {error}") from error
    if not isinstance(metadata, dict) or "model_sha256" not in metadata:
        raise ArtifactError(f"{metadata_path} has no model_sha256 record")
    built_with = metadata.get("scikit_learn")
    if built_with != sklearn.__version__:
        raise ArtifactError(
            f"model was built with scikit-learn {built_with}, this environment runs "
            f"{sklearn.__version__}: retrain it with `make train`"
        )
    if sha256_of(model_path) != metadata["model_sha256"]:
        raise ArtifactError(
            f"{model_path} does not match its recorded sha256: the file is corrupted"
        )
    pipeline = joblib.load(model_path)
    if not isinstance(pipeline, OverstatementModel):
        raise ArtifactError(
            f"{model_path} holds a {type(pipeline).__name__}, not an OverstatementModel"
        )
    return pipeline, metadata


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _point_current_at(artifacts_dir: Path, target: Path) -> None:
    link = artifacts_dir / f".{CURRENT}-{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(target.name)
    os.replace(link, artifacts_dir / CURRENT)


def _prune_old_versions(artifacts_dir: Path, keep: Path) -> None:
    versions = sorted(
        (
            p
            for p in artifacts_dir.iterdir()
            if p.is_dir()
            and not p.is_symlink()
            and not p.name.startswith(".")
            and (p / METADATA_FILE).exists()
        ),
        key=lambda p: p.name,
    )
    for old in versions[:-KEEP_VERSIONS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
    # Left by a save that was killed part way; a save still running touches its folder within
    # seconds, so an hour without change means no one will finish it.
    stale_before = time.time() - STALE_STAGING_SECONDS
    for staging in artifacts_dir.glob(".staging-*"):
        if staging.is_dir() and staging.stat().st_mtime < stale_before:
            shutil.rmtree(staging, ignore_errors=True)
