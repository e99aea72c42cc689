"""The API contract through the real app: scoring, the model card, health, limits and errors."""

import json
import time

import pytest
from pydantic import ValidationError

from model.artifact import CURRENT
from model.scorer import Article
from service.dependencies import get_scorer
from service.html_text import html_to_text
from service.schemas import request_models
from tests.conftest import TINY_THRESHOLDS
from tests.service.conftest import publish_version

LEVELS = {"faithful", "stretched", "overstated"}
RESULT_KEYS = {"id", "score", "level", "headline_only", "model_version", "explanation"}


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message"} <= set(body["error"]) <= {"code", "message", "field"}
    return body["error"]


# Scoring


def test_score_returns_the_contract_and_the_scorers_own_figures(client, tiny_scorer, stories):
    story = stories[0]
    response = client.post(
        "/v1/score", json={"headline": story["overstated"], "body": story["body"], "id": "s-1"}
    )
    assert response.status_code == 200
    result = response.json()
    assert set(result) == RESULT_KEYS
    expected = tiny_scorer.score_batch([Article(story["overstated"], story["body"])])[0].to_dict()
    expected["explanation"] = {"evidence": [], **expected["explanation"], "body_text": None}
    assert result == {"id": "s-1", **expected, "model_version": "v1-tiny"}
    assert 0 <= result["score"] <= 1 and result["level"] in LEVELS
    assert result["headline_only"] is False
    for term in result["explanation"]["headline_terms"]:
        assert story["overstated"][term["start"] : term["end"]] == term["text"]
    assert all({"code", "message", "weight"} == set(r) for r in result["explanation"]["reasons"])


def test_an_overstated_headline_scores_above_a_faithful_one_over_the_same_body(client, stories):
    for story in stories[:3]:
        faithful, overstated = (
            client.post("/v1/score", json={"headline": story[kind], "body": story["body"]}).json()
            for kind in ("faithful", "overstated")
        )
        assert overstated["score"] > faithful["score"]
        assert faithful["id"] is None


def test_without_a_body_the_headline_alone_is_scored_and_flagged(client, stories):
    result = client.post("/v1/score", json={"headline": stories[1]["overstated"]}).json()
    assert result["headline_only"] is True
    assert "headline_only" in {r["code"] for r in result["explanation"]["reasons"]}


def test_an_html_body_is_scored_as_its_visible_text(client, stories):
    story = stories[0]
    paragraphs = story["body"].split(". ")
    html = (
        "<html><head><style>p { color: red }</style></head><body><article>"
        + "".join(f"<p>{p}.</p>" for p in paragraphs)
        + "<script>var claim = 'war putin impress';</script></article></body></html>"
    )
    as_html = client.post(
        "/v1/score",
        json={"headline": story["overstated"], "body": html, "body_format": "html"},
    ).json()
    as_text = client.post(
        "/v1/score",
        json={"headline": story["overstated"], "body": "\n\n".join(f"{p}." for p in paragraphs)},
    ).json()
    assert as_html["explanation"].pop("body_text") == html_to_text(html)
    assert as_text["explanation"].pop("body_text") is None
    assert as_html == as_text
    # The script's words did not count as the body mentioning the headline's claims.
    messages = " ".join(r["message"] for r in as_html["explanation"]["reasons"])
    assert "'war'" in messages
    raw = client.post(
        "/v1/score", json={"headline": story["overstated"], "body": html, "body_format": "text"}
    ).json()
    assert raw != as_html


def test_the_evidence_the_scorer_found_is_returned_with_its_offsets(client, stories):
    body = stories[0]["body"]
    result = client.post("/v1/score", json={"headline": stories[0]["faithful"], "body": body})
    assert result.status_code == 200
    explanation = result.json()["explanation"]
    assert explanation["evidence"] and explanation["body_text"] is None
    for evidence in explanation["evidence"]:
        assert body[evidence["start"] : evidence["end"]] == evidence["text"]
        assert 0 <= evidence["similarity"]


