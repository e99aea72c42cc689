"""The training mix: constructed pairs, soft labels and level thresholds."""

import random

import numpy as np
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from model.features import HeadlineStyle
from model.text import sentence_spans
from tests.training.corpora.fixtures import files_opened_under
from training.config import DEFAULT_CONFIG, Weights, load_config
from training.corpora import files_of
from training.corpora.common import NewsArticle
from training.examples import (
    MIX_CORPORA,
    Example,
    build_examples,
    constructed_pairs,
    mismatched_pairs,
)
from training.families import EVERY_ARTICLE, FAMILIES, WHOLE_BODIES
from training.train import best_threshold, fit_on_soft_labels, soft_labels

CONFIG = load_config(DEFAULT_CONFIG)
ARTICLES = [
    NewsArticle(
        str(i), f"Headline number {i} on rates", f"Body {i} says rates may rise. " * 10, "bbc"
    )
    for i in range(6)
]


def test_the_mix_reads_exactly_the_files_of_the_corpora_its_metadata_hashes(data_dir):
    opened = files_opened_under(data_dir, lambda: build_examples(data_dir, CONFIG))

    assert opened == set(files_of(MIX_CORPORA))


def test_every_source_of_the_mix_has_a_weight_in_the_config(data_dir):
    sources = {example.source for example in build_examples(data_dir, CONFIG)}

    # InSciOut is test rows only: it has no weight in any fit.
    assert sources - {"insciout"} == set(Weights.model_fields)


def test_the_mix_is_the_same_in_every_build_and_keeps_test_rows_real(data_dir):
    examples = build_examples(data_dir, CONFIG)

    assert examples == build_examples(data_dir, CONFIG)
    assert {e.split for e in examples if e.source == "mismatched_news"} == {"train"}
    headlines_only = {"webis22_headlines", "sober_news_headlines"}
    assert {e.split for e in examples if e.source in headlines_only} == {"train"}
    assert not any(e.body for e in examples if e.source in headlines_only)
    # Family pairs keep the split of the article they were built from.
    split_of_title = {e.headline: e.split for e in examples if e.source == "sober_news"}
    pairs = [e for e in examples if e.source == "constructed" and e.headline in split_of_title]
    assert pairs and all(pair.split == split_of_title[pair.headline] for pair in pairs)
    fnc1_test = [
        (e.headline, e.label) for e in examples if e.source == "fnc1" and e.split == "test"
    ]
    assert fnc1_test == [("Zombie cat meows back to life", "discuss")]


def test_constructed_pairs_give_one_headline_a_faithful_and_an_overstated_body():
    pairs = constructed_pairs(ARTICLES, 0.85, 0.0, random.Random(0), "validation")
    assert pairs and len(pairs) % 2 == 0
    for overstated, faithful in zip(pairs[::2], pairs[1::2], strict=True):
        assert overstated.headline == faithful.headline
        assert (overstated.target, faithful.target) == (0.85, 0.0)
        assert overstated.body != faithful.body
        assert overstated.label == faithful.label and overstated.label in FAMILIES | EVERY_ARTICLE
        assert {overstated.split, faithful.split} == {"validation"}
    mismatched = mismatched_pairs(ARTICLES, 1.0, random.Random(0))
    bodies = {a.body for a in ARTICLES}
    assert {p.split for p in mismatched} == {"train"} and {p.body for p in mismatched} <= bodies
    titles_with_own_body = {(a.title, a.body) for a in ARTICLES}
    assert not {(p.headline, p.body) for p in mismatched} & titles_with_own_body


def test_families_that_need_the_whole_body_are_never_cut_to_two_sentences():
    # Every pair cut: only the families that a cut would spoil keep their bodies whole.
    articles = [
        NewsArticle(
            "7",
            "Council approves 12 new bus routes",
            "The city council approved 12 new bus routes on Tuesday after a review. "
            "The routes serve outlying districts. Buses start in spring. The plan costs "
            "4 million dollars. Officials approved the budget on Monday.",
            "bbc",
        )
    ]
    pairs = constructed_pairs(articles * 20, 0.85, 1.0, random.Random(0), "train")
    whole = [p for p in pairs if p.label in WHOLE_BODIES]
    assert {p.label for p in whole} == WHOLE_BODIES
    assert all(len(sentence_spans(p.body)) > 2 for p in whole if p.target == 0)
    assert all(len(sentence_spans(p.body)) <= 2 for p in pairs if p.label not in WHOLE_BODIES)


