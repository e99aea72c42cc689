"""Several worker processes under `python -m service`: reloads reach all of them, respawned
workers serve what the service serves, a service that cannot serve exits non-zero, and new
connections spread over the workers, each of which listens on a socket of its own."""

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import psutil
import pytest

from service.fleet import is_alive
from service.supervisor import REUSE_PORT_SPREADS
from tests.service.conftest import (
    HEADLINE,
    PROJECT,
    corrupt,
    free_port,
    publish_version,
    service_env,
    serving,
    wait_until,
    workers,
)

NEW_CONNECTION = {"Connection": "close"}  # so that requests spread over the workers


def versions_answering(service, requests: int = 12) -> set[str]:
    with httpx.Client(base_url=service.url, timeout=10) as http:
        return {
            http.post("/v1/score", json={"headline": HEADLINE}, headers=NEW_CONNECTION).json()[
                "model_version"
            ]
            for _ in range(requests)
        }


def ask(connection: http.client.HTTPConnection, method: str, path: str) -> tuple[int, dict]:
    connection.request(method, path)
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def client_ports_held(pid: int, port: int) -> set[int]:
    """The client ends (ports) of the connections the worker `pid` holds on the service's port."""
    return {
        connection.raddr.port
        for connection in psutil.Process(pid).net_connections("tcp")
        if connection.raddr and connection.laddr.port == port
    }


def worker_holding(service, connection: http.client.HTTPConnection) -> int:
    """The worker that holds a kept-alive connection, once it has answered on it."""
    ask(connection, "GET", "/health/ready")
    client_port = connection.sock.getsockname()[1]
    return next(
        worker["pid"]
        for worker in workers(service)
        if client_port in client_ports_held(worker["pid"], service.port)
    )


@pytest.fixture
def two_workers(start, artifacts_dir):
    service = start(model_dir=artifacts_dir / "current", workers=2, access_log="false")
    service.wait_ready()
    wait_until(lambda: serving(service, "v1-tiny"), 30, "both workers to serve v1-tiny")
    return service


def test_a_reload_under_load_answers_once_every_worker_serves_the_new_version(
    two_workers, artifacts_dir, tiny_artifact
):
    service = two_workers
    stop_load = threading.Event()
    failures = []

    def load():
        with httpx.Client(base_url=service.url, timeout=30) as http:
            while not stop_load.is_set():
                response = http.post(
                    "/v1/score", json={"headline": HEADLINE}, headers=NEW_CONNECTION
                )
                if response.status_code != 200:
                    failures.append(response.status_code)

    clients = [threading.Thread(target=load) for _ in range(4)]
    for client in clients:
        client.start()
    try:
        time.sleep(1)
        publish_version(artifacts_dir, tiny_artifact, "v2-retrained")
        reloaded = httpx.post(f"{service.url}/v1/admin/reload", timeout=90)
        # Checked at once, under load: no worker is left on the old version.
        answering = versions_answering(service)
    finally:
        stop_load.set()
        for client in clients:
            client.join(30)
    assert reloaded.status_code == 200, reloaded.text
    body = reloaded.json()
    assert (body["model_version"], body["previous_version"], body["converged"]) == (
        "v2-retrained", "v1-tiny", True,
    )  # fmt: skip
    assert len(body["workers"]) == 2
    assert {w["model_version"] for w in body["workers"]} == {"v2-retrained"}
    assert answering == {"v2-retrained"}
    # Fresh processes may already be starting to replace the reloaded workers: they load v2.
    listed = workers(service)
    assert {w["model_version"] for w in listed if w["state"] != "loading"} == {"v2-retrained"}
    assert failures == []


