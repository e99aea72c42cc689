"""Same data and seed give the same model and metrics: a sampled model trained twice."""

import json

import pytest

from training.config import DEFAULT_CONFIG, load_config
from training.train import train

pytestmark = pytest.mark.integration


def test_training_twice_gives_identical_metrics(real_data_dir, tmp_path):
    """Same data and seed: the same model bytes, so the same metrics (evaluate is a function of
    the model and the data, and the fixture above checks it reproduces the recorded metrics)."""
    quick = load_config(DEFAULT_CONFIG).model_copy(update={"train_rows_per_source": 400})
    records = []
    for run in ("first", "second"):
        model_dir = train(real_data_dir, tmp_path / run, quick)
        metadata = json.loads((model_dir / "metadata.json").read_text())
        records.append((metadata["model_sha256"], metadata["metrics"], metadata["thresholds"]))
    assert records[0] == records[1]
