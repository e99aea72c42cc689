"""`python -m training.feature_rates`: per-group firing rates, read with a trained model."""

import pytest

from training import feature_rates
from training.config import DEFAULT_CONFIG, load_config
from training.train import train


def test_rates_are_printed_per_group_and_unknown_features_refused(data_dir, tmp_path, capsys):
    model_dir = train(data_dir, tmp_path / "artifacts", load_config(DEFAULT_CONFIG))
    args = ["--model", str(model_dir), "--data-dir", str(data_dir), "--rows", "50"]
    assert feature_rates.main([*args, "scope_dropped", "weak_source"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[-2:] == ["scope_dropped", "weak_source"]
    rows = {line.split(" (")[0]: line.split()[-2:] for line in lines[1:]}
    assert "sober_news" in rows and any(g.startswith("constructed/") for g in rows)
    assert all(0 <= float(rate) <= 1 for rates in rows.values() for rate in rates)
    with pytest.raises(SystemExit):
        feature_rates.main([*args, "no_such_feature"])
    assert "unknown features: no_such_feature" in capsys.readouterr().err
