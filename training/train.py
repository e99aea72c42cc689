"""`make train`: fit the model on the corpora and save a verified artifact.

python -m training.train [--data-dir DIR] [--artifacts DIR] [--config FILE]
"""

import argparse
import ctypes
import ctypes.util
import multiprocessing
import os
import random
import resource
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_curve
from sklearn.pipeline import Pipeline

from model.artifact import save_artifact
from model.features import RELATION, ROWS_PER_BLOCK
from model.lean import LeanPipeline, lean_of
from model.pipeline import (
    OverstatementModel,
    as_rows,
    build_body_pipeline,
    build_headline_pipeline,
    with_body_mask,
)
from training import corpora, newsroom
from training.claims import cross_validated_figures, fit_claim_strength
from training.config import DEFAULT_CONFIG, ConfigError, TrainingConfig, load_config
from training.corpora import claim_strength
from training.corpora.common import DataError, resolve_data_dir
from training.examples import MIX_CORPORA, Example, build_examples
from training.metrics import DECIMALS, heldout_figures

# Where the claim-strength sub-model's cross-validated figures sit among the metrics.
CLAIM_FIGURES = "claim_strength_5_fold_macro_f1"


def soft_labels(examples: list[Example], source_weights: dict[str, float]):
    """Each graded target t as two weighted rows: the example's index, its label, its weight.

    A row with target t counts as positive with weight t and as negative with weight 1 - t, so
    the logistic loss is the cross-entropy against t; each source's rows share its weight, and
    the constructed pairs' families share theirs equally: each kind of overstatement counts the
    same, however many articles it fits.
    """
    rows_in = Counter(weight_group(example) for example in examples)
    groups_of = Counter(source for source, _ in rows_in)
    total = len(examples)
    index, labels, weights = [], [], []
    for i, example in enumerate(examples):
        group = weight_group(example)
        row_weight = source_weights[example.source] * total / (groups_of[group[0]] * rows_in[group])
        for label, share in ((1, example.target), (0, 1 - example.target)):
            if share > 0:
                index.append(i)
                labels.append(label)
                weights.append(row_weight * share)
    return np.array(index, dtype=int), np.array(labels), np.array(weights)


def weight_group(example: Example) -> tuple[str, str]:
    """The rows that share one weight: a source's, or a constructed family's."""
    return example.source, example.label if example.source == "constructed" else ""


def fit_on_soft_labels(
    pipeline: Pipeline, examples: list[Example], source_weights, only_raise=frozenset()
) -> None:
    """Fit the pipeline's features once per example, then its classifier on the soft labels:
    the features of an example with a graded target are not computed twice.

    A feature named in `only_raise` whose fitted weight comes out below 0 is left out (its
    column zeroed, its weight 0) and the classifier fitted again, until none is below 0: a
    feature that can only say the headline goes beyond its body never lowers a score, and its
    reason never stands for a weight the other way.
    """
    rows = as_rows([e.headline for e in examples], [e.body for e in examples])
    index, labels, weights = soft_labels(examples, source_weights)
    features = pipeline[:-1].fit_transform(rows)
    names = [name.split("__", 1)[-1] for name in pipeline[:-1].get_feature_names_out()]
    constrained = [i for i, name in enumerate(names) if name in only_raise]
    matrix, classifier, left_out = features[index], pipeline[-1], []
    classifier.fit(matrix, labels, sample_weight=weights)
    while wrong_way := [i for i in constrained if classifier.coef_[0, i] < 0]:
        left_out += wrong_way
        matrix[:, left_out] = 0.0
        classifier.fit(matrix, labels, sample_weight=weights)
    classifier.coef_[0, left_out] = 0.0  # fitted on zeros: exactly what the fit found, rounded


