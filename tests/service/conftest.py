"""Fixtures for the API tests: the real app, lifespan running, on a tiny model in a temp folder;
and the real server process, started as `make serve` starts it (`python -m service`)."""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from feedback import DATABASE_URL_VARIABLE
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
        address = settings.pop("client_address", "127.0.0.1")  # on this machine, by default
        client = TestClient(
            create_app(Settings(**settings)),
            raise_server_exceptions=False,
            client=(address, 50000),
        )
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


# The real server process

PROJECT = Path(__file__).resolve().parents[2]
HEADLINE = "Council approves new cycle lanes"
BODY = "The council voted on Monday to approve two new cycle lanes in the city centre. " * 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def service_env(**settings) -> dict:
    # The tests' verdicts database (tests/conftest.py) stays, so no test writes to the work tree.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HYPEGAP_") or k == DATABASE_URL_VARIABLE
    }
    env.update({f"HYPEGAP_{name.upper()}": str(value) for name, value in settings.items()})
    return env


def wait_until(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = condition()
        except httpx.HTTPError:
            found = None
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds:g} s waiting for {what}")


def workers(service: "Service") -> list[dict]:
    """What each worker of the service says it serves (GET /v1/model)."""
    return httpx.get(f"{service.url}/v1/model", timeout=10).json()["workers"]


def serving(service: "Service", version: str, count: int = 2) -> list[dict]:
    """The workers, if there are `count` of them and every one serves `version`; else []."""
    found = workers(service)
    ok = len(found) == count and all(
        (w["state"], w["model_version"]) == ("serving", version) for w in found
    )
    return found if ok else []


class Service:
    def __init__(self, tmp_path: Path, **settings):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / f"service-{self.port}.log"
        env = service_env(host="127.0.0.1", port=self.port, **settings)
        with open(self.log, "w") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "service"],
                cwd=PROJECT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self) -> dict:
        def ready():
            assert self.process.poll() is None, self.log.read_text()
            response = httpx.get(f"{self.url}/health/ready", timeout=5)
            return response.json() if response.status_code == 200 else None

        return wait_until(ready, 60, "/health/ready")

    def score(self) -> dict:
        response = httpx.post(
            f"{self.url}/v1/score", json={"headline": HEADLINE, "body": BODY}, timeout=10
        )
        assert response.status_code == 200, response.text
        return response.json()

    def log_lines(self) -> list[dict]:
        return [
            json.loads(line) for line in self.log.read_text().splitlines() if line.startswith("{")
        ]

    def stop(self) -> bool:
        """SIGTERM, as a supervisor sends it; True if the server shut down gracefully."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            status = self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            raise
        # uvicorn re-raises the signal it stopped for once it has shut down.
        return status in (0, -signal.SIGTERM) and "Finished server process" in self.log.read_text()


@pytest.fixture
def start(tmp_path):
    started = []

    def start_service(**settings) -> Service:
        service = Service(tmp_path, **settings)
        started.append(service)
        return service

    yield start_service
    for service in started:
        service.stop()
