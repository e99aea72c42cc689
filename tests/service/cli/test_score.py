"""`hypegap score`: one article, for a person or as JSON."""

import io
import json
import sys

import pytest

from tests.service.cli.conftest import API_FIELDS, FIXTURES, expected_object, run


def test_score_prints_score_level_and_reasons(tiny_artifact, tiny_scorer, stories, capsys):
    story = stories[1]
    status, out, err = run(
        [
            "score",
            "--model",
            tiny_artifact,
            "--headline",
            story["overstated"],
            "--body-file",
            FIXTURES / "story.txt",
        ],
        capsys,
    )
    expected = tiny_scorer.score(story["overstated"], story["body"] + "\n")
    assert status == 0, err
    assert f"score  {expected.score:.2f}  {expected.level}" in out
    assert expected.model_version in out
    for reason in expected.explanation.reasons:
        assert f"{reason.weight:+.2f}  {reason.message}" in out
    assert err == ""


def test_score_json_is_the_api_object(tiny_artifact, tiny_scorer, stories, capsys):
    story = stories[0]
    argv = ["score", "--model", tiny_artifact, "--headline", story["faithful"], "--json"]
    status, out, _ = run([*argv, "--body", story["body"]], capsys)
    printed = json.loads(out)
    assert status == 0
    assert list(printed) == API_FIELDS
    assert printed == expected_object(tiny_scorer, None, story["faithful"], story["body"])


def test_score_reads_the_body_from_stdin(tiny_artifact, stories, capsys, monkeypatch):
    story = stories[2]
    argv = ["score", "--model", tiny_artifact, "--headline", story["overstated"], "--json"]
    _, from_option, _ = run([*argv, "--body", story["body"]], capsys)
    monkeypatch.setattr(sys, "stdin", io.StringIO(story["body"]))
    status, from_stdin, _ = run([*argv, "--body-file", "-"], capsys)
    assert status == 0
    assert json.loads(from_stdin) == json.loads(from_option)


def test_score_without_a_body_says_headline_only(tiny_artifact, capsys):
    status, out, _ = run(
        ["score", "--model", tiny_artifact, "--headline", "Markets SOAR!", "--json"], capsys
    )
    assert status == 0
    assert json.loads(out)["headline_only"] is True


@pytest.mark.parametrize("headline", ["", "   "])
def test_score_refuses_an_empty_headline(tiny_artifact, headline, capsys):
    status, out, err = run(["score", "--model", tiny_artifact, "--headline", headline], capsys)
    assert status == 1
    assert out == ""
    assert err == "hypegap: the headline is empty\n"


def test_unreadable_body_file_is_one_line(tiny_artifact, tmp_path, capsys):
    argv = ["score", "--model", tiny_artifact, "--headline", "Hi", "--body-file"]
    status, _, err = run([*argv, tmp_path / "missing.txt"], capsys)
    assert status == 1
    assert err.startswith("hypegap: cannot read the body file")
    assert err.count("\n") == 1


def test_score_holds_the_headline_to_the_service_limit(tiny_artifact, monkeypatch, capsys):
    monkeypatch.setenv("HYPEGAP_MAX_HEADLINE_CHARS", "10")
    argv = ["score", "--model", tiny_artifact, "--headline", "Markets SOAR!"]
    status, out, err = run(argv, capsys)
    assert status == 1
    assert out == ""
    assert err == "hypegap: the headline is longer than the limit of 10 characters\n"


def test_score_no_explain_prints_score_level_and_model_only(
    tiny_artifact, tiny_scorer, stories, capsys
):
    story = stories[1]
    argv = ["score", "--model", tiny_artifact, "--headline", story["overstated"]]
    status, out, err = run([*argv, "--body", story["body"], "--no-explain"], capsys)
    expected = tiny_scorer.score(story["overstated"], story["body"])
    assert status == 0, err
    assert out.splitlines() == [
        f"score  {expected.score:.2f}  {expected.level}",
        f"model  {expected.model_version}",
    ]
    _, printed, _ = run([*argv, "--body", story["body"], "--no-explain", "--json"], capsys)
    assert json.loads(printed) == {
        **expected_object(tiny_scorer, None, story["overstated"], story["body"]),
        "explanation": None,
    }