def training_rows(examples: list[Example], config: TrainingConfig) -> list[Example]:
    train = [e for e in examples if e.split == "train"]
    limit = config.train_rows_per_source
    if not limit:
        return train
    rng = random.Random(config.seed)
    by_source: dict[str, list[Example]] = {}
    for example in train:
        by_source.setdefault(example.source, []).append(example)
    return [e for rows in by_source.values() for e in rng.sample(rows, min(limit, len(rows)))]


def fit(examples: list[Example], claims, config: TrainingConfig) -> tuple[OverstatementModel, dict]:
    """The claim-strength model, then the headline-only model, then the with-body model over
    both (frozen); each of the two scoring models calibrated on its own validation rows, which
    also set its level thresholds. Returns the model and the thresholds per question."""
    train = training_rows(examples, config)
    source_weights = config.weights.model_dump() | newsroom.weights(config)
    claim_model = fit_claim_strength(claims, config)
    train_alone, train_read = split_by_body(train)
    validation_alone, validation_read = split_by_body(
        [e for e in examples if e.split == "validation"]
    )
    thresholds = {}

    headline_only = build_headline_pipeline(random_state=config.seed, **config.model.headline_only)
    fit_on_soft_labels(headline_only, train_alone, source_weights)
    # Calibrated to what readers say: Webis-17's crowd means (the other sources' targets are set
    # by us, not measured).
    scores = calibrate(headline_only, validation_alone, lambda e: e.source == "webis17")
    thresholds["headline_only"] = level_thresholds(scores, validation_alone)

    # Fitted and calibrated with its sub-models scored through their lean parts, which give the
    # same figures to 1e-9 (tests/model/test_lean_parity.py) in a fraction of the time; saved
    # with the scikit-learn sub-models, the reference the lean path is tested against.
    lean = {}
    with_body = build_body_pipeline(
        lean_of(headline_only, lean),
        lean_of(claim_model, lean),
        random_state=config.seed,
        **config.model.with_body,
    )
    only_raise = {feature.name for feature in RELATION.features if feature.only_raises}
    fit_on_soft_labels(with_body, train_read, source_weights, only_raise)
    scores = calibrate(with_body, validation_read)
    thresholds["with_body"] = level_thresholds(scores, validation_read)
    for frozen, full in sub_models(with_body, headline_only, claim_model):
        frozen.estimator = full
    return OverstatementModel(headline_only, with_body), thresholds


def sub_models(with_body: Pipeline, headline_model: Pipeline, claim_model: Pipeline):
    """The with-body pipeline's frozen sub-models, each with the fitted model it stands for (a
    frozen estimator is shared by the pipeline's template and its fitted clone)."""
    features = with_body.named_steps["features"]
    logit = features.named_transformers_["headline"].named_steps["logit"]
    relation = features.named_transformers_["relation"].named_steps["relation"]
    return [(logit.headline_model, headline_model), (relation.claim_strength, claim_model)]


def split_by_body(examples: list[Example]) -> tuple[list[Example], list[Example]]:
    """The examples scored from the headline alone, and those with a body to read."""
    read = with_body_mask([e.body for e in examples])
    return (
        [e for e, r in zip(examples, read, strict=True) if not r],
        [e for e, r in zip(examples, read, strict=True) if r],
    )


def calibrate(pipeline: Pipeline, validation: list[Example], reference=None) -> np.ndarray:
    """Platt scaling on validation rows (those `reference` accepts, default all), folded into
    the classifier's own coefficients: the logit a*z + b of a linear model is the same linear
    model with its weights scaled. Returns the calibrated scores of all the validation rows."""
    if not validation:
        return np.array([])
    rows = as_rows([e.headline for e in validation], [e.body for e in validation])
    all_logits = pipeline.decision_function(rows)
    chosen = np.array([reference is None or reference(e) for e in validation])
    logits, targets = all_logits[chosen], np.array([e.target for e in validation])[chosen]
    if len(set(targets)) < 2:
        return expit(all_logits)
    platt = LogisticRegression(C=1e4).fit(
        np.r_[logits, logits].reshape(-1, 1),
        np.r_[np.ones(len(targets)), np.zeros(len(targets))],
        sample_weight=np.r_[targets, 1 - targets],
    )
    a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    classifier = pipeline.named_steps["classifier"]
    classifier.coef_ = classifier.coef_ * a
    classifier.intercept_ = classifier.intercept_ * a + b
    return expit(a * all_logits + b)


