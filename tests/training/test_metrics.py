"""Held-out figures computed the way the README describes them."""

import numpy as np
import pytest

from training.examples import Example
from training.metrics import expected_calibration_error, fnc1_figures


def test_calibration_error_is_zero_when_scores_match_targets_and_grows_with_bias():
    targets = np.linspace(0, 1, 101)
    assert expected_calibration_error(targets, targets) == pytest.approx(0, abs=0.01)
    assert expected_calibration_error(np.clip(targets + 0.2, 0, 1), targets) > 0.1


def test_fnc1_counts_pairs_of_the_same_headline():
    rows = [
        Example("h1", "b", 1.0, "fnc1", "test", "unrelated"),
        Example("h1", "b", 0.0, "fnc1", "test", "agree"),
        Example("h2", "b", 1.0, "fnc1", "test", "unrelated"),
        Example("h2", "b", 0.0, "fnc1", "test", "agree"),
        Example("h3", "b", 0.4, "fnc1", "test", "discuss"),
        Example("h3", "b", 0.9, "fnc1", "test", "disagree"),
    ]
    scores = np.array([0.9, 0.2, 0.3, 0.6, 0.5, 0.5])
    figures = fnc1_figures(scores, rows)
    assert figures["headlines_compared"] == 2
    assert figures["unrelated_above_agree"] == 0.5
