"""Where the scoring happens: the model on disk (which one, and when it is missing) or --url."""

import json
import socket

from tests.service.cli.conftest import (
    API_FIELDS,
    FIXTURES,
    HTML_ARTICLE,
    HTML_BODY,
    MALFORMED_BAD_LINES,
    read_jsonl,
    run,
    write_jsonl,
)
from tests.service.conftest import API_KEY


def test_missing_model_is_one_line_telling_to_train(tmp_path, capsys):
    status, _, err = run(["score", "--model", tmp_path / "nothing", "--headline", "Hi"], capsys)
    assert status == 1
    assert err.startswith("hypegap: no model artifact")
    assert "make train" in err
    assert err.count("\n") == 1


def test_model_defaults_to_the_service_setting(tiny_artifact, monkeypatch, capsys):
    monkeypatch.setenv("HYPEGAP_MODEL_DIR", str(tiny_artifact))
    status, out, _ = run(["score", "--headline", "Markets SOAR!", "--json"], capsys)
    assert status == 0
    assert json.loads(out)["model_version"] == tiny_artifact.name


def test_url_score_prints_what_the_local_model_prints(tiny_artifact, service_url, stories, capsys):
    story = stories[1]
    argv = ["score", "--headline", story["overstated"], "--body", story["body"], "--json"]
    status, remote, err = run([*argv, "--url", service_url], capsys)
    assert status == 0, err
    _, local, _ = run([*argv, "--model", tiny_artifact], capsys)
    assert json.loads(remote) == json.loads(local)
    assert list(json.loads(remote)) == API_FIELDS


def test_url_score_file_matches_local(tiny_artifact, service_url, tmp_path, capsys):
    local, remote = tmp_path / "local.jsonl", tmp_path / "remote.jsonl"
    source = FIXTURES / "malformed.jsonl"
    status_local, _, err_local = run(
        ["score-file", source, "-o", local, "--model", tiny_artifact], capsys
    )
    status_remote, _, err_remote = run(
        ["score-file", source, "-o", remote, "--url", service_url], capsys
    )
    assert status_local == status_remote == 3
    assert read_jsonl(remote) == read_jsonl(local)
    bad = [line for line in err_remote.splitlines() if line.startswith(str(source))]
    assert len(bad) == len(MALFORMED_BAD_LINES)


def test_url_no_explain_asks_the_service_for_scores_only(
    tiny_artifact, service_url, tmp_path, capsys
):
    local, remote = tmp_path / "local.jsonl", tmp_path / "remote.jsonl"
    source = FIXTURES / "articles.jsonl"
    assert (
        run(["score-file", source, "-o", local, "--model", tiny_artifact, "--no-explain"], capsys)[
            0
        ]
        == 0
    )
    assert (
        run(["score-file", source, "-o", remote, "--url", service_url, "--no-explain"], capsys)[0]
        == 0
    )
    assert read_jsonl(remote) == read_jsonl(local)
    assert all(result["explanation"] is None for result in read_jsonl(remote))
    argv = ["score", "--headline", "Markets SOAR!", "--json", "--no-explain", "--url", service_url]
    status, out, err = run(argv, capsys)
    assert status == 0, err
    assert json.loads(out)["explanation"] is None


def test_url_reports_an_article_the_service_refuses(service_url, tmp_path, capsys):
    lines = [
        {"id": "ok-1", "headline": "Council raises parking fees"},
        {"id": "too-long", "headline": "Word " * 300},
        {"id": "ok-2", "headline": "Storm closes schools"},
    ]
    source = write_jsonl(tmp_path / "long.jsonl", lines)
    output = tmp_path / "out.jsonl"
    status, _, err = run(["score-file", source, "-o", output, "--url", service_url], capsys)
    assert status == 3
    assert f"{source}:2: " in err
    assert "1,000" in err
    assert [result["id"] for result in read_jsonl(output)] == ["ok-1", "ok-2"]


def test_url_needs_the_api_key_when_the_service_has_keys(keyed_service_url, monkeypatch, capsys):
    argv = ["score", "--headline", "Storm closes schools", "--url", keyed_service_url, "--json"]
    status, out, err = run(argv, capsys)
    assert status == 1
    assert out == ""
    assert "401" in err and "--api-key" in err and err.count("\n") == 1
    status, out, _ = run([*argv, "--api-key", API_KEY], capsys)
    assert status == 0
    assert json.loads(out)["level"] in {"faithful", "stretched", "overstated"}
    monkeypatch.setenv("HYPEGAP_API_KEY", API_KEY)
    status, _, _ = run(argv, capsys)
    assert status == 0


def test_url_unreachable_is_one_line(tmp_path, capsys):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    output = tmp_path / "out.jsonl"
    argv = ["score-file", FIXTURES / "articles.jsonl", "-o", output]
    status, _, err = run([*argv, "--url", f"http://127.0.0.1:{port}"], capsys)
    assert status == 1
    assert err.startswith("hypegap: cannot reach the service") and err.count("\n") == 1
    assert not output.exists()
    assert list(tmp_path.iterdir()) == []


def test_url_and_local_read_html_bodies_and_extra_fields_alike(
    tiny_artifact, service_url, tmp_path, capsys
):
    lines = [
        {"id": "a", **HTML_ARTICLE},
        {"headline": "Council BANS cars!", "body": HTML_BODY, "section": "local", "id": None},
    ]
    source = write_jsonl(tmp_path / "cms.jsonl", lines)
    local, remote = tmp_path / "local.jsonl", tmp_path / "remote.jsonl"
    assert run(["score-file", source, "-o", local, "--model", tiny_artifact], capsys)[0] == 0
    assert run(["score-file", source, "-o", remote, "--url", service_url], capsys)[0] == 0
    assert read_jsonl(remote) == read_jsonl(local)
    assert [(result["id"], result["headline_only"]) for result in read_jsonl(local)] == [
        ("a", True),
        ("2", False),
    ]