def test_after_a_reload_each_worker_is_replaced_by_a_fresh_one_without_a_failed_request(
    two_workers, artifacts_dir, tiny_artifact
):
    # A worker that swapped models in place keeps part of the old model's memory for good.
    service = two_workers
    before = {w["pid"] for w in workers(service)}
    stop_load = threading.Event()
    answered, failures = [], []

    def keep_alive_client():
        # One connection kept open, as wrk and most HTTP clients keep theirs: the server
        # closing it between two requests would break the next one.
        connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=30)
        body = json.dumps({"headline": HEADLINE})
        while not stop_load.is_set():
            try:
                connection.request("POST", "/v1/score", body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                answer = json.loads(response.read())
                if response.status == 200:
                    answered.append(answer["model_version"])
                else:
                    failures.append(response.status)
            except (OSError, http.client.HTTPException) as error:
                failures.append(repr(error))
                connection.close()
            time.sleep(0.01)
        connection.close()

    clients = [threading.Thread(target=keep_alive_client) for _ in range(4)]
    for client in clients:
        client.start()
    try:
        publish_version(artifacts_dir, tiny_artifact, "v2-retrained")
        reloaded = httpx.post(f"{service.url}/v1/admin/reload", timeout=90)

        def replaced():
            found = serving(service, "v2-retrained")
            fresh = found and not before & {w["pid"] for w in found}
            return found if fresh and not any(map(is_alive, before)) else None

        after = wait_until(replaced, 90, "fresh workers serving v2, the old ones gone")
        time.sleep(1)  # the clients go on with the fresh workers
    finally:
        stop_load.set()
        for client in clients:
            client.join(30)
    assert reloaded.status_code == 200 and reloaded.json()["converged"], reloaded.text
    assert len(after) == 2
    assert failures == []
    assert answered[-1] == "v2-retrained" and len(answered) > 100
    assert service.process.poll() is None


def test_a_reload_that_does_not_reach_every_worker_says_so_and_which(
    start, artifacts_dir, tiny_artifact
):
    service = start(
        model_dir=artifacts_dir / "current",
        workers=2,
        reload_timeout_seconds=1,
        access_log="false",
    )
    service.wait_ready()
    wait_until(lambda: serving(service, "v1-tiny"), 30, "both workers to serve v1-tiny")
    publish_version(artifacts_dir, tiny_artifact, "v2-retrained")
    # Asked on a connection the other worker holds: a new connection the kernel gave the
    # stopped worker's socket would wait for it.
    connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=30)
    try:
        asking = worker_holding(service, connection)
        frozen = next(w["pid"] for w in workers(service) if w["pid"] != asking)
        # Stopped, it cannot follow the reload (as a worker too busy to load it in time). Kept
        # short of the 5 s after which uvicorn's supervisor would replace it.
        os.kill(frozen, signal.SIGSTOP)
        try:
            status, answer = ask(connection, "POST", "/v1/admin/reload")
            _, model = ask(connection, "GET", "/v1/model")
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.kill(frozen, signal.SIGCONT)
    finally:
        connection.close()
    listed = {w["pid"]: w["model_version"] for w in model["workers"]}
    assert status == 503, answer
    error = answer["error"]
    assert error["code"] == "reload_incomplete"
    assert f"worker {frozen} serving v1-tiny" in error["message"]
    assert listed[frozen] == "v1-tiny" and set(listed.values()) == {"v1-tiny", "v2-retrained"}
    # Running again, it catches up on its own.
    wait_until(lambda: serving(service, "v2-retrained"), 30, "every worker to serve v2")


def test_a_worker_killed_after_a_refused_reload_comes_back_serving_the_served_version(
    two_workers, artifacts_dir, tiny_artifact
):
    service = two_workers
    corrupt(publish_version(artifacts_dir, tiny_artifact, "v2-corrupted"))
    refused = httpx.post(f"{service.url}/v1/admin/reload", timeout=60)
    assert refused.status_code == 409
    message = refused.json()["error"]["message"]
    assert "still serving v1-tiny" in message and str(artifacts_dir) not in message

    killed = workers(service)[0]["pid"]
    os.kill(killed, signal.SIGKILL)  # as the kernel's out-of-memory killer would

    def respawned():
        found = serving(service, "v1-tiny")
        return found if found and killed not in {w["pid"] for w in found} else None

    assert len(wait_until(respawned, 60, "a respawned worker serving v1-tiny")) == 2
    assert service.process.poll() is None
    assert versions_answering(service) == {"v1-tiny"}


