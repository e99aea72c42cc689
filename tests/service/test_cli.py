"""The `hypegap` command, run through `main(argv)` on the fixture files in tests/fixtures/cli.

malformed.jsonl holds two good articles (lines 1 and 11) among bad lines: invalid JSON (2 and
12, the last without a newline), an array (3), no headline (4), an empty and a blank headline
(5, 7), a blank line that is skipped (6), and wrong types for headline, body and id (8, 9, 10).
"""

import io
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from model.scorer import Article
from service import cli
from tests.service.conftest import API_KEY

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cli"
ROOT = Path(__file__).parents[2]
API_FIELDS = ["id", "score", "level", "headline_only", "model_version", "explanation"]
MALFORMED_BAD_LINES = {
    2: "invalid JSON",
    3: "expected a JSON object, got an array",
    4: "missing field 'headline'",
    5: "field 'headline' is empty",
    7: "field 'headline' is empty",
    8: "field 'headline' must be a string, got a number",
    9: "field 'body' must be a string, got an array",
    10: "field 'id' must be a string, got a number",
    12: "invalid JSON",
}


def run(argv, capsys):
    status = cli.main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return status, out, err


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def fixture_articles(name: str) -> list[dict]:
    return read_jsonl(FIXTURES / name)


def expected_object(scorer, article_id, headline, body="") -> dict:
    scored = scorer.score_batch([Article(headline, body)])[0].to_dict()
    return {"id": article_id, **scored}


@pytest.fixture(autouse=True)
def no_ambient_configuration(monkeypatch):
    for variable in ("HYPEGAP_MODEL_DIR", "HYPEGAP_API_KEY", "HYPEGAP_SETTINGS_FILE"):
        monkeypatch.delenv(variable, raising=False)


# hypegap score


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


def test_unreadable_body_file_is_one_line(tiny_artifact, tmp_path, capsys):
    argv = ["score", "--model", tiny_artifact, "--headline", "Hi", "--body-file"]
    status, _, err = run([*argv, tmp_path / "missing.txt"], capsys)
    assert status == 1
    assert err.startswith("hypegap: cannot read the body file")
    assert err.count("\n") == 1


