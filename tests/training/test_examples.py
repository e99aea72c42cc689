"""The training mix: constructed pairs, soft labels and level thresholds."""

import random

import numpy as np
import pytest

from tests.training.corpora.fixtures import files_opened_under
from training.config import DEFAULT_CONFIG, Weights, load_config
from training.corpora import files_of
from training.corpora.common import NewsArticle
from training.examples import (
    MIX_CORPORA,
    Example,
    build_examples,
    contrastive_pairs,
    drop_hedges,
    escalate,
    inflate_number,
    link_to_cause,
    mismatched_pairs,
)
from training.train import best_threshold, training_arrays

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

    assert sources == set(Weights.model_fields)


def test_the_mix_is_the_same_in_every_build_and_keeps_test_rows_real(data_dir):
    examples = build_examples(data_dir, CONFIG)

    assert examples == build_examples(data_dir, CONFIG)
    constructed = {"mismatched_news", "contrastive"}
    assert {e.split for e in examples if e.source in constructed} == {"train"}
    fnc1_test = [
        (e.headline, e.label) for e in examples if e.source == "fnc1" and e.split == "test"
    ]
    assert fnc1_test == [("Zombie cat meows back to life", "discuss")]


@pytest.mark.parametrize(
    ("rewrite", "headline", "stronger"),
    [
        (drop_hedges, "Rates may rise next year", "Rates will rise next year"),
        (link_to_cause, "Coffee linked to lower risk", "Coffee causes lower risk"),
        (escalate, "Shares fall after results", "Shares plunge after results"),
        (inflate_number, "Bank cuts 40 jobs", "Bank cuts 400 jobs"),
    ],
)
def test_word_rewrites_make_a_headline_stronger(rewrite, headline, stronger):
    assert rewrite(headline) == stronger


def test_word_rewrites_that_do_not_apply_say_so():
    assert drop_hedges("Rates rise") is None and inflate_number("No figures here") is None


def test_constructed_pairs_keep_bodies_and_are_training_rows_only():
    contrastive = contrastive_pairs(ARTICLES, 0.9, random.Random(0))
    assert len(contrastive) == len(ARTICLES)
    bodies = {a.body for a in ARTICLES}
    for pair, article in zip(contrastive, ARTICLES, strict=True):
        assert pair.body == article.body and pair.headline != article.title
        assert (pair.split, pair.target, pair.source) == ("train", 0.9, "contrastive")
    mismatched = mismatched_pairs(ARTICLES, 1.0, random.Random(0))
    assert {p.split for p in mismatched} == {"train"} and {p.body for p in mismatched} <= bodies
    titles_with_own_body = {(a.title, a.body) for a in ARTICLES}
    assert not {(p.headline, p.body) for p in mismatched} & titles_with_own_body


def test_graded_targets_become_two_weighted_rows_and_sources_share_their_weight():
    examples = [
        Example("a", "", 0.25, "webis17", "train"),
        Example("b", "", 1.0, "stop_clickbait", "train"),
        Example("c", "", 0.0, "stop_clickbait", "train"),
    ]
    rows, labels, weights = training_arrays(examples, {"webis17": 0.5, "stop_clickbait": 0.5})
    assert list(rows[:, 0]) == ["a", "a", "b", "c"]
    assert list(labels) == [1, 0, 1, 0]
    # webis17 has one row carrying half the weight; stop_clickbait two rows sharing the other half
    assert weights[:2].sum() == pytest.approx(weights[2:].sum())
    assert weights[0] / weights[1] == pytest.approx(0.25 / 0.75)


def test_best_threshold_separates_the_classes():
    scores = np.array([0.1, 0.2, 0.3, 0.6, 0.7, 0.9])
    assert 0.3 < best_threshold(scores, scores > 0.5) <= 0.6
