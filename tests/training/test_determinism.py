"""Same data and seed give the same model and metrics: a model trained twice."""

import json

from training.config import DEFAULT_CONFIG, load_config
from training.train import train


def test_training_twice_gives_identical_metrics(data_dir, tmp_path):
    """Same data and seed: the same model bytes, so the same metrics (evaluate is a function of
    the model and the data). Fixture corpora: determinism does not depend on the data's size."""
    config = load_config(DEFAULT_CONFIG)
    records = []
    for run in ("first", "second"):
        model_dir = train(data_dir, tmp_path / run, config)
        metadata = json.loads((model_dir / "metadata.json").read_text())
        records.append((metadata["model_sha256"], metadata["metrics"], metadata["thresholds"]))
    assert records[0] == records[1]
