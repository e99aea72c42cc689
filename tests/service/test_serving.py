"""The shared scorer: concurrent callers are scored together, and each gets its own results;
the holder: a model swapped in whole, the one it replaced given back."""

import gc
import threading
import time
import weakref
from types import SimpleNamespace

import pytest

from model.artifact import ArtifactError
from model.scorer import Article, InvalidArticle
from service.app import create_app
from service.serving import GC_THRESHOLDS, ModelHolder, SharedScorer
from service.settings import Settings


class RecordingScorer:
    """Stands in for Scorer: records each call; the first call waits until released."""

    model_version = "recording"

    def __init__(self):
        self.calls: list[list[str]] = []
        self.explained: list[bool] = []
        self.first_call_started = threading.Event()
        self.release_first_call = threading.Event()

    def score_batch(self, articles, explain=True):
        self.calls.append([a.headline for a in articles])
        self.explained.append(explain)
        if len(self.calls) == 1:
            self.first_call_started.set()
            assert self.release_first_call.wait(10)
        if any(a.headline == "bad" for a in articles):
            raise InvalidArticle("article: the headline is bad")
        return [f"scored {a.headline}" for a in articles]


def run_in_threads(shared, batches, explain=True):
    results, threads = {}, []
    for name, headlines in batches.items():

        def call(name=name, headlines=headlines):
            try:
                results[name] = shared.score_batch([Article(h) for h in headlines], explain)
            except InvalidArticle as error:
                results[name] = error

        thread = threading.Thread(target=call)
        thread.start()
        threads.append(thread)
    return results, threads


def test_callers_arriving_while_one_is_scored_are_scored_together_in_one_call():
    scorer = RecordingScorer()
    shared = SharedScorer(scorer)
    first, first_threads = run_in_threads(shared, {"first": ["a"]})
    assert scorer.first_call_started.wait(10)
    rest, rest_threads = run_in_threads(shared, {"b": ["b1", "b2"], "c": ["c1"], "d": ["d1"]})
    deadline = time.monotonic() + 10
    while len(shared._waiting) < 3 and time.monotonic() < deadline:
        time.sleep(0.005)
    scorer.release_first_call.set()
    for thread in first_threads + rest_threads:
        thread.join(10)
    assert first["first"] == ["scored a"]
    assert rest == {"b": ["scored b1", "scored b2"], "c": ["scored c1"], "d": ["scored d1"]}
    assert len(scorer.calls) == 2
    assert sorted(scorer.calls[1]) == ["b1", "b2", "c1", "d1"]


def test_callers_that_skip_explanations_are_scored_apart_from_those_that_want_them():
    scorer = RecordingScorer()
    shared = SharedScorer(scorer)
    _, first_threads = run_in_threads(shared, {"first": ["a"]})
    assert scorer.first_call_started.wait(10)
    explained, explained_threads = run_in_threads(shared, {"b": ["b1"], "c": ["c1"]})
    bare, bare_threads = run_in_threads(shared, {"d": ["d1"], "e": ["e1"]}, explain=False)
    deadline = time.monotonic() + 10
    while len(shared._waiting) < 4 and time.monotonic() < deadline:
        time.sleep(0.005)
    scorer.release_first_call.set()
    for thread in first_threads + explained_threads + bare_threads:
        thread.join(10)
    assert explained == {"b": ["scored b1"], "c": ["scored c1"]}
    assert bare == {"d": ["scored d1"], "e": ["scored e1"]}
    assert [sorted(call) for call in scorer.calls[1:]] == [["b1", "c1"], ["d1", "e1"]]
    assert scorer.explained == [True, True, False]


def test_only_the_caller_with_a_bad_article_gets_the_error():
    scorer = RecordingScorer()
    shared = SharedScorer(scorer)
    _, first_threads = run_in_threads(shared, {"first": ["a"]})
    assert scorer.first_call_started.wait(10)
    results, threads = run_in_threads(shared, {"good": ["g1", "g2"], "bad": ["bad"]})
    deadline = time.monotonic() + 10
    while len(shared._waiting) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    scorer.release_first_call.set()
    for thread in first_threads + threads:
        thread.join(10)
    assert results["good"] == ["scored g1", "scored g2"]
    assert isinstance(results["bad"], InvalidArticle)


def test_a_lone_caller_is_scored_at_once_with_the_real_scorer(tiny_scorer, stories):
    shared = SharedScorer(tiny_scorer)
    articles = [Article(s["overstated"], s["body"]) for s in stories[:3]]
    assert shared.score_batch(articles) == tiny_scorer.score_batch(articles)
    bare = shared.score_batch(articles, explain=False)
    assert bare == tiny_scorer.score_batch(articles, explain=False)
    assert all(scored.explanation is None for scored in bare)
    with pytest.raises(InvalidArticle):
        shared.score_batch([Article("  ")])


def test_combining_can_be_turned_off():
    scorer = RecordingScorer()
    scorer.release_first_call.set()
    shared = SharedScorer(scorer, combine=False)
    results, threads = run_in_threads(shared, {"a": ["a"], "b": ["b"]})
    for thread in threads:
        thread.join(10)
    assert results == {"a": ["scored a"], "b": ["scored b"]}
    assert sorted(scorer.calls) == [["a"], ["b"]]


def test_a_model_that_loads_but_fails_its_probe_is_refused_naming_the_failure(
    tiny_artifact, monkeypatch
):
    # As a corrupt-but-hashed model fails: the message once said only "...score a probe: 0".
    def broken_probe(self):
        raise KeyError(0)

    monkeypatch.setattr("model.scorer.Scorer.probe", broken_probe)
    holder = ModelHolder(tiny_artifact)
    with pytest.raises(ArtifactError) as refused:
        holder.load(tiny_artifact)
    message = str(refused.value)
    assert "failed to load or to score a probe article: KeyError: 0" in message
    assert tiny_artifact.name in message
    assert holder.current is None


def test_a_retired_model_is_given_back_once_its_last_request_is_done(tiny_artifact, monkeypatch):
    trims = []
    monkeypatch.setattr("service.serving.LIBC", SimpleNamespace(malloc_trim=trims.append))
    holder = ModelHolder(tiny_artifact)
    holder.load(tiny_artifact)
    in_flight = holder.current  # a request still scoring on the old model
    holder.load(tiny_artifact)
    holder.release_retired()
    assert trims == []  # trimmed now, the heap would keep the old model once it is freed
    retired = weakref.ref(in_flight)
    del in_flight
    holder.release_retired()
    assert retired() is None and trims == [0]
    holder.release_retired()
    assert trims == [0]  # once


def test_the_service_runs_the_cycle_collector_less_often(artifacts_dir):
    defaults = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        create_app(Settings(model_dir=artifacts_dir / "current"))
        assert gc.get_threshold() == GC_THRESHOLDS
        assert GC_THRESHOLDS[0] > 700
    finally:
        gc.set_threshold(*defaults)