def test_evidence_in_an_html_body_counts_in_its_text_which_is_returned(client, stories):
    sentences = stories[0]["body"].split(". ")
    html = "<p>" + "</p><p>".join(f"<b>{s}</b>." for s in sentences) + "</p>"
    item = {"headline": stories[0]["faithful"], "body": html, "body_format": "html"}
    for explanation in (
        client.post("/v1/score", json=item).json()["explanation"],
        client.post("/v1/score/batch", json={"items": [item]}).json()["results"][0]["explanation"],
    ):
        assert explanation["body_text"] == html_to_text(html)
        assert explanation["evidence"]
        for evidence in explanation["evidence"]:
            text = explanation["body_text"][evidence["start"] : evidence["end"]]
            assert text == evidence["text"]
            assert html[evidence["start"] : evidence["end"]] != text


def test_hostile_html_of_the_largest_allowed_size_is_answered_at_once(client):
    # 200,000 characters of "<!--" took 16.5 s with Python's html.parser (quadratic).
    started = time.process_time()
    hostile = {
        "headline": "Council approves budget",
        "body": "<!--" * 50_000,
        "body_format": "html",
    }
    response = client.post("/v1/score", json=hostile)
    assert response.status_code == 200 and response.json()["headline_only"] is True
    assert time.process_time() - started < 1.0


def test_html_nested_too_deep_is_refused_naming_the_item(client):
    items = [
        {"headline": "Council approves budget", "body": "<p>Fine.</p>", "body_format": "html"},
        {"headline": "Council approves budget", "body": "<b>" * 300, "body_format": "html"},
    ]
    response = client.post("/v1/score/batch", json={"items": items})
    assert response.status_code == 422
    error = error_of(response)
    assert (error["code"], error["field"]) == ("too_deep", "items[1].body")
    assert "deeper than 256" in error["message"]


def test_batch_scores_every_item_in_order_like_single_requests(client, stories):
    items = [
        {"id": f"{i}-{kind}", "headline": story[kind], "body": story["body"]}
        for i, story in enumerate(stories)
        for kind in ("faithful", "overstated")
    ]
    response = client.post("/v1/score/batch", json={"items": items})
    assert response.status_code == 200
    batch = response.json()
    assert batch["model_version"] == "v1-tiny"
    assert [r["id"] for r in batch["results"]] == [item["id"] for item in items]
    for item, result in zip(items[:4], batch["results"][:4], strict=True):
        assert client.post("/v1/score", json=item).json() == result


@pytest.mark.parametrize("value", ["false", "0", "off"])
def test_explain_false_leaves_out_the_explanation_and_keeps_the_score(client, stories, value):
    story = stories[0]
    article = {"headline": story["overstated"], "body": story["body"], "id": "s-1"}
    explained = client.post("/v1/score", json=article).json()
    response = client.post(f"/v1/score?explain={value}", json=article)
    assert response.status_code == 200
    bare = response.json()
    assert set(bare) == RESULT_KEYS
    assert bare["explanation"] is None
    assert bare == {**explained, "explanation": None}
    assert client.post("/v1/score?explain=true", json=article).json() == explained


def test_explain_false_on_a_batch_leaves_out_every_explanation(client, stories):
    items = [
        {"id": str(i), "headline": s["overstated"], "body": s["body"]}
        for i, s in enumerate(stories)
    ]
    explained = client.post("/v1/score/batch", json={"items": items}).json()
    bare = client.post("/v1/score/batch?explain=false", json={"items": items}).json()
    assert all(result["explanation"] for result in explained["results"])
    assert bare == {
        **explained,
        "results": [{**result, "explanation": None} for result in explained["results"]],
    }


@pytest.mark.parametrize("path", ["/v1/score", "/v1/score/batch"])
def test_an_explain_value_that_is_not_a_boolean_is_a_422_naming_it(client, path):
    article = {"headline": "Markets soar"}
    payload = article if path == "/v1/score" else {"items": [article]}
    response = client.post(f"{path}?explain=maybe", json=payload)
    assert response.status_code == 422
    error = error_of(response)
    assert (error["code"], error["field"]) == ("wrong_type", "explain")


def test_an_unknown_query_parameter_is_refused_like_an_unknown_field(client):
    response = client.post("/v1/score?explian=false", json={"headline": "Markets soar"})
    assert response.status_code == 422
    error = error_of(response)
    assert (error["code"], error["field"]) == ("unknown_field", "explian")


