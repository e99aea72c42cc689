"""Optional API keys: with keys set, /v1 needs `Authorization: Bearer <key>`; the rest is open."""

import pytest

KEYS = ["desk-key-one", "desk-key-two"]
V1_CALLS = [
    ("post", "/v1/score", {"headline": "Council approves budget"}),
    ("post", "/v1/score/batch", {"items": [{"headline": "Council approves budget"}]}),
    ("get", "/v1/model", None),
    ("post", "/v1/admin/reload", None),
]


def call(client, method, path, payload, headers=None):
    kwargs = {"headers": headers or {}}
    if payload is not None:
        kwargs["json"] = payload
    return getattr(client, method)(path, **kwargs)


@pytest.fixture
def keyed(make_client):
    return make_client(api_keys=KEYS)


@pytest.mark.parametrize(("method", "path", "payload"), V1_CALLS)
def test_with_keys_every_v1_request_needs_a_valid_key(keyed, method, path, payload):
    missing = call(keyed, method, path, payload)
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "unauthorized"
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = call(keyed, method, path, payload, {"Authorization": "Bearer desk-key-on"})
    assert wrong.status_code == 401
    not_bearer = call(keyed, method, path, payload, {"Authorization": f"Basic {KEYS[0]}"})
    assert not_bearer.status_code == 401
    for key in KEYS:
        right = call(keyed, method, path, payload, {"Authorization": f"Bearer {key}"})
        assert right.status_code == 200, right.text


def test_without_a_key_an_invalid_article_is_refused_as_unauthorized(keyed):
    assert keyed.post("/v1/score", json={"headline": ""}).status_code == 401


def test_health_metrics_and_the_page_stay_open_with_keys(keyed):
    for path in ("/health/live", "/health/ready", "/metrics", "/", "/docs", "/openapi.json"):
        assert keyed.get(path).status_code == 200, path


@pytest.mark.parametrize(("method", "path", "payload"), V1_CALLS)
def test_without_keys_no_key_is_needed(client, method, path, payload):
    assert call(client, method, path, payload).status_code == 200


def test_keys_come_from_the_environment_separated_by_commas(make_client, monkeypatch):
    from fastapi.testclient import TestClient

    from service.app import create_app
    from service.settings import Settings

    monkeypatch.setenv("HYPEGAP_API_KEYS", "alpha, beta")
    settings = Settings(model_dir=make_client().app.state.settings.model_dir)
    with TestClient(create_app(settings)) as keyed:
        payload = {"headline": "Council approves budget"}
        assert keyed.post("/v1/score", json=payload).status_code == 401
        assert (
            keyed.post(
                "/v1/score", json=payload, headers={"Authorization": "Bearer beta"}
            ).status_code
            == 200
        )
