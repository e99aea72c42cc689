"""The Scorer: scores, levels, the headline-only flag and explanations from the linear terms."""

import numpy as np
import pytest

from model.explain import MIN_WEIGHT
from model.pipeline import as_rows
from model.scorer import Article, InvalidArticle
from tests.conftest import TINY_THRESHOLDS


def test_batch_keeps_order_and_matches_single_scores(tiny_scorer, stories):
    articles = [Article(s[kind], s["body"]) for s in stories for kind in ("faithful", "overstated")]
    batch = tiny_scorer.score_batch(articles)
    assert [r.score for r in batch] == [
        tiny_scorer.score(a.headline, a.body).score for a in articles
    ]
    assert all(0 <= r.score <= 1 for r in batch)
    assert {r.model_version for r in batch} == {tiny_scorer.model_version}


def test_levels_follow_the_stored_thresholds(tiny_scorer):
    stretched, overstated = TINY_THRESHOLDS["stretched"], TINY_THRESHOLDS["overstated"]
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


def test_explanation_weights_are_the_linear_models_own_terms(tiny_scorer, stories):
    """Headline words carry all word/char n-gram terms; reasons carry the dense feature terms."""
    story = stories[1]
    scored = tiny_scorer.score(story["overstated"], story["body"])
    pipeline = tiny_scorer.pipeline
    features = pipeline.named_steps["features"]
    row = features.transform(as_rows([story["overstated"]], [story["body"]])).toarray().ravel()
    terms = row * pipeline.named_steps["classifier"].coef_.ravel()
    slices = features.output_indices_
    ngram_total = terms[slices["headline_words"]].sum() + terms[slices["headline_chars"]].sum()
    word_total = sum(t.weight for t in scored.explanation.headline_terms)
    # Only words whose weight rounds below MIN_WEIGHT are left out of the list.
    dropped = MIN_WEIGHT * len(story["overstated"].split())
    assert word_total == pytest.approx(ngram_total, abs=dropped)
    logit = terms.sum() + pipeline.named_steps["classifier"].intercept_[0]
    assert scored.score == pytest.approx(1 / (1 + np.exp(-logit)), abs=1e-4)


def test_reasons_quote_the_words_the_body_lacks(tiny_scorer, stories):
    story = stories[0]
    reasons = tiny_scorer.score(story["overstated"], story["body"]).explanation.reasons
    messages = " | ".join(r.message for r in reasons)
    assert "the body never mentions" in messages and "'war'" in messages
    assert [abs(r.weight) for r in reasons] == sorted(
        (abs(r.weight) for r in reasons), reverse=True
    )


def test_explain_false_gives_the_same_scores_without_explanations(tiny_scorer, stories):
    articles = [Article(s["overstated"], s["body"]) for s in stories]
    explained = tiny_scorer.score_batch(articles)
    bare = tiny_scorer.score_batch(articles, explain=False)
    assert [r.score for r in bare] == [r.score for r in explained]
    assert [r.level for r in bare] == [r.level for r in explained]
    assert all(r.explanation is None for r in bare)
    assert all(r.explanation is not None for r in explained)
