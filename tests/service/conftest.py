"""Fixtures for the API tests: the real app, lifespan running, on a tiny model in a temp folder."""

import contextlib
import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from model.artifact import CURRENT, METADATA_FILE, MODEL_FILE
from service.app import create_app
from service.settings import Settings

API_KEY = "editor-desk-key"


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


@contextlib.contextmanager
def running_service(settings: Settings):
    """The real app (lifespan included) under uvicorn in a thread; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the service did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def service_url(tiny_artifact):
    with running_service(Settings(model_dir=tiny_artifact, api_keys=[], access_log=False)) as url:
        yield url


@pytest.fixture(scope="module")
def keyed_service_url(tiny_artifact):
    settings = Settings(model_dir=tiny_artifact, api_keys=[API_KEY], access_log=False)
    with running_service(settings) as url:
        yield url
