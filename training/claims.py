"""Fit and cross-validate the claim-strength sub-model on claim_strength/ (press releases, PubMed).

    python -m training.claims --data-dir ../shared/data [--config training/config.toml]

prints the 5-fold cross-validated macro-F1 with every paper's press releases kept in one fold.
"""

import argparse
import json
import sys
from collections.abc import Sequence

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline

from model.claims import STRENGTHS, build_claim_strength
from training.config import DEFAULT_CONFIG, ConfigError, TrainingConfig, load_config
from training.corpora import claim_strength
from training.corpora.claim_strength import ClaimSentence
from training.corpora.common import DataError

FOLDS = 5
# The figures reported, each over the out-of-fold predictions of the sentences it names.
SUBSETS = {
    "overall": ("press_headline", "press_sentence", "pubmed"),
    "press": ("press_headline", "press_sentence"),
    "press_sentences": ("press_sentence",),
    "press_headlines": ("press_headline",),
    "pubmed": ("pubmed",),
}
PUBLISHED_BIOBERT_MACRO_F1 = 0.88  # Yu, Li & Wang 2019, PubMed sentences, 5-fold


def claim_rows(
    sentences: Sequence[ClaimSentence], pubmed_weight: float
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Texts, labels, sample weights and groups to fit on: press rows weigh 1, PubMed rows
    `pubmed_weight`, and with a weight of 0 PubMed rows are left out (not even their words)."""
    rows = [s for s in sentences if s.register != "pubmed" or pubmed_weight > 0]
    return (
        [s.text for s in rows],
        np.array([s.label for s in rows], dtype=np.int64),
        np.array([pubmed_weight if s.register == "pubmed" else 1.0 for s in rows]),
        np.array([s.group for s in rows], dtype=object),
    )


def fit_claim_strength(sentences: Sequence[ClaimSentence], config: TrainingConfig) -> Pipeline:
    """The claim-strength model fitted on `sentences` with the config's C, PubMed weight, seed."""
    texts, labels, weights, _ = claim_rows(sentences, config.claim_strength.pubmed_weight)
    model = build_claim_strength(random_state=config.seed, C=config.claim_strength.C)
    return model.fit(texts, labels, classifier__sample_weight=weights)


def cross_validated_figures(
    sentences: Sequence[ClaimSentence], config: TrainingConfig
) -> dict[str, float]:
    """Macro-F1 of out-of-fold predictions over each of SUBSETS that has sentences.

    Folds split every sentence (PubMed too, whether fitted on or not) by group, so the releases
    of one paper stay in one fold; each fold's model is fitted as `fit_claim_strength` fits.
    """
    sentences = list(sentences)
    predicted = np.empty(len(sentences), dtype=np.int64)
    folds = GroupKFold(n_splits=FOLDS).split(sentences, groups=[s.group for s in sentences])
    for train, test in folds:
        model = fit_claim_strength([sentences[i] for i in train], config)
        predicted[test] = model.predict([sentences[i].text for i in test])
    labels = np.array([s.label for s in sentences])
    registers = np.array([s.register for s in sentences])
    figures = {}
    for name, members in SUBSETS.items():
        chosen = np.isin(registers, members)
        if chosen.any():
            figures[name] = float(
                f1_score(labels[chosen], predicted[chosen], labels=STRENGTHS, average="macro")
            )
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data-dir", default=None, help="corpora (default $DATA_DIR or ../shared/data)"
    )
    parser.add_argument("--config", default=DEFAULT_CONFIG, help="training config (TOML)")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
        sentences = claim_strength.load(args.data_dir)
    except (ConfigError, DataError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    figures = cross_validated_figures(sentences, config)
    print(
        json.dumps(
            {
                "config": config.claim_strength.model_dump(),
                "folds": FOLDS,
                "macro_f1": {name: round(value, 4) for name, value in figures.items()},
                "sentences": {
                    name: sum(s.register in members for s in sentences)
                    for name, members in SUBSETS.items()
                },
                "published_biobert_pubmed_macro_f1": PUBLISHED_BIOBERT_MACRO_F1,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
