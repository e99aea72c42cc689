"""Same data and seed give the same model and metrics: a sampled model trained twice."""

import json

import pytest

from training.train import DEFAULT_CONFIG, train

pytestmark = pytest.mark.integration


def test_training_twice_gives_identical_metrics(real_data_dir, tmp_path):
    """Same data and seed: the same model bytes, so the same metrics (evaluate is a function of
    the model and the data, and the fixture above checks it reproduces the recorded metrics)."""
    quick = tmp_path / "quick.toml"
    config_text = DEFAULT_CONFIG.read_text().replace(
        "train_rows_per_source = 0", "train_rows_per_source = 400"
    )
    quick.write_text(config_text)
    records = []
    for run in ("first", "second"):
        model_dir = train(real_data_dir, tmp_path / run, quick)
        metadata = json.loads((model_dir / "metadata.json").read_text())
        records.append((metadata["model_sha256"], metadata["metrics"], metadata["thresholds"]))
    assert records[0] == records[1]
