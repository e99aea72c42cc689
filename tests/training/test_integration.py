"""Train on the real corpora, then check held-out figures and behaviour an editor would notice.

Runs in `make test` (and must run, not skip, under CI=true). The floors sit a little below the
figures measured when the model was last tuned (see README), so a regression fails the test.
"""

import json
import random
from pathlib import Path

import pytest

from model.scorer import Scorer
from tests.model.parity import assert_lean_parity, variants
from training.config import DEFAULT_CONFIG, load_config
from training.examples import build_examples
from training.kinds import caught
from training.train import train

pytestmark = pytest.mark.integration

BORDER_BODY = (
    "Two North Korean soldiers crossed the military demarcation line by accident on Tuesday "
    "and returned to their side after South Korean troops fired warning shots, the South's "
    "Joint Chiefs of Staff said. The soldiers appeared to be doing construction work and "
    "strayed across the line, which is not clearly marked in some wooded areas, officials "
    "said. They said there was no sign of hostile intent and that the incident was being "
    "treated as accidental. The crossing came as Russian President Vladimir Putin was visiting "
    "Pyongyang for talks with the North's leader, Kim Jong Un."
)
WAR_BODY = (
    "North Korea's leader Kim Jong Un ordered his army to prepare for war and launched an "
    "artillery barrage across the border on Tuesday, hours after Russian President Vladimir "
    "Putin arrived in Pyongyang. State media said the attack was staged to impress the "
    "visiting Russian leader and show the North's strength. South Korea said it was preparing "
    "its response to what it called the start of a war, as shells hit several border posts "
    "and the two armies exchanged fire for most of the afternoon."
)
# A little below the figures of the default config's model (seed 13; README, "Held-out figures").
FLOORS = {
    "webis17_mse": 0.039,
    "webis17_auc": 0.84,
    "webis17_ece": 0.02,
    "stop_clickbait_accuracy": 0.92,
    "fnc1": 0.97,
    "webis22_auc": 0.95,
    "constructed_pairs": 0.94,
    "claim_press_f1": 0.75,
}
FIXTURES = Path(__file__).parents[1] / "fixtures"


def pairs_in(name: str) -> list[dict]:
    return [json.loads(line) for line in (FIXTURES / name).read_text("utf-8").splitlines()]


KINDS = pairs_in("overstatement_kinds.jsonl")
# The development set's 30 pairs (README, "Held-out figures"): 26 caught when last tuned.
DEV_PAIRS_CAUGHT_AT_LEAST = 23
# Pairs written on 7 and 8 December before any model had scored them (tests/fixtures/README):
# the models of the day caught 208 of 426 at first sight.
BLIND_PAIRS_CAUGHT_AT_LEAST = 208
# Held-out rows the lean path is checked on (each also as a variant: odd Unicode, an
# HTML-reduced body or no body), and the fewest of each kind the check must cover.
PARITY_ROWS = 2_500
PARITY_AT_LEAST = {"rows": 5_000, "headline_only": 1_000, "with_body": 2_000}
HYPED = "Is Kim Jong Un Starting a War to Impress Visiting Friend Vladimir Putin?!"
SOBER = "North Korean soldiers briefly cross border by accident, South fires warning shots"


@pytest.fixture(scope="module")
def trained(real_data_dir, tmp_path_factory):
    """The trained model and its metadata. The held-out figures are the ones training stored,
    which `make evaluate` reproduces exactly (tests/training/test_newsroom.py checks that on
    small data): evaluating again here would score every held-out row a second time."""
    artifacts = tmp_path_factory.mktemp("artifacts")
    model_dir = train(real_data_dir, artifacts, load_config(DEFAULT_CONFIG))
    return model_dir, json.loads((model_dir / "metadata.json").read_text())


def test_held_out_figures_meet_their_floors(trained):
    _, metadata = trained
    figures = metadata["metrics"]
    assert figures["webis17_test"]["mse"] <= FLOORS["webis17_mse"]
    assert figures["webis17_test"]["roc_auc"] >= FLOORS["webis17_auc"]
    assert figures["webis17_test"]["ece_vs_truth_mean"] <= FLOORS["webis17_ece"]
    assert figures["stop_clickbait_test"]["accuracy"] >= FLOORS["stop_clickbait_accuracy"]
    assert figures["fnc1_competition_test"]["unrelated_above_agree"] >= FLOORS["fnc1"]
    assert figures["webis22_vs_sober_news_test"]["roc_auc"] >= FLOORS["webis22_auc"]
    constructed = figures["constructed_test"]["overstated_above_faithful"]
    assert constructed >= FLOORS["constructed_pairs"]
    assert figures["claim_strength_5_fold_macro_f1"]["press"] >= FLOORS["claim_press_f1"]


