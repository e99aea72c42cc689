"""Fitting and cross-validating the claim-strength sub-model, and its register on real data."""

import json
from pathlib import Path

import numpy as np
import pytest

from model.claims import expected_strength
from tests.model.test_claims import TINY_CLAIMS
from training import claims
from training.config import DEFAULT_CONFIG, load_config
from training.corpora import claim_strength
from training.corpora.claim_strength import ClaimSentence

PAIRS_FILE = Path(__file__).parents[1] / "fixtures" / "claim_pairs.jsonl"
CONFIG = load_config(DEFAULT_CONFIG)


def with_claim_strength(**values):
    table = CONFIG.claim_strength.model_copy(update=values)
    return CONFIG.model_copy(update={"claim_strength": table})


def tiny_sentences() -> list[ClaimSentence]:
    """The tiny claims as press headlines of five papers, plus one PubMed sentence per class."""
    sentences = [
        ClaimSentence(text, strength, "press_headline", f"paper:{i % 5}", f"{i % 5}-a-b")
        for strength, texts in TINY_CLAIMS.items()
        for i, text in enumerate(texts)
    ]
    pubmed = [
        "We describe the cohort's baseline characteristics.",
        "Serum ferritin was associated with insulin resistance.",
        "Metformin may reduce hepatic glucose output.",
        "Metformin reduced hepatic glucose output.",
    ]
    sentences += [
        ClaimSentence(text, strength, "pubmed", f"pubmed:{strength}", None)
        for strength, text in enumerate(pubmed)
    ]
    return sentences


def test_claim_rows_weigh_pubmed_rows_and_leave_them_out_at_weight_zero():
    sentences = tiny_sentences()

    texts, labels, weights, groups = claims.claim_rows(sentences, pubmed_weight=0.25)
    assert len(texts) == len(labels) == len(weights) == len(groups) == len(sentences)
    pubmed = np.array([s.register == "pubmed" for s in sentences])
    assert set(weights[pubmed]) == {0.25} and set(weights[~pubmed]) == {1.0}
    assert list(groups[:2]) == ["paper:0", "paper:1"]

    texts, _, weights, _ = claims.claim_rows(sentences, pubmed_weight=0.0)
    assert len(texts) == 16 and set(weights) == {1.0}
    assert "Metformin reduced hepatic glucose output." not in texts


def test_pubmed_weight_changes_the_fitted_model_and_zero_ignores_pubmed_words():
    sentences = tiny_sentences()
    without = claims.fit_claim_strength(sentences, with_claim_strength(pubmed_weight=0.0))
    weighted = claims.fit_claim_strength(sentences, with_claim_strength(pubmed_weight=1.0))

    vocabulary = without.named_steps["features"].transformer_list[0][1].vocabulary_
    assert "metformin" not in vocabulary
    text = ["Metformin reduced hepatic glucose output."]
    assert expected_strength(weighted, text) != pytest.approx(expected_strength(without, text))


def test_cross_validated_figures_are_macro_f1_for_every_register():
    figures = claims.cross_validated_figures(tiny_sentences(), with_claim_strength(C=10.0))

    assert set(figures) == set(claims.SUBSETS) - {"press_sentences"}  # the tiny set has none
    assert all(0 <= value <= 1 for value in figures.values())


def test_the_command_names_a_missing_data_directory(tmp_path, capsys):
    status = claims.main(["--data-dir", str(tmp_path / "nowhere")])

    assert status == 2
    assert "data directory not found" in capsys.readouterr().err


@pytest.mark.integration
def test_headlines_that_claim_a_cause_score_stronger_than_their_weaker_versions(real_data_dir):
    """The register check of the data card, on headline pairs of our own (weaker, stronger)."""
    pairs = [json.loads(line) for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines()]
    model = claims.fit_claim_strength(claim_strength.load(real_data_dir), CONFIG)

    weaker = expected_strength(model, [pair["weaker"] for pair in pairs])
    stronger = expected_strength(model, [pair["stronger"] for pair in pairs])

    misordered = [pair for pair, w, s in zip(pairs, weaker, stronger, strict=True) if not w < s]
    assert len(pairs) >= 10
    assert len(misordered) <= len(pairs) // 10, misordered