def scores_of(model: OverstatementModel, examples: list[Example]) -> np.ndarray:
    """Each example's score through the lean path the service scores with (`model.lean`): what
    `model.predict_proba` gives, to 1e-9, about a fifth faster (10.5 against 13.1 s on 20,000
    test rows). Rows are read grouped by body, a block at a time, so that each body is read once
    and never all bodies at once."""
    scores = np.zeros(len(examples))
    read = with_body_mask([e.body for e in examples])
    models: dict[int, LeanPipeline] = {}
    for pipeline, chosen in ((model.headline_only, ~read), (model.with_body, read)):
        order = sorted(np.flatnonzero(chosen), key=lambda i: examples[i].body)
        lean = lean_of(pipeline, models)
        for start in range(0, len(order), ROWS_PER_BLOCK):
            block = order[start : start + ROWS_PER_BLOCK]
            rows = [(examples[i].headline, examples[i].body) for i in block]
            scores[block] = lean.predict_proba(rows)[:, 1]
    return scores


def heldout_scores(
    model: OverstatementModel, examples: list[Example], other_core: ProcessPoolExecutor
) -> tuple[Callable[[list[Example]], np.ndarray], int]:
    """Each test row's score (`scores_of`), half of them worked out on the other core, which
    is idle by then, and that core's peak memory. The halves are split between bodies, so that
    each body is read by one process."""
    test = sorted((e for e in examples if e.split == "test"), key=lambda e: e.body)
    middle = len(test) // 2
    while 0 < middle < len(test) and test[middle].body == test[middle - 1].body:
        middle += 1
    theirs = other_core.submit(scores_and_peak_memory, model, test[middle:])
    mine = scores_of(model, test[:middle])
    their_scores, peak = theirs.result()
    score_of = dict(zip(map(id, test), np.concatenate([mine, their_scores]), strict=True))
    return lambda rows: np.array([score_of[id(row)] for row in rows]), peak


def scores_and_peak_memory(
    model: OverstatementModel, examples: list[Example]
) -> tuple[np.ndarray, int]:
    return scores_of(model, examples), peak_kib()


def best_threshold(scores: np.ndarray, positive: np.ndarray) -> float:
    """The score cut that best separates positives from negatives: the middle of the cuts whose
    Youden's J is within one standard error of the best. J is flat near its top, so its argmax
    alone wanders with the last decimals of the scores (a retrain on another machine moved the
    overstated cut by 0.03 and onto the stretched one); the middle of the plateau does not."""
    if positive.all() or not positive.any():
        return 0.5
    false_positive, true_positive, cuts = roc_curve(positive, scores)
    cuts = np.clip(cuts, 0, 1)  # the first cut is infinite: no row above it
    youden = true_positive - false_positive
    best = np.argmax(youden)
    error = np.sqrt(
        true_positive[best] * (1 - true_positive[best]) / positive.sum()
        + false_positive[best] * (1 - false_positive[best]) / (~positive).sum()
    )
    near = cuts[youden >= youden[best] - error]
    return float((near.min() + near.max()) / 2)


def level_thresholds(scores: np.ndarray, validation: list[Example]) -> dict:
    """Level thresholds of one question from its validation rows' scores: stretched from a
    target of 1/3, overstated from 2/3."""
    targets = np.array([e.target for e in validation])
    stretched = best_threshold(scores, targets >= 1 / 3)
    overstated = max(best_threshold(scores, targets >= 2 / 3), stretched)
    return {"stretched": round(stretched, DECIMALS), "overstated": round(overstated, DECIMALS)}