def test_one_bad_item_rejects_the_whole_batch_and_nothing_is_scored(make_client, stories):
    client = make_client()
    calls = []
    real = client.app.state.holder.current

    class CountingScorer:
        model_version = real.model_version

        def score_batch(self, articles, explain=True):
            calls.append(len(articles))
            return real.score_batch(articles, explain)

    client.app.dependency_overrides[get_scorer] = CountingScorer
    items = [{"headline": s["faithful"], "body": s["body"]} for s in stories[:5]]
    items[3]["headline"] = "   "
    response = client.post("/v1/score/batch", json={"items": items})
    assert response.status_code == 422
    assert error_of(response) == {
        "code": "empty_headline",
        "message": "items[3].headline is empty or only whitespace",
        "field": "items[3].headline",
    }
    assert calls == []
    items[3]["headline"] = "A fine headline"
    assert client.post("/v1/score/batch", json={"items": items}).status_code == 200
    assert calls == [5]


# Errors: one shape, the field named


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({"headline": ""}, "empty_headline", "headline"),
        ({"headline": " \t\n "}, "empty_headline", "headline"),
        ({"headline": "\x1e\u3000\x85"}, "empty_headline", "headline"),
        ({"body": "A body without a headline."}, "missing_field", "headline"),
        ({"headline": 42}, "wrong_type", "headline"),
        ({"headline": "Fine", "body": ["not", "text"]}, "wrong_type", "body"),
        ({"headline": "Fine", "id": 7}, "wrong_type", "id"),
        ({"headline": "Fine", "author": "someone"}, "unknown_field", "author"),
        ({"headline": "Fine", "": "empty key"}, "unknown_field", '""'),
        ({"headline": "Fine", "body_format": "markdown"}, "invalid_value", "body_format"),
        (["headline", "body"], "wrong_type", None),
        ("just a string", "wrong_type", None),
    ],
)
def test_invalid_single_requests_get_422_naming_the_field(client, payload, code, field):
    response = client.post("/v1/score", json=payload)
    assert response.status_code == 422
    error = error_of(response)
    assert (error["code"], error.get("field")) == (code, field)


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({"items": []}, "too_few_items", "items"),
        ({"items": {"headline": "x"}}, "wrong_type", "items"),
        (
            {"items": [{"headline": "ok"}, {"headline": "ok", "body": 3}]},
            "wrong_type",
            "items[1].body",
        ),
        ({"items": [{"headline": "ok", "extra": 1}]}, "unknown_field", "items[0].extra"),
        ({"items": [{"headline": "ok"}], "more": True}, "unknown_field", "more"),
        ({}, "missing_field", "items"),
    ],
)
def test_invalid_batches_get_422_naming_the_item_and_field(client, payload, code, field):
    response = client.post("/v1/score/batch", json=payload)
    assert response.status_code == 422
    error = error_of(response)
    assert (error["code"], error.get("field")) == (code, field)


def test_500000_unknown_keys_are_one_error_naming_the_first_few(client):
    # An 8 MB body of unknown keys once took pydantic an error per key, on the worker's event
    # loop (FastAPI validates there): 1.3 s and more. One error for the lot leaves the work
    # bounded by reading the JSON, as for any body of that size.
    unknown = {f"x{index:07d}": 1 for index in range(500_000)}
    raw = json.dumps({"headline": "Council approves budget", **unknown}).encode()
    started = time.process_time()
    json.loads(raw)
    parsing = time.process_time() - started
    started = time.process_time()
    response = client.post("/v1/score", content=raw, headers={"content-type": "application/json"})
    answering = time.process_time() - started
    assert response.status_code == 422
    error = error_of(response)
    assert (error["code"], error["field"]) == ("unknown_field", "x0000000")
    assert "x0000001, x0000002 and 499,997 more" in error["message"]
    # CPU time, so other work on the machine does not count; the margin is wide, an error per
    # key took ten times the parsing.
    assert answering < 4 * parsing + 0.2, (answering, parsing)


def test_unknown_keys_in_batch_items_are_one_error_per_item_not_per_key(make_client):
    models = request_models(make_client().app.state.settings)
    item = {"headline": "ok", **{f"k{index}": 1 for index in range(2_000)}}
    with pytest.raises(ValidationError) as refused:
        models.BatchRequest.model_validate({"items": [item] * 256})
    assert refused.value.error_count() == 256


