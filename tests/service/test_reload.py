"""Hot reload: a new artifact is checked and swapped in whole; a bad one is refused."""

import threading

import pytest

from tests.service.conftest import corrupt, publish_version


def version_served(client) -> str:
    return client.post("/v1/score", json={"headline": "Council approves budget"}).json()[
        "model_version"
    ]


def test_reload_swaps_in_the_new_artifact(client, artifacts_dir, tiny_artifact):
    assert version_served(client) == "v1-tiny"
    publish_version(artifacts_dir, tiny_artifact, "v2-retrained")
    assert version_served(client) == "v1-tiny"  # nothing changes until asked
    response = client.post("/v1/admin/reload")
    assert response.status_code == 200
    body = response.json()
    assert (body["model_version"], body["previous_version"]) == ("v2-retrained", "v1-tiny")
    assert version_served(client) == "v2-retrained"
    assert client.get("/v1/model").json()["model_version"] == "v2-retrained"
    assert client.get("/health/ready").json()["model_version"] == "v2-retrained"
    batch = client.post("/v1/score/batch", json={"items": [{"headline": "Hi"}]}).json()
    assert batch["model_version"] == batch["results"][0]["model_version"] == "v2-retrained"


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        (lambda folder: corrupt(folder), "sha256"),
        (lambda folder: (folder / "model.joblib").unlink(), "missing"),
    ],
    ids=["corrupted", "missing-model-file"],
)
def test_a_bad_artifact_is_refused_and_the_old_model_keeps_serving(
    client, artifacts_dir, tiny_artifact, spoil, says
):
    spoil(publish_version(artifacts_dir, tiny_artifact, "v2-bad"))
    response = client.post("/v1/admin/reload")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "artifact_refused"
    assert says in error["message"] and "still serving v1-tiny" in error["message"]
    assert version_served(client) == "v1-tiny"
    assert client.get("/health/ready").status_code == 200


def test_an_artifact_from_another_scikit_learn_is_refused(client, artifacts_dir, tiny_artifact):
    publish_version(artifacts_dir, tiny_artifact, "v2-old-sklearn", scikit_learn="0.24.2")
    response = client.post("/v1/admin/reload")
    assert response.status_code == 409
    assert "scikit-learn 0.24.2" in response.json()["error"]["message"]
    assert version_served(client) == "v1-tiny"


def test_a_request_in_flight_finishes_on_the_model_it_started_with(
    client, artifacts_dir, tiny_artifact
):
    old = client.app.state.holder.current.scorer
    scoring_started, may_finish = threading.Event(), threading.Event()
    real_score_batch = old.score_batch

    def slow_score_batch(articles, **options):
        scoring_started.set()
        assert may_finish.wait(10)
        return real_score_batch(articles, **options)

    old.score_batch = slow_score_batch
    in_flight = {}
    request = threading.Thread(
        target=lambda: in_flight.update(
            client.post("/v1/score", json={"headline": "Council approves budget"}).json()
        )
    )
    request.start()
    try:
        assert scoring_started.wait(10)
        publish_version(artifacts_dir, tiny_artifact, "v2-retrained")
        assert client.post("/v1/admin/reload").status_code == 200
        assert version_served(client) == "v2-retrained"
    finally:
        may_finish.set()
        request.join(10)
        del old.score_batch
    assert in_flight["model_version"] == "v1-tiny"


def test_reloads_are_counted_by_outcome(client, artifacts_dir, tiny_artifact):
    publish_version(artifacts_dir, tiny_artifact, "v2-good")
    client.post("/v1/admin/reload")
    corrupt(publish_version(artifacts_dir, tiny_artifact, "v3-bad"))
    client.post("/v1/admin/reload")
    metrics = client.get("/metrics").text
    assert 'hypegap_model_reloads_total{outcome="loaded"} 1.0' in metrics
    assert 'hypegap_model_reloads_total{outcome="refused"} 1.0' in metrics
