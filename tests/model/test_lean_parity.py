"""The Scorer's lean path against the fitted pipelines, on the fixtures with a small model trained
here (with a claim-strength model), odd Unicode, HTML-reduced bodies and rows without a body:
scores within 1e-9 of `predict_proba` and the explanations read off the pipeline's own numbers.
The same check runs on 5,000 held-out rows of the real corpora in tests/training."""

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from model.artifact import ArtifactError, save_artifact
from model.claims import ClaimCues, build_claim_strength
from model.features import HeadlineStyle
from model.lean import DensePart, MeasuredSource, TfidfPart, TransformSource
from model.pipeline import (
    BODY,
    HEADLINE,
    OverstatementModel,
    as_rows,
    build_body_pipeline,
    build_headline_pipeline,
)
from model.scorer import Scorer
from tests.conftest import TINY_THRESHOLDS, load_stories
from tests.model.parity import ODD, assert_lean_parity, variants
from tests.model.test_claims import tiny_rows

FIXTURES = Path(__file__).parents[1] / "fixtures"


def fixture_rows() -> tuple[list[str], list[str], list[int]]:
    """Every fixture headline over its own body, over another story's body and alone."""
    stories = load_stories()
    kinds = [json.loads(line) for line in (FIXTURES / "overstatement_kinds.jsonl").open()]
    pairs = [(s["faithful"], s["overstated"], s["body"]) for s in stories + kinds]
    headlines, bodies, targets = [], [], []
    for i, (faithful, overstated, body) in enumerate(pairs):
        other = pairs[(i + 1) % len(pairs)][2]
        for headline, text, target in (
            (faithful, body, 0),
            (overstated, body, 1),
            (faithful, other, 1),
            (faithful, "", 0),
            (overstated, "", 1),
        ):
            headlines.append(headline)
            bodies.append(text)
            targets.append(target)
    return headlines, bodies, targets


def small_model(extra_blocks=()) -> OverstatementModel:
    headlines, bodies, targets = fixture_rows()
    alone = [i for i, b in enumerate(bodies) if not b]
    paired = [i for i, b in enumerate(bodies) if b]
    headline_only = build_headline_pipeline(
        features__headline_words__min_df=1, features__headline_chars__min_df=1
    ).fit(as_rows([headlines[i] for i in alone]), [targets[i] for i in alone])
    claim_strength = build_claim_strength(C=10.0).fit(*tiny_rows())
    with_body = build_body_pipeline(headline_only, claim_strength)
    features = with_body.named_steps["features"]
    features.transformers = [*features.transformers, *extra_blocks]
    with_body.fit(
        as_rows([headlines[i] for i in paired], [bodies[i] for i in paired]),
        [targets[i] for i in paired],
    )
    return OverstatementModel(headline_only, with_body)


@pytest.fixture(scope="module")
def small_scorer(tmp_path_factory) -> Scorer:
    """Saved and loaded, as the service loads it: the lean parts are built on load."""
    folder = save_artifact(
        small_model(), {"thresholds": TINY_THRESHOLDS}, tmp_path_factory.mktemp("artifacts")
    )
    return Scorer.load(folder)


def parity_rows() -> tuple[list[str], list[str]]:
    headlines, bodies, _ = fixture_rows()
    headlines, bodies = variants(headlines, bodies)
    # Odd text alone, as a headline over a real body and as a body of its own.
    headlines += ODD + ODD
    bodies += [bodies[0]] * len(ODD) + [" ".join(ODD[i:] + ODD[:i]) for i in range(len(ODD))]
    return headlines, bodies


def test_lean_scores_and_explanations_match_the_pipelines(small_scorer):
    headlines, bodies = parity_rows()
    figures = assert_lean_parity(small_scorer, headlines, bodies)
    assert 0 < figures["headline_only"] < figures["rows"]


def test_the_claim_strength_sub_model_is_scored_through_lean_parts(small_scorer):
    relation = next(p for name, _, p in small_scorer.with_body.parts if name == "relation")
    claim_strength = relation.source.transformer.claim_strength
    assert {type(p) for _, _, p in claim_strength.parts} == {TfidfPart, DensePart}
    texts = parity_rows()[0]
    pipeline = small_scorer.model.with_body.named_steps["features"].named_transformers_
    fitted = pipeline["relation"].named_steps["relation"].claim_strength
    difference = np.abs(claim_strength.predict_proba(texts) - fitted.predict_proba(texts))
    assert difference.max() <= 1e-9
    np.testing.assert_array_equal(claim_strength.classes_, fitted.classes_)


def test_blocks_added_to_the_with_body_model_are_scored_and_explained(tmp_path):
    """The lean path follows the blocks the model holds: a headline TF-IDF block, a body TF-IDF
    block and transformers with no per-row entry point (their own transform is used)."""
    extra = [
        ("headline_words", TfidfVectorizer(ngram_range=(1, 2)), HEADLINE),
        ("body_words", TfidfVectorizer(max_features=200), BODY),
        ("cues", ClaimCues(), HEADLINE),
        ("scaled_cues", Pipeline([("cues", ClaimCues()), ("scale", StandardScaler())]), BODY),
    ]
    folder = save_artifact(small_model(extra), {"thresholds": TINY_THRESHOLDS}, tmp_path)
    scorer = Scorer.load(folder)
    kinds = {name: part for name, _, part in scorer.with_body.parts}
    assert isinstance(kinds["headline_words"], TfidfPart)
    assert isinstance(kinds["body_words"], TfidfPart)
    assert isinstance(kinds["cues"].source, TransformSource)
    assert isinstance(kinds["scaled_cues"].source, TransformSource)
    assert isinstance(kinds["relation"].source, MeasuredSource)
    headlines, bodies = parity_rows()
    assert_lean_parity(scorer, headlines, bodies)
    # The with-body model's own headline words are told as headline terms, beside the
    # headline model's.
    story = load_stories()[0]
    explained = scorer.score(story["overstated"], story["body"]).explanation
    assert {t.text for t in explained.headline_terms} & set(story["overstated"].split())


class BodyLength(HeadlineStyle):
    """A per-row transformer of the body column that reads it as text, as `transform` gives it."""

    def readings(self, rows):
        return [row[0] if isinstance(row[0], str) else None for row in rows]

    def measure(self, reading):
        if reading is None:
            raise TypeError("the body came as something other than text")
        return super().measure(reading)


def test_per_row_transformers_get_text_unless_they_take_bodies_already_read(tmp_path):
    block = ("body_style", Pipeline([("style", BodyLength()), ("scale", StandardScaler())]), [BODY])
    folder = save_artifact(small_model([block]), {"thresholds": TINY_THRESHOLDS}, tmp_path)
    scorer = Scorer.load(folder)
    assert isinstance(
        {n: p for n, _, p in scorer.with_body.parts}["body_style"].source, MeasuredSource
    )
    headlines, bodies = parity_rows()
    assert_lean_parity(scorer, headlines, bodies)


def test_a_block_with_no_lean_equivalent_is_refused_on_load():
    sliced = (
        "sliced",
        Pipeline([("style", HeadlineStyle()), ("scale", StandardScaler())]),
        slice(0, 1),
    )
    model = small_model([sliced])
    with pytest.raises(ArtifactError, match="cannot be scored: part 'sliced'"):
        Scorer(model, {"thresholds": TINY_THRESHOLDS, "model_version": "v"})