def relation_weights(model: OverstatementModel) -> dict[str, float]:
    """The with-body model's fitted weight per (standardised) feature, for the metadata."""
    features = model.with_body.named_steps["features"]
    coef = model.with_body.named_steps["classifier"].coef_.ravel()
    return {
        name.split("__", 1)[1]: round(float(weight), DECIMALS)
        for name, weight in zip(features.get_feature_names_out(), coef, strict=True)
    }


def git_commit() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "model", "training"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("-dirty" if dirty else "")


def train(data_dir: Path, artifacts_dir: Path, config: TrainingConfig) -> Path:
    started = time.perf_counter()
    claims = claim_strength.load(data_dir)
    # The claim model's cross-validation (a third of a minute) runs on the other core meanwhile:
    # the fit below is one process.
    with helper_process() as other_core:
        claim_figures = other_core.submit(figures_and_peak_memory, claims, config)
        examples = build_examples(data_dir, config) + newsroom.examples(config)
        model, thresholds = fit(examples, claims, config)
        score, scoring_peak_kib = heldout_scores(model, examples, other_core)
        metrics = heldout_figures(score, examples)
        metrics[CLAIM_FIGURES], helper_peak_kib = claim_figures.result()
        helper_peak_kib = max(helper_peak_kib, scoring_peak_kib)
    split_counts: dict[str, Counter] = defaultdict(Counter)
    for e in examples:
        split_counts[e.source][e.split] += 1
    metadata = {
        "git_commit": git_commit(),
        "data_files": corpora.file_digests(corpora.files_of(MIX_CORPORA), data_dir),
        "data_rows": {source: dict(splits) for source, splits in split_counts.items()},
        "newsroom": newsroom.provenance(config),
        "config": config.model_dump(),
        "thresholds": thresholds,
        "metrics": metrics,
        "relation_weights": relation_weights(model),
        "training_cost": {
            "wall_seconds": round(time.perf_counter() - started, 1),
            "peak_memory_mib": round((peak_kib() + helper_peak_kib) / 1024),
        },
    }
    return save_artifact(model, metadata, artifacts_dir)


def helper_process() -> ProcessPoolExecutor:
    """One process for the other core, which ends when the training ends, however it ends: a
    training stopped with `kill` (a scheduler's time limit) must not leave it behind, holding
    its memory."""
    return ProcessPoolExecutor(
        1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=end_with_parent,
        initargs=(os.getpid(),),
    )


PR_SET_PDEATHSIG = 1  # Linux's prctl option: a signal for when the parent ends


def end_with_parent(parent: int) -> None:
    """In a helper process: have Linux send it SIGTERM when the process that started it ends."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


def peak_kib() -> int:
    """This process's peak resident memory."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def figures_and_peak_memory(claims, config: TrainingConfig) -> tuple[dict[str, float], int]:
    """The claim model's cross-validated figures, and the peak memory of the process that
    worked them out (the training's helper process: its children's figure would count the
    `git` started from the training process, which Linux charges all its parent's memory)."""
    return cross_validated_figures(claims, config), peak_kib()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hypegap train", description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", help="corpora folder (default: $DATA_DIR or ../shared/data)")
    parser.add_argument("--artifacts", default="artifacts", help="where model versions are saved")
    parser.add_argument("--config", default=DEFAULT_CONFIG, type=Path, help="training config")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)  # first: a bad config fails before any data is read
        path = train(resolve_data_dir(args.data_dir), Path(args.artifacts), config)
    except (ConfigError, DataError) as error:
        print(f"hypegap train: {error}", file=sys.stderr)
        return 2
    size = sum(f.stat().st_size for f in path.iterdir()) / 2**20
    print(f"saved {path} ({size:.1f} MiB); {Path(args.artifacts) / 'current'} points at it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