def test_a_service_that_can_no_longer_load_its_model_exits_non_zero(two_workers, artifacts_dir):
    service = two_workers
    corrupt(artifacts_dir / "v1-tiny")  # the served version itself, spoiled in place
    os.kill(workers(service)[0]["pid"], signal.SIGKILL)
    status = service.process.wait(timeout=60)
    assert status not in (0, -signal.SIGTERM), status
    assert "failed to start" in service.log.read_text()


def test_sighup_to_the_service_reloads_every_worker(two_workers, artifacts_dir, tiny_artifact):
    service = two_workers
    publish_version(artifacts_dir, tiny_artifact, "v2-retrained")
    os.kill(service.process.pid, signal.SIGHUP)
    wait_until(lambda: serving(service, "v2-retrained"), 60, "every worker on v2")
    assert versions_answering(service) == {"v2-retrained"}


def test_a_sighup_while_the_workers_start_waits_for_one_that_has_started(
    start, artifacts_dir, tiny_artifact
):
    # Sent as soon as the supervisor runs, while its workers are still starting: a worker has
    # no handler for SIGHUP until its startup is complete, and the signal would kill it.
    service = start(model_dir=artifacts_dir / "current", workers=2, access_log="false")
    wait_until(lambda: "Started parent process" in service.log.read_text(), 30, "the supervisor")
    publish_version(artifacts_dir, tiny_artifact, "v2-retrained")
    os.kill(service.process.pid, signal.SIGHUP)
    wait_until(lambda: serving(service, "v2-retrained"), 60, "every worker on v2")
    wait_until(
        lambda: "reloading the model through worker" in service.log.read_text(), 30, "the reload"
    )
    assert "died" not in service.log.read_text()
    assert versions_answering(service) == {"v2-retrained"}


def test_concurrent_reloads_load_the_artifact_once(two_workers, artifacts_dir, tiny_artifact):
    service = two_workers
    publish_version(artifacts_dir, tiny_artifact, "v2-retrained")
    with ThreadPoolExecutor(20) as pool:
        answers = list(
            pool.map(lambda _: httpx.post(f"{service.url}/v1/admin/reload", timeout=120), range(20))
        )
    assert [a.status_code for a in answers] == [200] * 20
    assert {a.json()["model_version"] for a in answers} == {"v2-retrained"}
    metrics = httpx.get(f"{service.url}/metrics", timeout=10).text
    assert 'hypegap_model_reloads_total{outcome="loaded"} 1.0' in metrics


# Each worker listening on a socket of its own (SO_REUSEPORT)

needs_reuse_port = pytest.mark.skipif(
    not REUSE_PORT_SPREADS, reason="the kernel spreads connections over sockets on Linux only"
)


def listening_sockets(service) -> int:
    """How many sockets the main process holds listening on the service's port."""
    return sum(
        1
        for connection in psutil.Process(service.process.pid).net_connections("tcp")
        if connection.status == psutil.CONN_LISTEN and connection.laddr.port == service.port
    )


def assert_listening(service, count: int) -> None:
    """`count` sockets listening on the port, soon: a worker says it serves once its model is
    loaded, and its server starts listening just after."""
    wait_until(lambda: listening_sockets(service) == count, 10, f"{count} listening sockets")


