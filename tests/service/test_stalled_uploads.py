"""Clients that trickle a body cannot hold the real server: not its shutdown, not a worker."""

import os
import signal
import socket
import time

import httpx
import pytest

from tests.service.conftest import publish_version, serving, wait_until, workers
from tests.service.test_observability import samples, value

NINE_MIB = 9 * 1024 * 1024


def stalled_upload(port: int, headers: str = "") -> socket.socket:
    """A client that announces a 9 MiB body, sends 1 KiB of it and then nothing."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(
        (
            "POST /v1/score HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            f"Content-Length: {NINE_MIB}\r\n{headers}\r\n"
        ).encode()
        + b'{"headline": "' + b"x" * 1024
    )  # fmt: skip
    return sock


def answer_of(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("workers", [1, 2])
def test_sigterm_with_stalled_uploads_exits_within_the_shutdown_bound(
    start, artifacts_dir, workers
):
    service = start(
        model_dir=artifacts_dir / "current",
        workers=workers,
        shutdown_seconds=2,
        body_timeout_seconds=120,  # longer than the test: only the shutdown bound can end it
        access_log="false",
    )
    service.wait_ready()
    uploads = [stalled_upload(service.port) for _ in range(20)]
    try:
        time.sleep(1)
        started = time.monotonic()
        service.process.send_signal(signal.SIGTERM)
        service.process.wait(timeout=30)
        took = time.monotonic() - started
    finally:
        for upload in uploads:
            upload.close()
    # One worker stops at the 2 s bound; with several, the supervisor kills those still running
    # 5 s past it; the margin is for a busy machine. Before, the service waited for the uploads
    # for as long as they stalled.
    assert took < 2 + 5 + 5, f"SIGTERM took {took:.1f} s:\n{service.log.read_text()[-3000:]}"


def test_a_stalled_upload_gets_408_when_its_time_is_up(start, artifacts_dir):
    service = start(
        model_dir=artifacts_dir / "current", workers=1, body_timeout_seconds=1, access_log="false"
    )
    service.wait_ready()
    upload = stalled_upload(service.port)
    started = time.monotonic()
    answer = answer_of(upload)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b'"body_timeout"' in answer
    assert time.monotonic() - started < 10
    assert service.score()["model_version"] == "v1-tiny"


def test_with_keys_an_upload_without_one_is_refused_before_its_body(start, artifacts_dir):
    service = start(
        model_dir=artifacts_dir / "current",
        workers=1,
        api_keys="desk",
        body_timeout_seconds=120,
        access_log="false",
    )
    service.wait_ready()
    upload = stalled_upload(service.port)
    upload.settimeout(10)
    answer = wait_until(lambda: upload.recv(65536), 10, "the 401")
    assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
    upload.close()


def test_stalled_uploads_hold_up_neither_a_sighup_reload_nor_a_respawn(
    start, artifacts_dir, tiny_artifact
):
    # uvicorn's SIGHUP replaced every worker, each waiting for its uploads first.
    service = start(
        model_dir=artifacts_dir / "current",
        workers=2,
        body_timeout_seconds=120,  # longer than the test
        access_log="false",
    )
    service.wait_ready()
    wait_until(lambda: serving(service, "v1-tiny"), 30, "both workers to serve v1-tiny")
    uploads = [stalled_upload(service.port) for _ in range(20)]
    try:
        publish_version(artifacts_dir, tiny_artifact, "v2-retrained")
        os.kill(service.process.pid, signal.SIGHUP)
        wait_until(lambda: serving(service, "v2-retrained"), 30, "every worker to serve v2")
        killed = workers(service)[0]["pid"]
        os.kill(killed, signal.SIGKILL)

        def respawned():
            found = serving(service, "v2-retrained")
            return found if found and killed not in {w["pid"] for w in found} else None

        wait_until(respawned, 30, "a respawned worker serving v2")
    finally:
        for upload in uploads:
            upload.close()


def test_a_client_that_leaves_mid_upload_is_counted_as_499_not_500(start, artifacts_dir):
    service = start(model_dir=artifacts_dir / "current", workers=1)
    service.wait_ready()
    stalled_upload(service.port).close()
    left = {"method": "POST", "endpoint": "unmatched", "model_version": "v1-tiny"}
    with httpx.Client(base_url=service.url, timeout=10) as http:

        def counted():
            found = samples(http)
            return found if value(found, "hypegap_requests_total", status="499", **left) else None

        found = wait_until(counted, 10, "the request counted")
    assert value(found, "hypegap_requests_total", status="499", **left) == 1
    assert value(found, "hypegap_errors_total", code="client_closed", **left) == 1
    assert value(found, "hypegap_errors_total", code="internal_error", **left) == 0
    access = [line for line in service.log_lines() if line.get("path") == "/v1/score"]
    assert [(line["status"], line["error"]) for line in access] == [(499, "client_closed")]
