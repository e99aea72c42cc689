"""The real server process, started as `make serve` starts it (`python -m service`)."""

import os
import signal
import subprocess
import sys

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.service.conftest import (
    HEADLINE,
    PROJECT,
    corrupt,
    publish_version,
    service_env,
    wait_until,
)


def test_the_server_starts_scores_over_http_reloads_on_sighup_and_stops(
    start, artifacts_dir, tiny_artifact
):
    service = start(model_dir=artifacts_dir / "current", workers=1)
    assert service.wait_ready() == {"status": "ready", "model_version": "v1-tiny"}
    result = service.score()
    assert result["model_version"] == "v1-tiny" and 0 <= result["score"] <= 1

    # The access line is written once the response is sent, so it may come just after it.
    access = wait_until(
        lambda: [line for line in service.log_lines() if line.get("path") == "/v1/score"],
        10,
        "the access log line",
    )
    assert len(access) == 1
    assert (access[0]["method"], access[0]["status"], access[0]["model_version"]) == (
        "POST", 200, "v1-tiny",
    )  # fmt: skip
    assert HEADLINE not in service.log.read_text()

    publish_version(artifacts_dir, tiny_artifact, "v2-retrained")
    os.kill(service.process.pid, signal.SIGHUP)
    wait_until(lambda: service.score()["model_version"] == "v2-retrained", 30, "the reload")

    corrupt(publish_version(artifacts_dir, tiny_artifact, "v3-corrupted"))
    os.kill(service.process.pid, signal.SIGHUP)
    wait_until(lambda: "reload refused" in service.log.read_text(), 30, "the refusal")
    assert service.score()["model_version"] == "v2-retrained"

    assert service.stop()


def test_several_workers_share_metrics_and_all_reach_a_reloaded_model(
    start, artifacts_dir, tiny_artifact
):
    service = start(model_dir=artifacts_dir / "current", workers=2)
    service.wait_ready()
    with httpx.Client(base_url=service.url, timeout=10) as http:
        for _ in range(6):
            # A new connection each time, so both workers get requests.
            assert (
                http.post(
                    "/v1/score", json={"headline": HEADLINE}, headers={"Connection": "close"}
                ).status_code
                == 200
            )

        def scores_counted() -> float:
            return sum(
                sample.value
                for family in text_string_to_metric_families(http.get("/metrics").text)
                for sample in family.samples
                if sample.name == "hypegap_requests_total"
                and sample.labels["endpoint"] == "/v1/score"
            )

        # Whichever worker answers /metrics counts both workers' requests; a request is counted
        # once its response is sent, so the last one may take a moment.
        wait_until(lambda: scores_counted() == 6, 10, "six requests counted")
        assert scores_counted() == 6

        publish_version(artifacts_dir, tiny_artifact, "v2-retrained")
        reloaded = http.post("/v1/admin/reload")
        assert reloaded.status_code == 200 and reloaded.json()["model_version"] == "v2-retrained"

        def every_worker_serves_v2():
            versions = {
                http.post(
                    "/v1/score", json={"headline": HEADLINE}, headers={"Connection": "close"}
                ).json()["model_version"]
                for _ in range(8)
            }
            return versions == {"v2-retrained"}

        wait_until(every_worker_serves_v2, 60, "every worker to serve the new model")
    assert service.stop()


@pytest.mark.parametrize(
    ("settings", "says", "status"),
    [
        ({"model_dir": "/nonexistent/artifacts/current"}, "run `make train`", 3),
        ({"port": "not-a-port"}, "HYPEGAP_PORT", 2),
    ],
    ids=["missing-artifact", "invalid-setting"],
)
@pytest.mark.parametrize("check", [False, True], ids=["serve", "check"])
def test_the_server_refuses_to_start_with_one_clear_line(settings, says, status, check):
    done = subprocess.run(
        [sys.executable, "-m", "service", *(["--check"] if check else [])],
        cwd=PROJECT,
        env=service_env(**settings),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == status  # 3: `make serve` trains a model, then serves
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and lines[0].startswith("hypegap: ")


def test_a_corrupted_artifact_is_refused_at_start(artifacts_dir):
    corrupt(artifacts_dir / "v1-tiny")
    done = subprocess.run(
        [sys.executable, "-m", "service"],
        cwd=PROJECT,
        env=service_env(model_dir=artifacts_dir / "current"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3
    assert "Traceback" not in done.stderr and "sha256" in done.stderr


def test_check_says_a_servable_artifact_would_serve_and_serves_nothing(artifacts_dir):
    done = subprocess.run(
        [sys.executable, "-m", "service", "--check"],
        cwd=PROJECT,
        env=service_env(model_dir=artifacts_dir / "current"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