def test_a_family_that_draws_more_leaves_the_other_articles_pairs_as_they_were(monkeypatch):
    """Each article draws from its own stream: a family that takes more random draws on one
    article (a new template, a changed check) cannot reword another article's pair."""
    articles = [
        NewsArticle(
            str(i),
            f"Council approves {i + 2} new bus routes",
            f"The city council approved {i + 2} new bus routes on Tuesday after a review. "
            "The routes serve outlying districts. Buses start in spring, officials said. "
            "The plan costs 4 million dollars and may rise. Officials approved it on Monday.",
            "bbc",
        )
        for i in range(30)
    ]
    before = constructed_pairs(articles, 0.85, 0.25, random.Random(0), "train")
    name = before[0].label
    original = FAMILIES[name]

    def greedy(headline, body, rng):
        rng.random(), rng.random()
        return original(headline, body, rng)

    monkeypatch.setitem(FAMILIES, name, greedy)
    after = constructed_pairs(articles, 0.85, 0.25, random.Random(0), "train")
    others = [(e.headline, e.body, e.label) for e in before if e.label != name]
    assert others and others == [(e.headline, e.body, e.label) for e in after if e.label != name]


def test_graded_targets_become_two_weighted_rows_and_sources_share_their_weight():
    examples = [
        Example("a", "", 0.25, "webis17", "train"),
        Example("b", "", 1.0, "stop_clickbait", "train"),
        Example("c", "", 0.0, "stop_clickbait", "train"),
    ]
    index, labels, weights = soft_labels(examples, {"webis17": 0.5, "stop_clickbait": 0.5})
    assert [examples[i].headline for i in index] == ["a", "a", "b", "c"]
    assert list(labels) == [1, 0, 1, 0]
    # webis17 has one row carrying half the weight; stop_clickbait two rows sharing the other half
    assert weights[:2].sum() == pytest.approx(weights[2:].sum())
    assert weights[0] / weights[1] == pytest.approx(0.25 / 0.75)


def test_each_family_of_constructed_pairs_weighs_the_same_however_many_articles_it_fits():
    examples = [
        Example("a", "body", 0.0, "sober_news", "train"),
        *(Example(h, "body", 1.0, "constructed", "train", "scope_added") for h in "bcd"),
        Example("e", "body", 1.0, "constructed", "train", "cause_as_link"),
    ]
    _, _, weights = soft_labels(examples, {"sober_news": 0.5, "constructed": 0.5})
    assert weights[0] == pytest.approx(weights[1:].sum())
    # The one cause_as_link pair weighs as much as the three scope_added pairs together.
    assert weights[4] == pytest.approx(weights[1:4].sum())


def test_a_feature_that_may_only_raise_the_score_never_gets_a_weight_below_zero():
    def style_model():
        features = ColumnTransformer([("style", HeadlineStyle(), [0])])
        return Pipeline([("features", features), ("classifier", LogisticRegression())])

    # Questions here are the faithful headlines: left free, 'question' would lower the score.
    examples = [Example(f"Is it {i}?", "", 0.0, "webis17", "train") for i in range(20)]
    examples += [Example(f"It is {i}!", "", 1.0, "webis17", "train") for i in range(20)]
    free, held = style_model(), style_model()
    fit_on_soft_labels(free, examples, {"webis17": 1.0})
    fit_on_soft_labels(held, examples, {"webis17": 1.0}, only_raise={"question"})
    names = list(held[:-1].get_feature_names_out())
    question, exclamation = names.index("style__question"), names.index("style__exclamation")
    assert free[-1].coef_[0, question] < 0
    assert held[-1].coef_[0, question] == 0.0
    assert held[-1].coef_[0, exclamation] > 0


def test_best_threshold_separates_the_classes():
    scores = np.array([0.1, 0.2, 0.3, 0.6, 0.7, 0.9])
    assert 0.3 < best_threshold(scores, scores > 0.5) <= 0.6


def test_best_threshold_does_not_wander_with_the_last_decimals_of_the_scores():
    """Youden's J is flat near its top: its argmax moved with noise far below any real
    difference between two fits. The middle of the plateau stays put."""
    rng = np.random.default_rng(0)
    scores = np.concatenate([rng.normal(0.3, 0.1, 3000), rng.normal(0.6, 0.1, 3000)])
    positive = np.arange(6000) >= 3000
    cuts = [best_threshold(scores + rng.normal(0, 0.002, 6000), positive) for _ in range(20)]
    assert max(cuts) - min(cuts) < 0.005
    assert abs(np.mean(cuts) - 0.45) < 0.02  # where the two classes' densities cross
