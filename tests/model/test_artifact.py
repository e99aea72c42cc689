"""Artifacts: written atomically, verified on load, refused when corrupted or mismatched."""

import copy
import json
import os
import shutil
import time

import pytest
import sklearn

from model.artifact import (
    CURRENT,
    METADATA_FILE,
    MODEL_FILE,
    ArtifactError,
    load_artifact,
    write_atomically,
)
from model.features import RELATION, FeatureSet
from model.scorer import Scorer
from tests.conftest import train_tiny_artifact


@pytest.fixture
def artifact_copy(tiny_artifact, tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(tiny_artifact, copy)
    return copy


def test_round_trip_keeps_the_model_and_its_record(tiny_artifact, tiny_scorer, stories):
    pipeline, metadata = load_artifact(tiny_artifact)
    assert metadata["model_version"] == tiny_artifact.name
    assert metadata["scikit_learn"] == sklearn.__version__
    assert {"created_at", "model_sha256", "python", "numpy", "thresholds"} <= metadata.keys()
    story = stories[0]
    reloaded = Scorer(pipeline, metadata).score(story["overstated"], story["body"])
    assert reloaded == tiny_scorer.score(story["overstated"], story["body"])


def test_save_points_current_at_the_new_version_and_keeps_a_few(tmp_path):
    older = ["20240101T000000Z-aaaa", "20240102T000000Z-bbbb", "20240103T000000Z-cccc"]
    for name in older:
        (tmp_path / name).mkdir()
        (tmp_path / name / METADATA_FILE).write_text("{}")
    new = train_tiny_artifact(tmp_path)
    assert (tmp_path / CURRENT).resolve() == new.resolve()
    kept = sorted(p.name for p in tmp_path.iterdir() if p.is_dir() and not p.is_symlink())
    assert kept == [*older[1:], new.name]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_corrupted_model_file_is_refused(artifact_copy):
    with open(artifact_copy / MODEL_FILE, "r+b") as file:
        file.seek(100)
        file.write(b"\x00corrupt")
    with pytest.raises(ArtifactError, match="does not match its recorded sha256"):
        load_artifact(artifact_copy)


def test_model_from_another_scikit_learn_is_refused(artifact_copy):
    metadata = json.loads((artifact_copy / METADATA_FILE).read_text())
    metadata["scikit_learn"] = "0.24.2"
    (artifact_copy / METADATA_FILE).write_text(json.dumps(metadata))
    with pytest.raises(ArtifactError, match="built with scikit-learn 0.24.2"):
        load_artifact(artifact_copy)


def test_missing_or_unreadable_artifact_says_what_is_wrong(artifact_copy, tmp_path):
    with pytest.raises(ArtifactError, match="is missing .*make train"):
        load_artifact(tmp_path / "nowhere")
    (artifact_copy / METADATA_FILE).write_text("{not json")
    with pytest.raises(ArtifactError, match="not valid JSON"):
        load_artifact(artifact_copy)


def test_scorer_refuses_metadata_without_thresholds(artifact_copy):
    pipeline, metadata = load_artifact(artifact_copy)
    with pytest.raises(ArtifactError, match="thresholds"):
        Scorer(pipeline, {**metadata, "thresholds": {"stretched": 0.9, "overstated": 0.2}})


def test_a_staging_folder_left_by_a_killed_save_is_pruned_by_the_next_save(tmp_path):
    left = tmp_path / ".staging-killed"
    left.mkdir()
    (left / MODEL_FILE).write_bytes(b"half a model")
    hours_ago = time.time() - 2 * 3600
    os.utime(left, (hours_ago, hours_ago))
    running = tmp_path / ".staging-running"  # another save, still writing
    running.mkdir()
    train_tiny_artifact(tmp_path)
    assert not left.exists()
    assert running.exists()


def test_a_file_is_written_whole_or_not_at_all(tmp_path):
    path = tmp_path / "reports" / "metrics.json"
    write_atomically(path, "first\n")
    assert path.read_text(encoding="utf-8") == "first\n"

    with pytest.raises(TypeError):
        write_atomically(path, b"not text")  # fails while writing: the old file stays
    assert path.read_text(encoding="utf-8") == "first\n"
    assert [p.name for p in path.parent.iterdir()] == ["metrics.json"]

    write_atomically(path, "second ✓\n")
    assert path.read_text(encoding="utf-8") == "second ✓\n"
    assert [p.name for p in path.parent.iterdir()] == ["metrics.json"]  # no temporary left


def test_a_model_fitted_on_other_relation_features_is_refused_with_what_to_do(tiny_artifact):
    # As a model saved before a feature was added looks to the code that adds it.
    pipeline, metadata = load_artifact(tiny_artifact)
    pipeline = copy.deepcopy(pipeline)
    relation = pipeline.with_body.named_steps["features"].named_transformers_["relation"]
    fewer = FeatureSet(RELATION.features[:-1])
    relation.named_steps["relation"].feature_set = fewer

    fitted = len(RELATION.names)
    with pytest.raises(ArtifactError, match=rf"fitted on {fitted} .* {fitted - 1}: retrain it"):
        Scorer(pipeline, metadata)
