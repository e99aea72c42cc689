"""The newsroom in the mix: verdicts and rated files as examples, split by article, reported.

The round trip runs as a newsroom would: verdicts posted through the API, `train`, `evaluate`,
on the tiny data directory in the real formats, with a tiny training config.
"""

import json
from collections import Counter
from hashlib import sha256

import pytest
from fastapi.testclient import TestClient

from feedback import DATABASE_URL_VARIABLE
from feedback.store import NewVerdict, VerdictStore
from service.app import create_app
from service.settings import Settings
from training import newsroom
from training.config import DEFAULT_CONFIG, load_config, parse_config
from training.corpora.common import split_of
from training.evaluate import evaluate
from training.train import train

DEFAULT = load_config(DEFAULT_CONFIG)


def tiny_config(**newsroom_settings):
    data = DEFAULT.model_dump()
    data["model"]["headline_only"] = {
        "features__headline_words__min_df": 1,
        "features__headline_chars__min_df": 1,
    }
    data["newsroom"].update(newsroom_settings)
    return parse_config(data, origin="the test")


@pytest.fixture
def verdicts_at(monkeypatch, database_url) -> str:
    monkeypatch.setenv(DATABASE_URL_VARIABLE, database_url)
    return database_url


def test_without_verdicts_or_files_the_newsroom_adds_nothing_and_the_model_is_the_same(
    data_dir, tmp_path, monkeypatch
):
    assert newsroom.examples(DEFAULT) == []
    config = tiny_config()
    alone = json.loads((train(data_dir, tmp_path / "a", config) / "metadata.json").read_text())
    empty = f"sqlite:///{tmp_path}/empty.sqlite3"
    VerdictStore(empty).ensure_schema()
    monkeypatch.setenv(DATABASE_URL_VARIABLE, empty)

    beside = json.loads((train(data_dir, tmp_path / "b", config) / "metadata.json").read_text())

    assert beside["model_sha256"] == alone["model_sha256"]
    assert beside["data_rows"] == alone["data_rows"]
    assert not {"verdicts"} & set(beside["data_rows"])


def test_verdicts_are_split_by_article_so_every_editor_s_verdict_on_it_lands_together(
    verdicts_at,
):
    store = VerdictStore(verdicts_at)
    for n in range(40):
        for editor, level in (("a", "faithful"), ("b", "overstated")):
            store.add(NewVerdict(f"Headline {n}", f"Body {n}.", level, editor=editor))

    examples = newsroom.examples(DEFAULT)

    assert examples == newsroom.examples(DEFAULT)
    by_headline: dict[str, set] = {}
    for example in examples:
        by_headline.setdefault(example.headline, set()).add(example.split)
    assert all(len(splits) == 1 for splits in by_headline.values())
    assert {e.split for e in examples} == {"train", "validation", "test"}
    assert {(e.label, e.target) for e in examples} == {("faithful", 0.0), ("overstated", 1.0)}
    assert {e.source for e in examples} == {"verdicts"}


def test_each_newsroom_source_has_its_weight_and_two_files_need_two_names(tmp_path):
    config = tiny_config(files=[{"path": "desk/rated.jsonl", "weight": 0.3}], verdicts_weight=0.2)

    assert newsroom.weights(config) == {"verdicts": 0.2, "newsroom:rated": 0.3}
    with pytest.raises(Exception, match="both called 'newsroom:rated': give one a name"):
        tiny_config(
            files=[{"path": "a/rated.jsonl", "weight": 0.1}, {"path": "b/rated.csv", "weight": 0.1}]
        )


def test_verdicts_posted_through_the_api_are_trained_on_and_reported(
    verdicts_at, tiny_artifact, stories, data_dir, tmp_path
):
    settings = Settings(model_dir=tiny_artifact, database_url=verdicts_at, access_log=False)
    with TestClient(create_app(settings)) as api:
        for n, story in enumerate(stories):
            for headline, level in ((story["faithful"], "faithful"),
                                    (story["overstated"], "overstated")):  # fmt: skip
                shown = api.post("/v1/score", json={"headline": headline, "body": story["body"]})
                answer = api.post(
                    "/v1/feedback",
                    json={"headline": headline, "body": story["body"], "verdict": level,
                          "score_shown": shown.json()["score"],
                          "model_version": shown.json()["model_version"],
                          "editor": f"desk-{n % 3}"},
                )  # fmt: skip
                assert answer.status_code == 201, answer.text
        version = shown.json()["model_version"]
    rated = tmp_path / "desk.jsonl"
    rows = [{"headline": f"Storm number {n} hits the coast", "target": n / 29} for n in range(30)]
    rated.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    config = tiny_config(files=[{"path": str(rated), "weight": 0.1, "name": "desk"}])

    model_dir = train(data_dir, tmp_path / "artifacts", config)
    report = evaluate(data_dir, model_dir, tmp_path / "reports")

    metadata = json.loads((model_dir / "metadata.json").read_text())
    # `make evaluate` reproduces the figures training stored, exactly (the integration test
    # reads them from the metadata); as JSON, since so few rows leave some figures NaN.
    stored = json.dumps(metadata["metrics"], sort_keys=True)
    assert json.dumps(report["heldout"], sort_keys=True) == stored
    splits = Counter(
        split_of(row.rated.key, 0.2, 0.1) for row in newsroom.rated_rows(config)
        if row.source == "verdicts"
    )  # fmt: skip
    assert metadata["data_rows"]["verdicts"] == dict(splits)
    assert sum(metadata["data_rows"]["verdicts"].values()) == 2 * len(stories)
    assert sum(metadata["data_rows"]["newsroom:desk"].values()) == 30
    assert metadata["newsroom"]["files"] == {str(rated): sha256(rated.read_bytes()).hexdigest()}
    verdicts = report["newsroom"]["verdicts"]
    assert verdicts["all"]["rows"] == splits["test"] > 0
    assert verdicts[version]["rows"] == splits["test"]
    assert verdicts["all"]["shown_rows"] == splits["test"]
    assert 0 <= verdicts["all"]["model_agrees"] <= 1
    assert report["newsroom"]["newsroom:desk"]["all"]["rows"] > 0
    markdown = (tmp_path / "reports" / "metrics.md").read_text()
    assert "## The newsroom's own ratings" in markdown
    assert f"| verdicts | (all) | {splits['test']} |" in markdown
    assert f"| verdicts | `{version}` | {splits['test']} |" in markdown
    assert "| newsroom:desk | (all) |" in markdown