def test_errors_print_no_traceback_in_a_real_process(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "service.cli", "score", "--headline", "Hi"],
        cwd=ROOT,
        env={**os.environ, "HYPEGAP_MODEL_DIR": str(tmp_path / "none")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert completed.stderr.strip().startswith("hypegap: no model artifact")


# --help everywhere, and the training commands passed through


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], "score-file"),
        (["score"], "--body-file"),
        (["score-file"], "--output"),
        (["train"], "--data-dir"),
        (["evaluate"], "--reports"),
    ],
)
def test_help_on_every_command(argv, expected, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([*argv, "--help"])
    assert exit_info.value.code == 0
    assert expected in capsys.readouterr().out


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([])
    assert exit_info.value.code == 2
    assert "usage: hypegap" in capsys.readouterr().err


@pytest.mark.parametrize(("command", "module"), [("train", "train"), ("evaluate", "evaluate")])
def test_train_and_evaluate_pass_their_arguments_through(command, module, monkeypatch):
    import importlib

    target = importlib.import_module(f"training.{module}")
    received = []
    monkeypatch.setattr(target, "main", lambda argv: received.append(argv) or 7)
    assert cli.main([command, "--data-dir", "somewhere", "--reports", "out"]) == 7
    assert received == [["--data-dir", "somewhere", "--reports", "out"]]


# hypegap score-file


def test_score_file_scores_every_article_in_order(tiny_artifact, tiny_scorer, tmp_path, capsys):
    output = tmp_path / "scored.jsonl"
    argv = ["score-file", FIXTURES / "articles.jsonl", "-o", output, "--model", tiny_artifact]
    status, out, err = run(argv, capsys)
    articles = fixture_articles("articles.jsonl")
    assert status == 0, err
    assert out == ""
    assert read_jsonl(output) == [
        expected_object(
            tiny_scorer,
            article.get("id", str(number)),
            article["headline"],
            article.get("body", ""),
        )
        for number, article in enumerate(articles, start=1)
    ]
    assert f"scored {len(articles)} articles into {output}" in err
    assert list(tmp_path.iterdir()) == [output]


def test_score_file_reports_bad_lines_and_keeps_good_ones(tiny_artifact, tmp_path, capsys):
    output = tmp_path / "scored.jsonl"
    source = FIXTURES / "malformed.jsonl"
    status, _, err = run(["score-file", source, "-o", output, "--model", tiny_artifact], capsys)
    assert status == cli.EXIT_BAD_LINES == 3
    reported = [line for line in err.splitlines() if line.startswith(f"{source}:")]
    assert [int(line.split(":")[1]) for line in reported] == sorted(MALFORMED_BAD_LINES)
    for line in reported:
        number = int(line.split(":")[1])
        assert MALFORMED_BAD_LINES[number] in line, line
    assert "9 bad lines skipped" in err
    assert [result["id"] for result in read_jsonl(output)] == ["first", "last"]


def test_score_file_rejects_text_that_is_not_utf8(tiny_artifact, tmp_path, capsys):
    source = tmp_path / "latin1.jsonl"
    source.write_bytes(
        b'{"headline": "Fine headline"}\n' + '{"headline": "Café"}\n'.encode("latin-1")
    )
    output = tmp_path / "out.jsonl"
    status, _, err = run(["score-file", source, "-o", output, "--model", tiny_artifact], capsys)
    assert status == 3
    assert f"{source}:2: not UTF-8 text" in err
    assert [result["id"] for result in read_jsonl(output)] == ["1"]


def test_score_file_on_an_empty_file_writes_an_empty_file(tiny_artifact, tmp_path, capsys):
    output = tmp_path / "scored.jsonl"
    argv = ["score-file", FIXTURES / "empty.jsonl", "-o", output, "--model", tiny_artifact]
    status, _, err = run(argv, capsys)
    assert status == 0, err
    assert output.read_bytes() == b""
    assert "scored 0 articles" in err


def test_score_file_streams_stdin_to_stdout(tiny_artifact, capsys, monkeypatch):
    data = (FIXTURES / "articles.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    status, out, _ = run(["score-file", "-", "--model", tiny_artifact], capsys)
    assert status == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in results] == ["tea-1", "tea-2", "3", "no-body", "café"]


def test_score_file_scores_in_batches_of_64(tiny_artifact, tmp_path, capsys, monkeypatch):
    from model.scorer import Scorer

    source = tmp_path / "many.jsonl"
    with open(source, "w", encoding="utf-8") as file:
        for number in range(150):
            file.write(json.dumps({"headline": f"Headline number {number}", "body": ""}) + "\n")
            if number == 70:
                file.write("not json\n")
    sizes = []
    original = Scorer.score_batch

    def recording(self, articles):
        sizes.append(len(articles))
        return original(self, articles)

    monkeypatch.setattr(Scorer, "score_batch", recording)
    output = tmp_path / "out.jsonl"
    status, _, err = run(["score-file", source, "-o", output, "--model", tiny_artifact], capsys)
    assert status == 3
    assert f"{source}:72: invalid JSON" in err
    assert sizes == [64, 64, 22]
    assert len(read_jsonl(output)) == 150


def test_a_failed_run_leaves_the_old_output_untouched(tiny_artifact, tmp_path, monkeypatch):
    from model.scorer import Scorer

    source = tmp_path / "many.jsonl"
    source.write_text(
        "".join(json.dumps({"headline": f"Story {n}"}) + "\n" for n in range(100)),
        encoding="utf-8",
    )
    output = tmp_path / "scored.jsonl"
    output.write_text("previous results\n", encoding="utf-8")
    original = Scorer.score_batch
    calls = []

    def failing_second_batch(self, articles):
        calls.append(len(articles))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(self, articles)

    monkeypatch.setattr(Scorer, "score_batch", failing_second_batch)
    status = cli.main(["score-file", str(source), "-o", str(output), "--model", str(tiny_artifact)])
    assert status == cli.EXIT_INTERRUPTED
    assert output.read_text(encoding="utf-8") == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many.jsonl", "scored.jsonl"]


def test_terminating_a_run_removes_its_temporary_file(tiny_artifact, tmp_path):
    source = tmp_path / "big.jsonl"
    source.write_text(
        "".join(json.dumps({"headline": f"Story number {n}"}) + "\n" for n in range(20_000)),
        encoding="utf-8",
    )
    output = tmp_path / "scored.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "score-file", source, "-o", output],
        cwd=ROOT,
        env={**os.environ, "HYPEGAP_MODEL_DIR": str(tiny_artifact)},
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".scored.jsonl.*.part")):
        assert process.poll() is None and time.monotonic() < deadline, "no temporary file seen"
        time.sleep(0.05)
    process.terminate()
    _, err = process.communicate(timeout=60)
    assert process.returncode == cli.EXIT_INTERRUPTED
    assert err == "hypegap: interrupted\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]


def test_missing_input_file_is_one_line(tiny_artifact, tmp_path, capsys):
    argv = ["score-file", tmp_path / "nope.jsonl", "-o", tmp_path / "out.jsonl"]
    status, _, err = run([*argv, "--model", tiny_artifact], capsys)
    assert status == 1
    assert err.startswith("hypegap: cannot read") and err.count("\n") == 1
    assert not (tmp_path / "out.jsonl").exists()


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal(tiny_artifact, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "PROGRESS_INTERVAL_SECONDS", 0)
    argv = ["score-file", FIXTURES / "articles.jsonl", "-o", tmp_path / "out.jsonl"]
    argv = [str(arg) for arg in [*argv, "--model", tiny_artifact]]
    assert cli.main(argv) == 0
    assert "\r" not in capsys.readouterr().err
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main(argv) == 0
    drawn = terminal.getvalue()
    assert "\r[" + "#" * cli.PROGRESS_BAR_WIDTH + "] 100%  5 articles" in drawn
    assert "\r\x1b[Khypegap: scored 5 articles" in drawn, "the bar is cleared at the end"


def test_bad_lines_are_reported_above_the_progress_bar(tiny_artifact, tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "PROGRESS_INTERVAL_SECONDS", 0)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    source = FIXTURES / "malformed.jsonl"
    argv = ["score-file", source, "-o", tmp_path / "out.jsonl", "--model", tiny_artifact]
    assert cli.main([str(arg) for arg in argv]) == 3
    assert f"\r\x1b[K{source}:2: invalid JSON" in terminal.getvalue()


# --url: the same commands against a running service


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


def test_url_reports_an_article_the_service_refuses(service_url, tmp_path, capsys):
    source = tmp_path / "long.jsonl"
    lines = [
        {"id": "ok-1", "headline": "Council raises parking fees"},
        {"id": "too-long", "headline": "Word " * 300},
        {"id": "ok-2", "headline": "Storm closes schools"},
    ]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
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
