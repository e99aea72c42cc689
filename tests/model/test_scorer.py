"""The Scorer: scores, levels, the headline-only flag and explanations from the linear terms."""

import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest

from model.explain import _Reasons, is_function_word
from model.features import RELATION, STYLE
from model.scorer import CHUNK_CHARS, Article, InvalidArticle, chunks
from tests.conftest import FIXTURES, TINY_LEVELS

KINDS = FIXTURES / "overstatement_kinds_dev.jsonl"


def test_batch_keeps_order_and_matches_single_scores(tiny_scorer, stories):
    articles = [Article(s[kind], s["body"]) for s in stories for kind in ("faithful", "overstated")]
    batch = tiny_scorer.score_batch(articles)
    assert [r.score for r in batch] == [
        tiny_scorer.score(a.headline, a.body).score for a in articles
    ]
    assert all(0 <= r.score <= 1 for r in batch)
    assert {r.model_version for r in batch} == {tiny_scorer.model_version}


def test_long_bodies_are_scored_in_chunks_bounded_in_characters_and_keep_order(
    tiny_scorer, stories
):
    # A chunk's bodies are all held at once while it is scored: its characters are bounded.
    long_bodies = [" ".join(s["body"] for s in stories[i:] + stories[:i]) for i in range(6)]
    long_bodies = [(body + " ") * (180_000 // len(body) + 1) for body in long_bodies]
    articles = [Article(stories[i]["overstated"], body) for i, body in enumerate(long_bodies)]
    runs = list(chunks(articles))
    assert len(runs) > 1 and [a for run in runs for a in run] == articles
    assert all(len(run) == 1 or sum(len(a.body) for a in run) <= CHUNK_CHARS for run in runs)
    batch = tiny_scorer.score_batch(articles, explain=False)
    assert [r.score for r in batch] == [
        tiny_scorer.score_batch([a], explain=False)[0].score for a in articles
    ]


def test_levels_follow_the_stored_thresholds(tiny_scorer):
    stretched, overstated = TINY_LEVELS["stretched"], TINY_LEVELS["overstated"]
    assert tiny_scorer.level(stretched - 0.01) == "faithful"
    assert tiny_scorer.level(stretched) == "stretched"
    assert tiny_scorer.level(overstated - 0.01) == "stretched"
    assert tiny_scorer.level(overstated) == "overstated"


def test_missing_or_short_body_is_scored_from_the_headline_and_flagged(tiny_scorer, stories):
    alone = tiny_scorer.score(stories[0]["overstated"], "")
    assert alone.headline_only
    assert alone.explanation.reasons[0].code == "headline_only" or any(
        r.code == "headline_only" for r in alone.explanation.reasons
    )
    assert tiny_scorer.score(stories[0]["overstated"], "Too short.").headline_only
    # One full sentence is a body: a press-release line or a wire brief can be checked.
    brief = tiny_scorer.score(stories[0]["overstated"], "Officials said the plan was possible.")
    assert not brief.headline_only
    assert not tiny_scorer.score(stories[0]["overstated"], stories[0]["body"]).headline_only


@pytest.mark.parametrize("headline", ["", "   \n"])
def test_empty_headline_is_refused(tiny_scorer, headline):
    with pytest.raises(InvalidArticle, match="article 1: the headline is empty"):
        tiny_scorer.score_batch([Article("Fine", ""), Article(headline, "body")])


def test_headline_terms_point_at_the_headline_text(tiny_scorer, stories):
    headline = stories[0]["overstated"]
    terms = tiny_scorer.score(headline, stories[0]["body"]).explanation.headline_terms
    assert terms
    for term in terms:
        assert headline[term.start : term.end] == term.text
    assert max(t.weight for t in terms) > 0


def logit_of(explanation) -> float:
    return (
        explanation.baseline
        + sum(t.weight for t in explanation.headline_terms)
        + sum(r.weight for r in explanation.reasons)
    )


@pytest.mark.parametrize("with_body", [True, False])
def test_explanations_add_up_to_the_pipelines_own_score(tiny_scorer, stories, with_body):
    """baseline + headline terms + reasons is the logit of the fitted pipeline's probability."""
    headlines = [s[kind] for s in stories for kind in ("faithful", "overstated")]
    bodies = [s["body"] if with_body else "" for s in stories for _ in range(2)]
    expected = tiny_scorer.model.predict_proba(headlines, bodies)
    for headline, body, probability in zip(headlines, bodies, expected, strict=True):
        scored = tiny_scorer.score(headline, body)
        assert scored.headline_only is not with_body
        assert scored.score == pytest.approx(probability, abs=1e-4)
        logit = logit_of(scored.explanation)
        assert 1 / (1 + np.exp(-logit)) == pytest.approx(probability, abs=1e-9)


def test_function_words_are_never_shown_as_terms(tiny_scorer, stories):
    for story in stories:
        explanation = tiny_scorer.score(story["overstated"], story["body"]).explanation
        assert not [t.text for t in explanation.headline_terms if is_function_word(t.text)]


def test_evidence_points_at_real_body_sentences(tiny_scorer, stories):
    for story in stories:
        body = story["body"]
        evidence = tiny_scorer.score(story["faithful"], body).explanation.evidence
        assert 1 <= len(evidence) <= 2
        for sentence in evidence:
            assert body[sentence.start : sentence.end] == sentence.text
            assert sentence.text[-1] in ".!?\"'”" and len(sentence.text.split()) >= 3


def test_reasons_quote_the_words_the_body_lacks(tiny_scorer, stories):
    story = stories[0]
    reasons = tiny_scorer.score(story["overstated"], story["body"]).explanation.reasons
    messages = " | ".join(r.message for r in reasons)
    assert "the body never mentions" in messages and "'war'" in messages
    assert [abs(r.weight) for r in reasons] == sorted(
        (abs(r.weight) for r in reasons), reverse=True
    )


def test_a_merged_reason_is_told_in_the_words_of_the_way_it_pulls():
    reasons = _Reasons()
    reasons.add("unsupported_words", "the body covers the headline's words", -0.2)
    reasons.add("unsupported_words", "the body never mentions 'war'", 0.5)
    (merged,) = reasons.sorted()
    assert merged.message == "the body never mentions 'war'"
    assert merged.weight == pytest.approx(0.3)


def test_no_reason_says_the_opposite_of_its_weight(tiny_scorer, stories):
    features = STYLE.features + RELATION.features
    lowering = {f.lowers for f in features if f.lowers}
    raising = {f.raises for f in features if f.raises and "{" not in f.raises}
    bodies = [s["body"] for s in stories]
    for story in stories:
        for headline in (story["faithful"], story["overstated"]):
            for body in bodies:
                for reason in tiny_scorer.score(headline, body).explanation.reasons:
                    assert reason.message not in lowering or reason.weight < 0, reason
                    assert reason.message not in raising or reason.weight > 0, reason


def test_explain_false_gives_the_same_scores_without_explanations(tiny_scorer, stories):
    articles = [Article(s["overstated"], s["body"]) for s in stories]
    explained = tiny_scorer.score_batch(articles)
    bare = tiny_scorer.score_batch(articles, explain=False)
    assert [r.score for r in bare] == [r.score for r in explained]
    assert [r.level for r in bare] == [r.level for r in explained]
    assert all(r.explanation is None for r in bare)
    assert all(r.explanation is not None for r in explained)


def test_a_result_as_a_dict_is_what_asdict_makes_of_it(tiny_scorer, stories):
    articles = [Article(s[kind], s["body"]) for s in stories for kind in ("faithful", "overstated")]
    articles.append(Article("No body at all"))
    for explain in (True, False):
        for scored in tiny_scorer.score_batch(articles, explain=explain):
            as_dict = scored.to_dict()
            assert as_dict == asdict(scored)
            assert json.dumps(as_dict) == json.dumps(asdict(scored))


SCORE_IN_A_FRESH_PROCESS = """
import json, sys
from model.scorer import Scorer
scorer = Scorer.load(sys.argv[1])
rows = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]
pairs = [(row[kind], row["body"]) for row in rows for kind in ("faithful", "overstated")]
print(json.dumps([repr(scorer.score(headline, body)) for headline, body in pairs]))
"""


def test_scores_and_explanations_are_the_same_in_processes_with_other_hash_seeds(tiny_artifact):
    # Sets iterate in an order that changes with the hash seed: nothing scored may depend on it.
    def scored_with(seed: str) -> list[str]:
        run = subprocess.run(
            [sys.executable, "-c", SCORE_IN_A_FRESH_PROCESS, str(tiny_artifact), str(KINDS)],
            env=os.environ | {"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parents[2],
        )
        return json.loads(run.stdout)

    first = scored_with("1")
    assert len(first) == 2 * len(KINDS.read_text(encoding="utf-8").splitlines())
    assert scored_with("2") == first
    assert scored_with("3") == first
