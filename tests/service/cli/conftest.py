"""Helpers for the `hypegap` command's tests, run through `main(argv)` on tests/fixtures/cli.

malformed.jsonl holds two good articles (lines 1 and 11) among bad lines: invalid JSON (2 and
12, the last without a newline), an array (3), no headline (4), an empty and a blank headline
(5, 7), a blank line that is skipped (6), and wrong types for headline, body and id (8, 9, 10).
"""

import json
from pathlib import Path

import pytest

from model.scorer import Article
from service.cli import main
from service.html_text import html_to_text

FIXTURES = Path(__file__).parents[2] / "fixtures" / "cli"
ROOT = Path(__file__).parents[3]
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
# Its visible text is too short to compare with, its markup is not: `headline_only` tells which
# of the two was scored.
# Its visible text is no full sentence: read as HTML, the article is scored from its headline.
HTML_BODY = "<p>Council vote.</p><script>" + "track(page); " * 30 + "</script>"
HTML_ARTICLE = {"headline": "Council backs cycle lanes", "body": HTML_BODY, "body_format": "html"}


def run(argv, capsys):
    status = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return status, out, err


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def fixture_articles(name: str) -> list[dict]:
    return read_jsonl(FIXTURES / name)


def expected_object(scorer, article_id, headline, body="", body_format="text") -> dict:
    text = html_to_text(body) if body_format == "html" else body
    scored = scorer.score_batch([Article(headline, text)])[0].to_dict()
    body_text = text if body_format == "html" else None
    scored["explanation"] = {"evidence": [], **scored["explanation"], "body_text": body_text}
    return {"id": article_id, **scored}


@pytest.fixture(autouse=True)
def no_ambient_configuration(monkeypatch):
    for variable in ("HYPEGAP_MODEL_DIR", "HYPEGAP_API_KEY", "HYPEGAP_SETTINGS_FILE"):
        monkeypatch.delenv(variable, raising=False)
