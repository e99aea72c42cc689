"""POST, GET and DELETE /v1/feedback as an integrator sees them, on both databases."""

import sqlite3
import threading
import time

import httpx
import pytest

from service.settings import Settings
from tests.service.conftest import running_service
from tests.service.test_observability import samples, value

KEY = "desk-key"
VERDICT = {
    "headline": "Is Kim Starting a War to Impress His Visiting Friend?!",
    "body": "<p>Soldiers crossed the line by accident.</p><script>track()</script>",
    "body_format": "html",
    "verdict": "overstated",
    "article_id": "story-1842",
    "editor": "desk-7f3a",
    "note": "The body says it was an accident.",
}
DOWN = "postgresql://editor:s3cret@127.0.0.1:1/verdicts"


@pytest.fixture
def api(make_client, database_url):
    return make_client(database_url=database_url)


def test_a_verdict_is_acknowledged_with_201_and_listed_with_every_field(api):
    shown = api.post("/v1/score", json={"headline": VERDICT["headline"]}).json()
    verdict = {**VERDICT, "score_shown": shown["score"], "model_version": shown["model_version"]}

    answer = api.post("/v1/feedback", json=verdict)

    assert answer.status_code == 201, answer.text
    assert set(answer.json()) == {"id", "received_at"}
    (item,) = api.get("/v1/feedback").json()["items"]
    sent = {k: v for k, v in verdict.items() if k != "body_format"}  # stored as the model reads it
    assert item == {
        **sent,
        **answer.json(),
        "body": "Soldiers crossed the line by accident.",
        "level_shown": shown["level"],
    }


def test_the_same_editor_s_same_verdict_answers_200_with_the_first_id(api):
    first = api.post("/v1/feedback", json=VERDICT)
    again = api.post("/v1/feedback", json={**VERDICT, "note": "said twice"})

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert len(api.get("/v1/feedback").json()["items"]) == 1


def test_a_retry_with_the_same_idempotency_key_answers_the_same_and_stores_nothing(api):
    anonymous = {k: v for k, v in VERDICT.items() if k != "editor"}
    headers = {"Idempotency-Key": "retry-1"}

    first = api.post("/v1/feedback", json=anonymous, headers=headers)
    retry = api.post("/v1/feedback", json=anonymous, headers=headers)
    reused = api.post("/v1/feedback", json={**anonymous, "verdict": "faithful"}, headers=headers)

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert reused.status_code == 409
    assert reused.json()["error"] == {
        "code": "idempotency_key_reused",
        "message": "this Idempotency-Key was used for a different verdict",
        "field": "Idempotency-Key",
    }
    assert len(api.get("/v1/feedback").json()["items"]) == 1


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"verdict": "hyped"}, "invalid_value", "verdict"),
        ({"note": "n" * 2001}, "too_long", "note"),
        ({"headline": None}, "missing_field", "headline"),
        ({"headline": "  "}, "empty_headline", "headline"),
        ({"score_shown": 1.5}, "invalid_value", "score_shown"),
        ({"editor": "e" * 201}, "too_long", "editor"),
        ({"stars": 5}, "unknown_field", "stars"),
    ],
)
def test_bad_input_gets_a_422_naming_the_field(api, change, code, field):
    verdict = {k: v for k, v in {**VERDICT, **change}.items() if v is not None}

    answer = api.post("/v1/feedback", json=verdict)

    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == code
    assert answer.json()["error"]["field"] == field


def test_a_body_over_the_service_limit_is_refused_as_scoring_refuses_it(make_client, database_url):
    api = make_client(database_url=database_url, max_body_chars=100)

    answer = api.post("/v1/feedback", json={**VERDICT, "body": "b" * 101})

    assert answer.status_code == 422 and answer.json()["error"]["field"] == "body"


def test_pages_come_oldest_first_with_a_cursor_until_null(api):
    ids = [
        api.post("/v1/feedback", json={**VERDICT, "editor": f"desk-{i}"}).json()["id"]
        for i in range(5)
    ]

    seen, cursor = [], None
    while True:
        page = api.get(
            "/v1/feedback", params={"limit": 2, **({"cursor": cursor} if cursor else {})}
        )
        assert page.status_code == 200
        seen += [item["id"] for item in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break

    assert seen == ids


def test_since_keeps_only_verdicts_received_from_that_time(api):
    early = api.post("/v1/feedback", json=VERDICT).json()
    late = api.post("/v1/feedback", json={**VERDICT, "editor": "desk-2"}).json()

    page = api.get("/v1/feedback", params={"since": late["received_at"]}).json()

    assert [item["id"] for item in page["items"]] == [late["id"]]
    assert early["received_at"] < late["received_at"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"limit": 0}, "limit"), ({"limit": 1001}, "limit"), ({"cursor": "x!"}, "cursor"),
     ({"since": "yesterday"}, "since")],
)  # fmt: skip
def test_bad_paging_parameters_get_a_422_naming_them(api, params, field):
    answer = api.get("/v1/feedback", params=params)

    assert answer.status_code == 422 and answer.json()["error"]["field"] == field


