"""`hypegap score-file`: JSONL in, the API's objects out, bad lines reported, output atomic."""

import io
import json
import os
import subprocess
import sys
import time

from service.cli import main
from service.cli.errors import EXIT_BAD_LINES, EXIT_INTERRUPTED
from tests.service.cli.conftest import (
    FIXTURES,
    HTML_ARTICLE,
    HTML_BODY,
    MALFORMED_BAD_LINES,
    ROOT,
    expected_object,
    fixture_articles,
    read_jsonl,
    run,
    write_jsonl,
)


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


def test_score_file_no_explain_writes_the_same_scores_without_explanations(
    tiny_artifact, tmp_path, capsys
):
    explained, bare = tmp_path / "explained.jsonl", tmp_path / "bare.jsonl"
    argv = ["score-file", FIXTURES / "articles.jsonl", "--model", tiny_artifact]
    assert run([*argv, "-o", explained], capsys)[0] == 0
    assert run([*argv, "-o", bare, "--no-explain"], capsys)[0] == 0
    assert all(result["explanation"] for result in read_jsonl(explained))
    assert read_jsonl(bare) == [{**result, "explanation": None} for result in read_jsonl(explained)]


def test_score_file_reports_bad_lines_and_keeps_good_ones(tiny_artifact, tmp_path, capsys):
    output = tmp_path / "scored.jsonl"
    source = FIXTURES / "malformed.jsonl"
    status, _, err = run(["score-file", source, "-o", output, "--model", tiny_artifact], capsys)
    assert status == EXIT_BAD_LINES == 3
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

    def recording(self, articles, explain=True):
        sizes.append(len(articles))
        return original(self, articles, explain)

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

    def failing_second_batch(self, articles, explain=True):
        calls.append(len(articles))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(self, articles, explain)

    monkeypatch.setattr(Scorer, "score_batch", failing_second_batch)
    status = main(["score-file", str(source), "-o", str(output), "--model", str(tiny_artifact)])
    assert status == EXIT_INTERRUPTED
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
    assert process.returncode == EXIT_INTERRUPTED
    assert err == "hypegap: interrupted\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]


def test_missing_input_file_is_one_line(tiny_artifact, tmp_path, capsys):
    argv = ["score-file", tmp_path / "nope.jsonl", "-o", tmp_path / "out.jsonl"]
    status, _, err = run([*argv, "--model", tiny_artifact], capsys)
    assert status == 1
    assert err.startswith("hypegap: cannot read") and err.count("\n") == 1
    assert not (tmp_path / "out.jsonl").exists()


def test_score_file_holds_lines_to_the_api_article(tiny_artifact, tiny_scorer, tmp_path, capsys):
    lines = [
        {"id": "html", **HTML_ARTICLE},
        {"id": None, "headline": "Storm closes schools", "url": "https://example.org/storm"},
        {"headline": "Word " * 201},
        {"headline": "Fine headline", "body_format": "markdown"},
    ]
    source = write_jsonl(tmp_path / "articles.jsonl", lines)
    output = tmp_path / "out.jsonl"
    status, _, err = run(["score-file", source, "-o", output, "--model", tiny_artifact], capsys)
    assert status == EXIT_BAD_LINES
    assert f"{source}:3: field 'headline' is longer than the limit of 1,000 characters" in err
    assert f"{source}:4: field 'body_format': Input should be 'text' or 'html'" in err
    results = read_jsonl(output)
    assert results == [
        expected_object(tiny_scorer, "html", HTML_ARTICLE["headline"], HTML_BODY, "html"),
        expected_object(tiny_scorer, "2", "Storm closes schools"),
    ]
    assert results[0]["headline_only"] is True


def test_score_file_limits_are_the_service_settings(tiny_artifact, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HYPEGAP_MAX_BODY_CHARS", "10")
    source = tmp_path / "articles.jsonl"
    source.write_text(json.dumps({"headline": "Fine", "body": "Eleven char"}) + "\n")
    argv = ["score-file", source, "-o", tmp_path / "out.jsonl", "--model", tiny_artifact]
    status, _, err = run(argv, capsys)
    assert status == EXIT_BAD_LINES
    assert f"{source}:1: field 'body' is longer than the limit of 10 characters" in err
