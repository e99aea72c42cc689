"""Shared fixtures: a tiny model trained on hand-written stories, saved as a real artifact."""

import json
import os
from pathlib import Path

import pytest

from feedback import DATABASE_URL_VARIABLE
from model.artifact import save_artifact
from model.pipeline import (
    OverstatementModel,
    as_rows,
    build_body_pipeline,
    build_headline_pipeline,
)
from model.scorer import Scorer
from tests.postgres import ThrowawayServer, postgres_binaries, skip_or_fail
from training.corpora.common import DataError, resolve_data_dir

FIXTURES = Path(__file__).parent / "fixtures"
TINY_LEVELS = {"stretched": 0.4, "overstated": 0.6}
TINY_THRESHOLDS = {"headline_only": TINY_LEVELS, "with_body": TINY_LEVELS}


def load_stories() -> list[dict]:
    with open(FIXTURES / "stories.jsonl", encoding="utf-8") as file:
        return [json.loads(line) for line in file]


def train_tiny_artifact(artifacts_dir: Path) -> Path:
    """Fit the real pipeline on the fixture stories: faithful, overstated and mismatched pairs."""
    stories = load_stories()
    headlines, bodies, targets = [], [], []
    for i, story in enumerate(stories):
        other = stories[(i + 1) % len(stories)]
        for headline, body, target in (
            (story["faithful"], story["body"], 0),
            (story["overstated"], story["body"], 1),
            (story["faithful"], other["body"], 1),
            (story["faithful"], "", 0),
            (story["overstated"], "", 1),
        ):
            headlines.append(headline)
            bodies.append(body)
            targets.append(target)
    alone = [i for i, body in enumerate(bodies) if not body]
    paired = [i for i, body in enumerate(bodies) if body]
    headline_only = build_headline_pipeline(
        features__headline_words__min_df=1, features__headline_chars__min_df=1
    ).fit(as_rows([headlines[i] for i in alone]), [targets[i] for i in alone])
    with_body = build_body_pipeline(headline_only).fit(
        as_rows([headlines[i] for i in paired], [bodies[i] for i in paired]),
        [targets[i] for i in paired],
    )
    pipeline = OverstatementModel(headline_only, with_body)
    metadata = {
        "thresholds": TINY_THRESHOLDS,
        "data_files": {},
        "config": {"note": "tiny test model"},
        "metrics": {},
    }
    return save_artifact(pipeline, metadata, artifacts_dir)


@pytest.fixture(scope="session")
def tiny_artifact(tmp_path_factory) -> Path:
    """Path of a saved tiny model folder (shared: copy it before changing it)."""
    return train_tiny_artifact(tmp_path_factory.mktemp("artifacts"))


@pytest.fixture(scope="session")
def tiny_scorer(tiny_artifact) -> Scorer:
    return Scorer.load(tiny_artifact)


@pytest.fixture(scope="session")
def stories() -> list[dict]:
    return load_stories()


@pytest.fixture(scope="session")
def real_data_dir() -> Path:
    """The real corpora ($DATA_DIR or ../shared/data); under CI=true their absence fails."""
    try:
        return resolve_data_dir()
    except DataError as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"real corpora not available ({error}); under CI=true this fails instead")


@pytest.fixture(scope="session", autouse=True)
def verdicts_outside_the_work_tree(tmp_path_factory):
    """Apps and services built without a database URL keep their verdicts in a temp folder."""
    url = f"sqlite:///{tmp_path_factory.mktemp('verdicts')}/verdicts.sqlite3"
    previous = os.environ.get(DATABASE_URL_VARIABLE)
    os.environ[DATABASE_URL_VARIABLE] = url
    yield url
    if previous is None:
        del os.environ[DATABASE_URL_VARIABLE]
    else:
        os.environ[DATABASE_URL_VARIABLE] = previous


@pytest.fixture(scope="session")
def postgres_server():
    binaries = postgres_binaries()
    if binaries is None:
        skip_or_fail("PostgreSQL's initdb and pg_ctl are not installed")
    server = ThrowawayServer(binaries).start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_url(request, tmp_path) -> str:
    """An empty verdicts database of each kind: a SQLite file, a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/verdicts.sqlite3"
    return request.getfixturevalue("postgres_server").new_database()