def test_invalid_json_is_a_422(client):
    response = client.post(
        "/v1/score", content=b'{"headline": "Unclosed', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid_json"
    assert "not valid JSON" in error["message"]


def test_a_body_that_is_not_utf8_is_invalid_json_too(client):
    response = client.post(
        "/v1/score", content=b"\xff\xfe{", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert error_of(response)["code"] == "invalid_json"


def test_deeply_nested_json_is_invalid_json_and_says_so(client):
    response = client.post(
        "/v1/score", content=b"[" * 100_000, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid_json" and "nested too deeply" in error["message"]


@pytest.mark.parametrize("invisible", ["\u200b", "\u200b\u200c\u200d", "\ufeff \u2060", "\u00ad"])
def test_a_headline_of_only_invisible_characters_is_empty(client, invisible):
    response = client.post("/v1/score", json={"headline": invisible, "body": "Some body."})
    assert response.status_code == 422
    assert error_of(response)["code"] == "empty_headline"


def test_a_body_that_is_not_declared_json_is_refused_with_a_hint(client):
    response = client.post("/v1/score", content=b'{"headline": "Hi"}')
    assert response.status_code == 422
    assert "Content-Type: application/json" in error_of(response)["message"]


def test_unknown_paths_and_wrong_methods_use_the_same_shape(client):
    missing = client.get("/v1/nothing-here")
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"
    wrong = client.get("/v1/score")
    assert wrong.status_code == 405 and error_of(wrong)["code"] == "method_not_allowed"
    assert wrong.headers["allow"] == "POST"


def test_an_unexpected_failure_is_a_500_without_a_stack_trace(make_client):
    client = make_client()

    class BrokenScorer:
        model_version = "broken"

        def score_batch(self, articles, explain=True):
            raise RuntimeError("secret internal detail at /srv/hypegap/model.py line 12")

    client.app.dependency_overrides[get_scorer] = BrokenScorer
    response = client.post("/v1/score", json={"headline": "Fine"})
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "internal_error"
    assert "secret" not in response.text and "Traceback" not in response.text


# Limits


def test_default_limits_are_enforced_and_named(client):
    long_headline = client.post("/v1/score", json={"headline": "x" * 1001})
    assert long_headline.status_code == 422
    error = error_of(long_headline)
    assert (error["code"], error["field"]) == ("too_long", "headline")
    assert "1,000 characters" in error["message"]
    assert client.post("/v1/score", json={"headline": "x" * 1000}).status_code == 200

    long_body = client.post("/v1/score", json={"headline": "Fine", "body": "y" * 200_001})
    assert long_body.status_code == 422
    assert "200,000 characters" in error_of(long_body)["message"]

    items = [{"headline": f"Headline {i}"} for i in range(257)]
    too_many = client.post("/v1/score/batch", json={"items": items})
    assert too_many.status_code == 422
    error = error_of(too_many)
    assert (error["code"], error["field"]) == ("too_many_items", "items")
    assert "256 items" in error["message"]
    assert client.post("/v1/score/batch", json={"items": items[:256]}).status_code == 200


def test_a_request_over_10_mb_is_refused_with_413(client):
    payload = json.dumps({"headline": "Big", "body": "z" * (10 * 1024 * 1024)}).encode()
    response = client.post(
        "/v1/score", content=payload, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    error = error_of(response)
    assert error["code"] == "request_too_large"
    assert "10,485,760 bytes" in error["message"]


def test_a_chunked_request_is_cut_off_at_the_limit(make_client):
    client = make_client(max_request_bytes=4096)

    def chunks():
        yield b'{"headline": "Big", "body": "'
        for _ in range(10):
            yield b"z" * 1000
        yield b'"}'

    response = client.post(
        "/v1/score", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert "4,096 bytes" in error_of(response)["message"]


def test_limits_are_settings_and_the_schema_states_them(make_client):
    client = make_client(max_headline_chars=20, max_body_chars=50, max_batch_items=2)
    assert client.post("/v1/score", json={"headline": "h" * 20}).status_code == 200
    assert client.post("/v1/score", json={"headline": "h" * 21}).status_code == 422
    assert client.post("/v1/score", json={"headline": "h", "body": "b" * 51}).status_code == 422
    three = {"items": [{"headline": "a"}] * 3}
    assert "2 items" in error_of(client.post("/v1/score/batch", json=three))["message"]
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert schemas["ScoreRequest"]["properties"]["headline"]["maxLength"] == 20
    assert schemas["ScoreRequest"]["properties"]["body"]["maxLength"] == 50
    assert schemas["BatchRequest"]["properties"]["items"]["maxItems"] == 2


# The model card and health


def test_the_model_card_describes_the_model_without_file_system_paths(
    make_client, artifacts_dir, tiny_artifact
):
    publish_version(
        artifacts_dir,
        tiny_artifact,
        "v2-card",
        git_commit="4f1c2e9",
        data_files={
            "/work/shared/data/webis17/instances.jsonl": "ab" * 32,
            "fnc1/train_bodies.csv": {"sha256": "cd" * 32, "rows": 1683},
        },
        metrics={
            "webis17_test": {"mse": 0.029, "roc_auc": 0.86},
            "report": "/work/main/reports/metrics.md",
        },
        data_rows={"webis17": {"train": 13815, "test": 3892}},
        training_cost={"wall_seconds": 174.1, "peak_memory_mib": 1758},
    )
    card = make_client().get("/v1/model").json()
    assert card["model_version"] == "v2-card"
    assert card["git_commit"] == "4f1c2e9"
    assert card["thresholds"] == TINY_THRESHOLDS
    assert card["metrics"] == {"webis17_test": {"mse": 0.029, "roc_auc": 0.86}}
    assert {(s["name"], s["file"]) for s in card["data_sources"]} == {
        ("webis17", "instances.jsonl"),
        ("fnc1", "train_bodies.csv"),
    }
    assert card["data_rows"] == {"webis17": {"train": 13815, "test": 3892}}
    assert card["training_cost"]["wall_seconds"] == 174.1
    assert card["environment"]["scikit_learn"]
    assert card["trained_at"]
    text = json.dumps(card)
    assert "/work" not in text and str(artifacts_dir) not in text


def test_health_live_and_ready(client):
    assert client.get("/health/live").json() == {"status": "live"}
    assert client.get("/health/ready").json() == {"status": "ready", "model_version": "v1-tiny"}


def test_before_the_model_is_loaded_the_service_is_live_but_not_ready(artifacts_dir):
    from fastapi.testclient import TestClient

    from service.app import create_app
    from service.settings import Settings

    app = create_app(Settings(model_dir=artifacts_dir / CURRENT, api_keys=[]))
    client = TestClient(app)  # no `with`: the lifespan, which loads the model, has not run
    assert client.get("/health/live").status_code == 200
    ready = client.get("/health/ready")
    assert ready.status_code == 503 and error_of(ready)["code"] == "not_ready"
    assert client.post("/v1/score", json={"headline": "Hi"}).status_code == 503


def test_the_editor_page_and_its_assets_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<html" in page.text.lower()
    assert client.get("/static/does-not-exist.js").status_code == 404


# OpenAPI


def test_docs_page_works_offline_from_local_assets(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "http" not in page.text.replace("/openapi.json", "")  # no CDN: nothing off-site
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/docs-assets/{asset}" in page.text
        assert client.get(f"/docs-assets/{asset}").status_code == 200


def test_docs_show_an_example_for_every_request_and_response(client):
    assert client.get("/docs").status_code == 200
    schema = client.get("/openapi.json").json()
    components = schema["components"]["schemas"]

    def has_example(content) -> bool:
        media = next(iter(content.values()))
        if "example" in media or "examples" in media:
            return True
        ref = media.get("schema", {}).get("$ref", "")
        return "examples" in components.get(ref.rsplit("/", 1)[-1], {})

    operations = [(p, m, op) for p, ops in schema["paths"].items() for m, op in ops.items()]
    assert {p for p, _, _ in operations} >= {
        "/v1/score", "/v1/score/batch", "/v1/model", "/v1/admin/reload",
        "/health/live", "/health/ready", "/metrics", "/v1/feedback", "/v1/feedback/{verdict_id}",
    }  # fmt: skip
    for path, method, operation in operations:
        if "requestBody" in operation:
            assert has_example(operation["requestBody"]["content"]), (method, path)
        for status, response in operation["responses"].items():
            if status == "204":  # No Content
                assert "content" not in response, (path, status)
                continue
            assert "content" in response and has_example(response["content"]), (path, status)
