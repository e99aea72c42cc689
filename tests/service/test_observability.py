"""Prometheus metrics and JSON access logs, as an operator would read them."""

import json
import logging

from prometheus_client.parser import text_string_to_metric_families

from service.observability import JsonLines


def samples(client) -> dict:
    """{(sample name, frozenset of labels): value} from /metrics."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(found: dict, name: str, **labels) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def test_requests_errors_and_latency_are_counted_per_endpoint_and_model(client):
    for _ in range(3):
        client.post("/v1/score", json={"headline": "Council approves budget"})
    client.post("/v1/score", json={"headline": " "})
    client.post("/v1/score/batch", json={"items": [{"headline": "A"}, {"headline": "B"}]})
    client.get("/v1/missing")
    found = samples(client)
    ok = {"method": "POST", "endpoint": "/v1/score", "model_version": "v1-tiny"}
    assert value(found, "hypegap_requests_total", status="200", **ok) == 3
    assert value(found, "hypegap_requests_total", status="422", **ok) == 1
    assert value(found, "hypegap_errors_total", code="empty_headline", **ok) == 1
    assert value(found, "hypegap_request_duration_seconds_count", **ok) == 4
    assert value(found, "hypegap_request_duration_seconds_sum", **ok) > 0
    batch = {"method": "POST", "endpoint": "/v1/score/batch", "model_version": "v1-tiny"}
    assert value(found, "hypegap_requests_total", status="200", **batch) == 1
    unmatched = {"method": "GET", "endpoint": "unmatched", "model_version": "v1-tiny"}
    assert value(found, "hypegap_errors_total", code="not_found", **unmatched) == 1


def test_health_probes_and_scrapes_are_left_out(client):
    for _ in range(5):
        client.get("/health/live")
        client.get("/health/ready")
    client.get("/metrics")
    endpoints = {
        dict(labels).get("endpoint")
        for (name, labels) in samples(client)
        if name.startswith("hypegap_requests")
    }
    assert not endpoints & {"/health/live", "/health/ready", "/metrics"}


def test_each_request_is_one_json_access_line_without_the_article(client, caplog, stories):
    story = stories[0]
    with caplog.at_level(logging.INFO, logger="hypegap.access"):
        client.post("/v1/score", json={"headline": story["overstated"], "body": story["body"]})
        client.post("/v1/score", json={"headline": ""})
    records = [r for r in caplog.records if r.name == "hypegap.access"]
    assert len(records) == 2
    lines = [JsonLines().format(record) for record in records]
    assert all("\n" not in line for line in lines)
    scored, refused = (json.loads(line) for line in lines)
    assert {k: scored[k] for k in ("method", "path", "status", "model_version")} == {
        "method": "POST",
        "path": "/v1/score",
        "status": 200,
        "model_version": "v1-tiny",
    }
    assert scored["latency_ms"] > 0
    assert (refused["status"], refused["error"]) == (422, "empty_headline")
    for line in lines:
        assert story["overstated"] not in line and story["body"][:40] not in line


def test_access_lines_can_be_turned_off(make_client, caplog):
    quiet = make_client(access_log=False)
    with caplog.at_level(logging.INFO, logger="hypegap.access"):
        quiet.post("/v1/score", json={"headline": "Council approves budget"})
    assert not [r for r in caplog.records if r.name == "hypegap.access"]