@pytest.mark.parametrize("kind", KINDS, ids=[k["kind"] for k in KINDS])
def test_each_kind_of_overstatement_scores_above_its_faithful_headline(trained, kind):
    """The issue's bar, for all six kinds: at least 0.2 above the faithful headline, and not
    `faithful`."""
    scorer = Scorer.load(trained[0])
    faithful = scorer.score(kind["faithful"], kind["body"])
    overstated = scorer.score(kind["overstated"], kind["body"])
    assert not overstated.headline_only
    assert overstated.score >= faithful.score + 0.2
    assert overstated.level != "faithful"


@pytest.mark.parametrize(
    "name, count, at_least",
    [
        ("overstatement_kinds_dev.jsonl", 30, DEV_PAIRS_CAUGHT_AT_LEAST),
        ("overstatement_kinds_blind.jsonl", 426, BLIND_PAIRS_CAUGHT_AT_LEAST),
    ],
)
def test_most_development_pairs_are_caught(trained, name, count, at_least):
    scorer = Scorer.load(trained[0])
    pairs = pairs_in(name)
    hits = sum(
        caught(scorer.score(p["faithful"], p["body"]), scorer.score(p["overstated"], p["body"]))
        for p in pairs
    )
    assert len(pairs) == count and hits >= at_least


def test_artifact_records_data_hashes_config_and_thresholds(trained):
    _, metadata = trained
    assert all(len(digest) == 64 for digest in metadata["data_files"].values())
    assert metadata["config"] == load_config(DEFAULT_CONFIG).model_dump()
    for question in ("headline_only", "with_body"):
        levels = metadata["thresholds"][question]
        assert 0 < levels["stretched"] < levels["overstated"] < 1  # each level is reachable
    assert set(metadata["relation_weights"]) >= {"headline_logit", "claim_gap", "scope_dropped"}
    assert metadata["data_rows"]["constructed"]["train"] > 0


def test_sensational_headline_scores_above_a_sober_one_over_the_same_body(trained):
    scorer = Scorer.load(trained[0])
    hyped = scorer.score(HYPED, BORDER_BODY)
    sober = scorer.score(SOBER, BORDER_BODY)
    assert hyped.score >= sober.score + 0.3
    assert hyped.level != "faithful" and sober.level != "overstated"
    codes = {reason.code for reason in hyped.explanation.reasons}
    assert codes & {"unsupported_words", "unsupported_intensity", "hedge_dropped", "question"}
    assert (
        all(BORDER_BODY[e.start : e.end] == e.text for e in hyped.explanation.evidence)
        and hyped.explanation.evidence
    )


def test_the_same_headline_scores_lower_over_a_body_that_supports_it(trained):
    scorer = Scorer.load(trained[0])
    assert scorer.score(HYPED, WAR_BODY).score < scorer.score(HYPED, BORDER_BODY).score


def test_the_lean_path_matches_the_pipelines_on_held_out_rows(trained, real_data_dir):
    """The Scorer scores through the lean path: on held-out rows with and without bodies, odd
    Unicode and HTML-reduced bodies, its scores are within 1e-9 of the pipelines'
    `predict_proba` and its explanations are the ones read off the pipelines' own numbers."""
    held_out = [
        e for e in build_examples(real_data_dir, load_config(DEFAULT_CONFIG)) if e.split == "test"
    ]
    sample = random.Random(9).sample(held_out, PARITY_ROWS)
    headlines, bodies = variants([e.headline for e in sample], [e.body for e in sample])
    figures = assert_lean_parity(Scorer.load(trained[0]), headlines, bodies)
    figures["with_body"] = figures["rows"] - figures["headline_only"]
    assert all(figures[kind] >= least for kind, least in PARITY_AT_LEAST.items()), figures
