"""Held-out figures: each computed on real, unmodified test rows that were never fitted on."""

from collections import defaultdict

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, mean_squared_error, roc_auc_score

from training.examples import Example

DECIMALS = 4


def expected_calibration_error(scores: np.ndarray, targets: np.ndarray, bins: int = 10) -> float:
    """Mean |score - target| per equal-width score bin, weighted by the bin's share of rows."""
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(scores, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        in_bin = which == b
        if in_bin.any():
            error += in_bin.mean() * abs(scores[in_bin].mean() - targets[in_bin].mean())
    return float(error)


def webis17_figures(scores, rows: list[Example]) -> dict:
    truth = np.array([r.target for r in rows])
    clickbait = np.array([r.label == "clickbait" for r in rows])
    return {
        "rows": len(rows),
        "mse": mean_squared_error(truth, scores),
        "accuracy": accuracy_score(clickbait, scores >= 0.5),
        "f1": f1_score(clickbait, scores >= 0.5),
        "roc_auc": roc_auc_score(clickbait, scores),
        "ece_vs_truth_mean": expected_calibration_error(scores, truth),
        "ece_vs_truth_class": expected_calibration_error(scores, clickbait.astype(float)),
    }


def stop_clickbait_figures(scores, rows: list[Example]) -> dict:
    clickbait = np.array([r.label == "clickbait" for r in rows])
    return {
        "rows": len(rows),
        "accuracy": accuracy_score(clickbait, scores >= 0.5),
        "f1": f1_score(clickbait, scores >= 0.5),
        "roc_auc": roc_auc_score(clickbait, scores),
    }


def fnc1_figures(scores, rows: list[Example]) -> dict:
    """Does the model read the body? The same headline over an unrelated vs an agreeing body."""
    by_headline = defaultdict(lambda: defaultdict(list))
    for score, row in zip(scores, rows, strict=True):
        by_headline[row.headline][row.label].append(score)
    wins = comparisons = 0.0
    for stances in by_headline.values():
        for unrelated in stances["unrelated"]:
            for agree in stances["agree"]:
                comparisons += 1
                wins += 1.0 if unrelated > agree else 0.5 if unrelated == agree else 0.0
    labels = np.array([r.label for r in rows])
    return {
        "rows": len(rows),
        "headlines_compared": sum(1 for s in by_headline.values() if s["unrelated"] and s["agree"]),
        "unrelated_above_agree": wins / comparisons if comparisons else float("nan"),
        "roc_auc_unrelated_vs_related": roc_auc_score(labels == "unrelated", scores),
        "mean_score_by_stance": {
            stance: float(scores[labels == stance].mean())
            for stance in ("agree", "discuss", "disagree", "unrelated")
        },
    }


def clickbait_vs_sober_figures(scores, rows: list[Example]) -> dict:
    clickbait = np.array([r.source == "webis22" for r in rows])
    return {
        "rows": len(rows),
        "clickbait_rows": int(clickbait.sum()),
        "roc_auc": roc_auc_score(clickbait, scores),
    }


def insciout_figures(scores, rows: list[Example]) -> dict:
    """Press releases that exaggerate their paper against those that say the same."""
    labels = np.array([r.label for r in rows])
    compared = np.isin(labels, ("exaggerates", "same"))
    return {
        "rows": int(compared.sum()),
        "roc_auc_exaggerates_vs_same": roc_auc_score(
            labels[compared] == "exaggerates", scores[compared]
        ),
    }


def constructed_figures(scores, rows: list[Example]) -> dict:
    """Family pairs built from test articles: how often the headline scores higher over the body
    it overstates than over the body edited to support it, overall and per family."""
    pairs = defaultdict(dict)  # (family, headline) -> {overstated?: score}
    for score, row in zip(scores, rows, strict=True):
        pairs[(row.label, row.headline)][row.target > 0] = score
    ordered = defaultdict(list)
    for (family, _), scored in pairs.items():
        if len(scored) == 2:
            ordered[family].append(1.0 if scored[True] > scored[False] else 0.0)
    return {
        "pairs": sum(len(v) for v in ordered.values()),
        "overstated_above_faithful": float(np.mean([o for v in ordered.values() for o in v])),
        "by_family": {family: float(np.mean(v)) for family, v in sorted(ordered.items())},
    }


def heldout_figures(score, examples: list[Example]) -> dict:
    """All held-out figures; `score(rows)` returns one overstatement score per example."""
    test = [e for e in examples if e.split == "test"]
    checks = {
        "webis17_test": (webis17_figures, [e for e in test if e.source == "webis17"]),
        "stop_clickbait_test": (
            stop_clickbait_figures,
            [e for e in test if e.source == "stop_clickbait"],
        ),
        "fnc1_competition_test": (fnc1_figures, [e for e in test if e.source == "fnc1"]),
        "constructed_test": (constructed_figures, [e for e in test if e.source == "constructed"]),
        "insciout": (insciout_figures, [e for e in test if e.source == "insciout"]),
        "webis22_vs_sober_news_test": (
            clickbait_vs_sober_figures,
            [e for e in test if e.source in ("webis22", "sober_news")],
        ),
    }
    return {name: _rounded(figures(score(rows), rows)) for name, (figures, rows) in checks.items()}


def _rounded(value):
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, float | np.floating):
        return round(float(value), DECIMALS)
    return value
