"""Fixtures for the API tests: the real app, lifespan running, on a tiny model in a temp folder."""

import json
import os
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from model.artifact import CURRENT, METADATA_FILE, MODEL_FILE
from service.app import create_app
from service.settings import Settings


def publish_version(artifacts_dir: Path, source: Path, version: str, **metadata_changes) -> Path:
    """A new version folder made from `source`, with `current` repointed at it as `make train` does.

    Only metadata changes, so the model file still matches its recorded sha256 unless a change
    says otherwise.
    """
    target = artifacts_dir / version
    shutil.copytree(source, target)
    metadata = json.loads((target / METADATA_FILE).read_text())
    metadata.update({"model_version": version, **metadata_changes})
    (target / METADATA_FILE).write_text(json.dumps(metadata))
    link = artifacts_dir / f".{CURRENT}-test"
    link.unlink(missing_ok=True)
    link.symlink_to(version)
    os.replace(link, artifacts_dir / CURRENT)
    return target


def corrupt(version_dir: Path) -> None:
    with open(version_dir / MODEL_FILE, "ab") as model_file:
        model_file.write(b"\0corrupted")


@pytest.fixture
def artifacts_dir(tmp_path, tiny_artifact) -> Path:
    """An artifacts folder of its own whose `current` points at a copy of the tiny model."""
    publish_version(tmp_path, tiny_artifact, "v1-tiny")
    return tmp_path


@pytest.fixture
def make_client(artifacts_dir):
    """Builds a TestClient around the real app with these settings; the lifespan runs."""
    clients = []

    def make(**settings) -> TestClient:
        settings.setdefault("model_dir", artifacts_dir / CURRENT)
        settings.setdefault("api_keys", [])
        client = TestClient(create_app(Settings(**settings)), raise_server_exceptions=False)
        clients.append(client.__enter__())
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()