def connections_per_worker(service, count: int) -> dict[int, int]:
    """Opens `count` connections at once, as a load generator does, scores twice on each (kept
    alive), and counts the connections each worker holds, by pid."""
    body = json.dumps({"headline": HEADLINE})
    connections = [
        http.client.HTTPConnection("127.0.0.1", service.port, timeout=60) for _ in range(count)
    ]
    try:
        for connection in connections:
            connection.connect()
        for _ in range(2):
            for connection in connections:
                connection.request("POST", "/v1/score", body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                assert response.status == 200 and not response.will_close
        client_ports = {connection.sock.getsockname()[1] for connection in connections}
        return {
            worker["pid"]: len(client_ports & client_ports_held(worker["pid"], service.port))
            for worker in workers(service)
        }
    finally:
        for connection in connections:
            connection.close()


def assert_spread_over(service, worker_count: int) -> None:
    count = 16 * worker_count  # all of them on fewer workers: a chance of 1 in 10^8 or less
    held = connections_per_worker(service, count)
    assert len(held) == worker_count and 0 not in held.values(), held
    assert sum(held.values()) == count, held


@needs_reuse_port
def test_keep_alive_connections_spread_over_both_workers(two_workers):
    assert_listening(two_workers, 2)
    assert_spread_over(two_workers, 2)


def test_with_reuse_port_off_the_workers_share_one_socket(start, artifacts_dir):
    service = start(
        model_dir=artifacts_dir / "current", workers=2, reuse_port="false", access_log="false"
    )
    service.wait_ready()
    wait_until(lambda: serving(service, "v1-tiny"), 30, "both workers to serve v1-tiny")
    assert_listening(service, 1)
    assert sum(connections_per_worker(service, 8).values()) == 8


@needs_reuse_port
def test_each_worker_slot_keeps_its_socket_through_respawn_reload_and_more_workers(
    two_workers, artifacts_dir, tiny_artifact
):
    service = two_workers
    killed = workers(service)[0]["pid"]
    os.kill(killed, signal.SIGKILL)
    # Connections the kernel gives the dead worker's socket wait for its respawned successor.
    with ThreadPoolExecutor(16) as pool:
        statuses = list(
            pool.map(
                lambda _: (
                    httpx.post(
                        f"{service.url}/v1/score",
                        json={"headline": HEADLINE},
                        headers=NEW_CONNECTION,
                        timeout=60,
                    ).status_code
                ),
                range(16),
            )
        )
    assert statuses == [200] * 16

    def respawned():
        found = serving(service, "v1-tiny")
        return found if found and killed not in {w["pid"] for w in found} else None

    wait_until(respawned, 60, "a respawned worker serving v1-tiny")
    assert_listening(service, 2)
    assert_spread_over(service, 2)

    before = {w["pid"] for w in workers(service)}
    publish_version(artifacts_dir, tiny_artifact, "v2-retrained")
    assert httpx.post(f"{service.url}/v1/admin/reload", timeout=90).status_code == 200

    def replaced():
        found = serving(service, "v2-retrained")
        fresh = found and not before & {w["pid"] for w in found}
        return found if fresh and not any(map(is_alive, before)) else None

    wait_until(replaced, 90, "fresh workers serving v2, the old ones gone")
    assert_listening(service, 2)
    assert_spread_over(service, 2)

    os.kill(service.process.pid, signal.SIGTTIN)
    wait_until(lambda: serving(service, "v2-retrained", count=3), 60, "a third worker")
    assert_listening(service, 3)
    assert_spread_over(service, 3)

    os.kill(service.process.pid, signal.SIGTTOU)
    wait_until(lambda: serving(service, "v2-retrained"), 60, "back to two workers")
    # The third socket is gone too: no connection waits on it for a worker that will not come.
    assert_listening(service, 2)
    assert_spread_over(service, 2)


@needs_reuse_port
def test_a_port_taken_by_another_process_listening_with_reuse_port_is_refused(artifacts_dir):
    port = free_port()
    with socket.socket() as other_service:
        other_service.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        other_service.bind(("127.0.0.1", port))
        other_service.listen()
        done = subprocess.run(
            [sys.executable, "-m", "service"],
            cwd=PROJECT,
            env=service_env(
                model_dir=artifacts_dir / "current", host="127.0.0.1", port=port, workers=2
            ),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 3
    assert "Address already in use" in done.stdout