def test_a_deleted_verdict_is_gone_and_a_second_delete_is_404(api):
    stored = api.post("/v1/feedback", json=VERDICT).json()

    assert api.delete(f"/v1/feedback/{stored['id']}").status_code == 204
    assert api.get("/v1/feedback").json()["items"] == []
    again = api.delete(f"/v1/feedback/{stored['id']}")
    assert again.status_code == 404 and again.json()["error"]["code"] == "not_found"


def test_with_api_keys_every_feedback_endpoint_needs_one(make_client, database_url):
    api = make_client(database_url=database_url, api_keys=[KEY])
    calls = [
        ("post", "/v1/feedback", {"json": VERDICT}),
        ("get", "/v1/feedback", {}),
        ("delete", "/v1/feedback/some-id", {}),
    ]
    for method, path, kwargs in calls:
        assert getattr(api, method)(path, **kwargs).status_code == 401, path
    keyed = {"headers": {"Authorization": f"Bearer {KEY}"}}
    assert api.post("/v1/feedback", json=VERDICT, **keyed).status_code == 201
    assert api.get("/v1/feedback", **keyed).status_code == 200


def test_verdicts_are_counted_by_level_and_agreement_with_the_level_shown(api):
    version = api.get("/health/ready").json()["model_version"]
    api.post("/v1/feedback", json={**VERDICT, "level_shown": "overstated"})
    api.post("/v1/feedback", json={**VERDICT, "editor": "desk-2", "level_shown": "faithful"})
    api.post("/v1/feedback", json={**VERDICT, "editor": "desk-2", "level_shown": "faithful"})
    api.post("/v1/feedback", json={**VERDICT, "editor": "desk-3", "score_shown": 0.99,
                                   "model_version": version})  # fmt: skip
    api.post("/v1/feedback", json={**VERDICT, "editor": "desk-4", "score_shown": 0.99,
                                   "model_version": "an-older-model"})  # fmt: skip

    found = samples(api)

    counted = "hypegap_verdicts_total"
    assert value(found, counted, verdict="overstated", agreement="agreed") == 2
    assert value(found, counted, verdict="overstated", agreement="disagreed") == 1
    assert value(found, counted, verdict="overstated", agreement="unknown") == 1


def test_an_unreachable_database_fails_readiness_and_feedback_but_not_scoring(make_client):
    api = make_client(database_url=DOWN)

    ready = api.get("/health/ready")
    posted = api.post("/v1/feedback", json=VERDICT)

    assert ready.status_code == 503
    message = ready.json()["error"]["message"]
    assert message.startswith("the feedback database is unavailable: postgresql")
    assert "127.0.0.1:1" in message and "s3cret" not in message
    assert posted.status_code == 503
    assert posted.json()["error"]["code"] == "database_unavailable"
    assert api.get("/v1/feedback").status_code == 503
    assert api.post("/v1/score", json={"headline": VERDICT["headline"]}).status_code == 200


def test_a_sqlite_file_that_cannot_be_created_is_reported_as_unavailable(make_client, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    api = make_client(database_url=f"sqlite:///{blocker}/verdicts.sqlite3")

    assert api.get("/health/ready").status_code == 503
    assert api.post("/v1/feedback", json=VERDICT).status_code == 503
    assert api.post("/v1/score", json={"headline": VERDICT["headline"]}).status_code == 200


def test_a_verdict_waiting_for_the_database_does_not_hold_up_scoring(tiny_artifact, tmp_path):
    path = tmp_path / "verdicts.sqlite3"
    settings = Settings(model_dir=tiny_artifact, database_url=f"sqlite:///{path}", access_log=False)
    with running_service(settings) as url:
        assert httpx.post(f"{url}/v1/feedback", json=VERDICT, timeout=30).status_code == 201
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")  # another writer holds the database
        answers = []
        waiting = threading.Thread(
            target=lambda: answers.append(
                httpx.post(f"{url}/v1/feedback", json={**VERDICT, "editor": "desk-2"}, timeout=60)
            )
        )
        waiting.start()
        try:
            time.sleep(0.5)
            article = {"headline": VERDICT["headline"]}
            scored = httpx.post(f"{url}/v1/score", json=article, timeout=5)
            assert scored.status_code == 200 and waiting.is_alive() and answers == []
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        waiting.join(timeout=60)
    assert answers[0].status_code == 201
