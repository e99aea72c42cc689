"""What `train` saves: the with-body model is fitted over its sub-models' lean parts (quicker,
the same figures) and saved over the scikit-learn sub-models themselves."""

import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sklearn.pipeline import Pipeline

from model.artifact import load_artifact
from model.lean import LeanPipeline
from training.config import DEFAULT_CONFIG, load_config
from training.examples import build_examples
from training.train import heldout_scores, helper_process, scores_of, train


def test_the_saved_with_body_model_holds_the_fitted_sub_models_not_their_lean_parts(
    data_dir, tmp_path
):
    model, _ = load_artifact(train(data_dir, tmp_path, load_config(DEFAULT_CONFIG)))
    features = model.with_body.named_steps["features"]
    logit = features.named_transformers_["headline"].named_steps["logit"]
    relation = features.named_transformers_["relation"].named_steps["relation"]
    assert logit.headline_model.estimator is model.headline_only
    assert isinstance(relation.claim_strength.estimator, Pipeline)
    # The pipeline's unfitted template shares the frozen sub-models: nothing lean is saved.
    assert LeanPipeline.__name__.encode() not in pickle.dumps(model)


def test_test_rows_scored_half_on_the_other_core_get_the_scores_of_one_process(data_dir, tmp_path):
    config = load_config(DEFAULT_CONFIG)
    model, _ = load_artifact(train(data_dir, tmp_path, config))
    examples = build_examples(data_dir, config)
    test = [e for e in examples if e.split == "test"]
    with helper_process() as other_core:
        score, peak_kib = heldout_scores(model, examples, other_core)
        helper_pid = other_core.submit(os.getpid).result()
    assert helper_pid != os.getpid() and peak_kib > 0
    assert len({e.body for e in test}) > 2  # bodies on both sides of the split
    assert score(test).tolist() == pytest.approx(scores_of(model, test).tolist(), abs=1e-12)
    assert score(test[::-1]).tolist() == score(test).tolist()[::-1]


# A training that starts its helper process, says the helper's pid, and then works on.
TRAINING_THAT_WAITS = """
import os, time
from training.train import helper_process
with helper_process() as helper:
    print(helper.submit(os.getpid).result(), flush=True)
    time.sleep(60)
"""


def ended(pid: int) -> bool:
    """Gone, or a zombie waiting for whoever adopted it to collect it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's parent-death signal")
def test_a_training_that_is_killed_does_not_leave_its_helper_process_behind():
    project = Path(__file__).resolve().parents[2]
    training = subprocess.Popen(
        [sys.executable, "-c", TRAINING_THAT_WAITS],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # the killed training's resource tracker reports its leaks
        text=True,
    )
    try:
        helper = int(training.stdout.readline())
        assert not ended(helper)
        os.kill(training.pid, signal.SIGKILL)
        training.wait(10)
        deadline = time.monotonic() + 10
        while not ended(helper) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ended(helper)
    finally:
        training.kill()
        training.wait(10)
