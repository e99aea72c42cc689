"""Who may call /v1 and how often, decided from the headers before the body is read."""

import asyncio
import json

import pytest

from service.access import TokenBuckets
from service.observability import RequestSizeLimit
from tests.service.test_observability import samples, value

SCORE = {"headline": "Council approves budget"}


def test_without_keys_admin_answers_only_this_machine(make_client):
    remote = make_client(client_address="203.0.113.9")
    refused = remote.post("/v1/admin/reload")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    assert "HYPEGAP_API_KEYS" in refused.json()["error"]["message"]
    assert remote.post("/v1/score", json=SCORE).status_code == 200
    assert make_client(client_address="::1").post("/v1/admin/reload").status_code == 200


def test_with_keys_admin_answers_a_key_from_anywhere(make_client):
    remote = make_client(client_address="203.0.113.9", api_keys=["desk"])
    assert remote.post("/v1/admin/reload").status_code == 401
    ok = remote.post("/v1/admin/reload", headers={"Authorization": "Bearer desk"})
    assert ok.status_code == 200


def test_over_its_rate_a_client_gets_429_with_retry_after_and_it_is_counted(make_client):
    client = make_client(rate_limit=0.5, rate_burst=3)
    answers = [client.post("/v1/score", json=SCORE) for _ in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    refused = answers[3]
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["retry-after"]) <= 2
    # Health, metrics, the page and the docs are not limited.
    for path in ("/health/live", "/health/ready", "/metrics", "/", "/docs", "/openapi.json"):
        assert client.get(path).status_code == 200, path
    found = samples(client)
    assert value(found, "hypegap_rate_limited_total") == 2
    refusals = {"method": "POST", "endpoint": "unmatched", "model_version": "v1-tiny"}
    assert value(found, "hypegap_errors_total", code="rate_limited", **refusals) == 2


def test_each_key_has_its_own_bucket(make_client):
    client = make_client(api_keys=["one", "two"], rate_limit=0.1, rate_burst=1)

    def post(key):
        return client.post("/v1/score", json=SCORE, headers={"Authorization": f"Bearer {key}"})

    assert [post("one").status_code, post("one").status_code] == [200, 429]
    assert post("two").status_code == 200
    assert post("wrong").status_code == 401  # a bad key is refused, it spends no bucket


def test_the_limit_is_off_by_default(client):
    assert {client.post("/v1/score", json=SCORE).status_code for _ in range(30)} == {200}


def test_a_bucket_refills_at_its_rate(monkeypatch):
    now = [100.0]
    monkeypatch.setattr("service.access.time.monotonic", lambda: now[0])
    buckets = TokenBuckets(rate=2, burst=2)
    assert [buckets.take("a"), buckets.take("a")] == [0, 0]
    assert buckets.take("a") == pytest.approx(0.5)
    now[0] += 0.5
    assert buckets.take("a") == 0
    assert buckets.take("b") == 0


def test_with_keys_a_body_is_not_read_before_the_key_is_checked(make_client):
    client = make_client(api_keys=["desk"])
    body_read = []

    def body():
        body_read.append(True)
        yield json.dumps(SCORE).encode()

    response = client.post(
        "/v1/score", content=body(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 401
    assert body_read == []


def run_asgi(app, messages):
    """Send one POST through `app` with these receive messages; the response messages."""
    sent = []
    incoming = iter(messages)

    async def receive():
        try:
            return next(incoming)
        except StopIteration:
            await asyncio.sleep(3600)  # the client sends nothing more

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/v1/score", "headers": [], "state": {}}
    asyncio.run(app(scope, receive, send))
    return scope, sent


async def never_called(scope, receive, send):
    raise AssertionError("the app must not run")


def test_a_body_that_stalls_is_refused_with_408_when_its_time_is_up():
    limit = RequestSizeLimit(never_called, max_bytes=1_000_000, body_seconds=0.2)
    scope, sent = run_asgi(limit, [{"type": "http.request", "body": b"{", "more_body": True}])
    assert sent[0]["status"] == 408
    assert json.loads(sent[1]["body"])["error"]["code"] == "body_timeout"
    assert scope["state"]["error_code"] == "body_timeout"


def test_a_client_that_leaves_mid_body_is_recorded_as_499_not_500(make_client):
    client = make_client()
    limit = client.app.middleware_stack  # the whole stack, as uvicorn calls it
    messages = [
        {"type": "http.request", "body": b'{"headline": ', "more_body": True},
        {"type": "http.disconnect"},
    ]
    scope = {
        "type": "http", "method": "POST", "path": "/v1/score", "headers": [],
        "query_string": b"", "client": ("127.0.0.1", 1), "server": ("testserver", 80),
        "scheme": "http", "http_version": "1.1", "root_path": "", "app": client.app,
    }  # fmt: skip
    sent = []
    incoming = iter(messages)

    async def receive():
        return next(incoming)

    async def send(message):
        sent.append(message)

    asyncio.run(limit(scope, receive, send))
    assert sent == []
    found = samples(client)
    closed = {"method": "POST", "endpoint": "unmatched", "model_version": "v1-tiny"}
    assert value(found, "hypegap_requests_total", status="499", **closed) == 1
    assert value(found, "hypegap_errors_total", code="client_closed", **closed) == 1
    assert value(found, "hypegap_errors_total", code="internal_error", **closed) == 0
